// Disclosure control for the report tables of `esfreport run --public`: one
// pass over a built ReportDocument, so the templates and the renderers need
// not know about it (a renderer shows a CellKind::suppressed cell as "..").
//
// The pass decides nothing itself: each cell about persons names its
// published figure (Cell::figure_key, set by the report builder) and shows
// what outcome_figures() decided for it (core/outcome_figures.hpp, with
// primary, derived and secondary suppression by core/disclosure.hpp). The
// report and `esfreport extract` with the same k therefore hide the same
// figures.
//
// Sexes: the published figures have female, male, other (non-binary and sex
// unknown together) and total. A column of non-binary and a column of unknown
// sex become one column of `other`, so no split of a small group is printed.
//
// Cells that are no published figure: a column sum (table 1's total row) is
// suppressed when any figure above it in its column is; a withheld cell (the
// distribution of step movements, a categorical scale's steps) is always
// "..". A number in a table of persons (ReportTable::about_persons, true
// unless the builder says otherwise) that names nothing is a programming
// error (std::logic_error): the pass fails closed instead of printing it.
#pragma once

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/export/report_table.hpp>

#include <string>

namespace esfreport {

// The texts the pass adds, in the report's language (templates/report/document.toml).
struct PublicReportTexts {
    std::string note;            // under every table about persons: what ".." means
    std::string other_sex;       // the label of the merged column
    std::string other_sex_note;  // under a table with that column
};

// The mark of a suppressed cell, as SCB prints it.
inline constexpr const char* kSuppressedMark = "..";

// `text` with "{k}" replaced by the threshold.
std::string with_threshold(std::string text, int k);

// Applies `figures` (computed for the same data and period) to every table
// of `doc`. Returns the number of cells suppressed.
std::size_t apply_disclosure_control(ReportDocument& doc, const OutcomeFigures& figures, const PublicReportTexts& texts);

}  // namespace esfreport
