#include "chart_svg.hpp"

#include <cmath>
#include <cstdio>

namespace esfreport::chart_detail {
namespace {

// A coordinate with one decimal and a '.', whatever the locale.
std::string coordinate(double v) {
    const long long tenths = std::llround(v * 10);
    const long long whole = tenths / 10;
    const long long fraction = std::llabs(tenths % 10);
    std::string out = (tenths < 0 && whole == 0 ? "-" : "") + std::to_string(whole);
    if (fraction != 0) out += "." + std::to_string(fraction);
    return out;
}

std::string colour(std::uint32_t rgb) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%06X", static_cast<unsigned>(rgb & 0xFFFFFF));
    return buffer;
}

const char* anchor(TextAnchor a) {
    switch (a) {
    case TextAnchor::start: return "start";
    case TextAnchor::middle: return "middle";
    case TextAnchor::end: return "end";
    }
    return "start";
}

}  // namespace

std::string escape_markup(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if ((c < 0x20 && ch != '\t' && ch != '\n') || c == 0x7F) out += "\uFFFD";
            else out += ch;
        }
    }
    return out;
}

std::string chart_svg(const Chart& chart, const std::string& id, double width, double height, const MeasureText& measure,
                      Language language, double text_scale) {
    const ChartDrawing d = lay_out_chart(chart, width, height, measure, language, text_scale);
    std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + coordinate(d.width) + " " + coordinate(d.height) +
                      "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\">\n";
    out += "<title id=\"" + id + "-title\">" + escape_markup(chart.title) + "</title>\n";
    out += "<desc id=\"" + id + "-desc\">" + escape_markup(chart_figures_text(chart, language)) + "</desc>\n";
    for (const ChartLine& l : d.lines)
        out += "<line x1=\"" + coordinate(l.x1) + "\" y1=\"" + coordinate(l.y1) + "\" x2=\"" + coordinate(l.x2) + "\" y2=\"" +
               coordinate(l.y2) + "\" stroke=\"" + colour(l.colour) + "\" stroke-width=\"" + coordinate(std::max(l.width, 0.1)) + "\"/>\n";
    for (const ChartRect& r : d.rects) {
        out += "<rect x=\"" + coordinate(r.x) + "\" y=\"" + coordinate(r.y) + "\" width=\"" + coordinate(r.w) + "\" height=\"" +
               coordinate(r.h) + "\" fill=\"" + colour(r.colour) + "\"";
        out += r.label.empty() ? "/>\n" : "><title>" + escape_markup(r.label) + "</title></rect>\n";
    }
    // Text drawn by the browser is aria-hidden: the description already lists it.
    out += "<g font-family=\"'" + std::string(kChartFont) + "', Verdana, sans-serif\" aria-hidden=\"true\">\n";
    for (const ChartText& t : d.texts) {
        out += "<text x=\"" + coordinate(t.x) + "\" y=\"" + coordinate(t.y) + "\" font-size=\"" + coordinate(t.size) + "\"";
        if (t.anchor != TextAnchor::start) out += std::string(" text-anchor=\"") + anchor(t.anchor) + "\"";
        if (t.bold) out += " font-weight=\"bold\"";
        if (t.colour != 0) out += " fill=\"" + colour(t.colour) + "\"";
        out += ">" + escape_markup(t.text) + "</text>\n";
    }
    out += "</g>\n</svg>";
    return out;
}

}  // namespace esfreport::chart_detail
