// The private machinery of build_final_report(): one ReportBuilder fills the
// report templates for one scope. Its row modes live in one file per group:
//   final_report.cpp              the document, the dispatch by `rows`, the about sheet
//   report_rows_participants.cpp  rows = children (table 1), metrics (table 2)
//   report_rows_progress.cpp      rows = scales, attendance, months (tables 3-5)
//   report_rows_inputs.cpp        rows = inputs, rejection_reasons (table 6)
#pragma once

#include <esfreport/core/figures.hpp>
#include <esfreport/core/results.hpp>
#include <esfreport/export/final_report.hpp>

#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace esfreport::report_detail {

std::string period_text(const ReportingPeriod& p);
std::string date_text(std::time_t t);
// Excel's rules: at most 31 characters, none of []:*?/\ .
std::string sheet_name(std::string s);
[[noreturn]] void bad_value(const TableTemplate& t, const std::string& value);
std::int64_t pick(const BySex& b, const std::optional<Sex>& sex);
Cell cell_of(const FigureValue& v);

// `cell` marked as the published figure `measure` (`category`) of `scope` for
// `sex` (nullopt: all), which `run --public` looks up (core/outcome_figures.hpp).
Cell published(Cell cell, const Scope& scope, std::string_view measure, std::string_view category, const std::optional<Sex>& sex,
               bool share);
// A cell about persons that is not a published figure: ".." in a public report.
Cell withheld(Cell cell);

// The cell of the figure a column names ("<figure>.<sex>") in a table of
// figures, for `scope` (`category`: the scale, threshold or month). The
// loader checked the name against the same table, so the TemplateError here
// only guards templates built without the loader.
template <class Row>
Cell figure_cell(const TableTemplate& t, const FigureTable<Row>& table, const std::string& key, const Row& row, const Scope& scope,
                 std::string_view category = {}) {
    std::string_view figure;
    std::optional<Sex> sex;
    const FigureDef<Row>* f = split_figure_key(key, figure, sex) ? find_figure(table, figure) : nullptr;
    if (!f) bad_value(t, key);
    const FigureValue v = f->get(row, sex);
    return published(cell_of(v), scope, figure, category, sex, v.format == FigureFormat::percent);
}
std::string relative_path(const std::string& path, const std::filesystem::path& base);

class ReportBuilder {
public:
    ReportBuilder(const DocumentTemplate& d, const FinalReportContext& c);
    ReportDocument build();

private:
    const std::string& text(const TableTemplate& t, const std::string& key) const;
    std::string about_label(const std::string& key) const;
    ReportTable start(const TableTemplate& t, const std::vector<const TemplateColumn*>& cols) const;
    // Columns marked only_if_nonzero are dropped when their figure is zero in
    // the whole scope (e.g. no participant of unknown sex).
    std::vector<const TemplateColumn*> visible_columns(const TableTemplate& t) const;
    ReportTable table(const TableTemplate& t);
    Cell child_cell(const TableTemplate& t, const TemplateColumn& c, const ScopeResults& r) const;
    ReportTable children_table(const TableTemplate& t);
    std::int64_t sums_of_unique() const;
    std::string subproject_names(const std::string& ids) const;
    void dedup_notes(const TableTemplate& t, ReportTable& rt) const;
    void counted_once_note(ReportTable& rt) const;
    // A text of document.toml's [texts] in the report's language with each
    // "{name}" replaced; empty when the templates have no such text.
    std::string document_text(const std::string& key, std::initializer_list<std::pair<std::string, std::string>> values) const;
    ReportTable metrics_table(const TableTemplate& t);
    // layout = "wide": the [[row]] metrics as column groups (count, share),
    // one block of rows per sex (the sex in the first column), one row per
    // child and one for the scope.
    ReportTable wide_metrics_table(const TableTemplate& t);
    // The document's word for a sex (nullopt: all sexes), from [texts].
    std::string sex_label(const std::optional<Sex>& sex) const;
    // The sexes a table shows: women, men, the others when the scope has
    // any, then all (nullopt).
    std::vector<std::optional<Sex>> shown_sexes() const;
    // A region with one subproject: the subproject's rows are the region's,
    // so the region's row or block is left out and a note says so.
    bool single_child() const;
    // Under a table with a row for the scope: the single-child note, or how many
    // persons the scope's row counts once (counted_once_note).
    void scope_notes(ReportTable& rt) const;
    bool in_scope(SubprojectIndex s) const;
    // --- Activities (tables 1-3) ------------------------------------------
    // The activities of `child` when it is a subproject whose periods name
    // some: rows beneath its row, never in a total. None in a public report
    // (its published figures are per subproject).
    const std::vector<ScopeResults>& child_activities(const TableTemplate& t, const ScopeResults& child) const;
    // "– lovplugg": the label of an activity's row.
    std::string activity_label(const Scope& activity) const;
    // Cells of an activity's row: the row's style, and no cell a published figure.
    static void as_activity_row(ReportRow& row);
    // Under a table that shows activity rows: what they count (document
    // text `key`).
    void activity_note(const TableTemplate& t, ReportTable& rt, const std::string& key = "activity_note") const;
    std::string kind_label(const TableTemplate& t, std::uint32_t kind) const;
    ReportTable inputs_table(const TableTemplate& t);
    ReportTable reasons_table(const TableTemplate& t);
    // --- Tables 3–5: step movements, attendance, participant time ---------
    // Columns of the issue-4 tables, with only_if_nonzero decided by `shown`
    // (e.g. a non-binary column when the scope has non-binary participants).
    template <class Shown>
    std::vector<const TemplateColumn*> visible_if(const TableTemplate& t, Shown shown) const {
        std::vector<const TemplateColumn*> out;
        for (const TemplateColumn& c : t.columns)
            if (!c.only_if_nonzero || shown(c)) out.push_back(&c);
        return out;
    }
    // A column of a figure by sex: true when the scope has participants of that sex.
    bool sex_present(const TemplateColumn& c) const;
    // A note naming the children a table has no rows for ("{list}" in the text).
    void list_note(const TableTemplate& t, ReportTable& rt, const std::string& key, const std::string& list) const;
    void empty_note(const TableTemplate& t, ReportTable& rt, const std::string& key) const;
    // rows = "scales": one row per child × ordinal scale, one row per step of
    // a categorical scale (the distribution of last assessments), and rows
    // that combine the ordinal scales of a region or the programme as the
    // share with positive movement only (metrics.md).
    ReportTable scales_table(const TableTemplate& t);
    // 0.15 -> "15", 0.125 -> "12,5" (Swedish) / "12.5" (English).
    std::string threshold_text(double fraction) const;
    // rows = "attendance": one row per child and a row for the scope. The
    // column values above_first.<sex> / above_last.<sex> become one column per
    // configured threshold ("{threshold}" in the label or group is replaced).
    ReportTable attendance_table(const TableTemplate& t);
    // rows = "months": per child one row per month with recorded time and a
    // row for the whole period (distinct participants); then the scope's
    // total. Value = whole hours × the year's unit cost, in SEK with öre.
    ReportTable months_table(const TableTemplate& t);
    ReportTable months_wide_table(const TableTemplate& t);
    void about(ReportDocument& out) const;

    const DocumentTemplate& doc_;
    const FinalReportContext& ctx_;
    const Dataset& data_;
    const ProjectConfig& config_;
    Language lang_;
    // Looked up, never computed here: every scope's figures are computed once
    // per run (ProjectResults) and shared by all reports.
    const ScopeResults& scope_;
    std::vector<const ScopeResults*> children_;
    // By subproject index: in the report's scope. Asked once per input and
    // per rejected row, of which a national run has hundreds of thousands.
    std::vector<bool> in_scope_;
};

}  // namespace esfreport::report_detail
