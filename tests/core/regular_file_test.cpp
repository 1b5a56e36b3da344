// read_regular_file: only regular files, never more than the bound, and
// never a hang on a FIFO or a device.
#include <esfreport/core/regular_file.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace esfreport;
using namespace esfreport::test;

namespace {

std::string read_error(const std::filesystem::path& file, std::uint64_t max_bytes) {
    try {
        read_regular_file(file, max_bytes, "configuration file");
    } catch (const FileReadError& e) {
        return e.what();
    }
    FAIL("read " << file);
    return {};
}

}  // namespace

TEST_CASE("read_regular_file reads a regular file whole") {
    TempDir dir("regular-file");
    write_file(dir / "a.toml", "x = 1\n");
    CHECK(read_regular_file(dir / "a.toml", 6, "configuration file") == "x = 1\n");
}

TEST_CASE("read_regular_file refuses a FIFO - a device and a directory at once") {
    TempDir dir("regular-file-kinds");
    const auto fifo = dir / "fifo.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Seen: a FIFO as source blocked forever; /dev/zero read until bad_alloc.
    CHECK(read_error(fifo, 100) == fifo.string() + ": the configuration file is a FIFO, not a regular file");
    CHECK(read_error("/dev/zero", 100) == "/dev/zero: the configuration file is a character device, not a regular file");
    CHECK(read_error(dir.path(), 100) == dir.path().string() + ": the configuration file is a directory, not a regular file");
    CHECK(read_error(dir / "missing.toml", 100) ==
          (dir / "missing.toml").string() + ": cannot read the configuration file: No such file or directory");
}

TEST_CASE("read_regular_file refuses a file over its bound") {
    TempDir dir("regular-file-size");
    write_file(dir / "big.toml", std::string(1001, '#'));
    CHECK(read_error(dir / "big.toml", 1000) == (dir / "big.toml").string() + ": the configuration file is 1001 bytes (at most 1000)");
}
