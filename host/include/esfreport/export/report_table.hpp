// A rendered-ready table: what a template filled with metrics becomes, and all
// the XLSX and PDF renderers see. Renderers know nothing of metrics; the
// metrics know nothing of renderers.
#pragma once

#include "esfreport/export/chart.hpp"

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace esfreport {

enum class CellKind : std::uint8_t {
    empty,       // nothing in the cell
    text,        // `text`
    integer,     // `value` is a whole number
    number,      // `value` shown with `decimals` decimals
    percent,     // `value` is a fraction (0.6 = 60 %), shown with `decimals` decimals of percent
    missing,     // the figure cannot be computed (no data): shown as "–", never as 0
    suppressed,  // hidden by disclosure control: shown as `text` (e.g. "..")
};

// What disclosure control (`run --public`, export/public_report.hpp) needs to
// know of a cell; renderers ignore it. In a table with any cell about
// persons, every number must say what it is (the pass refuses an unmarked one).
enum class Disclosure : std::uint8_t {
    none,         // text, or a table of no persons (rows read, plugins)
    figure,       // the published figure `figure_key` (core/outcome_figures.hpp) of sex `figure_sex`
    column_sum,   // the sum of the figure cells above it in its column
    withheld,     // about persons but not a published figure: never shown in a public report
    not_persons,  // a number about no person in a table of persons (a unit cost)
};

struct Cell {
    CellKind kind = CellKind::empty;
    std::string text;
    double value = 0;
    int decimals = 0;
    Disclosure disclosure = Disclosure::none;
    std::string figure_key;
    std::string figure_sex;  // "female", "male", "non_binary", "unknown", "total"

    static Cell blank() { return {}; }
    static Cell of_text(std::string t) { return make(CellKind::text, std::move(t), 0, 0); }
    static Cell of_integer(double v) { return make(CellKind::integer, {}, v, 0); }
    static Cell of_number(double v, int decimals) { return make(CellKind::number, {}, v, decimals); }
    static Cell of_percent(double fraction, int decimals = 0) { return make(CellKind::percent, {}, fraction, decimals); }
    static Cell of_missing() { return make(CellKind::missing, {}, 0, 0); }
    static Cell of_suppressed(std::string mark) { return make(CellKind::suppressed, std::move(mark), 0, 0); }

private:
    static Cell make(CellKind kind, std::string text, double value, int decimals) {
        Cell c;
        c.kind = kind;
        c.text = std::move(text);
        c.value = value;
        c.decimals = decimals;
        return c;
    }
};

enum class RowStyle : std::uint8_t {
    normal,
    highlight,  // e.g. "into studies or work"
    total,      // a total row computed from the rows above
    note,       // a derived figure under a total (e.g. de-duplicated participants)
    detail,     // a breakdown of the row above (a subproject's activity), not in any total
};

struct ReportRow {
    std::vector<Cell> cells;  // one per column
    RowStyle style = RowStyle::normal;
};

struct ReportColumn {
    std::string label;
    bool numeric = true;  // right-aligned
};

// A label spanning `span` consecutive columns in the header row above the
// column labels (e.g. "Kvinnor" over count and share).
struct ColumnGroup {
    std::string label;
    int span = 1;
};

struct ReportTable {
    std::string id;          // "t1", used in file and sheet naming
    std::string sheet_name;  // at most 31 characters, no []:*?/\ (Excel's rules)
    std::string title;
    std::string subtitle;            // scope and period, under the title
    std::vector<ColumnGroup> groups;  // empty: a single header row
    std::vector<ReportColumn> columns;
    std::vector<ReportRow> rows;
    std::vector<std::string> notes;  // printed under the table
    // False for a table that counts no persons (rows read, rejection
    // reasons, plugins). Disclosure control requires every number of any
    // other table to name its figure, so a new table is protected or refused,
    // never printed unchecked (export/public_report.hpp).
    bool about_persons = true;
    // A detail table for the workbook only (e.g. participant time per month,
    // subproject and sex): a sheet of the XLSX, left out of the printed PDF,
    // whose other tables hold its sums.
    bool workbook_only = false;
};

enum class Language : std::uint8_t { sv, en };

// The page a report opens with: key figures by sex and the charts
// (report_summary.hpp builds it). Empty when the templates have no summary.
struct ReportSummary {
    std::string sheet_name;  // the XLSX sheet it goes on, the first sheet
    std::string title;       // heading of the page
    std::string figures_label;  // "Siffrorna i diagrammet": heading of a chart's figures
    ReportTable key_figures;
    std::vector<Chart> charts;
    bool empty() const { return key_figures.rows.empty() && charts.empty(); }
};

struct ReportDocument {
    std::string title;   // document title metadata and first-page heading
    std::string author;  // metadata
    std::string project;
    std::string registration_number;  // the ESF Council's case number; empty: not configured
    std::string scope;   // region or programme name, for page headers
    std::string period;  // "2016-01-01 – 2018-12-31"
    std::time_t generated_at = 0;  // from the run or SOURCE_DATE_EPOCH
    Language language = Language::sv;
    ReportSummary summary;  // first in every output
    std::vector<ReportTable> tables;
    // The "Om rapporten" sheet: key/value facts and the inputs and plugins
    // tables, as ordinary tables stacked on one sheet (and one PDF section).
    std::string about_sheet_name;  // "Om rapporten" / "About"
    std::vector<ReportTable> about;
};

}  // namespace esfreport
