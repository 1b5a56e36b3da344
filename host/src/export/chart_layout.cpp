#include "chart_layout.hpp"

#include <esfreport/export/number_format.hpp>

#include <algorithm>
#include <cmath>

namespace esfreport::chart_detail {
namespace {

constexpr double kPad = 4;
constexpr std::uint32_t kGrey = 0x595959;
constexpr std::uint32_t kGridGrey = 0xD9D9D9;

// A "nice" axis: 0 to a multiple of 1, 2, 2.5 or 5 × 10^k, in about four steps.
struct Axis {
    double max = 1;
    double step = 1;
};
Axis nice_axis(double largest, bool whole_numbers) {
    if (largest <= 0) return {1, 1};
    const double rough = largest / 4;
    const double magnitude = std::pow(10, std::floor(std::log10(rough)));
    double step = magnitude * 10;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * magnitude >= rough) {
            step = m * magnitude;
            break;
        }
    if (whole_numbers) step = std::max(1.0, std::ceil(step));
    return {std::ceil(largest / step - 1e-9) * step, step};
}

std::string axis_text(double v, bool whole, Language language) {
    return whole ? format_integer(v, language) : format_number(v, 1, language);
}

// Words of `text` in lines no wider than `width`, at most `max_lines`; the last
// line ends in "…" when the text does not fit.
std::vector<std::string> wrap(const std::string& text, double width, std::size_t max_lines, double size, const MeasureText& measure) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        if (end > start) words.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    std::vector<std::string> lines;
    std::string line;
    std::size_t i = 0;
    for (; i < words.size(); ++i) {
        const std::string candidate = line.empty() ? words[i] : line + " " + words[i];
        if (line.empty() || measure(candidate, size, false) <= width) {
            line = candidate;
            continue;
        }
        lines.push_back(line);
        if (lines.size() == max_lines) break;
        line = words[i];
    }
    if (lines.size() < max_lines && !line.empty()) {
        lines.push_back(line);
        i = words.size();
    }
    if (lines.empty()) lines.emplace_back();
    std::string& last = lines.back();
    if (i < words.size() || measure(last, size, false) > width) {
        // Cut on a UTF-8 boundary until the line with "…" fits.
        while (!last.empty() && measure(last + "\u2026", size, false) > width) {
            last.pop_back();
            while (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xC0) == 0x80) last.pop_back();
        }
        last += "\u2026";
    }
    return lines;
}

class Layout {
public:
    Layout(const Chart& chart, double width, double height, const MeasureText& measure, Language language, double text_scale)
        : c_(chart), m_(measure), lang_(language), title_size_(9 * text_scale), label_size_(7 * text_scale) {
        d_.width = width;
        d_.height = height;
    }

    ChartDrawing run() {
        double y = kPad + title_size_;
        for (const std::string& line : wrap(c_.title, d_.width - 2 * kPad, 2, title_size_, m_)) {
            d_.texts.push_back({kPad, y, line, title_size_, true, TextAnchor::start, 0x000000});
            y += title_size_ * 1.25;
        }
        y = legend(y + 2);
        if (c_.categories.empty() || c_.series.empty()) return d_;
        if (c_.kind == ChartKind::stacked_bars) bars(y);
        else columns(y);
        return d_;
    }

private:
    double largest() const {
        double top = 0;
        for (std::size_t i = 0; i < c_.categories.size(); ++i) {
            double sum = 0;
            for (const ChartSeries& s : c_.series) {
                const double v = std::max(0.0, s.values.at(i));
                if (c_.kind == ChartKind::grouped_columns) top = std::max(top, v);
                else sum += v;
            }
            top = std::max(top, sum);
        }
        return top;
    }

    // Swatches and labels in rows under the title; returns the y below them.
    double legend(double y) {
        const double swatch = label_size_;
        double x = kPad;
        y += label_size_;
        for (const ChartSeries& s : c_.series) {
            const double w = swatch + 3 + m_(s.label, label_size_, false) + 10;
            if (x > kPad && x + w > d_.width - kPad) {
                x = kPad;
                y += label_size_ * 1.5;
            }
            d_.rects.push_back({x, y - swatch + 1, swatch, swatch, s.colour, {}});
            d_.texts.push_back({x + swatch + 3, y, s.label, label_size_, false, TextAnchor::start, 0x000000});
            x += w;
        }
        // The axis's unit, right-aligned above the plot.
        d_.texts.push_back({d_.width - kPad, y + label_size_ * 1.6, c_.value_label, label_size_, false, TextAnchor::end, kGrey});
        return y + label_size_ * 2.2;
    }

    std::string segment_label(const ChartSeries& s, std::size_t i) const {
        return c_.categories[i] + ", " + s.label + ": " + axis_text(s.values[i], c_.whole_numbers, lang_);
    }

    // Horizontal bars: categories down the left, values along the bottom.
    void bars(double top) {
        const std::size_t n = c_.categories.size();
        const double label_width = std::min((d_.width - 2 * kPad) * 0.38, [&] {
            double w = 0;
            for (const std::string& cat : c_.categories) w = std::max(w, m_(cat, label_size_, false));
            return w;
        }());
        const double left = kPad + label_width + 4;
        const double right = d_.width - kPad - 6;
        const double bottom = d_.height - kPad - label_size_ - 3;
        const Axis axis = nice_axis(largest(), c_.whole_numbers);
        const double scale = (right - left) / axis.max;
        for (double v = 0; v <= axis.max + 1e-9; v += axis.step) {
            const double x = left + v * scale;
            d_.lines.push_back({x, top, x, bottom, 0.4, kGridGrey});
            d_.texts.push_back({x, bottom + label_size_ + 2, axis_text(v, c_.whole_numbers, lang_), label_size_, false, TextAnchor::middle, kGrey});
        }
        const double band = (bottom - top) / double(n);
        const double bar = std::min(band * 0.7, 16.0);
        for (std::size_t i = 0; i < n; ++i) {
            const double mid = top + band * (double(i) + 0.5);
            const std::vector<std::string> lines = wrap(c_.categories[i], label_width, band >= 2.3 * label_size_ ? 2 : 1, label_size_, m_);
            double ty = mid + label_size_ * 0.35 - (double(lines.size()) - 1) * label_size_ * 0.55;
            for (const std::string& line : lines) {
                d_.texts.push_back({left - 4, ty, line, label_size_, false, TextAnchor::end, 0x000000});
                ty += label_size_ * 1.1;
            }
            double x = left;
            for (const ChartSeries& s : c_.series) {
                const double w = std::max(0.0, s.values[i]) * scale;
                if (w > 0) d_.rects.push_back({x, mid - bar / 2, w, bar, s.colour, segment_label(s, i)});
                x += w;
            }
        }
        d_.lines.push_back({left, top, left, bottom, 0.6, 0x000000});
    }

    // Vertical columns: categories along the bottom, values up the left.
    void columns(double top) {
        const std::size_t n = c_.categories.size();
        const Axis axis = nice_axis(largest(), c_.whole_numbers);
        double tick_width = 0;
        for (double v = 0; v <= axis.max + 1e-9; v += axis.step) tick_width = std::max(tick_width, m_(axis_text(v, c_.whole_numbers, lang_), label_size_, false));
        const double left = kPad + tick_width + 4;
        const double right = d_.width - kPad;
        // Under the category labels, what they are ("Förflyttning, steg").
        const bool axis_title = !c_.category_label.empty();
        const double bottom = d_.height - kPad - label_size_ - 3 - (axis_title ? label_size_ * 1.4 : 0);
        if (axis_title)
            d_.texts.push_back({(left + right) / 2, d_.height - kPad, c_.category_label, label_size_, false, TextAnchor::middle, kGrey});
        const double scale = (bottom - top) / axis.max;
        for (double v = 0; v <= axis.max + 1e-9; v += axis.step) {
            const double y = bottom - v * scale;
            d_.lines.push_back({left, y, right, y, 0.4, kGridGrey});
            d_.texts.push_back({left - 3, y + label_size_ * 0.35, axis_text(v, c_.whole_numbers, lang_), label_size_, false, TextAnchor::end, kGrey});
        }
        const double band = (right - left) / double(n);
        // Label every k-th category so that labels never overlap.
        double widest = 0;
        for (const std::string& cat : c_.categories) widest = std::max(widest, m_(cat, label_size_, false));
        const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 4) / band)));
        const double group = band * 0.8;
        const bool grouped = c_.kind == ChartKind::grouped_columns;
        const double column = grouped ? group / double(c_.series.size()) : group;
        for (std::size_t i = 0; i < n; ++i) {
            const double x0 = left + band * double(i) + (band - group) / 2;
            if (i % every == 0)
                d_.texts.push_back({left + band * (double(i) + 0.5), bottom + label_size_ + 2, c_.categories[i], label_size_, false, TextAnchor::middle, 0x000000});
            double y = bottom;
            for (std::size_t k = 0; k < c_.series.size(); ++k) {
                const ChartSeries& s = c_.series[k];
                const double h = std::max(0.0, s.values[i]) * scale;
                if (h <= 0) continue;
                if (grouped) {
                    d_.rects.push_back({x0 + column * double(k), bottom - h, column, h, s.colour, segment_label(s, i)});
                } else {
                    d_.rects.push_back({x0, y - h, column, h, s.colour, segment_label(s, i)});
                    y -= h;
                }
            }
        }
        d_.lines.push_back({left, bottom, right, bottom, 0.6, 0x000000});
    }

    const Chart& c_;
    const MeasureText& m_;
    Language lang_;
    const double title_size_;
    const double label_size_;
    ChartDrawing d_;
};

}  // namespace

ChartDrawing lay_out_chart(const Chart& chart, double width, double height, const MeasureText& measure, Language language,
                           double text_scale) {
    return Layout(chart, width, height, measure, language, text_scale).run();
}

std::string chart_figures_text(const Chart& chart, Language language) {
    std::string out = chart.value_label + ". ";
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        if (i > 0) out += "; ";
        out += chart.categories[i] + ":";
        for (std::size_t k = 0; k < chart.series.size(); ++k)
            out += (k > 0 ? ", " : " ") + chart.series[k].label + " " + axis_text(chart.series[k].values.at(i), chart.whole_numbers, language);
    }
    return out + ".";
}

}  // namespace esfreport::chart_detail
