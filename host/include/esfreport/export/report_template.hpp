// Table templates (templates/report/*.toml): titles, labels in Swedish and
// English, columns and which metric fills each cell. Data, not code: editing a
// label or the order of columns needs no rebuild.
#pragma once

#include <esfreport/export/report_table.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace esfreport {

struct Labels {
    std::string sv;
    std::string en;
    const std::string& in(Language l) const { return l == Language::en && !en.empty() ? en : sv; }
};

struct TemplateColumn {
    std::string value;  // what fills the cell; see the template files
    Labels label;
    std::optional<Labels> group;
    bool numeric = true;
    bool only_if_nonzero = false;
    bool scope_only = false;  // rows = "months", layout = "wide": under the scope's name only, not per child
};

struct TemplateRow {
    std::string metric;
    Labels label;
    RowStyle style = RowStyle::normal;
    bool share = true;
};

struct TableTemplate {
    std::filesystem::path file;
    std::string id;
    Labels sheet;
    Labels title;
    std::string rows;  // children | metrics | inputs | rejection_reasons | scales | attendance | months
    std::string denominator;
    // How the rows are laid out. rows = "metrics": "long" (default) one block
    // of [[row]] rows per scope; "wide" the [[row]] metrics as column groups
    // (count and share), one block of rows per sex, one row per child and one
    // for the scope. rows = "months": "long" per child its months; "wide" one
    // row per month, the figure columns repeated per child and for the scope;
    // "period" one row per child and one for the scope, whole period.
    std::string layout = "long";
    bool workbook_only = false;  // ReportTable::workbook_only
    // Rows per activity beneath a subproject that has activities (rows =
    // children, metrics or scales).
    bool activity_rows = false;
    std::map<std::string, Labels> texts;  // total_label, dedup_label, overlap_note, empty_label...
    std::vector<TemplateColumn> columns;
    std::vector<TemplateRow> row_defs;
};

// The summary page (templates/report/summary.toml): key figure rows named
// "<kind>.<figure>" and charts by kind, both checked when the file loads.
struct SummaryRow {
    std::string figure;       // "participants.unique", "scales.share_positive"...
    std::string denominator;  // participants only: shown as a share of this figure
    Labels label;             // "{scale}" is replaced in a scales row
};

struct SummaryChart {
    std::string kind;  // one of summary_chart_kinds() (report_summary.hpp)
    Labels title;
    Labels category;
    Labels value;
    std::optional<Labels> programme_title;  // in the programme's report, when given
    std::optional<Labels> programme_category;
};

struct SummaryTemplate {
    std::filesystem::path file;
    Labels sheet;
    Labels title;
    Labels key_figures_title;
    Labels figure_label;
    Labels figures_label;                 // heading of a chart's figures
    std::map<std::string, Labels> sex;    // female, male, non_binary, unknown, total
    std::map<std::string, Labels> status; // the tokens of StatusAtExit
    std::vector<SummaryRow> rows;
    std::vector<SummaryChart> charts;
};

struct DocumentTemplate {
    std::filesystem::path dir;
    Labels title;
    Labels author;
    Labels about_sheet;
    std::map<std::string, Labels> about;
    // [texts] of document.toml, shared by every table: the words for the
    // sexes (female, male, non_binary, unknown, total) and common notes.
    std::map<std::string, Labels> texts;
    std::vector<TableTemplate> tables;
    std::optional<SummaryTemplate> summary;  // summary.toml, when the folder has one
};

class TemplateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads templates/report/document.toml and the tables it lists. Throws
// TemplateError naming the file, line and key.
DocumentTemplate load_report_templates(const std::filesystem::path& report_dir);

}  // namespace esfreport
