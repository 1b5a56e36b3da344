// A test kit for source plugin authors: a RecordSink that keeps what a plugin
// hands over, so a test can check a plugin's records, rejections and warnings
// without the host. Header-only and free of any test framework.
//
//   esfreport::sdk::testing::RecordingSink sink;
//   MySource plugin;
//   const esfreport::sdk::Status status = plugin.read(request, sink);
//   CHECK(sink.participants().rows.at(0).text[esfreport::sdk::period_start_date] == "2017-03-01");
//
// To run the records through the host's own validation (the rules and
// messages every plugin gets), see docs/mapping.md, "For plugin authors".
#pragma once

#include <esfreport/sdk/source.hpp>

#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace esfreport::sdk::testing {

struct RecordedRow {
    std::uint64_t line = 0;
    std::vector<std::string> text;         // canonical order
    std::vector<std::uint32_t> columns;    // 1-based source column, 0 = absent
    bool operator==(const RecordedRow& o) const { return line == o.line && text == o.text && columns == o.columns; }
};

struct RecordedRejection {
    std::uint64_t line = 0;
    std::uint32_t column = 0;
    std::string column_name;
    std::string reason;
    bool operator==(const RecordedRejection& o) const {
        return line == o.line && column == o.column && column_name == o.column_name && reason == o.reason;
    }
};

inline std::ostream& operator<<(std::ostream& out, const RecordedRejection& r) {
    return out << "line " << r.line << ", column " << r.column << " '" << r.column_name << "': " << r.reason;
}

struct RecordedInput {
    sdk::RecordKind kind{};
    std::string path;                      // a sheet's: "<workbook>!<sheet>"
    std::vector<RecordedRow> rows;
    std::vector<RecordedRejection> rejections;
    std::uint64_t record_count = 0;
    bool ended = false;
    std::string sheet;                     // begun with begin_sheet(): the sheet; else empty
};

class RecordingSink : public sdk::RecordSink {
public:
    // Large files: count the records, keep only the first and the last.
    bool keep_rows = true;

    std::vector<RecordedInput> inputs;
    std::vector<std::string> warnings;
    std::vector<std::pair<std::string, std::int64_t>> aggregates;

    void begin_input(sdk::RecordKind kind, std::string_view path) noexcept override {
        inputs.push_back({kind, std::string(path), {}, {}, 0, false, {}});
    }
    void begin_sheet(sdk::RecordKind kind, std::string_view workbook, std::string_view sheet) noexcept override {
        inputs.push_back({kind, sdk::sheet_input_name(workbook, sheet), {}, {}, 0, false, std::string(sheet)});
    }
    void record(std::uint64_t line, const sdk::Field* fields, std::size_t count) noexcept override {
        RecordedInput& in = inputs.back();
        ++in.record_count;
        RecordedRow row;
        row.line = line;
        for (std::size_t i = 0; i < count; ++i) {
            row.text.emplace_back(fields[i].text);
            row.columns.push_back(fields[i].column);
        }
        if (keep_rows || in.rows.size() < 2)
            in.rows.push_back(std::move(row));
        else
            in.rows.back() = std::move(row);
    }
    void reject(std::uint64_t line, std::uint32_t column, std::string_view column_name,
                std::string_view reason) noexcept override {
        inputs.back().rejections.push_back({line, column, std::string(column_name), std::string(reason)});
    }
    void end_input() noexcept override { inputs.back().ended = true; }
    void aggregate(std::string_view key, std::int64_t value) noexcept override {
        aggregates.emplace_back(std::string(key), value);
    }
    void warning(std::string_view message) noexcept override { warnings.emplace_back(message); }

    const RecordedInput& input(sdk::RecordKind kind) const {
        for (const RecordedInput& in : inputs)
            if (in.kind == kind) return in;
        throw std::out_of_range("no input of kind " + std::to_string(static_cast<int>(kind)));
    }
    const RecordedInput& participants() const { return input(sdk::RecordKind::participant_period); }
};

}  // namespace esfreport::sdk::testing
