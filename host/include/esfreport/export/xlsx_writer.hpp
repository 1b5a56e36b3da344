// XLSX rendering of a ReportDocument (libxlsxwriter). The writers write to
// the path they are given (a file the output set staged, with its mode) and
// do no temporary-file or mode work of their own; libxlsxwriter's scratch
// files go to that path's folder, not to a shared /tmp.
#pragma once

#include "esfreport/export/report_table.hpp"

#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace esfreport {

// Excel keeps at most 32,767 characters in a cell (counted in UTF-16 units,
// as Excel does); a longer value is an error, never cut short or dropped.
inline constexpr std::size_t kXlsxMaxCellChars = 32767;
// Throws std::runtime_error "cannot write FILE: sheet "S", column "C", row N:
// a value of X characters is longer than ..." when `text` does not fit.
void check_xlsx_cell_length(const std::string& text, const std::filesystem::path& path, const std::string& sheet,
                            const std::string& column, std::size_t row);

// One sheet per table plus the about sheet, styled, with number formats,
// frozen header rows, autofilter and print setup. Deterministic: the same
// document gives the same bytes. Throws std::runtime_error naming the file
// (and the sheet and column of a text cell longer than kXlsxMaxCellChars).
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
// A text cell longer than kXlsxMaxCellChars is an error naming sheet and column.
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
    // Writes the workbook to the path given to open().
    void close();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace esfreport
