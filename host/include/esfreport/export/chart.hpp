// A chart as data: categories, series of values, titles. What the summary page
// of a report draws (PDF with cairo, HTML as SVG, XLSX as a native chart) and
// what it lists as the chart's figures. The figures come from the results of
// the scope (looked up, never computed by a renderer); every renderer draws the
// same Chart, so the three outputs cannot show different bars.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace esfreport {

enum class ChartKind : std::uint8_t {
    stacked_bars,     // horizontal bars, one per category, series stacked along
    stacked_columns,  // vertical columns, series stacked up
    grouped_columns,  // vertical columns, the series of a category side by side
};

// Colours are RGB (0xRRGGBB), from a palette readable by colour-blind readers
// (Okabe & Ito); a sex keeps its colour across every chart of a report.
struct ChartSeries {
    std::string label;
    std::uint32_t colour = 0;
    std::vector<double> values;  // one per category
};

struct Chart {
    std::string id;              // "status_by_sex": stable, for anchors and tests
    ChartKind kind = ChartKind::stacked_bars;
    std::string title;
    std::string category_label;  // heading of the category column of its figures
    std::string value_label;     // what the values are ("Antal deltagare")
    std::vector<std::string> categories;
    std::vector<ChartSeries> series;
    // Every value is a whole number (counts, whole hours): axis and figures
    // are shown without decimals.
    bool whole_numbers = true;
};

}  // namespace esfreport
