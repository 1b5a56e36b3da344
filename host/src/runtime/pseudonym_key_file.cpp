#include <esfreport/runtime/pseudonym_key_file.hpp>

#include <esfreport/runtime/errors.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace esfreport {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& why) {
    throw ConfigError("pseudonym key file " + path.string() + ": " + why);
}

// Closes the descriptor on every path out.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

void create_key_file(const std::filesystem::path& path) {
    std::array<std::uint8_t, PseudonymKey::kSize> bytes{};
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) refuse(path, std::string("cannot get random bytes: ") + std::strerror(errno));
        got += static_cast<std::size_t>(n);
    }
    Fd f;
    f.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (f.fd < 0) {
        if (errno == EEXIST) return;  // another run created it first: read that one
        refuse(path, std::string("cannot create it: ") + std::strerror(errno));
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(f.fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) refuse(path, std::string("cannot write it: ") + std::strerror(errno));
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(f.fd) != 0) refuse(path, std::string("cannot write it: ") + std::strerror(errno));
}

std::string octal_mode(mode_t mode) {
    std::ostringstream s;
    s << "0" << std::oct << (mode & 0777);
    return s.str();
}

}  // namespace

PseudonymKey load_or_create_pseudonym_key(const std::filesystem::path& path, bool* created) {
    if (created) *created = false;
    Fd f;
    f.fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (f.fd < 0 && errno == ENOENT) {
        create_key_file(path);
        if (created) *created = true;
        f.fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (f.fd < 0) {
        if (errno == ELOOP) refuse(path, "is a symbolic link; give the key file itself");
        refuse(path, std::string("cannot open it: ") + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) refuse(path, std::string("cannot read it: ") + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) refuse(path, "is not a regular file");
    if (st.st_uid != ::geteuid()) refuse(path, "is owned by another user; the key must be the running user's own file");
    if ((st.st_mode & 077) != 0)
        refuse(path, "can be read or written by group or others (mode " + octal_mode(st.st_mode) +
                         "); make it private with chmod 600");
    if (st.st_size != static_cast<off_t>(PseudonymKey::kSize))
        refuse(path, "holds " + std::to_string(st.st_size) + " bytes; a key is exactly " +
                         std::to_string(PseudonymKey::kSize) + " random bytes");
    std::array<std::uint8_t, PseudonymKey::kSize> bytes{};
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(f.fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) refuse(path, "cannot read its 32 bytes");
        got += static_cast<std::size_t>(n);
    }
    return PseudonymKey(bytes);
}

}  // namespace esfreport
