// Charts as inline SVG for the HTML report: no script, no external reference,
// every text escaped. role="img" with a <title> and a <desc> that lists every
// figure the chart plots, so a screen reader gets the figures, not the shapes.
#pragma once

#include "chart_layout.hpp"

#include <string>
#include <string_view>

namespace esfreport::chart_detail {

// Text for an HTML or SVG text node or a double-quoted attribute value:
// & < > " ' as references; control characters other than tab and newline
// (not allowed in HTML text) as U+FFFD.
std::string escape_markup(std::string_view text);

// `id` (made of [a-z0-9_-]) prefixes the ids of the title and the description.
std::string chart_svg(const Chart& chart, const std::string& id, double width, double height, const MeasureText& measure,
                      Language language, double text_scale = 1.0);

}  // namespace esfreport::chart_detail
