#include "csv_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace esfreport::plugins::csv {

namespace {

// Windows-1252 bytes 0x80..0x9F. The five bytes the code page leaves
// undefined map to the C1 control of the same value, as browsers do.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// UTF-8 validation one byte at a time, so that a sequence may straddle two
// blocks of the file.
class Utf8Validator {
public:
    bool feed(unsigned char b) {
        if (need_ == 0) {
            if (b < 0x80) return true;
            lo_ = 0x80;
            hi_ = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need_ = 1;
            } else if (b == 0xE0) {
                need_ = 2;
                lo_ = 0xA0;  // no overlong forms
            } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
                need_ = 2;
            } else if (b == 0xED) {
                need_ = 2;
                hi_ = 0x9F;  // no surrogates
            } else if (b == 0xF0) {
                need_ = 3;
                lo_ = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                need_ = 3;
            } else if (b == 0xF4) {
                need_ = 3;
                hi_ = 0x8F;  // nothing above U+10FFFF
            } else {
                return false;
            }
            return true;
        }
        if (b < lo_ || b > hi_) return false;
        --need_;
        lo_ = 0x80;
        hi_ = 0xBF;
        return true;
    }
    bool in_sequence() const { return need_ != 0; }

private:
    int need_ = 0;
    unsigned char lo_ = 0x80;
    unsigned char hi_ = 0xBF;
};

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::string hex_byte(unsigned char b) {
    static const char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[b >> 4] + digits[b & 0xF];
}

// The index of the first byte from `i` on that is not ASCII, or `n`. Eight
// bytes at a time: most CSV text is ASCII.
std::size_t skip_ascii(const char* data, std::size_t i, std::size_t n) {
    std::uint64_t word = 0;
    while (i + 8 <= n) {
        std::memcpy(&word, data + i, 8);
        if ((word & 0x8080808080808080ull) != 0) break;
        i += 8;
    }
    while (i < n && static_cast<unsigned char>(data[i]) < 0x80) ++i;
    return i;
}

// Characters of UTF-8 text: the bytes that are not continuation bytes.
std::size_t count_chars(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

const char* file_kind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISDIR(mode)) return "a folder";
    return "a special file";
}

std::string system_error_text(const std::filesystem::path& path, const char* what) {
    return path.string() + ": " + what + ": " + std::strerror(errno);
}

// The length of the valid UTF-8 sequence that starts at data[i] (a byte that
// is not ASCII), or 0 when it is invalid or cut short.
std::size_t utf8_sequence_length(const char* data, std::size_t i, std::size_t n) {
    const auto lead = static_cast<unsigned char>(data[i]);
    if (lead >= 0xC2 && lead <= 0xDF)  // Latin letters such as å, ä, ö: the common case
        return i + 1 < n && (static_cast<unsigned char>(data[i + 1]) & 0xC0) == 0x80 ? 2 : 0;
    Utf8Validator v;
    for (std::size_t j = i; j < n; ++j) {
        if (!v.feed(static_cast<unsigned char>(data[j]))) return 0;
        if (!v.in_sequence()) return j + 1 - i;
    }
    return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset) {
    const char* const data = bytes.data();
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while ((i = skip_ascii(data, i, n)) < n) {
        const std::size_t length = utf8_sequence_length(data, i, n);
        if (length == 0) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        i += length;
    }
    return true;
}

bool has_utf8_multibyte(std::string_view bytes) {
    const char* const data = bytes.data();
    const std::size_t n = bytes.size();
    for (std::size_t i = 0; (i = skip_ascii(data, i, n)) < n; ++i)
        if (utf8_sequence_length(data, i, n) != 0) return true;
    return false;
}

CsvReader::Descriptor::~Descriptor() {
    if (fd >= 0) ::close(fd);
}

CsvReader::CsvReader(const std::filesystem::path& path, CsvReaderOptions options)
    : path_(path), options_(options) {
    options_.block_size = std::max<std::size_t>(options_.block_size, 64);
    options_.max_record_bytes = std::max<std::size_t>(options_.max_record_bytes, 16);
    options_.max_field_chars = std::max<std::size_t>(options_.max_field_chars, 1);
    options_.encoding_window = std::max<std::size_t>(options_.encoding_window, 4);
    if (options_.delimiter == '"' || options_.delimiter == '\n' || options_.delimiter == '\r')
        throw std::invalid_argument("a CSV delimiter cannot be a quote or a line break");

    // Regular files only. stat() first, so that a device is never opened (an
    // open can have effects, e.g. rewind a tape); then fstat() on what was
    // opened, which is what counts. O_NONBLOCK keeps the open of a FIFO
    // without a writer from blocking.
    const auto refuse_unless_regular = [&path](const struct stat& st) {
        if (!S_ISREG(st.st_mode))
            throw CsvOpenError(path.string() + ": " + file_kind(st.st_mode) +
                               ", not a regular file; only regular files are read");
    };
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) refuse_unless_regular(st);
    file_.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (file_.fd < 0) throw CsvOpenError(system_error_text(path, "cannot open"));
    if (::fstat(file_.fd, &st) != 0) throw CsvOpenError(system_error_text(path, "cannot read"));
    refuse_unless_regular(st);
    const int flags = ::fcntl(file_.fd, F_GETFL);
    if (flags < 0 || ::fcntl(file_.fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
        throw CsvOpenError(system_error_text(path, "cannot read"));

    encoding_settled_ = options_.encoding != Encoding::detect;
    encoding_ = encoding_settled_ ? options_.encoding : Encoding::utf8;
    buf_.resize(options_.block_size);
    refill();
    const auto byte = [this](std::size_t i) { return static_cast<unsigned char>(buf_[i]); };
    // Excel's "Unicode text" is UTF-16: every other byte would be a NUL.
    if (len_ >= 2 && ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF)))
        throw CsvOpenError(path.string() + ": the file is UTF-16 (it starts with a UTF-16 byte order mark); "
                                           "save it as CSV UTF-8");
    // A byte order mark is dropped whatever the encoding: as Windows-1252 it
    // would read "ï»¿", which is never meant as the start of a header.
    if (len_ >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
        pos_ = 3;
        had_bom_ = true;
    }
    delimiter_ = options_.delimiter;
    if (delimiter_ == 0) detect_delimiter();
    build_stop_tables();
    start_record();
}

std::size_t CsvReader::read_at_most(char* data, std::size_t size, std::int64_t offset) {
    std::size_t total = 0;
    while (total < size) {
        const ssize_t n = offset < 0 ? ::read(file_.fd, data + total, size - total)
                                     : ::pread(file_.fd, data + total, size - total,
                                               static_cast<off_t>(offset + static_cast<std::int64_t>(total)));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw CsvOpenError(system_error_text(path_, "read error"));
        }
        if (n == 0) break;
        total += static_cast<std::size_t>(n);
    }
    return total;
}

bool CsvReader::refill() {
    if (at_eof_) return false;
    buf_offset_ += len_;
    pos_ = 0;
    len_ = read_at_most(buf_.data(), buf_.size(), -1);
    if (len_ == 0) {
        at_eof_ = true;
        return false;
    }
    if (!encoding_settled_) detect_encoding_in_block();
    return true;
}

// Settles the encoding at the first byte that is not ASCII, before any of it
// is read: UTF-8 when the window from that byte holds a valid UTF-8
// multi-byte character, else Windows-1252. Everything before it is ASCII and
// reads the same in both.
void CsvReader::detect_encoding_in_block() {
    const std::size_t at = skip_ascii(buf_.data(), pos_, len_);
    if (at == len_) return;
    first_non_ascii_.found = true;
    first_non_ascii_.line = line_ + static_cast<std::uint64_t>(std::count(buf_.data() + pos_, buf_.data() + at, '\n'));
    first_non_ascii_.byte = static_cast<unsigned char>(buf_[at]);
    // The window may reach past this block: read it apart, leaving the file position.
    std::string window(options_.encoding_window, '\0');
    window.resize(read_at_most(window.data(), window.size(), static_cast<std::int64_t>(buf_offset_ + at)));
    settle_encoding(has_utf8_multibyte(window) ? Encoding::utf8 : Encoding::windows1252);
}

std::string CsvReader::why_windows1252() const {
    const std::size_t window = options_.encoding_window;
    return "byte " + hex_byte(first_non_ascii_.byte) + " on line " + std::to_string(first_non_ascii_.line) +
           ", and no UTF-8 character in the " +
           (window % 1024 == 0 ? std::to_string(window / 1024) + " KiB" : std::to_string(window) + " bytes") +
           " from there";
}

void CsvReader::settle_encoding(Encoding encoding) {
    encoding_ = encoding;
    encoding_settled_ = true;
    build_stop_tables();
}

void CsvReader::build_stop_tables() {
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        const bool convert = encoding_ == Encoding::windows1252 && b >= 0x80;
        // NUL is taken apart so that its column is known (a field with NUL is rejected).
        stop_quoted_[b] = c == '"' || c == '\n' || c == '\0' || convert;
        stop_unquoted_[b] = stop_quoted_[b] || c == delimiter_ || c == '\r';
        plain_byte_[b] = c == delimiter_ ? 1 : (b == 0 || b >= 0x80 || c == '"' || c == '\r' || c == '\n') ? 2 : 0;
    }
}

bool CsvReader::peek(char& c) {
    if (pos_ == len_ && !refill()) return false;
    c = buf_[pos_];
    return true;
}

void CsvReader::seek(std::uint64_t offset, std::uint64_t line) {
    if (::lseek(file_.fd, static_cast<off_t>(offset), SEEK_SET) < 0)
        throw CsvOpenError(system_error_text(path_, "cannot seek"));
    buf_offset_ = offset;
    pos_ = 0;
    len_ = 0;
    at_eof_ = false;
    line_ = line;
}

// The delimiter that occurs most often outside quotes on the first non-blank
// line; ',' on a tie or when there is none (a one-column file).
void CsvReader::detect_delimiter() {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool in_quotes = false;
    bool content = false;
    for (std::size_t i = pos_; i < len_; ++i) {
        const char c = buf_[i];
        if (c == '"') {
            in_quotes = !in_quotes;
            content = true;
        } else if (in_quotes) {
            continue;
        } else if (c == '\n') {
            if (content) break;
        } else if (c == ',') {
            ++commas;
        } else if (c == ';') {
            ++semicolons;
        } else if (c == '\t') {
            ++tabs;
        } else if (c != ' ' && c != '\r') {
            content = true;
        }
    }
    delimiter_ = ',';
    std::size_t best = commas;
    if (semicolons > best) {
        delimiter_ = ';';
        best = semicolons;
    }
    if (tabs > best) delimiter_ = '\t';
}

void CsvReader::append(char c) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80 || encoding_ != Encoding::windows1252) {
        record_.push_back(c);
    } else {
        const char16_t u = b < 0xA0 ? kCp1252High[b - 0x80] : char16_t(b);
        if (u < 0x800) {
            record_.push_back(static_cast<char>(0xC0 | (u >> 6)));
        } else {
            record_.push_back(static_cast<char>(0xE0 | (u >> 12)));
            record_.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
        }
        record_.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    }
}

void CsvReader::end_field() {
    const std::size_t begin = field_ends_.empty() ? 0 : field_ends_.back();
    // A field has at most as many characters as bytes: count them only when
    // the bytes are over the limit.
    if (long_column_ == 0 && record_.size() - begin > options_.max_field_chars) {
        const std::size_t chars = count_chars(std::string_view(record_).substr(begin));
        if (chars > options_.max_field_chars) {
            long_column_ = current_column();
            long_field_chars_ = chars;
        }
    }
    field_ends_.push_back(record_.size());
    state_ = State::field_start;
    field_only_spaces_ = true;
}

void CsvReader::start_record() {
    record_.clear();
    field_ends_.clear();
    fields_ = record_.data();
    field_gap_ = 0;
    state_ = State::field_start;
    record_line_ = line_;
    record_offset_ = buf_offset_ + pos_;
    record_started_ = false;
    record_ascii_ = false;
    record_quoted_ = false;
    field_only_spaces_ = true;
    nul_column_ = 0;
    long_column_ = 0;
    error_.clear();
    error_column_ = 0;
}

void CsvReader::fail(std::string reason, std::uint32_t column) {
    error_ = std::move(reason);
    error_column_ = column;
    state_ = State::skip_line;
    record_.clear();
    field_ends_.clear();
}

CsvReader::Result CsvReader::unterminated_quote(bool over_record_limit) {
    error_ = "quoted field in column " + std::to_string(quote_column_) + " opened on line " +
             std::to_string(quote_line_) + " is never closed";
    if (over_record_limit) error_ += " (not within " + std::to_string(options_.max_record_bytes) + " bytes)";
    error_column_ = quote_column_;
    record_.clear();
    field_ends_.clear();
    state_ = State::field_start;
    // Everything after the line on which the quote opened is read again as
    // ordinary rows, so one stray quote costs one row, not the rest of the file.
    if (quote_resume_set_) seek(quote_resume_offset_, quote_resume_line_);
    return Result::malformed;
}

// Ends the current record. False when it is blank and skipped.
bool CsvReader::finish_record(Result& out) {
    end_field();
    fields_ = record_.data();
    field_gap_ = 0;
    return complete_record(out);
}

// The checks of a row whose fields are all ended.
bool CsvReader::complete_record(Result& out) {
    bool blank = true;
    for (std::size_t i = 0; i < field_ends_.size() && blank; ++i) blank = is_blank(field(i));
    if (blank) {
        if (field_ends_.size() > 1 || record_quoted_) {
            if (skipped_empty_rows_++ == 0) first_skipped_empty_line_ = record_line_;
        }
        return false;
    }
    out = check_fields() ? Result::row : Result::malformed;
    return true;
}

// False, with the reason, when the record has another number of fields than
// the header or a field that cannot be handed over as it is.
bool CsvReader::check_fields() {
    const std::size_t found = field_ends_.size();
    if (expected_fields_ == 0) {
        expected_fields_ = found;
    } else if (found != expected_fields_) {
        error_ = "expected " + std::to_string(expected_fields_) + " fields as in the header, found " +
                 std::to_string(found);
        error_column_ = static_cast<std::uint32_t>(std::min(found, expected_fields_) + 1);
        return false;
    }
    // Never cut at the NUL, as C strings further on would.
    if (nul_column_ != 0) {
        error_ = "NUL byte (0x00) in column " + std::to_string(nul_column_);
        error_column_ = nul_column_;
        return false;
    }
    if (encoding_ == Encoding::utf8 && !record_ascii_ && !fields_are_utf8()) {
        for (std::size_t i = 0; i < found; ++i) {
            const std::string_view text = field(i);
            std::size_t bad = 0;
            if (is_valid_utf8(text, &bad)) continue;
            const std::size_t position = count_chars(text.substr(0, bad)) + 1;
            error_ = "not valid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(text[bad])) + " at position " +
                     std::to_string(position) + ") in column " + std::to_string(i + 1);
            error_column_ = static_cast<std::uint32_t>(i + 1);
            return false;
        }
    }
    if (long_column_ != 0) {
        error_ = "field in column " + std::to_string(long_column_) + " has " + std::to_string(long_field_chars_) +
                 " characters; at most " + std::to_string(options_.max_field_chars) + " are allowed";
        error_column_ = long_column_;
        return false;
    }
    return true;
}

// The whole record at once, which is faster than field by field: it is
// valid UTF-8 and no field starts with a continuation byte (which would be
// the rest of a character cut by a delimiter).
bool CsvReader::fields_are_utf8() const {
    if (!is_valid_utf8(record_)) return false;
    for (std::size_t i = 1; i < field_ends_.size(); ++i) {
        const std::size_t begin = field_ends_[i - 1];
        if (begin < field_ends_[i] && (static_cast<unsigned char>(record_[begin]) & 0xC0) == 0x80) return false;
    }
    return true;
}

// A line break: LF, or CR LF (the CR is consumed with it).
bool CsvReader::is_line_end(char c) {
    if (c == '\n') return true;
    char n = 0;
    if (c == '\r' && peek(n) && n == '\n') {
        ++pos_;
        return true;
    }
    return false;
}

void CsvReader::open_quote() {
    state_ = State::quoted;
    record_quoted_ = true;
    quote_column_ = current_column();
    quote_line_ = line_;
    quote_resume_set_ = false;
}

// Most lines of a large file are plain: whole in the buffer, ASCII, no
// quotes, no CR but before the LF, no NUL. Such a line is split at its delimiters in one scan,
// without the byte loop's states and a copy per byte; the checks of a row
// (field count, blank rows, long fields) are the same, and ASCII needs no
// UTF-8 check. Any other line is left, unread, to the byte loop.
CsvReader::PlainLine CsvReader::read_plain_line(Result& out) {
    const char* const begin = buf_.data() + pos_;
    const auto* const newline = static_cast<const char*>(std::memchr(begin, '\n', len_ - pos_));
    if (newline == nullptr || static_cast<std::size_t>(newline - begin) > options_.max_record_bytes) return PlainLine::no;
    // CR LF ends a line as LF does (files saved by Excel); a CR elsewhere is left to the byte loop.
    const char* const end = newline != begin && newline[-1] == '\r' ? newline - 1 : newline;
    if (end == begin) return PlainLine::no;  // a blank line
    // The fields are read where they are: field_ends_ holds the delimiters' offsets, then the end.
    const char* field = begin;
    for (const char* p = begin; p != end; ++p) {
        const std::uint8_t kind = plain_byte_[static_cast<unsigned char>(*p)];
        if (kind == 0) continue;
        if (kind == 2) {  // undo, for the byte loop to start the line afresh
            field_ends_.clear();
            long_column_ = 0;
            long_field_chars_ = 0;
            return PlainLine::no;
        }
        // ASCII: a byte is a character.
        if (long_column_ == 0 && static_cast<std::size_t>(p - field) > options_.max_field_chars) {
            long_column_ = current_column();
            long_field_chars_ = static_cast<std::size_t>(p - field);
        }
        field_ends_.push_back(static_cast<std::size_t>(p - begin));
        field = p + 1;
    }
    if (long_column_ == 0 && static_cast<std::size_t>(end - field) > options_.max_field_chars) {
        long_column_ = current_column();
        long_field_chars_ = static_cast<std::size_t>(end - field);
    }
    field_ends_.push_back(static_cast<std::size_t>(end - begin));
    fields_ = begin;
    field_gap_ = 1;
    record_started_ = true;
    record_ascii_ = true;
    pos_ = static_cast<std::size_t>(newline - buf_.data()) + 1;
    ++line_;
    return complete_record(out) ? PlainLine::row : PlainLine::skipped;
}

CsvReader::Result CsvReader::next() {
    start_record();
    Result result = Result::end;
    while (true) {
        if (state_ == State::field_start && !record_started_ && pos_ < len_) {
            const PlainLine plain = read_plain_line(result);
            if (plain == PlainLine::row) return result;
            if (plain == PlainLine::skipped) {
                start_record();
                continue;
            }
        }
        if (pos_ == len_ && !refill()) {
            switch (state_) {
            case State::quoted:
                return unterminated_quote(false);
            case State::skip_line:
                state_ = State::field_start;
                return Result::malformed;
            default:
                if (record_started_ && finish_record(result)) return result;
                return Result::end;
            }
        }
        if (state_ == State::skip_line) {
            // The rest of a malformed line, at memchr speed: it may be huge.
            const void* const found = std::memchr(buf_.data() + pos_, '\n', len_ - pos_);
            if (found == nullptr) {
                pos_ = len_;
                continue;
            }
            pos_ = static_cast<std::size_t>(static_cast<const char*>(found) - buf_.data()) + 1;
            ++line_;
            state_ = State::field_start;
            return Result::malformed;
        }
        if (state_ == State::unquoted || state_ == State::quoted) {
            // Copy a run of ordinary bytes at once: most of a file is such runs.
            const bool* stop = (state_ == State::unquoted ? stop_unquoted_ : stop_quoted_).data();
            std::size_t end = pos_;
            while (end < len_ && !stop[static_cast<unsigned char>(buf_[end])]) ++end;
            if (end != pos_) {
                if (state_ == State::unquoted && field_only_spaces_)
                    field_only_spaces_ = std::all_of(buf_.data() + pos_, buf_.data() + end,
                                                     [](char c) { return c == ' ' || c == '\t'; });
                record_.append(buf_.data() + pos_, end - pos_);
                pos_ = end;
                if (record_too_long() && on_overflow()) return Result::malformed;
                continue;
            }
        }
        const char c = buf_[pos_++];
        if (c == '\0' && nul_column_ == 0) nul_column_ = current_column();
        if (state_ == State::quoted) {
            if (c == '"') {
                state_ = State::quote_in_quoted;
            } else {
                if (c == '\n') {
                    ++line_;
                    if (!quote_resume_set_) {
                        quote_resume_set_ = true;
                        quote_resume_offset_ = buf_offset_ + pos_;
                        quote_resume_line_ = line_;
                    }
                }
                append(c);
            }
        } else if (state_ == State::quote_in_quoted && c == '"') {
            append('"');  // a doubled quote stands for one
            state_ = State::quoted;
        } else if (c == delimiter_) {
            record_started_ = true;
            end_field();
        } else if (is_line_end(c)) {
            ++line_;
            if (record_started_ && finish_record(result)) return result;
            start_record();
        } else {
            switch (state_) {
            case State::field_start:
                record_started_ = true;
                if (c == '"') {
                    open_quote();
                } else {
                    state_ = State::unquoted;
                    field_only_spaces_ = c == ' ' || c == '\t';
                    append(c);
                }
                break;
            case State::unquoted:
                if (c == '"') {
                    if (field_only_spaces_) {
                        // Spaces before an opening quote are tolerated.
                        record_.resize(field_ends_.empty() ? 0 : field_ends_.back());
                        open_quote();
                    } else {
                        fail("stray quote in unquoted field in column " + std::to_string(current_column()) +
                                 " (a field containing quotes must be quoted as a whole, with each quote doubled)",
                             current_column());
                    }
                } else {
                    if (c != ' ' && c != '\t') field_only_spaces_ = false;
                    append(c);
                }
                break;
            case State::quote_in_quoted:
            case State::after_quoted:
                state_ = State::after_quoted;
                if (c != ' ' && c != '\t')
                    fail("unexpected text after the closing quote in column " + std::to_string(current_column()) +
                             " (a quote inside a quoted field must be doubled)",
                         current_column());
                break;
            default:
                break;
            }
        }
        if (state_ != State::skip_line && record_too_long() && on_overflow()) return Result::malformed;
    }
}

// True when the row is to be reported at once (a quote that never closes);
// otherwise the rest of the line is skipped first.
bool CsvReader::on_overflow() {
    if (state_ == State::quoted && quote_resume_set_) {
        unterminated_quote(true);
        return true;
    }
    fail("row longer than " + std::to_string(options_.max_record_bytes) + " bytes", 0);
    return false;
}

}  // namespace esfreport::plugins::csv
