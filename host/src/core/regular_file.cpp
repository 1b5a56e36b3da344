#include <esfreport/core/regular_file.hpp>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace esfreport {
namespace {

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

// Closes the descriptor on every path out.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string read_regular_file(const std::filesystem::path& file, std::uint64_t max_bytes, std::string_view what) {
    const std::string name = file.string();
    const std::string thing(what);
    Descriptor d{::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
    if (d.fd < 0) throw FileReadError(name + ": cannot read the " + thing + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(d.fd, &st) != 0) throw FileReadError(name + ": cannot read the " + thing + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode))
        throw FileReadError(name + ": the " + thing + " is " + kind_of(st.st_mode) + ", not a regular file");
    const auto too_big = [&](std::uint64_t size) {
        return FileReadError(name + ": the " + thing + " is " + std::to_string(size) + " bytes (at most " +
                             std::to_string(max_bytes) + ")");
    };
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) throw too_big(static_cast<std::uint64_t>(st.st_size));

    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(d.fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw FileReadError(name + ": cannot read the " + thing + ": " + std::strerror(errno));
        }
        // The file may grow while it is read: the bound holds for what is read.
        if (bytes.size() + static_cast<std::size_t>(n) > max_bytes) throw too_big(bytes.size() + static_cast<std::size_t>(n));
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
}

}  // namespace esfreport
