// Fuzz target "csv": the csv plugin on one file of any content.
//
// Input: byte 0 chooses the file and the plugin options, the rest is the file.
//   bits 0-2  the file: participants, assessments, attendance, hours, kaa, aggregates (mod 6)
//   bits 3-4  option delimiter: auto, ',', ';', tab
//   bits 5-6  option encoding: auto, utf-8, windows-1252, auto
// The plugin reads the file (header mapping, records, rejections) through its
// SDK interface; every record must have the schema's field count, trimmed and
// valid UTF-8 fields, and increasing lines. Then the reader alone reads it
// twice, with 64-byte and with 64 KiB blocks and a short record limit: the
// rows and errors must not depend on where the blocks end.
#include "fuzz_support.hpp"

#include "csv_reader.hpp"
#include "csv_source.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace esfreport;
using namespace esfreport::plugins::csv;
namespace fs = std::filesystem;

constexpr std::string_view kHeaderOnlyParticipants = "person_id,start_date\n";

bool is_trimmed(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    return s.empty() || (!space(s.front()) && !space(s.back()));
}

// Checks what the plugin hands the host.
class CheckingSink : public sdk::RecordSink {
public:
    void begin_input(sdk::RecordKind kind, std::string_view) noexcept override {
        FUZZ_CHECK(!in_input_, "begin_input inside an input");
        in_input_ = true;
        kind_ = kind;
        last_line_ = 0;
    }
    void record(std::uint64_t line, const sdk::Field* fields, std::size_t count) noexcept override {
        FUZZ_CHECK(in_input_, "record outside an input");
        FUZZ_CHECK(count == sdk::schema_of(kind_).count, "field count " + std::to_string(count));
        next_line(line);
        for (std::size_t k = 0; k < count; ++k) {
            FUZZ_CHECK(is_trimmed(fields[k].text), "field " + std::to_string(k) + " not trimmed");
            FUZZ_CHECK(is_valid_utf8(fields[k].text), "field " + std::to_string(k) + " is not UTF-8");
            FUZZ_CHECK(fields[k].column != 0 || fields[k].text.empty(), "text in a field without a column");
            FUZZ_CHECK(!sdk::schema_of(kind_).columns[k].required || fields[k].column != 0,
                       "required field " + std::to_string(k) + " has no column");
        }
    }
    void reject(std::uint64_t line, std::uint32_t, std::string_view, std::string_view reason) noexcept override {
        FUZZ_CHECK(in_input_, "reject outside an input");
        FUZZ_CHECK(!reason.empty(), "a rejection without a reason");
        next_line(line);
    }
    void end_input() noexcept override {
        FUZZ_CHECK(in_input_, "end_input without begin_input");
        in_input_ = false;
    }
    void aggregate(std::string_view key, std::int64_t value) noexcept override {
        FUZZ_CHECK(!key.empty() && value >= 0, "aggregate " + std::string(key));
    }
    void warning(std::string_view message) noexcept override { FUZZ_CHECK(!message.empty(), "empty warning"); }

private:
    // Each row of a file starts on a later line than the one before, and after the header.
    void next_line(std::uint64_t line) {
        FUZZ_CHECK(line > last_line_ && line >= 2, "line " + std::to_string(line) + " after " + std::to_string(last_line_));
        last_line_ = line;
    }

    bool in_input_ = false;
    sdk::RecordKind kind_ = sdk::RecordKind::participant_period;
    std::uint64_t last_line_ = 0;
};

void read_with_plugin(std::uint8_t control, std::string_view file_bytes) {
    static const std::array<std::string_view, 6> kFiles = {"participants.csv", "assessments.csv", "attendance.csv",
                                                           "hours.csv",        "kaa.csv",         kAggregatesFile};
    static const std::array<std::string_view, 4> kDelimiters = {"auto", ",", ";", "tab"};
    static const std::array<std::string_view, 4> kEncodings = {"auto", "utf-8", "windows-1252", "auto"};
    const std::string_view file = kFiles[(control & 7u) % kFiles.size()];
    const sdk::Option options[] = {{"delimiter", kDelimiters[(control >> 3) & 3u]},
                                   {"encoding", kEncodings[(control >> 5) & 3u]}};

    const fs::path folder = fuzz::scratch_dir() / "csv";
    // participants.csv is required; the other files are optional, so only the
    // fuzzed one is there (a file left from the previous input would make runs
    // irreproducible).
    fuzz::write_scratch_file("csv/participants.csv", file == "participants.csv" ? file_bytes : kHeaderOnlyParticipants);
    if (file != "participants.csv") fuzz::write_scratch_file(fs::path("csv") / file, file_bytes);

    const std::string source = folder.string();
    sdk::SourceRequest request;
    request.subproject_id = "fuzz";
    request.source = source;
    request.options = options;
    request.option_count = 2;
    CheckingSink sink;
    CsvSource plugin;
    const sdk::Status status = static_cast<sdk::SourcePlugin&>(plugin).read(request, sink);
    // A file the plugin cannot use is source_unreadable; plugin_error would be
    // an exception nobody meant to throw.
    FUZZ_CHECK(status.code == sdk::StatusCode::ok || status.code == sdk::StatusCode::source_unreadable,
               "status " + std::to_string(static_cast<unsigned>(status.code)) + ": " + status.message);
    FUZZ_CHECK(status.is_ok() || !status.message.empty(), "an error without a message");

    if (file != "participants.csv") fs::remove(folder / file);
}

struct Row {
    CsvReader::Result result;
    std::uint64_t line;
    std::vector<std::string> fields;
    std::string error;
    std::uint32_t error_column;
    bool operator==(const Row& o) const {
        return result == o.result && line == o.line && fields == o.fields && error == o.error &&
               error_column == o.error_column;
    }
};

std::vector<Row> read_all(const fs::path& path, CsvReaderOptions options) {
    CsvReader reader(path, options);
    std::vector<Row> rows;
    std::size_t header_fields = 0;
    for (CsvReader::Result r; (r = reader.next()) != CsvReader::Result::end;) {
        Row row{r, reader.line(), {}, reader.error(), reader.error_column()};
        FUZZ_CHECK(rows.empty() || row.line > rows.back().line, "line " + std::to_string(row.line) + " not after " +
                                                                     std::to_string(rows.back().line));
        if (r == CsvReader::Result::row) {
            FUZZ_CHECK(header_fields == 0 || reader.field_count() == header_fields,
                       std::to_string(reader.field_count()) + " fields, the header has " + std::to_string(header_fields));
            if (header_fields == 0) header_fields = reader.field_count();
            for (std::size_t i = 0; i < reader.field_count(); ++i) {
                FUZZ_CHECK(is_valid_utf8(reader.field(i)), "field " + std::to_string(i) + " is not UTF-8");
                row.fields.emplace_back(reader.field(i));
            }
        } else {
            FUZZ_CHECK(!row.error.empty(), "a malformed row without a reason");
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

void compare_block_sizes(std::uint8_t control, const fs::path& path) {
    CsvReaderOptions options;
    options.encoding = static_cast<Encoding>(((control >> 5) & 3u) % 3);
    options.max_record_bytes = 48;
    options.block_size = std::size_t{1} << 16;
    // The delimiter is detected from the first block only, so both readers get
    // the one the large block finds. A file the reader refuses as a whole (a
    // UTF-16 byte order mark, ...) throws CsvOpenError, its documented way;
    // the plugin path above turns that into "source unreadable".
    try {
        options.delimiter = CsvReader(path, options).delimiter();
    } catch (const CsvOpenError&) {
        return;
    }
    const std::vector<Row> large = read_all(path, options);
    options.block_size = 64;
    const std::vector<Row> small = read_all(path, options);
    FUZZ_CHECK(large.size() == small.size(),
               std::to_string(large.size()) + " rows with 64 KiB blocks, " + std::to_string(small.size()) + " with 64 bytes");
    for (std::size_t i = 0; i < large.size(); ++i)
        FUZZ_CHECK(large[i] == small[i], "row " + std::to_string(i) + " (line " + std::to_string(large[i].line) +
                                             ") differs between 64 KiB and 64-byte blocks");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t control = data[0];
    const std::string_view file_bytes = fuzz::as_text(data + 1, size - 1);
    read_with_plugin(control, file_bytes);
    compare_block_sizes(control, fuzz::write_scratch_file("reader.csv", file_bytes));
    return 0;
}
