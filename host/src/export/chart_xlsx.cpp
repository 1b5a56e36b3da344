#include "chart_xlsx.hpp"

#include "chart_layout.hpp"

#include <stdexcept>

namespace esfreport::chart_detail {
namespace {

uint8_t xlsx_type(ChartKind kind) {
    switch (kind) {
    case ChartKind::stacked_bars: return LXW_CHART_BAR_STACKED;
    case ChartKind::stacked_columns: return LXW_CHART_COLUMN_STACKED;
    case ChartKind::grouped_columns: return LXW_CHART_COLUMN;
    }
    return LXW_CHART_COLUMN;
}

}  // namespace

void insert_xlsx_chart(lxw_workbook* workbook, lxw_worksheet* sheet, const Chart& chart, const XlsxChartData& data, lxw_row_t row,
                       lxw_col_t col, Language language, const std::filesystem::path& path) {
    lxw_chart* c = workbook_add_chart(workbook, xlsx_type(chart.kind));
    if (c == nullptr) throw std::runtime_error("cannot write " + path.string() + ": cannot add the chart \"" + chart.title + "\"");
    const char* sheet_name = data.sheet.c_str();
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        lxw_chart_series* series = chart_add_series(c, nullptr, nullptr);
        if (series == nullptr) throw std::runtime_error("cannot write " + path.string() + ": cannot add a series to \"" + chart.title + "\"");
        const auto value_col = static_cast<lxw_col_t>(data.first_col + 1 + k);
        chart_series_set_categories(series, sheet_name, data.first_row, data.first_col, data.last_row, data.first_col);
        chart_series_set_values(series, sheet_name, data.first_row, value_col, data.last_row, value_col);
        chart_series_set_name_range(series, sheet_name, data.header_row, value_col);
        lxw_chart_fill fill{};
        fill.color = chart.series[k].colour;
        chart_series_set_fill(series, &fill);
    }
    chart_title_set_name(c, chart.title.c_str());
    // x is the category axis and y the value axis in every kind, drawn
    // vertically and horizontally in a bar chart.
    chart_axis_set_name(c->y_axis, chart.value_label.c_str());
    chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
    if (chart.kind != ChartKind::grouped_columns) chart_set_series_overlap(c, 100);
    chart_set_series_gap(c, 50);
    lxw_chart_options options{};
    options.x_scale = 1.25;
    options.y_scale = 1.2;
    // Excel's alternative text: the figures, as in the HTML's description.
    std::string description = chart.title + ". " + chart_figures_text(chart, language);
    options.description = description.data();
    const lxw_error error = worksheet_insert_chart_opt(sheet, row, col, c, &options);
    if (error != LXW_NO_ERROR)
        throw std::runtime_error("cannot write " + path.string() + ": chart \"" + chart.title + "\": " + lxw_strerror(error));
}

}  // namespace esfreport::chart_detail
