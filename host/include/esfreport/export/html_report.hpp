// HTML rendering of a ReportDocument: one self-contained file beside the PDF
// and the XLSX, with the same summary, tables and charts.
//
// - Self-contained: CSS inline, charts as inline SVG, no script, no font,
//   image or style sheet fetched from anywhere (no src or href attribute to
//   another file), so it opens offline and leaks nothing when opened.
// - Readable on a phone (viewport, fluid layout, each table scrolls sideways
//   on its own) and printable (@media print: A4, header rows repeated, no
//   scroll boxes).
// - Accessible: lang from the document, each table with a caption and th
//   scope="col"/"colgroup"/"row"; each chart role="img" with a title and a
//   description listing its figures, and its figures as a table beneath.
// - Every text (names come from the configuration) escaped; numbers
//   formatted as in the PDF (number_format.hpp).
#pragma once

#include "esfreport/export/report_table.hpp"

#include <filesystem>
#include <string>

namespace esfreport {

std::string report_html(const ReportDocument& document);

// Writes report_html() to `path` (a file the output set staged). Throws
// std::runtime_error naming the file when it cannot be written.
void write_report_html(const ReportDocument& document, const std::filesystem::path& path);

}  // namespace esfreport
