#include "report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace fs = std::filesystem;

namespace esfreport::report_detail {

Cell ReportBuilder::child_cell(const TableTemplate& t, const TemplateColumn& c, const ScopeResults& r) const {
    const Scope& s = r.scope;
    const ParticipantMetrics& m = r.participants;
    if (c.value == "label") return Cell::of_text(s.label);
    if (c.value == "target_ages_in_school" || c.value == "target_ages_outside_school") {
        if (s.kind != Scope::Kind::subproject) return Cell::blank();
        const SubprojectConfig& sp = config_.subprojects[s.subprojects.front()];
        const auto& r = c.value == "target_ages_in_school" ? sp.target_ages_in_school : sp.target_ages_outside_school;
        return Cell::of_text(r ? r->text : "—");
    }
    if (c.value == "other_affected")
        return published(m.other_affected ? Cell::of_integer(double(*m.other_affected)) : Cell::of_missing(), s, "other_affected", "",
                         std::nullopt, false);
    return figure_cell(t, participant_figures(), c.value, m, s);
}

ReportTable ReportBuilder::children_table(const TableTemplate& t) {
    const auto cols = visible_columns(t);
    ReportTable rt = start(t, cols);
    std::vector<double> sums(cols.size(), 0);
    std::vector<bool> summed(cols.size(), false);
    for (std::size_t r = 0; r < ctx_.children.size(); ++r) {
        ReportRow row;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            Cell cell = child_cell(t, *cols[i], *children_[r]);
            if (cell.kind == CellKind::integer) {
                sums[i] += cell.value;
                summed[i] = true;
            }
            row.cells.push_back(std::move(cell));
        }
        rt.rows.push_back(std::move(row));
    }
    // The total row is the sum of the rows above: it adds up by construction.
    ReportRow total;
    total.style = RowStyle::total;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (cols[i]->value == "label") total.cells.push_back(Cell::of_text(text(t, "total_label")));
        else if (summed[i]) {
            // Under a region the total of the subprojects' unique participants
            // is the published sum_of_subprojects; other sums only add the rows.
            std::string_view figure;
            std::optional<Sex> sex;
            const bool subprojects = ctx_.scope.kind == Scope::Kind::region && split_figure_key(cols[i]->value, figure, sex) && figure == "unique";
            Cell sum = Cell::of_integer(sums[i]);
            if (subprojects) sum = published(std::move(sum), ctx_.scope, "sum_of_subprojects", "", sex, false);
            else sum.disclosure = Disclosure::column_sum;
            total.cells.push_back(std::move(sum));
        }
        else if (cols[i]->numeric) total.cells.push_back(Cell::of_missing());
        else total.cells.push_back(Cell::blank());
    }
    rt.rows.push_back(std::move(total));
    // Persons in several children are counted once in the scope's unique figure.
    const ParticipantMetrics& scope = scope_.participants;
    if (scope.unique.total() != scope.sum_of_subprojects.total() ||
        (ctx_.scope.kind == Scope::Kind::programme && scope.unique.total() != sums_of_unique())) {
        ReportRow dedup;
        dedup.style = RowStyle::note;
        for (const TemplateColumn* c : cols) {
            std::string_view figure;
            std::optional<Sex> sex;
            if (c->value == "label") dedup.cells.push_back(Cell::of_text(text(t, "dedup_label")));
            else if (split_figure_key(c->value, figure, sex) && figure == "unique")
                dedup.cells.push_back(published(Cell::of_integer(double(pick(scope.unique, sex))), ctx_.scope, "unique", "", sex, false));
            else dedup.cells.push_back(Cell::blank());
        }
        rt.rows.push_back(std::move(dedup));
        std::string list;
        // A public report names the overlaps without their counts, which are
        // small and no published figure.
        for (const auto& [key, n] : scope.overlaps)
            list += (list.empty() ? "" : "; ") + key + (ctx_.disclosure ? "" : " (" + std::to_string(n) + ")");
        std::string note = text(t, "overlap_note");
        if (auto at = note.find("{list}"); at != std::string::npos) note.replace(at, 6, list);
        if (!note.empty()) rt.notes.push_back(note);
    }
    if (!text(t, "other_affected_note").empty()) rt.notes.push_back(text(t, "other_affected_note"));
    return rt;
}

std::int64_t ReportBuilder::sums_of_unique() const {
    std::int64_t s = 0;
    for (const ScopeResults* child : children_) s += child->participants.unique.total();
    return s;
}

ReportTable ReportBuilder::metrics_table(const TableTemplate& t) {
    const auto cols = visible_columns(t);
    ReportTable rt = start(t, cols);
    std::vector<const ScopeResults*> blocks = children_;
    blocks.push_back(&scope_);
    for (const ScopeResults* block : blocks) {
        const ParticipantMetrics* m = &block->participants;
        const std::string denominator_name = t.denominator.empty() ? "exited" : t.denominator;
        const auto denominator = metric_by_name(*m, denominator_name);
        if (!denominator) throw TemplateError(t.file.string() + ": unknown denominator '" + t.denominator + "'");
        for (const TemplateRow& def : t.row_defs) {
            auto figures = metric_by_name(*m, def.metric);
            const auto dot = def.metric.find('.');
            const std::string measure = def.metric.substr(0, dot), category = dot == std::string::npos ? "" : def.metric.substr(dot + 1);
            const Scope& owner = block->scope;
            if (!figures) throw TemplateError(t.file.string() + ": unknown row metric '" + def.metric + "'");
            ReportRow row;
            row.style = def.style;
            for (const TemplateColumn* c : cols) {
                std::string_view kind;
                std::optional<Sex> sex;
                if (c->value == "block") row.cells.push_back(Cell::of_text(block->scope.label));
                else if (c->value == "row") row.cells.push_back(Cell::of_text(def.label.in(lang_)));
                else if (!split_figure_key(c->value, kind, sex)) bad_value(t, c->value);
                else if (kind == "count")
                    row.cells.push_back(published(Cell::of_integer(double(pick(*figures, sex))), owner, measure, category, sex, false));
                else if (kind == "denominator")
                    row.cells.push_back(published(Cell::of_integer(double(pick(*denominator, sex))), owner, denominator_name, "", sex, false));
                else if (kind == "share") {
                    const std::int64_t d = pick(*denominator, sex);
                    // No exited participant: the share cannot be computed, shown as missing.
                    if (!def.share) row.cells.push_back(Cell::blank());
                    else {
                        // The denominator's own share (100 %) is no figure of
                        // its own: it is shown or hidden with its count.
                        const bool share = def.metric != denominator_name;
                        Cell cell = d == 0 ? Cell::of_missing() : Cell::of_percent(double(pick(*figures, sex)) / double(d));
                        row.cells.push_back(published(std::move(cell), owner, measure, category, sex, share));
                    }
                } else bad_value(t, c->value);
            }
            rt.rows.push_back(std::move(row));
        }
    }
    return rt;
}

}  // namespace esfreport::report_detail
