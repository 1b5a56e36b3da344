#include "csv_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

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

std::string open_error(const std::filesystem::path& path) {
    return path.string() + ": cannot open: " + std::strerror(errno);
}

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::string hex_byte(unsigned char b) {
    static const char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[b >> 4] + digits[b & 0xF];
}

}  // namespace

bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset) {
    Utf8Validator v;
    std::size_t lead = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (!v.in_sequence()) {
            if (static_cast<unsigned char>(bytes[i]) < 0x80) continue;
            lead = i;
        }
        if (!v.feed(static_cast<unsigned char>(bytes[i]))) {
            if (bad_offset) *bad_offset = v.in_sequence() ? lead : i;
            return false;
        }
    }
    if (v.in_sequence()) {
        if (bad_offset) *bad_offset = lead;
        return false;
    }
    return true;
}

Utf8Check check_utf8_file(const std::filesystem::path& path, std::size_t block_size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CsvOpenError(open_error(path));
    std::vector<char> buf(std::max<std::size_t>(block_size, 64));
    Utf8Validator v;
    std::uint64_t offset = 0;       // of buf[0] in the file
    std::uint64_t lead_offset = 0;  // of the first byte of the current sequence
    std::uint64_t bad_offset = 0;
    bool valid = true;
    while (valid && in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const std::size_t n = static_cast<std::size_t>(in.gcount());
        if (in.bad()) throw CsvOpenError(path.string() + ": read error");
        const char* const data = buf.data();
        std::size_t i = 0;
        while (i < n) {
            if (!v.in_sequence()) {
                // Skip ASCII eight bytes at a time: the common case.
                std::uint64_t word = 0;
                while (i + 8 <= n && (std::memcpy(&word, data + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
                while (i < n && static_cast<unsigned char>(data[i]) < 0x80) ++i;
                if (i == n) break;
                lead_offset = offset + i;
            }
            if (!v.feed(static_cast<unsigned char>(data[i]))) {
                bad_offset = v.in_sequence() ? lead_offset : offset + i;
                valid = false;
                break;
            }
            ++i;
        }
        offset += n;
    }
    if (valid && v.in_sequence()) {
        bad_offset = lead_offset;
        valid = false;
    }
    Utf8Check result;
    if (valid) return result;

    // Rare: find the line and the byte for the log by reading up to it again.
    result.valid = false;
    result.line = 1;
    in.clear();
    in.seekg(0);
    std::uint64_t left = bad_offset;
    while (left > 0 && in) {
        in.read(buf.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size())));
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        result.line += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + n, '\n'));
        left -= n;
    }
    char bad = 0;
    in.get(bad);
    result.first_bad = static_cast<unsigned char>(bad);
    return result;
}

CsvReader::CsvReader(const std::filesystem::path& path, CsvReaderOptions options)
    : path_(path), options_(options) {
    options_.block_size = std::max<std::size_t>(options_.block_size, 64);
    options_.max_record_bytes = std::max<std::size_t>(options_.max_record_bytes, 16);
    in_.open(path, std::ios::binary);
    if (!in_) throw CsvOpenError(open_error(path));

    encoding_ = options_.encoding;
    if (encoding_ == Encoding::detect) {
        utf8_check_ = check_utf8_file(path, options_.block_size);
        encoding_ = utf8_check_.valid ? Encoding::utf8 : Encoding::windows1252;
    }

    buf_.resize(options_.block_size);
    refill();
    // A byte order mark is dropped whatever the encoding: as Windows-1252 it
    // would read "ï»¿", which is never meant as the start of a header.
    if (len_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
        static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF) {
        pos_ = 3;
        had_bom_ = true;
    }
    delimiter_ = options_.delimiter;
    if (delimiter_ == '"' || delimiter_ == '\n' || delimiter_ == '\r')
        throw std::invalid_argument("a CSV delimiter cannot be a quote or a line break");
    if (delimiter_ == 0) detect_delimiter();
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        const bool convert = encoding_ == Encoding::windows1252 && b >= 0x80;
        stop_quoted_[b] = c == '"' || c == '\n' || convert;
        stop_unquoted_[b] = stop_quoted_[b] || c == delimiter_ || c == '\r';
    }
    start_record();
}

bool CsvReader::refill() {
    if (at_eof_) return false;
    buf_offset_ += len_;
    pos_ = 0;
    len_ = 0;
    if (in_) {
        in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        len_ = static_cast<std::size_t>(in_.gcount());
        if (in_.bad()) throw CsvOpenError(path_.string() + ": read error");
    }
    if (len_ == 0) at_eof_ = true;
    return len_ != 0;
}

bool CsvReader::peek(char& c) {
    if (pos_ == len_ && !refill()) return false;
    c = buf_[pos_];
    return true;
}

void CsvReader::seek(std::uint64_t offset, std::uint64_t line) {
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    if (!in_) throw CsvOpenError(path_.string() + ": cannot seek");
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
    if (record_.size() > options_.max_record_bytes) overflow_ = true;
}

void CsvReader::end_field() {
    field_ends_.push_back(record_.size());
    state_ = State::field_start;
    field_only_spaces_ = true;
}

void CsvReader::start_record() {
    record_.clear();
    field_ends_.clear();
    state_ = State::field_start;
    record_line_ = line_;
    record_started_ = false;
    record_quoted_ = false;
    field_only_spaces_ = true;
    overflow_ = false;
    error_.clear();
    error_column_ = 0;
}

void CsvReader::fail(std::string reason, std::uint32_t column) {
    error_ = std::move(reason);
    error_column_ = column;
    state_ = State::skip_line;
    overflow_ = false;
    record_.clear();
    field_ends_.clear();
}

CsvReader::Result CsvReader::unterminated_quote() {
    error_ = "quoted field in column " + std::to_string(quote_column_) + " opened on line " +
             std::to_string(quote_line_) + " is never closed";
    if (overflow_) error_ += " (not within " + std::to_string(options_.max_record_bytes) + " bytes)";
    error_column_ = quote_column_;
    record_.clear();
    field_ends_.clear();
    overflow_ = false;
    state_ = State::field_start;
    // Everything after the line on which the quote opened is read again as
    // ordinary rows, so one stray quote costs one row, not the rest of the file.
    if (quote_resume_set_) seek(quote_resume_offset_, quote_resume_line_);
    return Result::malformed;
}

// Ends the current record. False when it is blank and skipped.
bool CsvReader::finish_record(Result& out) {
    end_field();
    bool blank = true;
    for (std::size_t i = 0; i < field_ends_.size() && blank; ++i) blank = is_blank(field(i));
    if (blank) {
        if (field_ends_.size() > 1 || record_quoted_) {
            if (skipped_empty_rows_++ == 0) first_skipped_empty_line_ = record_line_;
        }
        return false;
    }
    if (options_.encoding == Encoding::utf8) {
        std::size_t bad = 0;
        if (!is_valid_utf8(record_, &bad)) {
            const std::size_t column =
                std::upper_bound(field_ends_.begin(), field_ends_.end(), bad) - field_ends_.begin() + 1;
            error_ = "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(record_[bad])) +
                     ") in column " + std::to_string(column) + "; the file is read as UTF-8 as the encoding option says";
            error_column_ = static_cast<std::uint32_t>(column);
            out = Result::malformed;
            return true;
        }
    }
    const std::size_t found = field_ends_.size();
    if (expected_fields_ == 0) {
        expected_fields_ = found;
    } else if (found != expected_fields_) {
        error_ = "expected " + std::to_string(expected_fields_) + " fields as in the header, found " +
                 std::to_string(found);
        error_column_ = static_cast<std::uint32_t>(std::min(found, expected_fields_) + 1);
        out = Result::malformed;
        return true;
    }
    out = Result::row;
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

CsvReader::Result CsvReader::next() {
    start_record();
    Result result = Result::end;
    while (true) {
        if (pos_ == len_ && !refill()) {
            switch (state_) {
            case State::quoted:
                return unterminated_quote();
            case State::skip_line:
                state_ = State::field_start;
                return Result::malformed;
            default:
                if (record_started_ && finish_record(result)) return result;
                return Result::end;
            }
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
                if (record_.size() > options_.max_record_bytes) overflow_ = true;
                if (overflow_ && on_overflow()) return Result::malformed;
                continue;
            }
        }
        const char c = buf_[pos_++];
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
        } else if (state_ == State::skip_line) {
            if (c == '\n') {
                ++line_;
                state_ = State::field_start;
                return Result::malformed;
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
        if (overflow_ && on_overflow()) return Result::malformed;
    }
}

// True when the row is to be reported at once (a quote that never closes);
// otherwise the rest of the line is skipped first.
bool CsvReader::on_overflow() {
    if (state_ == State::quoted && quote_resume_set_) {
        unterminated_quote();
        return true;
    }
    fail("row longer than " + std::to_string(options_.max_record_bytes) + " bytes", 0);
    return false;
}

}  // namespace esfreport::plugins::csv
