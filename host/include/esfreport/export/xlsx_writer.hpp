// XLSX rendering of a ReportDocument (libxlsxwriter). Files are written to a
// temporary name next to the target and renamed into place, so a reader
// never sees a half-written workbook.
#pragma once

#include "esfreport/export/report_table.hpp"

#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace esfreport {

// One sheet per table plus the about sheet, styled, with number formats,
// frozen header rows, autofilter and print setup. Deterministic: the same
// document gives the same bytes. Throws std::runtime_error naming the file.
void write_report_xlsx(const ReportDocument& document, const std::filesystem::path& path);

struct XlsxProperties {
    std::string title;
    std::string author;
    std::string subject;
    std::string company;
    std::time_t created = 0;  // set it for deterministic output
};

// A column of a streamed sheet. `width` 0 fits the label.
struct XlsxStreamColumn {
    std::string label;
    bool numeric = true;
    double width = 0;
};

// Large sheets (e.g. one row per participant and month) written row by row
// in constant-memory mode: rows must come in order, cells cannot be revisited.
// A writer that is destroyed without close() leaves no file behind.
class XlsxStreamWriter {
public:
    XlsxStreamWriter();
    ~XlsxStreamWriter();
    XlsxStreamWriter(const XlsxStreamWriter&) = delete;
    XlsxStreamWriter& operator=(const XlsxStreamWriter&) = delete;

    void open(const std::filesystem::path& path, const XlsxProperties& properties);
    // Starts a sheet with a styled header row, frozen below it; the previous
    // sheet is finished (autofilter over its rows).
    void add_sheet(const std::string& name, const std::vector<XlsxStreamColumn>& columns);
    void write_row(const std::vector<Cell>& cells, RowStyle style = RowStyle::normal);
    // Writes the workbook and renames it into place.
    void close();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace esfreport
