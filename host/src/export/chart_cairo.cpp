#include "chart_cairo.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <stdexcept>

namespace esfreport::chart_detail {
namespace {

struct GObjectUnref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
using Layout = std::unique_ptr<PangoLayout, GObjectUnref>;

void set_unhinted(PangoContext* context) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
}

Layout text_layout(PangoContext* context, const std::string& text, double size, bool bold) {
    if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr))
        throw std::invalid_argument("chart text is not valid UTF-8: \"" + text.substr(0, 40) + "\"");
    Layout l(pango_layout_new(context));
    PangoFontDescription* description = pango_font_description_new();
    pango_font_description_set_family(description, kChartFont);
    pango_font_description_set_absolute_size(description, size * PANGO_SCALE);
    pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), description);
    pango_font_description_free(description);
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    return l;
}

void set_colour(cairo_t* cr, std::uint32_t rgb) {
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

}  // namespace

struct PangoMeasure::State {
    PangoContext* context = nullptr;
};

PangoMeasure::PangoMeasure() : state_(std::make_unique<State>()) {
    state_->context = pango_font_map_create_context(pango_cairo_font_map_get_default());
    set_unhinted(state_->context);
}

PangoMeasure::~PangoMeasure() { g_object_unref(state_->context); }

double PangoMeasure::operator()(const std::string& text, double size, bool bold) const {
    const Layout l = text_layout(state_->context, text, size, bold);
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
}

MeasureText measure_with(const PangoMeasure& measure) {
    return [&measure](const std::string& text, double size, bool bold) { return measure(text, size, bold); };
}

void draw_chart(cairo_t* cr, const ChartDrawing& d, double x, double y) {
    cairo_save(cr);
    cairo_translate(cr, x, y);
    for (const ChartLine& l : d.lines) {
        set_colour(cr, l.colour);
        cairo_set_line_width(cr, l.width);
        cairo_move_to(cr, l.x1, l.y1);
        cairo_line_to(cr, l.x2, l.y2);
        cairo_stroke(cr);
    }
    for (const ChartRect& r : d.rects) {
        set_colour(cr, r.colour);
        cairo_rectangle(cr, r.x, r.y, r.w, r.h);
        cairo_fill(cr);
    }
    PangoContext* context = pango_cairo_create_context(cr);
    set_unhinted(context);
    for (const ChartText& t : d.texts) {
        const Layout l = text_layout(context, t.text, t.size, t.bold);
        int w = 0, h = 0;
        pango_layout_get_size(l.get(), &w, &h);
        const double width = static_cast<double>(w) / PANGO_SCALE;
        const double baseline = static_cast<double>(pango_layout_get_baseline(l.get())) / PANGO_SCALE;
        const double left = t.anchor == TextAnchor::start ? t.x : t.anchor == TextAnchor::middle ? t.x - width / 2 : t.x - width;
        set_colour(cr, t.colour);
        cairo_move_to(cr, left, t.y - baseline);
        pango_cairo_show_layout(cr, l.get());
    }
    g_object_unref(context);
    cairo_restore(cr);
}

namespace {
constexpr double kGridGap = 14;
constexpr double kMinChartHeight = 150;
constexpr double kMaxChartHeight = 240;
std::size_t grid_columns(std::size_t count) { return count == 1 ? 1 : 2; }
std::size_t grid_rows(std::size_t count) { return (count + grid_columns(count) - 1) / grid_columns(count); }
}  // namespace

double chart_grid_min_height(std::size_t count) {
    const std::size_t rows = grid_rows(count);
    return rows == 0 ? 0 : double(rows) * kMinChartHeight + double(rows - 1) * kGridGap;
}

double draw_chart_grid(cairo_t* cr, const std::vector<Chart>& charts, double x, double y, double width, double height,
                       Language language) {
    if (charts.empty()) return y;
    const PangoMeasure measure;
    const MeasureText m = measure_with(measure);
    constexpr double gap = kGridGap;
    const std::size_t columns = grid_columns(charts.size());
    const std::size_t rows = grid_rows(charts.size());
    const double cell_w = (width - gap * double(columns - 1)) / double(columns);
    const double cell_h = std::clamp((height - gap * double(rows - 1)) / double(rows), kMinChartHeight, kMaxChartHeight);
    for (std::size_t i = 0; i < charts.size(); ++i) {
        const double cx = x + double(i % columns) * (cell_w + gap);
        const double cy = y + double(i / columns) * (cell_h + gap);
        draw_chart(cr, lay_out_chart(charts[i], cell_w, cell_h, m, language), cx, cy);
    }
    return y + double(rows) * cell_h + double(rows - 1) * gap;
}

}  // namespace esfreport::chart_detail
