#include "csv_source.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <system_error>
#include <vector>

namespace esfreport::plugins::csv {

namespace {

namespace fs = std::filesystem;
using sdk::RecordKind;

constexpr std::size_t kMaxFields = sdk::kaa_field_count;
constexpr std::size_t kMaxIgnoredColumnWarnings = 10;
static_assert(sdk::period_field_count <= kMaxFields && sdk::assessment_field_count <= kMaxFields &&
                  sdk::attendance_field_count <= kMaxFields && sdk::hours_field_count <= kMaxFields,
              "the field array must hold a record of every kind");

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// One CSV file of the source, read row by row. The warning that it is read
// as Windows-1252 is given when the reader settles the encoding, which may be
// after many rows of ASCII.
class SourceFile {
public:
    SourceFile(const fs::path& path, const CsvReaderOptions& options)
        : reader_(path, options), name_(path.string()), encoding_to_tell_(options.encoding == Encoding::detect) {}

    CsvReader::Result next(sdk::RecordSink& sink) {
        const CsvReader::Result result = reader_.next();
        if (encoding_to_tell_ && reader_.encoding_settled()) {
            encoding_to_tell_ = false;
            if (reader_.encoding() == Encoding::windows1252)
                sink.warning(name_ + ": not UTF-8 (" + reader_.why_windows1252() + "); read as Windows-1252");
        }
        return result;
    }
    const CsvReader& reader() const { return reader_; }
    const std::string& name() const { return name_; }

private:
    CsvReader reader_;
    std::string name_;
    bool encoding_to_tell_;
};

// The header of one file mapped onto a list of wanted columns.
struct HeaderMap {
    std::vector<std::string> names;        // as written in the file, trimmed
    std::vector<std::uint32_t> column_of;  // per wanted column: 1-based source column, 0 if absent

    std::string_view name_of(std::uint32_t column) const {
        return column >= 1 && column <= names.size() ? std::string_view(names[column - 1]) : std::string_view();
    }
};

// Reads the header row and maps it onto `wanted`; `field_of` gives the index
// into `wanted` for a header name, or -1; `check_mapped` sees the result
// first (the configuration's headers must be there). Throws
// sdk::SourceUnreadable when the header is missing or malformed, names a
// column twice, or lacks a required column.
template <class FieldOf, class CheckMapped>
HeaderMap read_header(SourceFile& source_file, const sdk::ColumnSpec* wanted, std::size_t wanted_count,
                      FieldOf field_of, CheckMapped check_mapped, sdk::RecordSink& sink) {
    const CsvReader& reader = source_file.reader();
    const std::string& file = source_file.name();
    const CsvReader::Result r = source_file.next(sink);
    if (r == CsvReader::Result::end) throw sdk::SourceUnreadable(file + ": the file is empty; expected a header line");
    if (r == CsvReader::Result::malformed)
        throw sdk::SourceUnreadable(file + ", line " + std::to_string(reader.line()) + ": header: " + reader.error());

    HeaderMap map;
    map.column_of.assign(wanted_count, 0);
    std::size_t ignored = 0;
    for (std::size_t i = 0; i < reader.field_count(); ++i) {
        const auto column = static_cast<std::uint32_t>(i + 1);
        map.names.emplace_back(trim(reader.field(i)));
        const std::string& name = map.names.back();
        const int field = name.empty() ? -1 : field_of(name);
        if (field < 0) {
            // One warning per column up to a point: a header of a million
            // empty cells must not flood the log.
            if (++ignored <= kMaxIgnoredColumnWarnings)
                sink.warning(file + ": column " + std::to_string(column) + " " +
                             (name.empty() ? "has no name" : in_quotes(name) + " is not used") + "; ignored");
            continue;
        }
        std::uint32_t& slot = map.column_of[static_cast<std::size_t>(field)];
        if (slot != 0)
            throw sdk::SourceUnreadable(file + ": columns " + std::to_string(slot) + " " + in_quotes(map.names[slot - 1]) +
                                        " and " + std::to_string(column) + " " + in_quotes(name) + " both stand for " +
                                        in_quotes(wanted[field].name));
        slot = column;
    }
    if (ignored > kMaxIgnoredColumnWarnings)
        sink.warning(file + ": " + std::to_string(ignored - kMaxIgnoredColumnWarnings) +
                     " more columns without a name or not used; ignored");
    check_mapped(map.column_of.data());
    for (std::size_t k = 0; k < wanted_count; ++k)
        if (wanted[k].required && map.column_of[k] == 0)
            throw sdk::SourceUnreadable(file + ": missing required column " + in_quotes(wanted[k].name));
    return map;
}

void warn_empty_rows(const CsvReader& reader, const std::string& file, sdk::RecordSink& sink) {
    if (reader.skipped_empty_rows() == 0) return;
    sink.warning(file + ": " + std::to_string(reader.skipped_empty_rows()) +
                 " row(s) with only empty fields skipped (the first on line " +
                 std::to_string(reader.first_skipped_empty_row_line()) + ")");
}

bool parse_count(std::string_view text, std::int64_t& value) {
    if (text.empty() || text.size() > 18) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

}  // namespace

CsvReaderOptions reader_options(const sdk::SourceRequest& request) {
    CsvReaderOptions options;
    const std::string delimiter = lower_ascii(request.option("delimiter", "auto"));
    if (delimiter == "auto")
        options.delimiter = 0;
    else if (delimiter == "," || delimiter == ";")
        options.delimiter = delimiter[0];
    else if (delimiter == "tab" || delimiter == "\t")
        options.delimiter = '\t';
    else
        throw sdk::BadOption("csv: option delimiter = " + in_quotes(delimiter) + " is not one of auto, ',', ';', tab");

    const std::string encoding = lower_ascii(request.option("encoding", "auto"));
    if (encoding == "auto")
        options.encoding = Encoding::detect;
    else if (encoding == "utf-8" || encoding == "utf8")
        options.encoding = Encoding::utf8;
    else if (encoding == "windows-1252" || encoding == "cp1252")
        options.encoding = Encoding::windows1252;
    else
        throw sdk::BadOption("csv: option encoding = " + in_quotes(encoding) +
                             " is not one of auto, utf-8, windows-1252");
    return options;
}

void CsvSource::do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) {
    const CsvReaderOptions options = reader_options(request);
    const fs::path folder = fs::absolute(fs::path(std::string(request.source))).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw sdk::SourceUnreadable(folder.string() + ": no such folder (the csv plugin reads a folder of CSV files)");

    // A name that is there only as a dangling link is read (and reported as
    // such), not passed over as an absent optional file.
    const auto present = [&ec](const fs::path& file) { return fs::exists(fs::symlink_status(file, ec)); };
    const fs::path participants = folder / sdk::schema_of(RecordKind::participant_period).default_file;
    if (!present(participants))
        throw sdk::SourceUnreadable(participants.string() + ": file not found (participants.csv is required)");

    try {
        // Participant periods first: assessments, attendance and hours refer
        // to them. The KAA register (kaa.csv) stands on its own.
        for (RecordKind kind : {RecordKind::participant_period, RecordKind::assessment, RecordKind::attendance,
                                RecordKind::hours, RecordKind::kaa}) {
            const fs::path file = folder / sdk::schema_of(kind).default_file;
            if (kind == RecordKind::participant_period || present(file)) read_records(request, kind, file, options, sink);
        }
        const fs::path aggregates = folder / kAggregatesFile;
        if (present(aggregates)) read_aggregates(aggregates, options, sink);
    } catch (const CsvOpenError& e) {
        throw sdk::SourceUnreadable(e.what());
    }
}

void CsvSource::read_records(const sdk::SourceRequest& request, RecordKind kind, const fs::path& path,
                             const CsvReaderOptions& options, sdk::RecordSink& sink) {
    SourceFile source_file(path, options);
    const CsvReader& reader = source_file.reader();
    sink.begin_input(kind, source_file.name());

    const sdk::Schema schema = sdk::schema_of(kind);
    const sdk::HeaderMatcher matcher(request, kind);
    const HeaderMap header = read_header(
        source_file, schema.columns, schema.count, [&matcher](std::string_view name) { return matcher.field_of(name); },
        [&](const std::uint32_t* column_of) { matcher.check_mapped(column_of, source_file.name()); }, sink);

    std::array<sdk::Field, kMaxFields> fields{};
    for (std::size_t k = 0; k < schema.count; ++k) fields[k].column = header.column_of[k];
    while (true) {
        const CsvReader::Result r = source_file.next(sink);
        if (r == CsvReader::Result::end) break;
        if (r == CsvReader::Result::malformed) {
            sink.reject(reader.line(), reader.error_column(), header.name_of(reader.error_column()), reader.error());
            continue;
        }
        for (std::size_t k = 0; k < schema.count; ++k)
            fields[k].text = fields[k].column == 0 ? std::string_view() : trim(reader.field(fields[k].column - 1));
        sink.record(reader.line(), fields.data(), schema.count);
    }
    warn_empty_rows(reader, source_file.name(), sink);
    sink.end_input();
}

// aggregates.csv: `key,value` rows of whole numbers, e.g. other_affected,47.
// There is no record kind for it, so a bad row stops the run with its line
// instead of being rejected.
void CsvSource::read_aggregates(const fs::path& path, const CsvReaderOptions& options, sdk::RecordSink& sink) {
    static constexpr sdk::ColumnSpec kColumns[] = {{"key", true}, {"value", true}};
    SourceFile source_file(path, options);
    const CsvReader& reader = source_file.reader();
    const std::string& file = source_file.name();
    const HeaderMap header = read_header(
        source_file, kColumns, 2,
        [](std::string_view header_name) {
            const std::string name = sdk::normalize_header(header_name);
            if (name == "key" || name == "nyckel") return 0;
            if (name == "value" || name == "värde") return 1;
            return -1;
        },
        [](const std::uint32_t*) {}, sink);

    std::map<std::string, std::uint64_t> seen;  // key -> line; a handful of keys
    while (true) {
        const CsvReader::Result r = source_file.next(sink);
        if (r == CsvReader::Result::end) break;
        const std::string where = file + ", line " + std::to_string(reader.line());
        if (r == CsvReader::Result::malformed) throw sdk::SourceUnreadable(where + ": " + reader.error());
        const std::string_view key = trim(reader.field(header.column_of[0] - 1));
        const std::string_view text = trim(reader.field(header.column_of[1] - 1));
        if (key.empty()) throw sdk::SourceUnreadable(where + ": the key is empty");
        std::int64_t value = 0;
        if (!parse_count(text, value))
            throw sdk::SourceUnreadable(where + ": value " + in_quotes(text) + " of " + in_quotes(key) +
                                        " is not a whole number of 0 or more");
        const auto [it, inserted] = seen.emplace(std::string(key), reader.line());
        if (!inserted)
            throw sdk::SourceUnreadable(where + ": " + in_quotes(key) + " is given again (first on line " +
                                        std::to_string(it->second) + ")");
        sink.aggregate(key, value);
    }
    warn_empty_rows(reader, file, sink);
}

}  // namespace esfreport::plugins::csv
