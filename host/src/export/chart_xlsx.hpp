// Native XLSX charts (libxlsxwriter) for the summary sheet: the chart reads
// its categories and values from the figures table written beside it, so
// the workbook holds the data it plots.
#pragma once

#include <esfreport/export/report_table.hpp>

#include <xlsxwriter.h>

#include <filesystem>
#include <string>

namespace esfreport::chart_detail {

// Where a chart's figures table (chart_figures_table()) was written: its
// column label row, then one row per category; categories in `first_col`,
// series in the columns after it.
struct XlsxChartData {
    std::string sheet;
    lxw_row_t header_row = 0;
    lxw_row_t first_row = 0;
    lxw_row_t last_row = 0;
    lxw_col_t first_col = 0;
};

// Rows a chart inserted by insert_xlsx_chart() covers on the sheet.
inline constexpr lxw_row_t kXlsxChartRows = 18;

// Inserts `chart` with its top-left corner at (row, col). Throws
// std::runtime_error naming `path` when libxlsxwriter refuses.
void insert_xlsx_chart(lxw_workbook* workbook, lxw_worksheet* sheet, const Chart& chart, const XlsxChartData& data, lxw_row_t row,
                       lxw_col_t col, Language language, const std::filesystem::path& path);

}  // namespace esfreport::chart_detail
