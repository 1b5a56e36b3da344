// Shared by the fuzz harnesses (libFuzzer and the replay driver alike): a
// private scratch folder for inputs that the code under test reads from files,
// and the check that turns a broken promise into a crash the fuzzer keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace esfreport::fuzz {

// A folder of this process (mode 0700) under $TMPDIR, created on first use
// and removed at exit.
const std::filesystem::path& scratch_dir();

// Writes `bytes` to `relative` under the scratch folder (mode 0600), replacing
// what was there; returns its path.
std::filesystem::path write_scratch_file(const std::filesystem::path& relative, std::string_view bytes);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Prints what was expected and aborts, which libFuzzer reports as a crash and
// the replay driver as a failed test.
[[noreturn]] void violated(const char* file, int line, const char* condition, const std::string& detail);

}  // namespace esfreport::fuzz

#define FUZZ_CHECK(condition, detail)                                                   \
    do {                                                                                \
        if (!(condition)) ::esfreport::fuzz::violated(__FILE__, __LINE__, #condition, detail); \
    } while (0)
