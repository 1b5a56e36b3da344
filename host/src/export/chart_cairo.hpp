// Charts drawn with cairo and pango: the summary page of the PDF. The text
// measure is also the one the SVG charts are laid out with.
#pragma once

#include "chart_layout.hpp"

// cairo.h is left to the .cpp files so that tests need no cairo include path.
typedef struct _cairo cairo_t;

#include <memory>

namespace esfreport::chart_detail {

// Text widths from pango with unhinted metrics (as the PDF's tables), so they
// do not depend on the machine's hinting settings.
class PangoMeasure {
public:
    PangoMeasure();
    ~PangoMeasure();
    PangoMeasure(const PangoMeasure&) = delete;
    PangoMeasure& operator=(const PangoMeasure&) = delete;
    double operator()(const std::string& text, double size, bool bold) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// A measure to pass to lay_out_chart(); `measure` must outlive it.
MeasureText measure_with(const PangoMeasure& measure);

// Draws a laid-out chart with its top-left corner at (x, y).
void draw_chart(cairo_t* cr, const ChartDrawing& drawing, double x, double y);

// The least height the grid of `count` charts needs to stay readable; with
// less room left on a page the charts go on the next one.
double chart_grid_min_height(std::size_t count);

// The charts in a grid of two columns filling `width` × `height` from (x, y);
// returns the y below the last row.
double draw_chart_grid(cairo_t* cr, const std::vector<Chart>& charts, double x, double y, double width, double height,
                       Language language);

}  // namespace esfreport::chart_detail
