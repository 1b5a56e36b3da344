#include "report_builder.hpp"

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/export/number_format.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace fs = std::filesystem;

namespace esfreport::report_detail {

// A column of a figure by sex: true when the scope has participants of that sex.
bool ReportBuilder::sex_present(const TemplateColumn& c) const {
    std::string_view figure;
    std::optional<Sex> sex;
    if (!split_figure_key(c.value, figure, sex)) return true;
    return pick(scope_.participants.unique, sex) > 0;
}

// A note naming the children a table has no rows for ("{list}" in the text).
void ReportBuilder::list_note(const TableTemplate& t, ReportTable& rt, const std::string& key, const std::string& list) const {
    if (list.empty()) return;
    std::string note = text(t, key);
    if (note.empty()) note = key + ": {list}";
    if (auto at = note.find("{list}"); at != std::string::npos) note.replace(at, 6, list);
    rt.notes.push_back(note);
}

void ReportBuilder::empty_note(const TableTemplate& t, ReportTable& rt, const std::string& key) const {
    const std::string& note = text(t, key);
    rt.notes.push_back(note.empty() ? key : note);
}

// rows = "scales": one row per child × ordinal scale, one row per step of
// a categorical scale (the distribution of last assessments), and rows
// that combine the ordinal scales of a region or the programme as the
// share with positive movement only (metrics.md).
ReportTable ReportBuilder::scales_table(const TableTemplate& t) {
    const auto cols = visible_if(t, [&](const TemplateColumn& c) { return sex_present(c); });
    ReportTable rt = start(t, cols);
    if (config_.scales.empty()) {
        empty_note(t, rt, "no_scales_note");
        return rt;
    }
    const StepMetrics& scope = scope_.steps;
    bool any = false;
    for (const ScaleMovements& s : scope.scales) any = any || s.assessed.total() > 0;
    if (!any) {
        empty_note(t, rt, "no_data_note");
        return rt;
    }
    // The distribution and a categorical scale's steps are no published
    // figure (the extract leaves them out): withheld from a public report.
    auto ordinal_cell = [&](const TemplateColumn& c, const Scope& owner, const ScaleMovements& m) -> Cell {
        if (c.value == "distribution") {
            std::string out;
            for (const auto& [movement, n] : m.distribution) {
                if (!out.empty()) out += " · ";
                out += (movement < 0 ? minus_sign + std::to_string(-movement) : movement > 0 ? "+" + std::to_string(movement) : "0");
                out += ": " + std::to_string(n.total());
            }
            return withheld(out.empty() ? Cell::of_missing() : Cell::of_text(out));
        }
        return figure_cell(t, scale_figures(), c.value, m, owner, config_.scales[m.scale].id);
    };
    auto add_scale_rows = [&](const Scope& owner, const ScaleMovements& m, RowStyle style) {
        const ScaleConfig& scale = config_.scales[m.scale];
        if (m.kind == ScaleKind::ordinal) {
            ReportRow row;
            row.style = style;
            for (const TemplateColumn* c : cols) {
                if (c->value == "block") row.cells.push_back(Cell::of_text(owner.label));
                else if (c->value == "scale") row.cells.push_back(Cell::of_text(scale.label));
                else row.cells.push_back(ordinal_cell(*c, owner, m));
            }
            rt.rows.push_back(std::move(row));
            return;
        }
        for (std::size_t step = 0; step < scale.steps.size(); ++step) {
            const std::string step_label = step < scale.step_labels.size() && !scale.step_labels[step].empty()
                                               ? scale.step_labels[step] : scale.steps[step];
            ReportRow row;
            row.style = style;
            for (const TemplateColumn* c : cols) {
                std::string_view figure;
                std::optional<Sex> sex;
                if (c->value == "block") row.cells.push_back(Cell::of_text(owner.label));
                else if (c->value == "scale") row.cells.push_back(Cell::of_text(scale.label + ": " + step_label));
                else if (split_figure_key(c->value, figure, sex) && figure == "assessed")
                    row.cells.push_back(withheld(Cell::of_integer(double(pick(m.last_step[step], sex)))));
                else row.cells.push_back(Cell::blank());
            }
            rt.rows.push_back(std::move(row));
        }
    };
    auto add_combined_row = [&](const Scope& owner, const CombinedMovements& m) {
        ReportRow row;
        row.style = RowStyle::total;
        for (const TemplateColumn* c : cols) {
            std::string_view figure;
            std::optional<Sex> sex;
            if (c->value == "block") row.cells.push_back(Cell::of_text(owner.label));
            else if (c->value == "scale") row.cells.push_back(Cell::of_text(text(t, "combined_label")));
            else if (split_figure_key(c->value, figure, sex) && find_figure(combined_scale_figures(), figure))
                row.cells.push_back(figure_cell(t, combined_scale_figures(), c->value, m, owner));
            else row.cells.push_back(Cell::blank());  // never averaged steps across scales
        }
        rt.rows.push_back(std::move(row));
    };
    std::string without;  // children with no scale to show
    for (const ScopeResults* results : children_) {
        const Scope& child = results->scope;
        const StepMetrics& m = results->steps;
        if (m.scales.empty()) without += (without.empty() ? "" : ", ") + child.label;
        for (const ScaleMovements& s : m.scales) add_scale_rows(child, s, RowStyle::normal);
        if (child.kind != Scope::Kind::subproject && !m.scales.empty()) add_combined_row(child, m.combined);
        // The subproject's activities beneath it: each scale for the persons who took part in the activity.
        for (const ScopeResults& activity : child_activities(t, *results)) {
            Scope shown = activity.scope;
            shown.label = activity_label(activity.scope);
            const std::size_t first_row = rt.rows.size();
            for (const ScaleMovements& s : activity.steps.scales) add_scale_rows(shown, s, RowStyle::detail);
            for (std::size_t r = first_row; r < rt.rows.size(); ++r) as_activity_row(rt.rows[r]);
        }
    }
    activity_note(t, rt, "activity_steps_note");
    // The region's or programme's own rows: each scale on its own (persons
    // counted once across subprojects), then the combined share.
    if (ctx_.scope.kind != Scope::Kind::subproject && !single_child())
        for (const ScaleMovements& s : scope.scales) add_scale_rows(ctx_.scope, s, RowStyle::total);
    add_combined_row(ctx_.scope, scope.combined);
    list_note(t, rt, "no_assessments_note", without);
    counted_once_note(rt);
    if (!text(t, "definition_note").empty()) rt.notes.push_back(text(t, "definition_note"));
    return rt;
}

// 0.15 -> "15", 0.125 -> "12,5" (Swedish) / "12.5" (English).
std::string ReportBuilder::threshold_text(double fraction) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", std::round(fraction * 10000.0) / 100.0);
    std::string out = buf;
    if (lang_ == Language::sv)
        for (char& c : out)
            if (c == '.') c = ',';
    return out;
}

// rows = "attendance": one row per child and a row for the scope. The
// column values above_first.<sex> / above_last.<sex> become one column per
// configured threshold ("{threshold}" in the label or group is replaced).
ReportTable ReportBuilder::attendance_table(const TableTemplate& t) {
    const AttendanceMetrics& scope = scope_.attendance;
    std::vector<TemplateColumn> expanded;
    std::vector<int> threshold_of;  // per expanded column, −1 when none
    // A run of consecutive above_* columns repeats per threshold, so the
    // columns of one threshold stay together under its group label.
    auto is_above = [](const TemplateColumn& c) { return c.value.rfind("above_", 0) == 0; };
    for (std::size_t i = 0; i < t.columns.size();) {
        if (!is_above(t.columns[i])) {
            expanded.push_back(t.columns[i++]);
            threshold_of.push_back(-1);
            continue;
        }
        std::size_t end = i;
        while (end < t.columns.size() && is_above(t.columns[end])) ++end;
        for (std::size_t k = 0; k < config_.absence_thresholds.size(); ++k) {
            const std::string pct = threshold_text(config_.absence_thresholds[k]);
            for (std::size_t j = i; j < end; ++j) {
                TemplateColumn copy = t.columns[j];
                for (std::string* s : {&copy.label.sv, &copy.label.en})
                    for (auto at = s->find("{threshold}"); at != std::string::npos; at = s->find("{threshold}")) s->replace(at, 11, pct);
                if (copy.group)
                    for (std::string* s : {&copy.group->sv, &copy.group->en})
                        for (auto at = s->find("{threshold}"); at != std::string::npos; at = s->find("{threshold}")) s->replace(at, 11, pct);
                expanded.push_back(copy);
                threshold_of.push_back(static_cast<int>(k));
            }
        }
        i = end;
    }
    std::vector<const TemplateColumn*> cols;
    std::vector<int> col_threshold;
    for (std::size_t i = 0; i < expanded.size(); ++i) {
        const TemplateColumn& c = expanded[i];
        if (c.only_if_nonzero) {
            std::string_view figure;
            std::optional<Sex> sex;
            const bool split = split_figure_key(c.value, figure, sex) &&
                               (figure == "with_split" || figure.rfind("invalid_", 0) == 0 || figure.rfind("valid_", 0) == 0);
            // Valid/invalid columns only when the source gives them.
            if (split && scope.with_split.total() == 0) continue;
            if (!split && !sex_present(c)) continue;
        }
        cols.push_back(&c);
        col_threshold.push_back(threshold_of[i]);
    }
    ReportTable rt = start(t, cols);
    if (scope.with_attendance.total() == 0) {
        empty_note(t, rt, "no_data_note");
        return rt;
    }
    auto add_row = [&](const Scope& owner, const AttendanceMetrics& m, RowStyle style, const std::string& label) {
        ReportRow row;
        row.style = style;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const TemplateColumn& c = *cols[i];
            if (c.value == "label") {
                row.cells.push_back(Cell::of_text(label.empty() ? owner.label : label));
                continue;
            }
            const AttendanceRow figures{&m, col_threshold[i] >= 0 ? static_cast<std::size_t>(col_threshold[i]) : m.above.size()};
            const std::string category = col_threshold[i] >= 0 ? threshold_category(config_.absence_thresholds[col_threshold[i]]) : "";
            row.cells.push_back(figure_cell(t, attendance_figures(), c.value, figures, owner, category));
        }
        rt.rows.push_back(std::move(row));
    };
    // Children without attendance data are named in a note, not shown as zeros.
    std::string without;
    for (const ScopeResults* results : children_) {
        const Scope& child = results->scope;
        const AttendanceMetrics& m = results->attendance;
        if (m.with_attendance.total() == 0) without += (without.empty() ? "" : ", ") + child.label;
        else add_row(child, m, RowStyle::normal, {});
    }
    // The scope's own figures (a person in two children counts once),
    // labelled with the scope's name as in every table.
    if (!single_child()) add_row(ctx_.scope, scope, RowStyle::total, {});
    scope_notes(rt);
    list_note(t, rt, "no_attendance_note", without);
    if (!text(t, "definition_note").empty()) rt.notes.push_back(text(t, "definition_note"));
    return rt;
}

// rows = "months": per child one row per month with recorded time and a
// row for the whole period (distinct participants); then the scope's
// total. Value = whole hours × the year's unit cost, in SEK with öre.
ReportTable ReportBuilder::months_table(const TableTemplate& t) {
    if (t.layout == "wide") return months_wide_table(t);
    const auto cols = visible_if(t, [&](const TemplateColumn& c) { return sex_present(c); });
    ReportTable rt = start(t, cols);
    const ParticipantTime& scope = scope_.time;
    if (scope.months.empty()) {
        empty_note(t, rt, "no_data_note");
        return rt;
    }
    const bool period_only = t.layout == "period";
    auto add_row = [&](const Scope& owner, const std::string& block, const std::string& month, const MonthTime* mt,
                       const ParticipantTime* whole, RowStyle style) {
        ReportRow row;
        row.style = style;
        for (const TemplateColumn* c : cols) {
            if (c->value == "block") row.cells.push_back(Cell::of_text(block));
            else if (c->value == "month") row.cells.push_back(Cell::of_text(month));
            else if (c->value == "unit_cost") {
                row.cells.push_back(mt && mt->unit_cost_ore ? Cell::of_number(double(mt->unit_cost_ore) / 100.0, FigureDecimals::money)
                                                            : Cell::blank());
                row.cells.back().disclosure = Disclosure::not_persons;  // configuration
            } else
                row.cells.push_back(figure_cell(t, time_figures(), c->value, mt ? TimeRow::of(*mt) : TimeRow::of(*whole), owner,
                                                mt ? month_text(mt->month) : ""));
        }
        rt.rows.push_back(std::move(row));
    };
    std::string without;
    for (const ScopeResults* results : children_) {
        const Scope& child = results->scope;
        const ParticipantTime& m = results->time;
        if (m.months.empty()) {
            without += (without.empty() ? "" : ", ") + child.label;
            continue;
        }
        if (!period_only)
            for (const MonthTime& mt : m.months) add_row(child, child.label, month_text(mt.month), &mt, nullptr, RowStyle::normal);
        add_row(child, child.label, text(t, "period_label"), nullptr, &m, period_only ? RowStyle::normal : RowStyle::total);
    }
    if (!single_child()) add_row(ctx_.scope, ctx_.scope.label, text(t, "period_label"), nullptr, &scope, RowStyle::total);
    scope_notes(rt);
    list_note(t, rt, "no_hours_note", without);
    if (!text(t, "definition_note").empty()) rt.notes.push_back(text(t, "definition_note"));
    return rt;
}

}  // namespace esfreport::report_detail

namespace esfreport::report_detail {

// layout = "wide": one row per month of the scope, then the whole period;
// the figure columns repeated under each child's name and the scope's. A
// child without time in a month shows zeros there (counts, not missing).
ReportTable ReportBuilder::months_wide_table(const TableTemplate& t) {
    const auto visible = visible_if(t, [&](const TemplateColumn& c) { return sex_present(c); });
    std::vector<const ScopeResults*> groups;
    for (const ScopeResults* child : children_)
        if (!child->time.months.empty()) groups.push_back(child);
    if (!single_child()) groups.push_back(&scope_);
    // Columns: the month and unit cost once, each figure column per group.
    struct WideColumn {
        const TemplateColumn* column;
        const ScopeResults* group;  // null: not a figure
    };
    std::vector<TemplateColumn> synthesized;
    std::vector<WideColumn> wide;
    synthesized.reserve(visible.size() * (groups.size() + 1));
    for (const TemplateColumn* c : visible)
        if (c->value == "month" || c->value == "unit_cost") {
            synthesized.push_back(*c);
            wide.push_back({c, nullptr});
        }
    for (const ScopeResults* g : groups)
        for (const TemplateColumn* c : visible) {
            if (c->value == "month" || c->value == "unit_cost" || c->value == "block") continue;
            if (c->scope_only && g != &scope_ && !single_child()) continue;
            TemplateColumn copy = *c;
            copy.group = Labels{g->scope.label, g->scope.label};
            synthesized.push_back(copy);
            wide.push_back({c, g});
        }
    std::vector<const TemplateColumn*> cols;
    for (const TemplateColumn& c : synthesized) cols.push_back(&c);
    ReportTable rt = start(t, cols);
    const ParticipantTime& scope = scope_.time;
    if (scope.months.empty()) {
        empty_note(t, rt, "no_data_note");
        return rt;
    }
    auto month_of = [](const ParticipantTime& time, int month) -> const MonthTime* {
        for (const MonthTime& mt : time.months)
            if (mt.month == month) return &mt;
        return nullptr;
    };
    auto add_row = [&](const MonthTime* scope_month, RowStyle style) {
        ReportRow row;
        row.style = style;
        for (const WideColumn& w : wide) {
            const std::string& value = w.column->value;
            if (value == "month") {
                row.cells.push_back(Cell::of_text(scope_month ? month_text(scope_month->month) : text(t, "period_label")));
            } else if (value == "unit_cost") {
                row.cells.push_back(scope_month && scope_month->unit_cost_ore
                                        ? Cell::of_number(double(scope_month->unit_cost_ore) / 100.0, FigureDecimals::money)
                                        : Cell::blank());
                row.cells.back().disclosure = Disclosure::not_persons;  // configuration
            } else if (!scope_month) {
                row.cells.push_back(figure_cell(t, time_figures(), value, TimeRow::of(w.group->time), w.group->scope));
            } else if (const MonthTime* mt = month_of(w.group->time, scope_month->month)) {
                row.cells.push_back(figure_cell(t, time_figures(), value, TimeRow::of(*mt), w.group->scope, month_text(mt->month)));
            } else {
                // The group had no hours that month: zeros, which no published
                // figure stands for (".." in a public report).
                const MonthTime none{scope_month->month, scope_month->unit_cost_ore, {}, {}, {}};
                row.cells.push_back(withheld(figure_cell(t, time_figures(), value, TimeRow::of(none), w.group->scope)));
            }
        }
        rt.rows.push_back(std::move(row));
    };
    for (const MonthTime& mt : scope.months) add_row(&mt, RowStyle::normal);
    add_row(nullptr, RowStyle::total);
    std::string without;
    for (const ScopeResults* child : children_)
        if (child->time.months.empty()) without += (without.empty() ? "" : ", ") + child->scope.label;
    list_note(t, rt, "no_hours_note", without);
    scope_notes(rt);
    for (const char* key : {"definition_note", "detail_note"})
        if (!text(t, key).empty()) rt.notes.push_back(text(t, key));
    return rt;
}

}  // namespace esfreport::report_detail
