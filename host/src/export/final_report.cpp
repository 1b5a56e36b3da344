#include <esfreport/export/final_report.hpp>

#include <esfreport/core/attendance_metrics.hpp>
#include <esfreport/core/participant_time.hpp>
#include <esfreport/core/step_metrics.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <tuple>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

std::string period_text(const ReportingPeriod& p) { return p.from.iso() + " – " + p.to.iso(); }

std::string date_text(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string sheet_name(std::string s) {
    for (char& c : s)
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
    // 31 characters at most, cut on a UTF-8 boundary.
    if (s.size() > 31) {
        std::size_t cut = 31;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s.resize(cut);
    }
    return s;
}

[[noreturn]] void bad_value(const TableTemplate& t, const std::string& value) {
    throw TemplateError(t.file.string() + ": column value '" + value + "' is not known for rows = \"" + t.rows + "\"");
}

// "unique.female" -> ("unique", female); "unique.total" -> ("unique", nullopt).
bool split_metric(const std::string& value, std::string& metric, std::optional<Sex>& sex) {
    const auto dot = value.rfind('.');
    if (dot == std::string::npos) return false;
    metric = value.substr(0, dot);
    return parse_sex_key(std::string_view(value).substr(dot + 1), sex);
}

std::int64_t pick(const BySex& b, const std::optional<Sex>& sex) { return sex ? b[*sex] : b.total(); }

std::string relative_path(const std::string& path, const fs::path& base) {
    std::error_code ec;
    const fs::path rel = fs::path(path).lexically_relative(base);
    return rel.empty() || rel.string().rfind("..", 0) == 0 ? path : rel.string();
}

class Builder {
public:
    Builder(const DocumentTemplate& d, const FinalReportContext& c)
        : doc_(d), ctx_(c), data_(*c.data), config_(*c.data->config), lang_(c.language) {
        scope_metrics_ = ctx_.engine->participants(ctx_.scope, ctx_.period);
        for (const Scope& child : ctx_.children) child_metrics_.push_back(ctx_.engine->participants(child, ctx_.period));
    }

    ReportDocument build() {
        ReportDocument out;
        out.title = doc_.title.in(lang_);
        out.author = doc_.author.in(lang_);
        out.project = config_.name;
        out.scope = ctx_.scope.label;
        out.period = period_text(ctx_.period);
        out.generated_at = ctx_.generated_at;
        out.language = lang_;
        for (const TableTemplate& t : doc_.tables) out.tables.push_back(table(t));
        out.about_sheet_name = sheet_name(doc_.about_sheet.in(lang_));
        about(out);
        return out;
    }

private:
    const std::string& text(const TableTemplate& t, const std::string& key) const {
        static const std::string empty;
        auto it = t.texts.find(key);
        return it == t.texts.end() ? empty : it->second.in(lang_);
    }
    std::string about_label(const std::string& key) const {
        auto it = doc_.about.find(key);
        return it == doc_.about.end() ? key : it->second.in(lang_);
    }

    ReportTable start(const TableTemplate& t, const std::vector<const TemplateColumn*>& cols) const {
        ReportTable rt;
        rt.id = t.id;
        rt.sheet_name = sheet_name(t.sheet.in(lang_));
        rt.title = t.title.in(lang_);
        rt.subtitle = ctx_.scope.label + " · " + period_text(ctx_.period);
        bool any_group = false;
        for (const TemplateColumn* c : cols) any_group = any_group || c->group.has_value();
        for (const TemplateColumn* c : cols) {
            rt.columns.push_back({c->label.in(lang_), c->numeric});
            if (!any_group) continue;
            const std::string g = c->group ? c->group->in(lang_) : std::string();
            if (!rt.groups.empty() && rt.groups.back().label == g && !g.empty()) ++rt.groups.back().span;
            else rt.groups.push_back({g, 1});
        }
        return rt;
    }

    // Columns marked only_if_nonzero are dropped when their figure is zero in
    // the whole scope (e.g. no participant of unknown sex).
    std::vector<const TemplateColumn*> visible_columns(const TableTemplate& t) const {
        std::vector<const TemplateColumn*> out;
        for (const TemplateColumn& c : t.columns) {
            if (c.only_if_nonzero) {
                std::string metric;
                std::optional<Sex> sex;
                if (split_metric(c.value, metric, sex))
                    if (auto b = metric_by_name(scope_metrics_, metric); b && pick(*b, sex) == 0) continue;
            }
            out.push_back(&c);
        }
        return out;
    }

    ReportTable table(const TableTemplate& t) {
        if (t.rows == "children") return children_table(t);
        if (t.rows == "metrics") return metrics_table(t);
        if (t.rows == "inputs") return inputs_table(t);
        if (t.rows == "scales") return scales_table(t);
        if (t.rows == "attendance") return attendance_table(t);
        if (t.rows == "months") return months_table(t);
        return reasons_table(t);
    }

    Cell child_cell(const TableTemplate& t, const TemplateColumn& c, const Scope& s, const ParticipantMetrics& m) const {
        if (c.value == "label") return Cell::of_text(s.label);
        if (c.value == "target_ages_in_school" || c.value == "target_ages_outside_school") {
            if (s.kind != Scope::Kind::subproject) return Cell::blank();
            const SubprojectConfig& sp = config_.subprojects[s.subprojects.front()];
            const auto& r = c.value == "target_ages_in_school" ? sp.target_ages_in_school : sp.target_ages_outside_school;
            return Cell::of_text(r ? r->text : "—");
        }
        if (c.value == "other_affected") return m.other_affected ? Cell::of_integer(double(*m.other_affected)) : Cell::of_missing();
        std::string metric;
        std::optional<Sex> sex;
        if (!split_metric(c.value, metric, sex)) bad_value(t, c.value);
        auto b = metric_by_name(m, metric);
        if (!b) bad_value(t, c.value);
        return Cell::of_integer(double(pick(*b, sex)));
    }

    ReportTable children_table(const TableTemplate& t) {
        const auto cols = visible_columns(t);
        ReportTable rt = start(t, cols);
        std::vector<double> sums(cols.size(), 0);
        std::vector<bool> summed(cols.size(), false);
        for (std::size_t r = 0; r < ctx_.children.size(); ++r) {
            ReportRow row;
            for (std::size_t i = 0; i < cols.size(); ++i) {
                Cell cell = child_cell(t, *cols[i], ctx_.children[r], child_metrics_[r]);
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
            else if (summed[i]) total.cells.push_back(Cell::of_integer(sums[i]));
            else if (cols[i]->numeric) total.cells.push_back(Cell::of_missing());
            else total.cells.push_back(Cell::blank());
        }
        rt.rows.push_back(std::move(total));
        // Persons in several children are counted once in the scope's unique figure.
        if (scope_metrics_.unique.total() != scope_metrics_.sum_of_subprojects.total() ||
            (ctx_.scope.kind == Scope::Kind::programme && scope_metrics_.unique.total() != sums_of_unique())) {
            ReportRow dedup;
            dedup.style = RowStyle::note;
            for (const TemplateColumn* c : cols) {
                std::string metric;
                std::optional<Sex> sex;
                if (c->value == "label") dedup.cells.push_back(Cell::of_text(text(t, "dedup_label")));
                else if (split_metric(c->value, metric, sex) && metric == "unique")
                    dedup.cells.push_back(Cell::of_integer(double(pick(scope_metrics_.unique, sex))));
                else dedup.cells.push_back(Cell::blank());
            }
            rt.rows.push_back(std::move(dedup));
            std::string list;
            for (const auto& [key, n] : scope_metrics_.overlaps) list += (list.empty() ? "" : "; ") + key + " (" + std::to_string(n) + ")";
            std::string note = text(t, "overlap_note");
            if (auto at = note.find("{list}"); at != std::string::npos) note.replace(at, 6, list);
            if (!note.empty()) rt.notes.push_back(note);
        }
        if (!text(t, "other_affected_note").empty()) rt.notes.push_back(text(t, "other_affected_note"));
        return rt;
    }

    std::int64_t sums_of_unique() const {
        std::int64_t s = 0;
        for (const ParticipantMetrics& m : child_metrics_) s += m.unique.total();
        return s;
    }

    ReportTable metrics_table(const TableTemplate& t) {
        const auto cols = visible_columns(t);
        ReportTable rt = start(t, cols);
        std::vector<std::pair<const Scope*, const ParticipantMetrics*>> blocks;
        for (std::size_t i = 0; i < ctx_.children.size(); ++i) blocks.emplace_back(&ctx_.children[i], &child_metrics_[i]);
        blocks.emplace_back(&ctx_.scope, &scope_metrics_);
        for (const auto& [scope, m] : blocks) {
            const auto denominator = metric_by_name(*m, t.denominator.empty() ? "exited" : t.denominator);
            if (!denominator) throw TemplateError(t.file.string() + ": unknown denominator '" + t.denominator + "'");
            for (const TemplateRow& def : t.row_defs) {
                auto figures = metric_by_name(*m, def.metric);
                if (!figures) throw TemplateError(t.file.string() + ": unknown row metric '" + def.metric + "'");
                ReportRow row;
                row.style = def.style;
                for (const TemplateColumn* c : cols) {
                    std::string kind;
                    std::optional<Sex> sex;
                    if (c->value == "block") row.cells.push_back(Cell::of_text(scope->label));
                    else if (c->value == "row") row.cells.push_back(Cell::of_text(def.label.in(lang_)));
                    else if (!split_metric(c->value, kind, sex)) bad_value(t, c->value);
                    else if (kind == "count") row.cells.push_back(Cell::of_integer(double(pick(*figures, sex))));
                    else if (kind == "denominator") row.cells.push_back(Cell::of_integer(double(pick(*denominator, sex))));
                    else if (kind == "share") {
                        const std::int64_t d = pick(*denominator, sex);
                        // No exited participant: the share cannot be computed, shown as missing.
                        if (!def.share) row.cells.push_back(Cell::blank());
                        else if (d == 0) row.cells.push_back(Cell::of_missing());
                        else row.cells.push_back(Cell::of_percent(double(pick(*figures, sex)) / double(d)));
                    } else bad_value(t, c->value);
                }
                rt.rows.push_back(std::move(row));
            }
        }
        return rt;
    }

    bool in_scope(SubprojectIndex s) const {
        return std::find(ctx_.scope.subprojects.begin(), ctx_.scope.subprojects.end(), s) != ctx_.scope.subprojects.end();
    }

    ReportTable inputs_table(const TableTemplate& t) {
        const auto cols = visible_columns(t);
        ReportTable rt = start(t, cols);
        std::uint64_t read = 0, accepted = 0, rejected = 0;
        const fs::path base = config_.file.parent_path();
        for (const InputRecord& in : data_.inputs) {
            if (!in_scope(in.subproject)) continue;
            read += in.rows_read;
            accepted += in.rows_accepted;
            rejected += in.rows_rejected;
            ReportRow row;
            for (const TemplateColumn* c : cols) {
                if (c->value == "subproject") row.cells.push_back(Cell::of_text(config_.subprojects[in.subproject].name));
                else if (c->value == "kind") row.cells.push_back(Cell::of_text(std::string(input_kind_name(in.kind))));
                else if (c->value == "file") row.cells.push_back(Cell::of_text(relative_path(in.path, base)));
                else if (c->value == "rows_read") row.cells.push_back(Cell::of_integer(double(in.rows_read)));
                else if (c->value == "rows_accepted") row.cells.push_back(Cell::of_integer(double(in.rows_accepted)));
                else if (c->value == "rows_rejected") row.cells.push_back(Cell::of_integer(double(in.rows_rejected)));
                else if (c->value == "rejected_share")
                    row.cells.push_back(in.rows_read ? Cell::of_percent(double(in.rows_rejected) / double(in.rows_read), 1) : Cell::of_missing());
                else bad_value(t, c->value);
            }
            rt.rows.push_back(std::move(row));
        }
        ReportRow total;
        total.style = RowStyle::total;
        for (const TemplateColumn* c : cols) {
            if (c->value == "subproject") total.cells.push_back(Cell::of_text(text(t, "total_label")));
            else if (c->value == "rows_read") total.cells.push_back(Cell::of_integer(double(read)));
            else if (c->value == "rows_accepted") total.cells.push_back(Cell::of_integer(double(accepted)));
            else if (c->value == "rows_rejected") total.cells.push_back(Cell::of_integer(double(rejected)));
            else if (c->value == "rejected_share") total.cells.push_back(read ? Cell::of_percent(double(rejected) / double(read), 1) : Cell::of_missing());
            else total.cells.push_back(Cell::blank());
        }
        rt.rows.push_back(std::move(total));
        return rt;
    }

    ReportTable reasons_table(const TableTemplate& t) {
        const auto cols = visible_columns(t);
        ReportTable rt = start(t, cols);
        // Group by subproject, column (without its position) and reason with
        // quoted values generalised, so "not a date: 'x'" and "'y'" group.
        static const std::regex quoted("'[^']*'");
        static const std::regex position(R"( \(\d+\)$)");
        std::map<std::tuple<SubprojectIndex, std::string, std::string>, std::pair<std::int64_t, std::uint64_t>> groups;
        for (const Rejection& r : data_.rejections) {
            if (!in_scope(r.subproject)) continue;
            auto& g = groups[{r.subproject, std::regex_replace(r.column, position, ""), std::regex_replace(r.reason, quoted, "'…'")}];
            if (g.first++ == 0 || r.line < g.second) g.second = r.line;
        }
        for (const auto& [key, g] : groups) {
            ReportRow row;
            for (const TemplateColumn* c : cols) {
                if (c->value == "subproject") row.cells.push_back(Cell::of_text(config_.subprojects[std::get<0>(key)].name));
                else if (c->value == "column") row.cells.push_back(Cell::of_text(std::get<1>(key)));
                else if (c->value == "reason") row.cells.push_back(Cell::of_text(std::get<2>(key)));
                else if (c->value == "rows") row.cells.push_back(Cell::of_integer(double(g.first)));
                else if (c->value == "first_line") row.cells.push_back(Cell::of_integer(double(g.second)));
                else bad_value(t, c->value);
            }
            rt.rows.push_back(std::move(row));
        }
        if (groups.empty()) rt.notes.push_back(text(t, "empty_label"));
        return rt;
    }

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
    bool sex_present(const TemplateColumn& c) const {
        std::string metric;
        std::optional<Sex> sex;
        if (!split_metric(c.value, metric, sex)) return true;
        return pick(scope_metrics_.unique, sex) > 0;
    }
    static Cell optional_percent(const std::optional<double>& v, int decimals = 0) {
        return v ? Cell::of_percent(*v, decimals) : Cell::of_missing();
    }
    static Cell optional_number(const std::optional<double>& v, int decimals) {
        return v ? Cell::of_number(*v, decimals) : Cell::of_missing();
    }
    // A note naming the children a table has no rows for ("{list}" in the text).
    void list_note(const TableTemplate& t, ReportTable& rt, const std::string& key, const std::string& list) const {
        if (list.empty()) return;
        std::string note = text(t, key);
        if (note.empty()) note = key + ": {list}";
        if (auto at = note.find("{list}"); at != std::string::npos) note.replace(at, 6, list);
        rt.notes.push_back(note);
    }
    void empty_note(const TableTemplate& t, ReportTable& rt, const std::string& key) const {
        const std::string& note = text(t, key);
        rt.notes.push_back(note.empty() ? key : note);
    }

    // rows = "scales": one row per child × ordinal scale, one row per step of
    // a categorical scale (the distribution of last assessments), and rows
    // that combine the ordinal scales of a region or the programme as the
    // share with positive movement only (metrics.md).
    ReportTable scales_table(const TableTemplate& t) {
        const auto cols = visible_if(t, [&](const TemplateColumn& c) { return sex_present(c); });
        ReportTable rt = start(t, cols);
        if (config_.scales.empty()) {
            empty_note(t, rt, "no_scales_note");
            return rt;
        }
        StepMetricsEngine engine(data_);
        const StepMetrics scope = engine.compute(ctx_.scope, ctx_.period);
        bool any = false;
        for (const ScaleMovements& s : scope.scales) any = any || s.assessed.total() > 0;
        if (!any) {
            empty_note(t, rt, "no_data_note");
            return rt;
        }
        auto ordinal_cell = [&](const TemplateColumn& c, const ScaleMovements& m) -> Cell {
            if (c.value == "distribution") {
                std::string out;
                for (const auto& [movement, n] : m.distribution) {
                    if (!out.empty()) out += " · ";
                    out += (movement < 0 ? "\u2212" + std::to_string(-movement) : movement > 0 ? "+" + std::to_string(movement) : "0");
                    out += ": " + std::to_string(n.total());
                }
                return out.empty() ? Cell::of_missing() : Cell::of_text(out);
            }
            std::string figure;
            std::optional<Sex> sex;
            if (!split_metric(c.value, figure, sex)) bad_value(t, c.value);
            if (figure == "assessed") return Cell::of_integer(double(pick(m.assessed, sex)));
            if (figure == "measured") return Cell::of_integer(double(pick(m.measured, sex)));
            if (figure == "not_measured") return Cell::of_integer(double(pick(m.not_measured, sex)));
            if (figure == "positive") return Cell::of_integer(double(pick(m.positive, sex)));
            if (figure == "zero") return Cell::of_integer(double(pick(m.zero, sex)));
            if (figure == "negative") return Cell::of_integer(double(pick(m.negative, sex)));
            if (figure == "share_positive") return optional_percent(m.share_positive(sex));
            if (figure == "mean") return optional_number(m.mean(sex), 2);
            if (figure == "median") return optional_number(m.median(sex), 1);
            bad_value(t, c.value);
        };
        auto add_scale_rows = [&](const Scope& owner, const ScaleMovements& m) {
            const ScaleConfig& scale = config_.scales[m.scale];
            if (m.kind == ScaleKind::ordinal) {
                ReportRow row;
                for (const TemplateColumn* c : cols) {
                    if (c->value == "block") row.cells.push_back(Cell::of_text(owner.label));
                    else if (c->value == "scale") row.cells.push_back(Cell::of_text(scale.label));
                    else row.cells.push_back(ordinal_cell(*c, m));
                }
                rt.rows.push_back(std::move(row));
                return;
            }
            for (std::size_t step = 0; step < scale.steps.size(); ++step) {
                const std::string step_label = step < scale.step_labels.size() && !scale.step_labels[step].empty()
                                                   ? scale.step_labels[step] : scale.steps[step];
                ReportRow row;
                for (const TemplateColumn* c : cols) {
                    std::string figure;
                    std::optional<Sex> sex;
                    if (c->value == "block") row.cells.push_back(Cell::of_text(owner.label));
                    else if (c->value == "scale") row.cells.push_back(Cell::of_text(scale.label + ": " + step_label));
                    else if (split_metric(c->value, figure, sex) && figure == "assessed")
                        row.cells.push_back(Cell::of_integer(double(pick(m.last_step[step], sex))));
                    else row.cells.push_back(Cell::blank());
                }
                rt.rows.push_back(std::move(row));
            }
        };
        auto add_combined_row = [&](const Scope& owner, const CombinedMovements& m) {
            ReportRow row;
            row.style = RowStyle::total;
            for (const TemplateColumn* c : cols) {
                std::string figure;
                std::optional<Sex> sex;
                if (c->value == "block") row.cells.push_back(Cell::of_text(owner.label));
                else if (c->value == "scale") row.cells.push_back(Cell::of_text(text(t, "combined_label")));
                else if (!split_metric(c->value, figure, sex)) row.cells.push_back(Cell::blank());
                else if (figure == "measured") row.cells.push_back(Cell::of_integer(double(pick(m.measured, sex))));
                else if (figure == "positive") row.cells.push_back(Cell::of_integer(double(pick(m.positive, sex))));
                else if (figure == "share_positive") row.cells.push_back(optional_percent(m.share_positive(sex)));
                else row.cells.push_back(Cell::blank());  // never averaged steps across scales
            }
            rt.rows.push_back(std::move(row));
        };
        std::string without;  // children with no scale to show
        for (const Scope& child : ctx_.children) {
            const StepMetrics m = engine.compute(child, ctx_.period);
            if (m.scales.empty()) without += (without.empty() ? "" : ", ") + child.label;
            for (const ScaleMovements& s : m.scales) add_scale_rows(child, s);
            if (child.kind != Scope::Kind::subproject && !m.scales.empty()) add_combined_row(child, m.combined);
        }
        add_combined_row(ctx_.scope, scope.combined);
        list_note(t, rt, "no_assessments_note", without);
        if (!text(t, "definition_note").empty()) rt.notes.push_back(text(t, "definition_note"));
        return rt;
    }

    // 0.15 -> "15", 0.125 -> "12,5" (Swedish) / "12.5" (English).
    std::string threshold_text(double fraction) const {
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
    ReportTable attendance_table(const TableTemplate& t) {
        AttendanceMetricsEngine engine(data_);
        const AttendanceMetrics scope = engine.compute(ctx_.scope, ctx_.period);
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
                std::string figure;
                std::optional<Sex> sex;
                const bool split = split_metric(c.value, figure, sex) &&
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
                std::string figure;
                std::optional<Sex> sex;
                if (c.value == "label") {
                    row.cells.push_back(Cell::of_text(label.empty() ? owner.label : label));
                    continue;
                }
                if (!split_metric(c.value, figure, sex)) bad_value(t, c.value);
                if (figure == "with_attendance") row.cells.push_back(Cell::of_integer(double(pick(m.with_attendance, sex))));
                else if (figure == "compared") row.cells.push_back(Cell::of_integer(double(pick(m.compared, sex))));
                else if (figure == "not_compared") row.cells.push_back(Cell::of_integer(double(pick(m.not_compared, sex))));
                else if (figure == "with_split") row.cells.push_back(Cell::of_integer(double(pick(m.with_split, sex))));
                else if (figure == "first") row.cells.push_back(optional_percent(m.first.mean(sex), 1));
                else if (figure == "last") row.cells.push_back(optional_percent(m.last.mean(sex), 1));
                else if (figure == "change") row.cells.push_back(optional_percent(m.change.mean(sex), 1));
                else if (figure == "invalid_first") row.cells.push_back(optional_percent(m.invalid_first.mean(sex), 1));
                else if (figure == "invalid_last") row.cells.push_back(optional_percent(m.invalid_last.mean(sex), 1));
                else if (figure == "valid_first") row.cells.push_back(optional_percent(m.valid_first.mean(sex), 1));
                else if (figure == "valid_last") row.cells.push_back(optional_percent(m.valid_last.mean(sex), 1));
                else if ((figure == "above_first" || figure == "above_last") && col_threshold[i] >= 0) {
                    const AbsenceThresholdCounts& a = m.above[static_cast<std::size_t>(col_threshold[i])];
                    row.cells.push_back(Cell::of_integer(double(pick(figure == "above_first" ? a.first : a.last, sex))));
                } else bad_value(t, c.value);
            }
            rt.rows.push_back(std::move(row));
        };
        // Children without attendance data are named in a note, not shown as zeros.
        std::string without;
        for (const Scope& child : ctx_.children) {
            const AttendanceMetrics m = engine.compute(child, ctx_.period);
            if (m.with_attendance.total() == 0) without += (without.empty() ? "" : ", ") + child.label;
            else add_row(child, m, RowStyle::normal, {});
        }
        // The scope's own figures (a person in two children counts once).
        add_row(ctx_.scope, scope, RowStyle::total, text(t, "total_label"));
        list_note(t, rt, "no_attendance_note", without);
        if (!text(t, "definition_note").empty()) rt.notes.push_back(text(t, "definition_note"));
        return rt;
    }

    // rows = "months": per child one row per month with recorded time and a
    // row for the whole period (distinct participants); then the scope's
    // total. Value = whole hours × the year's unit cost, in SEK with öre.
    ReportTable months_table(const TableTemplate& t) {
        const auto cols = visible_if(t, [&](const TemplateColumn& c) { return sex_present(c); });
        ReportTable rt = start(t, cols);
        const ParticipantTime scope = participant_time(data_, ctx_.scope, ctx_.period);
        if (scope.months.empty()) {
            empty_note(t, rt, "no_data_note");
            return rt;
        }
        auto add_row = [&](const std::string& block, const std::string& month, const MonthTime* mt, const ParticipantTime* whole,
                           RowStyle style) {
            ReportRow row;
            row.style = style;
            for (const TemplateColumn* c : cols) {
                std::string figure;
                std::optional<Sex> sex;
                if (c->value == "block") row.cells.push_back(Cell::of_text(block));
                else if (c->value == "month") row.cells.push_back(Cell::of_text(month));
                else if (c->value == "unit_cost")
                    row.cells.push_back(mt && mt->unit_cost_ore ? Cell::of_number(double(mt->unit_cost_ore) / 100.0, 2) : Cell::blank());
                else if (!split_metric(c->value, figure, sex)) bad_value(t, c->value);
                else if (figure == "participants") row.cells.push_back(Cell::of_integer(double(pick(mt ? mt->participants : whole->participants, sex))));
                else if (figure == "hours") row.cells.push_back(Cell::of_integer(double(pick(mt ? mt->hours : whole->hours, sex))));
                else if (figure == "value")
                    row.cells.push_back(Cell::of_number(double(pick(mt ? mt->value_ore : whole->value_ore, sex)) / 100.0, 2));
                else bad_value(t, c->value);
            }
            rt.rows.push_back(std::move(row));
        };
        std::string without;
        for (const Scope& child : ctx_.children) {
            const ParticipantTime m = participant_time(data_, child, ctx_.period);
            if (m.months.empty()) {
                without += (without.empty() ? "" : ", ") + child.label;
                continue;
            }
            for (const MonthTime& mt : m.months) add_row(child.label, month_text(mt.month), &mt, nullptr, RowStyle::normal);
            add_row(child.label, text(t, "period_label"), nullptr, &m, RowStyle::total);
        }
        add_row(text(t, "total_label"), text(t, "period_label"), nullptr, &scope, RowStyle::total);
        list_note(t, rt, "no_hours_note", without);
        if (!text(t, "definition_note").empty()) rt.notes.push_back(text(t, "definition_note"));
        return rt;
    }

    void about(ReportDocument& out) const {
        ReportTable facts;
        facts.id = "about";
        facts.sheet_name = out.about_sheet_name;
        facts.title = about_label("title");
        facts.columns = {{about_label("fact"), false}, {about_label("value"), false}};
        auto add = [&](const std::string& k, const std::string& v) { facts.rows.push_back({{Cell::of_text(about_label(k)), Cell::of_text(v)}}); };
        add("project", config_.name);
        add("scope", ctx_.scope.label);
        add("period", period_text(ctx_.period));
        add("generated", date_text(ctx_.generated_at));
        add("config", config_.file.filename().string());
        add("config_digest", config_.sha256);
        add("suppression", about_label("suppression_off"));
        out.about.push_back(std::move(facts));

        ReportTable inputs;
        inputs.id = "about-inputs";
        inputs.sheet_name = out.about_sheet_name;
        inputs.title = about_label("inputs_title");
        inputs.columns = {{about_label("subproject"), false}, {about_label("file"), false}, {about_label("sha256"), false}, {about_label("rows_read"), true}};
        const fs::path base = config_.file.parent_path();
        for (const InputRecord& in : data_.inputs) {
            if (!in_scope(in.subproject)) continue;
            inputs.rows.push_back({{Cell::of_text(config_.subprojects[in.subproject].id), Cell::of_text(relative_path(in.path, base)),
                                    Cell::of_text(in.sha256), Cell::of_integer(double(in.rows_read))}});
        }
        out.about.push_back(std::move(inputs));

        ReportTable plugins;
        plugins.id = "about-plugins";
        plugins.sheet_name = out.about_sheet_name;
        plugins.title = about_label("plugins_title");
        plugins.columns = {{about_label("plugin"), false}, {about_label("version"), false}};
        for (const auto& [name, version] : ctx_.plugins) plugins.rows.push_back({{Cell::of_text(name), Cell::of_text(version)}});
        out.about.push_back(std::move(plugins));
    }

    const DocumentTemplate& doc_;
    const FinalReportContext& ctx_;
    const Dataset& data_;
    const ProjectConfig& config_;
    Language lang_;
    ParticipantMetrics scope_metrics_;
    std::vector<ParticipantMetrics> child_metrics_;
};

}  // namespace

ReportDocument build_final_report(const DocumentTemplate& templates, const FinalReportContext& context) {
    return Builder(templates, context).build();
}

std::vector<std::pair<Scope, std::vector<Scope>>> report_scopes(const ProjectConfig& config) {
    std::vector<std::pair<Scope, std::vector<Scope>>> out;
    const std::vector<Scope> subprojects = subproject_scopes(config);
    const std::vector<Scope> regions = region_scopes(config);
    for (const Scope& region : regions) {
        std::vector<Scope> children;
        for (SubprojectIndex s : region.subprojects) children.push_back(subprojects[s]);
        out.emplace_back(region, std::move(children));
    }
    if (regions.size() > 1) out.emplace_back(programme_scope(config), regions);
    return out;
}

std::string slug(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        char mapped = 0;
        if (c == 0xC3 && i + 1 < text.size()) {
            const unsigned char n = static_cast<unsigned char>(text[++i]);
            mapped = (n == 0x85 || n == 0x84 || n == 0xA5 || n == 0xA4) ? 'a' : (n == 0x96 || n == 0xB6) ? 'o'
                   : (n == 0x89 || n == 0xA9) ? 'e' : '-';
        } else if (std::isalnum(c)) {
            mapped = static_cast<char>(std::tolower(c));
        } else {
            mapped = '-';
        }
        if (mapped == '-' && (out.empty() || out.back() == '-')) continue;
        out += mapped;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "report" : out;
}

}  // namespace esfreport
