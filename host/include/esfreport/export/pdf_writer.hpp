// PDF rendering of a ReportDocument (cairo + pango, DejaVu Sans embedded):
// A4, one table after another, header rows repeated across page breaks, a
// page header (project, scope, period) and footer (page x of y, generation
// date) on every page, the about tables at the end. Tables marked
// workbook_only are left out. Layout rules: docs/report-layout.md.
#pragma once

#include "esfreport/export/report_table.hpp"

#include <filesystem>

namespace esfreport {

// Writes the document to `path` (a file the output set staged: no temporary
// file or mode work here; a failed file is discarded with the set).
// Deterministic: dates in the file come from document.generated_at.
// Throws std::runtime_error naming the file on any cairo error.
void write_report_pdf(const ReportDocument& document, const std::filesystem::path& path);

}  // namespace esfreport
