// Figures as text, the way a Swedish or English report prints them. Used by
// the PDF renderer and by every textual output; XLSX keeps numbers as numbers
// and leaves their display to the spreadsheet's number formats.
#pragma once

#include "esfreport/export/report_table.hpp"

#include <string>

namespace esfreport {

// Shown for a figure that cannot be computed: an en dash, never 0.
inline constexpr const char* missing_mark = "\u2013";
// The one minus sign of report text (PDF, HTML, the step distribution of
// table 3): U+2212, the typographic minus, in both languages. The XLSX keeps
// numbers as numbers and the spreadsheet draws their sign.
inline constexpr const char* minus_sign = "\u2212";

// Whole number with thousands separators. sv: "1 366" with U+00A0 between
// the groups; en: "1,366". Rounded half away from zero; negative figures
// start with minus_sign ("−1 366").
std::string format_integer(double value, Language language);

// `decimals` decimals (0..9), rounded half away from zero. sv: "1 366,50";
// en: "1,366.50".
std::string format_number(double value, int decimals, Language language);

// A fraction as percent with `decimals` decimals of percent, rounded half
// away from zero (0.605 -> "61 %"). sv: "60 %" with U+00A0 before the sign,
// "60,5 %"; en: "60%", "60.5%".
std::string format_percent(double fraction, int decimals, Language language);

// The text a cell shows: its figure formatted as above, its text, the
// missing mark, or its disclosure-control mark.
std::string format_cell(const Cell& cell, Language language);

}  // namespace esfreport
