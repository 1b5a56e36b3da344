// Reading a whole small file (a configuration, a template) safely: only a
// regular file, never more than a bound. A FIFO would block forever, a device
// such as /dev/zero would be read until memory runs out, a directory gives a
// confusing parse error; each is refused at once with a message naming it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace esfreport {

// "<path>: <what> is a FIFO, not a regular file", "<path>: <what> is
// 20000000 bytes (at most 16777216)", "<path>: cannot read the <what>: No
// such file or directory".
class FileReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The bytes of `file`, which must be a regular file (symbolic links are
// followed) of at most `max_bytes`. Opened non-blocking so that opening a
// FIFO with no writer cannot hang; the type is checked with fstat on the open
// descriptor, so the file checked is the file read. `what` names the file for
// messages ("configuration", "report template").
std::string read_regular_file(const std::filesystem::path& file, std::uint64_t max_bytes, std::string_view what);

}  // namespace esfreport
