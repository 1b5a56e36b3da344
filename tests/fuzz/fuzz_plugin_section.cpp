// Fuzz target "plugin_section": read_plugin_section() on a plugin file of any
// content (the input is the whole file, given as a memfd, so nothing is
// written to disk and the reader gets a real file descriptor, as at load time).
//
// Every problem must be a ConfigError "<path> is not an esfreport plugin: ..."
// (any other exception escapes and is reported as a crash). A section that is
// accepted has fields that fit their arrays in abi.h (so were NUL-terminated
// there) and hold no control characters: they are printed by `esfreport
// plugins` and written to the manifest.
#include "fuzz_support.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_section.hpp>
#include <esfreport/sdk/abi.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using namespace esfreport;

// The input as a file: a memfd, emptied and refilled for each input.
int input_file(std::string_view bytes) {
    static const int fd = [] {
        const int made = ::memfd_create("fuzz-plugin", MFD_CLOEXEC);
        if (made < 0) {
            std::fprintf(stderr, "fuzz: memfd_create: %s\n", std::strerror(errno));
            std::abort();
        }
        return made;
    }();
    bool ok = ::ftruncate(fd, 0) == 0;
    for (std::size_t done = 0; ok && done < bytes.size();) {
        const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    if (!ok) {
        std::fprintf(stderr, "fuzz: cannot fill the memfd: %s\n", std::strerror(errno));
        std::abort();
    }
    return fd;
}

void check_field(const std::string& text, std::size_t array_size, const char* what) {
    FUZZ_CHECK(text.size() < array_size, std::string(what) + " of " + std::to_string(text.size()) +
                                             " bytes, its array holds " + std::to_string(array_size));
    for (const char c : text)
        FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f,
                   std::string(what) + " holds control character " + std::to_string(static_cast<unsigned char>(c)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string shown_as = "plugins/fuzz.so";
    const int fd = input_file(fuzz::as_text(data, size));
    try {
        const PluginSectionInfo info = read_plugin_section(fd, shown_as);
        const esfreport_plugin_section s{};
        check_field(info.name, sizeof s.name, "name");
        check_field(info.version, sizeof s.version, "version");
        check_field(info.kind, sizeof s.kind, "kind");
        check_field(info.build_id, sizeof s.build_id, "build_id");
        check_field(info.description, sizeof s.description, "description");
    } catch (const ConfigError& e) {
        const std::string prefix = shown_as + " is not an esfreport plugin: ";
        const std::string message = e.what();
        FUZZ_CHECK(message.size() > prefix.size() && message.compare(0, prefix.size(), prefix) == 0,
                   "message '" + message + "'");
    }
    return 0;
}
