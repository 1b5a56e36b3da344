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
    if (c.value == "label") return Cell::of_text(s.activity ? activity_label(s) : s.label);
    // Target ages and other affected youths are the subproject's, not an activity's.
    if (s.activity && (c.value == "target_ages_in_school" || c.value == "target_ages_outside_school" || c.value == "other_affected"))
        return Cell::blank();
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
        for (const ScopeResults& activity : child_activities(t, *children_[r])) {
            ReportRow detail;
            for (const TemplateColumn* c : cols) detail.cells.push_back(child_cell(t, *c, activity));
            as_activity_row(detail);
            rt.rows.push_back(std::move(detail));
        }
    }
    activity_note(t, rt);
    // A single subproject: its row is the region's, no total under it.
    if (single_child()) {
        scope_notes(rt);
        if (!text(t, "other_affected_note").empty()) rt.notes.push_back(text(t, "other_affected_note"));
        return rt;
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
        dedup_notes(t, rt);
    }
    scope_notes(rt);
    if (!text(t, "other_affected_note").empty()) rt.notes.push_back(text(t, "other_affected_note"));
    return rt;
}

const std::vector<ScopeResults>& ReportBuilder::child_activities(const TableTemplate& t, const ScopeResults& child) const {
    static const std::vector<ScopeResults> none;
    if (!t.activity_rows || ctx_.disclosure || child.scope.kind != Scope::Kind::subproject || child.scope.activity || child.scope.subprojects.size() != 1)
        return none;
    return ctx_.results->activities(child.scope.subprojects.front());
}

std::string ReportBuilder::activity_label(const Scope& activity) const {
    const std::string label = document_text("activity_row", {{"{activity}", activity.label}});
    return label.empty() ? "– " + activity.label : label;
}

void ReportBuilder::as_activity_row(ReportRow& row) {
    row.style = RowStyle::detail;
    for (Cell& c : row.cells)
        if (c.disclosure == Disclosure::figure) c = withheld(std::move(c));
}

void ReportBuilder::activity_note(const TableTemplate& t, ReportTable& rt, const std::string& key) const {
    bool any = false;
    for (const ScopeResults* child : children_) any = any || !child_activities(t, *child).empty();
    if (!any) return;
    const std::string note = document_text(key, {});
    if (!note.empty()) rt.notes.push_back(note);
}

// "kumla + lindesberg" (the ids core keys overlaps by) -> "Kumla kommun + Lindesbergs kommun".
std::string ReportBuilder::subproject_names(const std::string& ids) const {
    std::string out;
    std::size_t from = 0;
    while (from <= ids.size()) {
        const std::size_t plus = std::min(ids.find(" + ", from), ids.size());
        const std::string id = ids.substr(from, plus - from);
        std::string name = id;
        for (const SubprojectConfig& sp : config_.subprojects)
            if (sp.id == id && !sp.name.empty()) name = sp.name;
        out += (out.empty() ? "" : " + ") + name;
        from = plus + 3;
    }
    return out;
}

// Why the scope's unique figure is below the sum of its rows: the persons in
// more than one subproject, as counts per combination of subprojects (never
// who they are), and in the programme report the count counted once.
void ReportBuilder::dedup_notes(const TableTemplate& t, ReportTable& rt) const {
    const ParticipantMetrics& scope = scope_.participants;
    std::string list;
    // A public report names the overlaps without their counts, which are
    // small and no published figure.
    for (const auto& [key, n] : scope.overlaps)
        list += (list.empty() ? "" : "; ") + subproject_names(key) + (ctx_.disclosure ? "" : " (" + std::to_string(n) + ")");
    std::string note = text(t, "overlap_note");
    if (auto at = note.find("{list}"); at != std::string::npos) note.replace(at, 6, list);
    if (!note.empty() && !list.empty()) rt.notes.push_back(note);
}

// Under every table with a row for the scope: that row counts a person in
// several children once, so it is less than the sum of the rows above. The
// note gives the counts, never who.
void ReportBuilder::counted_once_note(ReportTable& rt) const {
    const std::int64_t rows_sum = sums_of_unique();
    const std::int64_t unique = scope_.participants.unique.total();
    // Not in a public report: the difference is a small count of persons and
    // the figures it names may be suppressed.
    if (rows_sum == unique || single_child() || ctx_.disclosure) return;
    const std::string note =
        document_text(ctx_.scope.kind == Scope::Kind::programme ? "counted_once_regions_note" : "counted_once_subprojects_note",
                      {{"{scope}", ctx_.scope.label}, {"{sum}", std::to_string(rows_sum)}, {"{unique}", std::to_string(unique)},
                       {"{once}", std::to_string(rows_sum - unique)}});
    if (!note.empty()) rt.notes.push_back(note);
}

std::string ReportBuilder::document_text(const std::string& key, std::initializer_list<std::pair<std::string, std::string>> values) const {
    auto it = doc_.texts.find(key);
    if (it == doc_.texts.end()) return {};
    std::string text = it->second.in(lang_);
    for (const auto& [name, value] : values)
        for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size())) text.replace(at, name.size(), value);
    return text;
}

std::int64_t ReportBuilder::sums_of_unique() const {
    std::int64_t s = 0;
    for (const ScopeResults* child : children_) s += child->participants.unique.total();
    return s;
}

std::string ReportBuilder::sex_label(const std::optional<Sex>& sex) const {
    // A public report's one row for non-binary and unknown (shown_sexes).
    if (ctx_.disclosure && sex == Sex::non_binary) return about_label("other_sex");
    const char* key = !sex ? "total" : *sex == Sex::female ? "female" : *sex == Sex::male ? "male" : *sex == Sex::non_binary ? "non_binary" : "unknown";
    const std::string label = document_text(key, {});
    return label.empty() ? std::string(key) : label;
}

std::vector<std::optional<Sex>> ReportBuilder::shown_sexes() const {
    std::vector<std::optional<Sex>> out = {Sex::female, Sex::male};
    // A public report publishes non-binary and unknown together as one
    // figure ("other", core/outcome_figures): one row, whose cells the
    // disclosure pass fills with that figure.
    if (ctx_.disclosure) {
        if (scope_.participants.unique[Sex::non_binary] > 0 || scope_.participants.unique[Sex::unknown] > 0)
            out.push_back(Sex::non_binary);
    } else {
        for (Sex s : {Sex::non_binary, Sex::unknown})
            if (scope_.participants.unique[s] > 0) out.push_back(s);
    }
    out.push_back(std::nullopt);
    return out;
}

bool ReportBuilder::single_child() const {
    return children_.size() == 1 && children_.front()->scope.subprojects == scope_.scope.subprojects;
}

void ReportBuilder::scope_notes(ReportTable& rt) const {
    if (!single_child()) return counted_once_note(rt);
    const std::string note = document_text("single_child_note", {{"{scope}", ctx_.scope.label}, {"{child}", children_.front()->scope.label}});
    if (!note.empty()) rt.notes.push_back(note);
}

ReportTable ReportBuilder::wide_metrics_table(const TableTemplate& t) {
    const TemplateColumn* sex_column = nullptr;
    const TemplateColumn* block_column = nullptr;
    const TemplateColumn* count_column = nullptr;
    const TemplateColumn* share_column = nullptr;
    for (const TemplateColumn& c : t.columns)
        (c.value == "sex" ? sex_column : c.value == "block" ? block_column : c.value == "count" ? count_column : share_column) = &c;
    if (!sex_column || !block_column || !count_column)
        throw TemplateError(t.file.string() + ": layout = \"wide\" needs a \"sex\", a \"block\" and a \"count\" column");
    const std::string denominator_name = t.denominator.empty() ? "exited" : t.denominator;
    // One column group per [[row]] metric: its count, and its share unless it
    // is the denominator itself or its row says share = false.
    struct WideColumn {
        const TemplateRow* def = nullptr;  // null: the sex, then the block label
        bool share = false;
    };
    std::vector<TemplateColumn> synthesized = {*sex_column, *block_column};
    std::vector<WideColumn> wide = {{}, {}};
    for (const TemplateRow& def : t.row_defs) {
        const bool with_share = share_column && def.share && def.metric != denominator_name;
        for (bool share : {false, true}) {
            if (share && !with_share) continue;
            TemplateColumn c = share ? *share_column : *count_column;
            c.group = def.label;
            synthesized.push_back(c);
            wide.push_back({&def, share});
        }
    }
    std::vector<const TemplateColumn*> cols;
    for (const TemplateColumn& c : synthesized) cols.push_back(&c);
    ReportTable rt = start(t, cols);
    std::vector<const ScopeResults*> blocks = children_;
    if (!single_child()) blocks.push_back(&scope_);
    // Each child's activities beneath it, in the block of all sexes only: a
    // subproject's activity by sex is a handful of persons, and table 1
    // gives the activities' participants by sex.
    std::vector<const ScopeResults*> with_activities;
    for (const ScopeResults* block : blocks) {
        with_activities.push_back(block);
        if (block != &scope_)
            for (const ScopeResults& activity : child_activities(t, *block)) with_activities.push_back(&activity);
    }
    for (const std::optional<Sex>& sex : shown_sexes()) {
        for (const ScopeResults* block : sex ? blocks : with_activities) {
            const ParticipantMetrics& m = block->participants;
            const auto denominator = metric_by_name(m, denominator_name);
            if (!denominator) throw TemplateError(t.file.string() + ": unknown denominator '" + t.denominator + "'");
            ReportRow row;
            row.style = block == &scope_ ? RowStyle::total : RowStyle::normal;
            row.cells = {Cell::of_text(sex_label(sex)),
                         Cell::of_text(block->scope.activity ? activity_label(block->scope) : block->scope.label)};
            for (const WideColumn& w : wide) {
                if (!w.def) continue;
                const auto figures = metric_by_name(m, w.def->metric);
                if (!figures) throw TemplateError(t.file.string() + ": unknown row metric '" + w.def->metric + "'");
                const std::int64_t n = pick(*figures, sex);
                const std::int64_t d = pick(*denominator, sex);
                const auto dot = w.def->metric.find('.');
                const std::string measure = w.def->metric.substr(0, dot);
                const std::string category = dot == std::string::npos ? "" : w.def->metric.substr(dot + 1);
                // No exited participant: the share cannot be computed, shown as missing.
                Cell cell = !w.share ? Cell::of_integer(double(n)) : cell_of(participant_share(n, d));
                row.cells.push_back(published(std::move(cell), block->scope, measure, category, sex, w.share));
            }
            if (block->scope.activity) as_activity_row(row);
            rt.rows.push_back(std::move(row));
        }
    }
    activity_note(t, rt);
    scope_notes(rt);
    const auto sexes = shown_sexes();
    if (ctx_.disclosure && std::find(sexes.begin(), sexes.end(), std::optional<Sex>(Sex::non_binary)) != sexes.end())
        rt.notes.push_back(about_label("other_sex_note"));
    return rt;
}

ReportTable ReportBuilder::metrics_table(const TableTemplate& t) {
    if (t.layout == "wide") return wide_metrics_table(t);
    const auto cols = visible_columns(t);
    ReportTable rt = start(t, cols);
    std::vector<const ScopeResults*> blocks;
    for (const ScopeResults* child : children_) {
        blocks.push_back(child);
        for (const ScopeResults& activity : child_activities(t, *child)) blocks.push_back(&activity);
    }
    if (!single_child()) blocks.push_back(&scope_);
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
                if (c->value == "block")
                    row.cells.push_back(Cell::of_text(block->scope.activity ? activity_label(block->scope) : block->scope.label));
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
                        Cell cell = cell_of(participant_share(pick(*figures, sex), d));
                        row.cells.push_back(published(std::move(cell), owner, measure, category, sex, share));
                    }
                } else bad_value(t, c->value);
            }
            if (block->scope.activity) as_activity_row(row);
            rt.rows.push_back(std::move(row));
        }
    }
    activity_note(t, rt);
    scope_notes(rt);
    return rt;
}

}  // namespace esfreport::report_detail
