// A chart laid out once as shapes (rectangles, lines, text), which the SVG and
// the cairo backends only draw: the HTML and the PDF charts have one geometry.
// Units are points in the PDF and CSS pixels in the SVG's viewBox.
#pragma once

#include <esfreport/export/chart.hpp>
#include <esfreport/export/report_table.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace esfreport::chart_detail {

enum class TextAnchor : std::uint8_t { start, middle, end };

struct ChartText {
    double x = 0, y = 0;  // y is the baseline
    std::string text;
    double size = 7;
    bool bold = false;
    TextAnchor anchor = TextAnchor::start;
    std::uint32_t colour = 0x000000;
};

struct ChartRect {
    double x = 0, y = 0, w = 0, h = 0;
    std::uint32_t colour = 0;
    std::string label;  // "Kvinnor, Studier: 12": a tooltip in the SVG
};

struct ChartLine {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double width = 0.5;
    std::uint32_t colour = 0x000000;
};

struct ChartDrawing {
    double width = 0, height = 0;
    std::vector<ChartRect> rects;
    std::vector<ChartLine> lines;
    std::vector<ChartText> texts;
};

// Width of `text` at `size` points, bold or not.
using MeasureText = std::function<double(const std::string& text, double size, bool bold)>;

// The font both backends name; the SVG falls back to similar wide sans fonts.
inline constexpr const char* kChartFont = "DejaVu Sans";

// `text_scale` enlarges the text against the shapes: an SVG scaled down to a
// phone's width still has readable labels.
ChartDrawing lay_out_chart(const Chart& chart, double width, double height, const MeasureText& measure, Language language,
                           double text_scale = 1.0);

// "Kvinnor 12, Män 15" per category, "; "-separated: the text alternative
// listing every figure a chart plots.
std::string chart_figures_text(const Chart& chart, Language language);

}  // namespace esfreport::chart_detail
