// A streaming CSV reader for files of any length.
//
// The file is read in large blocks and each record is assembled in buffers
// that are reused from row to row, so memory does not grow with the number of
// rows and no row takes more than max_record_bytes. Malformed rows (bad
// quoting, too many characters, NUL bytes, invalid UTF-8) are reported and
// skipped; reading goes on with the next row, because one bad row must not
// hide the thousands after it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport::plugins::csv {

enum class Encoding {
    detect,        // decided per file from the first non-ASCII bytes (README.md, "Encoding")
    utf8,
    windows1252,   // converted to UTF-8 while reading
};

struct CsvReaderOptions {
    char delimiter = 0;  // ',', ';' or '\t'; 0 = detect from the header line
    Encoding encoding = Encoding::detect;
    std::size_t block_size = std::size_t{1} << 20;
    // A physical record (quoted line breaks included) of more bytes than this
    // is malformed; it is what stops an unclosed quote from swallowing the
    // rest of a large file, and what bounds the memory a row takes.
    std::size_t max_record_bytes = std::size_t{1} << 20;
    // A field of more characters than this is malformed: Excel's cell limit,
    // so that no value is cut when it is written to a workbook.
    std::size_t max_field_chars = 32767;
    // With Encoding::detect: the bytes, from the first one that is not ASCII,
    // in which one valid UTF-8 multi-byte character makes the file UTF-8.
    std::size_t encoding_window = std::size_t{64} << 10;
};

// True when `bytes` is valid UTF-8 (no overlong forms, no surrogates).
// `bad_offset` receives the offset where the first invalid sequence starts
// (a stray byte, or the lead byte of a sequence that is broken or cut short).
bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

// True when `bytes` hold at least one complete, valid UTF-8 multi-byte
// sequence (a character that is not ASCII).
bool has_utf8_multibyte(std::string_view bytes);

// The file cannot be read at all: thrown by the constructor when it cannot be
// opened, is not a regular file or is UTF-16, and by next() on a read error.
class CsvOpenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The first byte of a file that is not ASCII, where Encoding::detect decides.
struct FirstNonAscii {
    bool found = false;
    std::uint64_t line = 0;   // 1-based physical line
    unsigned char byte = 0;
};

class CsvReader {
public:
    enum class Result {
        row,        // a record: line(), field_count(), field()
        malformed,  // a row that is not valid CSV: line(), error(), error_column()
        end,
    };

    // Opens the file (a regular file only: a FIFO, a device, a socket or a
    // folder is refused without blocking) and settles its delimiter. Throws
    // CsvOpenError.
    CsvReader(const std::filesystem::path& path, CsvReaderOptions options = {});

    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // With Encoding::detect, utf8 until the first byte that is not ASCII has
    // been read (the rows before it read the same in either encoding).
    Encoding encoding() const { return encoding_; }
    bool encoding_settled() const { return encoding_settled_; }
    // Where the encoding was decided when it was detected.
    const FirstNonAscii& first_non_ascii() const { return first_non_ascii_; }
    // Why a detected encoding is Windows-1252, for the warning: "byte 0xF6
    // on line 1, and no UTF-8 character in the 64 KiB from there".
    std::string why_windows1252() const;
    bool had_bom() const { return had_bom_; }
    char delimiter() const { return delimiter_; }

    // The next row. The first row returned is the header; every later row
    // must have as many fields as the header or it is malformed. Blank lines
    // and rows whose fields are all blank are skipped (the latter counted).
    Result next();

    // 1-based physical line where the last row starts.
    std::uint64_t line() const { return record_line_; }
    std::size_t field_count() const { return field_ends_.size(); }
    // Field i of the last row, untrimmed, quotes removed, in UTF-8. Valid
    // until the next call of next().
    std::string_view field(std::size_t i) const {
        const std::size_t begin = i == 0 ? 0 : field_ends_[i - 1] + field_gap_;
        return std::string_view(fields_ + begin, field_ends_[i] - begin);
    }
    // The reason a row is malformed, and the 1-based column it concerns
    // (0 when it concerns the whole row).
    const std::string& error() const { return error_; }
    std::uint32_t error_column() const { return error_column_; }

    // Rows of only empty fields (e.g. ";;;" that Excel leaves behind) that
    // were skipped, and the line of the first one.
    std::uint64_t skipped_empty_rows() const { return skipped_empty_rows_; }
    std::uint64_t first_skipped_empty_row_line() const { return first_skipped_empty_line_; }

private:
    enum class State { field_start, unquoted, quoted, quote_in_quoted, after_quoted, skip_line };

    // Closes the file also when the constructor throws.
    struct Descriptor {
        int fd = -1;
        Descriptor() = default;
        Descriptor(const Descriptor&) = delete;
        Descriptor& operator=(const Descriptor&) = delete;
        ~Descriptor();
    };

    bool refill();
    bool peek(char& c);
    void seek(std::uint64_t offset, std::uint64_t line);
    // Reads until `size` bytes or the end of the file: at the file position,
    // or at `offset` (pread, leaving the position) when it is 0 or more.
    std::size_t read_at_most(char* data, std::size_t size, std::int64_t offset);
    void settle_encoding(Encoding encoding);
    void build_stop_tables();
    void detect_encoding_in_block();
    void detect_delimiter();
    void append(char c);
    void end_field();
    void start_record();
    void fail(std::string reason, std::uint32_t column);
    bool finish_record(Result& out);
    bool complete_record(Result& out);
    enum class PlainLine { no, skipped, row };
    PlainLine read_plain_line(Result& out);
    bool check_fields();
    bool fields_are_utf8() const;
    bool is_line_end(char c);
    void open_quote();
    bool record_too_long() const { return buf_offset_ + pos_ - record_offset_ > options_.max_record_bytes; }
    bool on_overflow();
    Result unterminated_quote(bool over_record_limit);
    std::uint32_t current_column() const { return static_cast<std::uint32_t>(field_ends_.size() + 1); }

    std::filesystem::path path_;
    CsvReaderOptions options_;
    Descriptor file_;
    std::vector<char> buf_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    std::uint64_t buf_offset_ = 0;  // file offset of buf_[0]
    bool at_eof_ = false;

    Encoding encoding_ = Encoding::utf8;
    bool encoding_settled_ = false;
    FirstNonAscii first_non_ascii_;
    bool had_bom_ = false;
    char delimiter_ = ',';
    // Bytes that end a run of ordinary field content, outside and inside quotes.
    std::array<bool, 256> stop_unquoted_{};
    std::array<bool, 256> stop_quoted_{};
    // Per byte, for read_plain_line: 0 ordinary, 1 the delimiter, 2 any byte
    // that needs the byte loop (quote, CR, LF, NUL, not ASCII).
    std::array<std::uint8_t, 256> plain_byte_{};
    // The last row was read by read_plain_line: ASCII, so valid UTF-8.
    bool record_ascii_ = false;
    // Where field() reads: record_ (the fields side by side, field_gap_ 0),
    // or for a plain line the line in the buffer itself (field_ends_ are then
    // the delimiters' offsets, field_gap_ 1 skips each): no copy.
    const char* fields_ = nullptr;
    std::size_t field_gap_ = 0;

    State state_ = State::field_start;
    std::uint64_t line_ = 1;          // physical line of the next byte
    std::uint64_t record_line_ = 1;
    std::uint64_t record_offset_ = 0;  // file offset where the current record starts
    bool record_started_ = false;     // any byte of the current record consumed
    bool record_quoted_ = false;      // the current record has a quoted field
    bool field_only_spaces_ = true;   // the unquoted field so far is spaces
    std::string record_;
    std::vector<std::size_t> field_ends_;
    std::size_t expected_fields_ = 0;  // the header's, once read

    // Problems inside fields, found while the record is read and reported
    // when it ends, so that reading goes on at the right place.
    std::uint32_t nul_column_ = 0;        // first column holding a NUL byte
    std::uint32_t long_column_ = 0;       // first column over max_field_chars
    std::size_t long_field_chars_ = 0;

    // Where to go on after a quote that is never closed: the line after the
    // one on which the quote opened.
    std::uint32_t quote_column_ = 0;
    std::uint64_t quote_line_ = 0;
    bool quote_resume_set_ = false;
    std::uint64_t quote_resume_offset_ = 0;
    std::uint64_t quote_resume_line_ = 0;

    std::string error_;
    std::uint32_t error_column_ = 0;
    std::uint64_t skipped_empty_rows_ = 0;
    std::uint64_t first_skipped_empty_line_ = 0;
};

}  // namespace esfreport::plugins::csv
