#include "zip_archive.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace esfreport::plugins::xlsx {

namespace {

constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndLocator = 0x07064b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::size_t kEocdSize = 22;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::uint64_t kMaxCentralDirectory = std::uint64_t{64} << 20;

std::uint16_t u16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t u32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
std::uint64_t u64(const unsigned char* p) { return u32(p) | static_cast<std::uint64_t>(u32(p + 4)) << 32; }

std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

class FileSource : public ByteSource {
public:
    FileSource(int fd, std::uint64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {}
    ~FileSource() override { ::close(fd_); }
    std::uint64_t size() const override { return size_; }
    void read_at(std::uint64_t offset, void* buffer, std::size_t n) const override {
        if (offset > size_ || n > size_ - offset) throw WorkbookError("the file ends early (truncated or damaged)");
        auto* out = static_cast<char*>(buffer);
        while (n > 0) {
            const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw WorkbookError(std::string("cannot read: ") + std::strerror(errno));
            if (got == 0) throw WorkbookError("the file ends early (truncated or damaged)");
            out += got;
            offset += static_cast<std::uint64_t>(got);
            n -= static_cast<std::size_t>(got);
        }
    }

private:
    int fd_;
    std::uint64_t size_;
    std::string path_;
};

class MemorySource : public ByteSource {
public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    std::uint64_t size() const override { return bytes_.size(); }
    void read_at(std::uint64_t offset, void* buffer, std::size_t n) const override {
        if (offset > bytes_.size() || n > bytes_.size() - offset)
            throw WorkbookError("the file ends early (truncated or damaged)");
        if (n > 0) std::memcpy(buffer, bytes_.data() + offset, n);
    }

private:
    std::string_view bytes_;
};

bool equal_ascii_nocase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// Sizes of 0xFFFFFFFF and an offset of 0xFFFFFFFF are in the ZIP64 extra field.
void apply_zip64_extra(ZipEntry& e, const unsigned char* extra, std::size_t length) {
    const bool want_size = e.uncompressed_size == 0xFFFFFFFFu;
    const bool want_compressed = e.compressed_size == 0xFFFFFFFFu;
    const bool want_offset = e.local_header_offset == 0xFFFFFFFFu;
    if (!want_size && !want_compressed && !want_offset) return;
    std::size_t pos = 0;
    while (pos + 4 <= length) {
        const std::uint16_t id = u16(extra + pos);
        const std::uint16_t size = u16(extra + pos + 2);
        if (pos + 4 + size > length) break;
        if (id == 0x0001) {
            const unsigned char* p = extra + pos + 4;
            std::size_t left = size;
            const auto take = [&](std::uint64_t& field) {
                if (left < 8) throw WorkbookError("damaged ZIP64 field of '" + e.name + "'");
                field = u64(p);
                p += 8;
                left -= 8;
            };
            if (want_size) take(e.uncompressed_size);
            if (want_compressed) take(e.compressed_size);
            if (want_offset) take(e.local_header_offset);
            return;
        }
        pos += 4 + size;
    }
    throw WorkbookError("'" + e.name + "' has no ZIP64 field for its sizes (damaged archive)");
}

}  // namespace

std::unique_ptr<ByteSource> open_regular_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw WorkbookError(std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw WorkbookError(std::string("cannot open: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw WorkbookError("not a regular file (a workbook must be a file, not a pipe, device or folder)");
    }
    return std::make_unique<FileSource>(fd, static_cast<std::uint64_t>(st.st_size), path.string());
}

std::unique_ptr<ByteSource> memory_source(std::string_view bytes) { return std::make_unique<MemorySource>(bytes); }

bool is_ole2_compound_file(const ByteSource& source) {
    static const unsigned char kSignature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (source.size() < sizeof kSignature) return false;
    unsigned char head[sizeof kSignature];
    source.read_at(0, head, sizeof head);
    return std::memcmp(head, kSignature, sizeof kSignature) == 0;
}

ZipArchive::ZipArchive(std::unique_ptr<ByteSource> source, ZipLimits limits)
    : source_(std::move(source)), limits_(limits) {
    const std::uint64_t size = source_->size();
    if (size < kEocdSize) throw WorkbookError("not a ZIP archive (too short to be a workbook)");

    // The end record is in the last 22 bytes plus a comment of up to 65535.
    const std::size_t tail_size = static_cast<std::size_t>(std::min<std::uint64_t>(size, kEocdSize + 65535));
    std::vector<unsigned char> tail(tail_size);
    source_->read_at(size - tail_size, tail.data(), tail_size);
    std::size_t eocd = tail_size;
    for (std::size_t i = tail_size - kEocdSize + 1; i-- > 0;) {
        if (u32(&tail[i]) == kEndOfCentralDirectory) {
            eocd = i;
            break;
        }
    }
    if (eocd == tail_size) throw WorkbookError("not a ZIP archive (no central directory; damaged or not a workbook)");
    const std::uint64_t eocd_offset = size - tail_size + eocd;
    std::uint64_t count = u16(&tail[eocd + 10]);
    std::uint64_t dir_size = u32(&tail[eocd + 12]);
    std::uint64_t dir_offset = u32(&tail[eocd + 16]);

    if (count == 0xFFFF || dir_size == 0xFFFFFFFFu || dir_offset == 0xFFFFFFFFu) {
        unsigned char locator[20];
        if (eocd_offset < sizeof locator) throw WorkbookError("damaged ZIP64 central directory");
        source_->read_at(eocd_offset - sizeof locator, locator, sizeof locator);
        if (u32(locator) != kZip64EndLocator) throw WorkbookError("damaged ZIP64 central directory");
        const std::uint64_t end64 = u64(locator + 8);
        unsigned char record[56];
        source_->read_at(end64, record, sizeof record);
        if (u32(record) != kZip64End) throw WorkbookError("damaged ZIP64 central directory");
        count = u64(record + 32);
        dir_size = u64(record + 40);
        dir_offset = u64(record + 48);
    }
    if (count > limits_.max_entries)
        throw WorkbookError("the archive lists " + std::to_string(count) + " parts, more than the limit of " +
                       std::to_string(limits_.max_entries));
    if (dir_size > kMaxCentralDirectory || dir_offset > size || dir_size > size - dir_offset)
        throw WorkbookError("damaged ZIP central directory (it lies outside the file)");

    std::vector<unsigned char> dir(static_cast<std::size_t>(dir_size));
    source_->read_at(dir_offset, dir.data(), dir.size());
    std::size_t pos = 0;
    entries_.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        if (pos + kCentralHeaderSize > dir.size() || u32(&dir[pos]) != kCentralHeader)
            throw WorkbookError("damaged ZIP central directory (entry " + std::to_string(i + 1) + ")");
        const unsigned char* h = &dir[pos];
        const std::size_t name_length = u16(h + 28);
        const std::size_t extra_length = u16(h + 30);
        const std::size_t comment_length = u16(h + 32);
        if (pos + kCentralHeaderSize + name_length + extra_length + comment_length > dir.size())
            throw WorkbookError("damaged ZIP central directory (entry " + std::to_string(i + 1) + ")");
        ZipEntry e;
        e.flags = u16(h + 8);
        e.method = u16(h + 10);
        e.crc32 = u32(h + 16);
        e.compressed_size = u32(h + 20);
        e.uncompressed_size = u32(h + 24);
        e.local_header_offset = u32(h + 42);
        e.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), name_length);
        apply_zip64_extra(e, h + kCentralHeaderSize + name_length, extra_length);
        entries_.push_back(std::move(e));
        pos += kCentralHeaderSize + name_length + extra_length + comment_length;
    }
    // A name listed twice would let two readers see different parts.
    std::vector<std::string> names;
    names.reserve(entries_.size());
    for (const ZipEntry& e : entries_) {
        names.push_back(e.name);
        for (char& c : names.back())
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    std::sort(names.begin(), names.end());
    if (auto twice = std::adjacent_find(names.begin(), names.end()); twice != names.end())
        throw WorkbookError("the archive holds '" + *twice + "' twice (damaged or tampered)");
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
    for (const ZipEntry& e : entries_)
        if (equal_ascii_nocase(e.name, name)) return &e;
    return nullptr;
}

std::string ZipArchive::read_small(const ZipEntry& entry, std::size_t max_bytes) const {
    if (entry.uncompressed_size > max_bytes)
        throw WorkbookError("part '" + entry.name + "' declares " + mib(entry.uncompressed_size) +
                       ", more than the limit of " + mib(max_bytes));
    std::string out(static_cast<std::size_t>(entry.uncompressed_size), '\0');
    ZipEntryStream in(*this, entry);
    std::size_t filled = 0;
    char rest;
    while (filled < out.size()) {
        const std::size_t got = in.read(out.data() + filled, out.size() - filled);
        if (got == 0) break;
        filled += got;
    }
    // The stream checks that the size is exactly the declared one.
    if (in.read(&rest, 1) != 0 || filled != out.size())
        throw WorkbookError("part '" + entry.name + "' does not have its declared size (damaged archive)");
    return out;
}

ZipEntryStream::ZipEntryStream(const ZipArchive& archive, const ZipEntry& entry) : archive_(archive), entry_(entry) {
    const ZipLimits& limits = archive.limits();
    const std::string part = "part '" + entry.name + "'";
    if (entry.flags & 0x0001)
        throw WorkbookError(part + " is encrypted (a password-protected workbook); save it without a password");
    if (entry.method != 0 && entry.method != 8)
        throw WorkbookError(part + " uses compression method " + std::to_string(entry.method) +
                       "; only stored and deflated parts are supported");
    if (entry.uncompressed_size > limits.max_part_bytes)
        throw WorkbookError(part + " declares " + mib(entry.uncompressed_size) + " uncompressed, more than the limit of " +
                       mib(limits.max_part_bytes));
    if (entry.uncompressed_size > limits.ratio_free_bytes &&
        entry.uncompressed_size / std::max<std::uint64_t>(entry.compressed_size, 1) >= limits.max_ratio)
        throw WorkbookError(part + " declares a compression ratio above " + std::to_string(limits.max_ratio) +
                       ":1 (" + mib(entry.uncompressed_size) + " from " + std::to_string(entry.compressed_size) +
                       " bytes): refused as a possible zip bomb");
    if (entry.method == 0 && entry.compressed_size != entry.uncompressed_size)
        throw WorkbookError(part + " is stored with two different sizes (damaged archive)");

    unsigned char local[kLocalHeaderSize];
    archive.source().read_at(entry.local_header_offset, local, sizeof local);
    if (u32(local) != kLocalHeader) throw WorkbookError(part + ": damaged local header");
    data_offset_ = entry.local_header_offset + kLocalHeaderSize + u16(local + 26) + u16(local + 28);
    if (data_offset_ > archive.source().size() || entry.compressed_size > archive.source().size() - data_offset_)
        throw WorkbookError(part + " lies outside the file (truncated or damaged archive)");

    if (entry.method == 8) {
        if (inflateInit2(&zs_, -MAX_WBITS) != Z_OK) throw WorkbookError("cannot start zlib");
        inflating_ = true;
        in_.resize(64 * 1024);
    }
}

ZipEntryStream::~ZipEntryStream() {
    if (inflating_) inflateEnd(&zs_);
}

std::size_t ZipEntryStream::read(char* buffer, std::size_t n) {
    if (finished_ || n == 0) return 0;
    const std::size_t got = entry_.method == 0 ? read_stored(buffer, n) : read_deflated(buffer, n);
    if (got == 0) finish();
    return got;
}

std::size_t ZipEntryStream::read_stored(char* buffer, std::size_t n) {
    const std::uint64_t left = entry_.compressed_size - compressed_read_;
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(left, n));
    if (take == 0) return 0;
    archive_.source().read_at(data_offset_ + compressed_read_, buffer, take);
    compressed_read_ += take;
    count_output(buffer, take);
    return take;
}

std::size_t ZipEntryStream::read_deflated(char* buffer, std::size_t n) {
    const std::string part = "part '" + entry_.name + "'";
    zs_.next_out = reinterpret_cast<Bytef*>(buffer);
    zs_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    while (zs_.avail_out > 0) {
        if (zs_.avail_in == 0) {
            const std::uint64_t left = entry_.compressed_size - compressed_read_;
            const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(left, in_.size()));
            if (take > 0) {
                archive_.source().read_at(data_offset_ + compressed_read_, in_.data(), take);
                compressed_read_ += take;
                zs_.next_in = in_.data();
                zs_.avail_in = static_cast<uInt>(take);
            }
        }
        const uInt before_out = zs_.avail_out;
        const uInt before_in = zs_.avail_in;
        const int rc = inflate(&zs_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) break;
        if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
            throw WorkbookError(part + " holds damaged compressed data (" + (zs_.msg ? zs_.msg : "invalid deflate data") +
                           ")");
        if (rc == Z_MEM_ERROR) throw WorkbookError(part + ": out of memory while inflating");
        // No progress and no input left: the compressed data ends before the
        // deflate stream does.
        if (zs_.avail_out == before_out && zs_.avail_in == before_in && compressed_read_ == entry_.compressed_size)
            throw WorkbookError(part + " ends early (truncated or damaged archive)");
    }
    const std::size_t got = n - zs_.avail_out;
    count_output(buffer, got);
    return got;
}

void ZipEntryStream::count_output(const char* buffer, std::size_t n) {
    produced_ += n;
    const std::string part = "part '" + entry_.name + "'";
    const ZipLimits& limits = archive_.limits();
    if (produced_ > entry_.uncompressed_size)
        throw WorkbookError(part + " inflates to more than its declared " + std::to_string(entry_.uncompressed_size) +
                       " bytes (damaged archive or a zip bomb)");
    if (produced_ > limits.ratio_free_bytes && produced_ / std::max<std::uint64_t>(compressed_read_, 1) >= limits.max_ratio)
        throw WorkbookError(part + " inflates at more than " + std::to_string(limits.max_ratio) +
                       ":1: refused as a possible zip bomb");
    crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(buffer), static_cast<uInt>(n)));
}

void ZipEntryStream::finish() {
    finished_ = true;
    const std::string part = "part '" + entry_.name + "'";
    if (produced_ != entry_.uncompressed_size)
        throw WorkbookError(part + " inflates to " + std::to_string(produced_) + " bytes, not its declared " +
                       std::to_string(entry_.uncompressed_size) + " (truncated or damaged archive)");
    if (crc_ != entry_.crc32) throw WorkbookError(part + " fails its CRC check (damaged archive)");
}

}  // namespace esfreport::plugins::xlsx
