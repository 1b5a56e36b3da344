#include "fuzz_support.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace esfreport::fuzz {
namespace {

fs::path make_scratch_dir() {
    std::string pattern = (fs::temp_directory_path() / "esfreport-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        std::fprintf(stderr, "fuzz: cannot create a scratch folder %s: %s\n", pattern.c_str(), std::strerror(errno));
        std::abort();
    }
    return pattern;
}

void remove_scratch_dir() {
    std::error_code ec;
    fs::remove_all(scratch_dir(), ec);
}

}  // namespace

const fs::path& scratch_dir() {
    static const fs::path dir = [] {
        fs::path d = make_scratch_dir();
        std::atexit(remove_scratch_dir);
        return d;
    }();
    return dir;
}

fs::path write_scratch_file(const fs::path& relative, std::string_view bytes) {
    const fs::path path = scratch_dir() / relative;
    fs::create_directories(path.parent_path());
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    bool ok = fd >= 0;
    for (std::size_t done = 0; ok && done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    if (fd >= 0 && ::close(fd) != 0) ok = false;
    if (!ok) {
        std::fprintf(stderr, "fuzz: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
        std::abort();
    }
    return path;
}

void violated(const char* file, int line, const char* condition, const std::string& detail) {
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n  %s\n", file, line, condition, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

}  // namespace esfreport::fuzz
