#include "tsv_source.hpp"

#include <esfreport/sdk/columns.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace tsv_plugin {
namespace {

namespace fs = std::filesystem;
namespace sdk = esfreport::sdk;

// Participants first: the host checks the other kinds against them.
constexpr sdk::RecordKind kReadOrder[] = {sdk::RecordKind::participant_period, sdk::RecordKind::assessment,
                                          sdk::RecordKind::attendance, sdk::RecordKind::hours, sdk::RecordKind::kaa};

// A line cut at tabs; the views point into `line`.
std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) return fields;
        start = tab + 1;
    }
}

// One line without its line ending (LF or CRLF); false at the end of the file.
bool next_line(std::istream& in, std::string& line) {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

void read_file(const sdk::SourceRequest& request, sdk::RecordKind kind, const fs::path& path, sdk::RecordSink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw sdk::SourceUnreadable(path.string() + ": cannot be opened");
    const sdk::Schema schema = sdk::schema_of(kind);
    sink.begin_input(kind, path.string());

    std::string line;
    if (!next_line(in, line)) throw sdk::SourceUnreadable(path.string() + ": empty; expected a header line");
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 byte order mark
    // The header: which field each column holds (-1: not used).
    const sdk::HeaderMatcher matcher(request, kind);
    const std::vector<std::string_view> header = split_tabs(line);
    std::vector<int> field_of_column;
    std::array<std::uint32_t, sdk::kaa_field_count> column_of{};
    for (std::size_t c = 0; c < header.size(); ++c) {
        const int field = matcher.field_of(header[c]);
        const auto column = static_cast<std::uint32_t>(c + 1);
        if (field >= 0 && column_of[static_cast<std::size_t>(field)] != 0)
            throw sdk::SourceUnreadable(path.string() + ": columns " + std::to_string(column_of[field]) + " and " +
                                        std::to_string(column) + " both stand for '" +
                                        std::string(schema.columns[field].name) + "'");
        if (field >= 0) column_of[static_cast<std::size_t>(field)] = column;
        else if (!header[c].empty())
            sink.warning(path.string() + ": column " + std::to_string(column) + " '" + std::string(header[c]) +
                         "' is not used; ignored");
        field_of_column.push_back(field);
    }
    matcher.check_mapped(column_of.data(), path.string());
    for (std::size_t k = 0; k < schema.count; ++k)
        if (schema.columns[k].required && column_of[k] == 0)
            throw sdk::SourceUnreadable(path.string() + ": no column '" + std::string(schema.columns[k].name) +
                                        "' in the header");

    // The rows: every line is a record or a rejection; blank lines are skipped.
    std::array<sdk::Field, sdk::kaa_field_count> fields{};
    for (std::size_t k = 0; k < schema.count; ++k) fields[k].column = column_of[k];
    for (std::uint64_t number = 2; next_line(in, line); ++number) {
        if (line.empty()) continue;
        const std::vector<std::string_view> cells = split_tabs(line);
        if (cells.size() != header.size()) {
            sink.reject(number, 0, "",
                        "expected " + std::to_string(header.size()) + " fields as in the header, found " +
                            std::to_string(cells.size()));
            continue;
        }
        for (std::size_t k = 0; k < schema.count; ++k) fields[k].text = {};
        for (std::size_t c = 0; c < cells.size(); ++c)
            if (field_of_column[c] >= 0) fields[static_cast<std::size_t>(field_of_column[c])].text = cells[c];
        sink.record(number, fields.data(), schema.count);
    }
    if (in.bad()) throw sdk::SourceUnreadable(path.string() + ": read error");
    sink.end_input();
}

}  // namespace

void TsvSource::do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) {
    const fs::path folder(std::string(request.source));
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw sdk::SourceUnreadable(folder.string() + ": not a folder");
    const std::string extension = "." + std::string(request.option("extension", "tsv"));
    for (const sdk::RecordKind kind : kReadOrder) {
        // participants.csv -> participants.tsv
        const fs::path path = folder / fs::path(std::string(sdk::schema_of(kind).default_file)).replace_extension(extension);
        if (!fs::exists(path, ec)) {
            if (kind == sdk::RecordKind::participant_period)
                throw sdk::SourceUnreadable(path.string() + ": no such file (participants are required)");
            continue;
        }
        read_file(request, kind, path, sink);
    }
}

}  // namespace tsv_plugin
