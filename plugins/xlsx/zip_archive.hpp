// The ZIP container of a workbook, read from its central directory, with each
// part streamed through zlib so that no part is ever held whole in memory.
//
// Why not Poco::Zip: its ZipArchive walks the local headers from the start of
// the file, re-synchronises silently past damaged headers and trusts the local
// sizes; a hostile file needs the opposite (the central directory as the one
// authority, every size checked before and while inflating).
//
// Everything a hostile file can do ends in a WorkbookError with a message, never in
// a crash, a hang or unbounded memory: the declared and the actual size of a
// part are limited, as is the compression ratio once a part has grown beyond a
// few megabytes (a zip bomb inflates at 1000:1), and a part must inflate to
// exactly its declared size and CRC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

namespace esfreport::plugins::xlsx {

// Any reason a workbook cannot be read: the message says what and where
// (the part, the cell), the caller adds the file.
class WorkbookError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ZipLimits {
    std::uint64_t max_part_bytes = std::uint64_t{2} << 30;  // uncompressed, declared and actual
    // Beyond `ratio_free_bytes` a part may not inflate to more than
    // `max_ratio` times the compressed bytes read so far. Real sheets stay
    // well below 100:1; deflate bombs reach about 1000:1.
    std::uint64_t max_ratio = 100;
    std::uint64_t ratio_free_bytes = std::uint64_t{8} << 20;
    std::size_t max_entries = 65536;
};

// Random access to the bytes of the container: a regular file or memory.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::uint64_t size() const = 0;
    // Reads exactly `n` bytes at `offset` or throws WorkbookError.
    virtual void read_at(std::uint64_t offset, void* buffer, std::size_t n) const = 0;
};

// Opens `path` without blocking (a FIFO or a device never hangs the open) and
// accepts only a regular file. Throws WorkbookError.
std::unique_ptr<ByteSource> open_regular_file(const std::filesystem::path& path);
// Bytes in memory (a fuzzing harness, tests); `bytes` must outlive the source.
std::unique_ptr<ByteSource> memory_source(std::string_view bytes);

struct ZipEntry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;  // 0 stored, 8 deflated
    std::uint32_t crc32 = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t uncompressed_size = 0;
    std::uint64_t local_header_offset = 0;
};

class ZipArchive;

// The uncompressed bytes of one entry, read in pieces.
class ZipEntryStream {
public:
    ZipEntryStream(const ZipArchive& archive, const ZipEntry& entry);
    ~ZipEntryStream();
    ZipEntryStream(const ZipEntryStream&) = delete;
    ZipEntryStream& operator=(const ZipEntryStream&) = delete;

    // Up to `n` bytes into `buffer`; 0 at the end of the entry, after its
    // size and CRC have been checked. Throws WorkbookError.
    std::size_t read(char* buffer, std::size_t n);
    const std::string& name() const { return entry_.name; }

private:
    std::size_t read_stored(char* buffer, std::size_t n);
    std::size_t read_deflated(char* buffer, std::size_t n);
    void count_output(const char* buffer, std::size_t n);
    void finish();

    const ZipArchive& archive_;
    const ZipEntry& entry_;
    std::uint64_t data_offset_ = 0;
    std::uint64_t compressed_read_ = 0;  // bytes taken from the container
    std::uint64_t produced_ = 0;         // uncompressed bytes handed out
    std::uint32_t crc_ = 0;
    bool finished_ = false;
    bool inflating_ = false;
    z_stream zs_{};
    std::vector<unsigned char> in_;
};

class ZipArchive {
public:
    // Reads the central directory. Throws WorkbookError when the bytes are not a
    // ZIP archive or the directory is damaged.
    explicit ZipArchive(std::unique_ptr<ByteSource> source, ZipLimits limits = {});

    const std::vector<ZipEntry>& entries() const { return entries_; }
    // The entry with this name, compared ASCII case-insensitively (OOXML part
    // names are case-insensitive); nullptr when absent.
    const ZipEntry* find(std::string_view name) const;
    // The whole entry in memory, for small parts (at most `max_bytes`).
    std::string read_small(const ZipEntry& entry, std::size_t max_bytes) const;

    const ByteSource& source() const { return *source_; }
    const ZipLimits& limits() const { return limits_; }

private:
    std::unique_ptr<ByteSource> source_;
    ZipLimits limits_;
    std::vector<ZipEntry> entries_;
};

// True when the bytes begin like an OLE2 compound file (D0 CF 11 E0 A1 B1 1A
// E1): a password-protected .xlsx (an EncryptedPackage) or a legacy .xls.
bool is_ole2_compound_file(const ByteSource& source);

}  // namespace esfreport::plugins::xlsx
