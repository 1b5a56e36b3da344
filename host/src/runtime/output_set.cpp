#include <esfreport/runtime/output_set.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

std::string errno_text() { return std::strerror(errno); }

fs::path temp_name_for(const fs::path& final_path) {
    return final_path.parent_path() / ("." + final_path.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

// Creates (or truncates) the file with the right mode from the first byte on,
// so personal data is never readable by others, not even briefly.
int create_file(const fs::path& path, bool personal) {
    const mode_t mode = personal ? 0600 : 0644;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw std::runtime_error("cannot create " + path.string() + ": " + errno_text());
    if (personal && ::fchmod(fd, 0600) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot restrict " + path.string() + ": " + errno_text());
    }
    return fd;
}

void write_all(int fd, const fs::path& path, const std::string& bytes) {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("cannot write " + path.string() + ": " + errno_text());
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void write_whole_file(const fs::path& path, const std::string& bytes, bool personal) {
    const int fd = create_file(path, personal);
    try {
        write_all(fd, path, bytes);
        if (::fsync(fd) != 0) throw std::runtime_error("cannot sync " + path.string() + ": " + errno_text());
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0) throw std::runtime_error("cannot close " + path.string() + ": " + errno_text());
}

}  // namespace

OutputSet::OutputSet(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw std::runtime_error("cannot create output folder " + dir_.string() + ": " + ec.message());
}

OutputSet::~OutputSet() {
    if (committed_) return;
    for (const Entry& e : entries_) {
        std::error_code ec;
        fs::remove(e.temp, ec);
    }
}

fs::path OutputSet::stage(const std::string& name, bool personal) {
    for (const Entry& e : entries_)
        if (e.name == name) throw std::logic_error("output staged twice: " + name);
    const fs::path final_path = dir_ / name;
    if (final_path.has_parent_path()) fs::create_directories(final_path.parent_path());
    const fs::path temp = temp_name_for(final_path);
    ::close(create_file(temp, personal));
    entries_.push_back({name, temp, personal});
    return temp;
}

void OutputSet::write(const std::string& name, const std::string& bytes, bool personal) {
    const fs::path temp = stage(name, personal);
    write_whole_file(temp, bytes, personal);
}

void OutputSet::commit() {
    for (const Entry& e : entries_) {
        std::error_code ec;
        fs::rename(e.temp, dir_ / e.name, ec);
        if (ec) throw std::runtime_error("cannot move " + e.temp.string() + " into place: " + ec.message());
    }
    committed_ = true;
}

void write_file_atomically(const fs::path& path, const std::string& bytes, bool personal) {
    const fs::path temp = temp_name_for(path);
    try {
        write_whole_file(temp, bytes, personal);
        fs::rename(temp, path);
    } catch (...) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw;
    }
}

}  // namespace esfreport
