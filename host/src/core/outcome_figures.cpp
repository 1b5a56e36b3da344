#include <esfreport/core/outcome_figures.hpp>

#include <esfreport/core/disclosure.hpp>
#include <esfreport/core/figures.hpp>
#include <esfreport/core/results.hpp>

#include <array>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>

namespace esfreport {

std::string_view to_string(FigureSex s) {
    switch (s) {
        case FigureSex::female: return "female";
        case FigureSex::male: return "male";
        case FigureSex::other: return "other";
        case FigureSex::total: return "total";
    }
    return "total";
}

std::string_view scope_kind_name(Scope::Kind kind) {
    switch (kind) {
        case Scope::Kind::subproject: return "subproject";
        case Scope::Kind::region: return "region";
        case Scope::Kind::programme: return "programme";
    }
    return "programme";
}

std::string threshold_category(double threshold) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", threshold);
    return buf;
}

std::string figure_key(Scope::Kind kind, std::string_view scope_id, std::string_view measure, std::string_view category, bool share) {
    std::string key(scope_kind_name(kind));
    for (std::string_view part : {scope_id, measure, category}) (key += '\x1f') += part;
    return key + (share ? "\x1fshare" : "\x1fvalue");
}

std::string figure_key(const OutcomeFigure& f) {
    const std::string_view scope_id = f.scope_kind == Scope::Kind::subproject ? std::string_view(f.subproject)
                                      : f.scope_kind == Scope::Kind::region   ? std::string_view(f.region)
                                                                              : std::string_view("programme");
    // unit "share" and "share_difference" (absence first − last)
    return figure_key(f.scope_kind, scope_id, f.measure, f.category, f.unit.rfind("share", 0) == 0);
}

namespace {

constexpr FigureSex kSexes[] = {FigureSex::female, FigureSex::male, FigureSex::other, FigureSex::total};

// A figure of a FigureTable for one extract sex: `other` adds non-binary and
// unknown, which is right for counts only (callers never ask it of a mean).
template <class Row>
std::optional<double> figure_value(const FigureDef<Row>& f, const Row& row, FigureSex sex) {
    const auto one = [&](std::optional<Sex> s) -> std::optional<double> {
        const FigureValue v = f.get(row, s);
        return v.present ? std::optional<double>(v.value) : std::nullopt;
    };
    switch (sex) {
        case FigureSex::female: return one(Sex::female);
        case FigureSex::male: return one(Sex::male);
        case FigureSex::total: return one(std::nullopt);
        case FigureSex::other: {
            const auto a = one(Sex::non_binary), b = one(Sex::unknown);
            if (!a || !b) return std::nullopt;
            return *a + *b;
        }
    }
    return std::nullopt;
}

std::optional<double> ratio(std::optional<double> num, std::optional<double> den) {
    if (!num || !den || *den == 0) return std::nullopt;
    return *num / *den;
}

std::optional<double> mean_of(const MeanBySex& m, FigureSex sex) {
    if (sex == FigureSex::other) {
        const std::int64_t n = m.n[Sex::non_binary] + m.n[Sex::unknown];
        if (n == 0) return std::nullopt;
        return (m.sum[static_cast<int>(Sex::non_binary)] + m.sum[static_cast<int>(Sex::unknown)]) / double(n);
    }
    if (sex == FigureSex::total) return m.mean(std::nullopt);
    return m.mean(sex == FigureSex::female ? Sex::female : Sex::male);
}

// How a figure takes part in disclosure control.
enum class Kind { person_count, number, derived };

class Builder {
public:
    struct Place {
        Scope::Kind kind;
        std::string region, subproject;
    };

    // One figure per extract sex; returns the cells by sex. `sources`, for a
    // derived figure, are per sex too (the count it is computed over).
    using BySexCells = std::array<std::size_t, 4>;

    BySexCells add(const Place& at, const std::string& table, const std::string& measure, const std::string& category,
                   const std::string& unit, Kind kind, const std::function<std::optional<double>(FigureSex)>& value,
                   const std::vector<BySexCells>& sources = {}, bool sexes = true) {
        BySexCells cells{};
        for (int i = 0; i < 4; ++i) {
            const FigureSex sex = kSexes[i];
            if (!sexes && sex != FigureSex::total) continue;
            OutcomeFigure f{at.kind, at.region, at.subproject, table, measure, category, sex, value(sex), unit, false};
            const double v = f.value.value_or(0);
            std::size_t cell = 0;
            if (kind == Kind::person_count) cell = disclosure_.add_count(v);
            else if (kind == Kind::number) cell = disclosure_.add_number(v);
            else {
                std::vector<std::size_t> from;
                for (const BySexCells& s : sources) from.push_back(s[i]);
                cell = disclosure_.add_derived(v, std::move(from));
            }
            cells[i] = cell;
            // Derived figures (shares, means) do not add up across scopes.
            if (kind != Kind::derived)
                by_scope_[scope_key(at)][table + '\x1f' + measure + '\x1f' + category + '\x1f' + unit + '\x1f' + std::string(to_string(sex))] = cell;
            figures_.push_back(std::move(f));
        }
        if (sexes && kind != Kind::derived) disclosure_.add_group({cells[0], cells[1], cells[2]}, cells[3]);
        return cells;
    }

    // `parts` add up to `total` (e.g. the statuses to exited), for each sex.
    void add_sum(const BySexCells& total, const std::vector<BySexCells>& parts) {
        for (int i = 0; i < 4; ++i) {
            std::vector<std::size_t> group;
            for (const BySexCells& p : parts) group.push_back(p[i]);
            disclosure_.add_group(std::move(group), total[i]);
        }
    }

    // The same figure of the parts and of the whole: subprojects and their
    // region, regions and the programme. Regions deduplicate persons, so a
    // region's count is not always the sum of its subprojects; when no person
    // is in two of them it is, so the group is protected as if it added up.
    void link_scopes(const Place& whole, const std::vector<Place>& parts) {
        const auto w = by_scope_.find(scope_key(whole));
        if (w == by_scope_.end()) return;
        for (const auto& [key, cell] : w->second) {
            std::vector<std::size_t> group;
            for (const Place& p : parts) {
                const auto s = by_scope_.find(scope_key(p));
                if (s == by_scope_.end()) continue;
                const auto c = s->second.find(key);
                if (c != s->second.end()) group.push_back(c->second);
            }
            disclosure_.add_group(std::move(group), cell);
        }
    }

    // A region's or the programme's sum_of_subprojects is exactly the sum of
    // its subprojects' unique participants (table 1's total row), so it is
    // protected as their total like the deduplicated count is.
    void link_sum_of_subprojects(const Place& whole, const std::vector<Place>& subprojects) {
        const auto cell = [&](const Place& p, const char* measure, FigureSex sex) -> std::optional<std::size_t> {
            const auto scope = by_scope_.find(scope_key(p));
            if (scope == by_scope_.end()) return std::nullopt;
            const auto c = scope->second.find(std::string("t1\x1f") + measure + "\x1f\x1f" + "count\x1f" + std::string(to_string(sex)));
            return c == scope->second.end() ? std::nullopt : std::optional<std::size_t>(c->second);
        };
        for (FigureSex sex : kSexes) {
            const auto total = cell(whole, "sum_of_subprojects", sex);
            if (!total) continue;
            std::vector<std::size_t> parts;
            for (const Place& p : subprojects)
                if (const auto part = cell(p, "unique", sex)) parts.push_back(*part);
            disclosure_.add_group(std::move(parts), *total);
        }
    }

    OutcomeFigures finish(int k) {
        disclosure_.apply(k);
        OutcomeFigures out;
        out.k = k < 1 ? 1 : k;
        for (std::size_t i = 0; i < figures_.size(); ++i) {
            if (!disclosure_.suppressed(i)) continue;
            figures_[i].suppressed = true;
            figures_[i].value.reset();
            ++out.suppressed;
        }
        out.figures = std::move(figures_);
        return out;
    }

private:
    std::vector<OutcomeFigure> figures_;
    DisclosureTable disclosure_;
    std::map<std::string, std::map<std::string, std::size_t>> by_scope_;

    static std::string scope_key(const Place& p) {
        return std::string(scope_kind_name(p.kind)) + '\x1f' + p.region + '\x1f' + p.subproject;
    }
};

using Place = Builder::Place;
using BySexCells = Builder::BySexCells;

// Tables 1, 1b and 2: participants, age and inflow, status at exit.
void add_participants(Builder& b, const Place& at, const ParticipantMetrics& m) {
    const auto& table = participant_figures();
    struct Added {
        BySexCells cells;
        std::string measure, category;
        const FigureDef<ParticipantMetrics>* def;
    };
    const auto count = [&](const std::string& tbl, std::string_view name) {
        const FigureDef<ParticipantMetrics>* f = find_figure(table, name);
        if (!f) throw std::logic_error("outcome figures: unknown participant figure " + std::string(name));
        const std::string full(name);
        const auto dot = full.find('.');
        Added a{{}, full.substr(0, dot), dot == std::string::npos ? "" : full.substr(dot + 1), f};
        a.cells = b.add(at, tbl, a.measure, a.category, "count", Kind::person_count, [&](FigureSex s) { return figure_value(*f, m, s); });
        return a;
    };
    // A row's share of the table's denominator, as tables 1b and 2 show it.
    const auto with_share = [&](const std::string& tbl, std::string_view name, const BySexCells& den_cells,
                                const FigureDef<ParticipantMetrics>& den) {
        const Added a = count(tbl, name);
        b.add(at, tbl, a.measure, a.category, "share", Kind::derived,
              [&](FigureSex s) { return ratio(figure_value(*a.def, m, s), figure_value(den, m, s)); }, {a.cells, den_cells});
        return a.cells;
    };

    const BySexCells unique = count("t1", "unique").cells;
    if (at.kind != Scope::Kind::subproject) count("t1", "sum_of_subprojects");
    b.add(at, "t1", "other_affected", "", "count", Kind::person_count,
          [&](FigureSex) { return m.other_affected ? std::optional<double>(double(*m.other_affected)) : std::nullopt; }, {},
          /*sexes=*/false);

    const FigureDef<ParticipantMetrics>& unique_def = *find_figure(table, "unique");
    with_share("t1b", "new", unique, unique_def);
    with_share("t1b", "inside_target_ages", unique, unique_def);
    for (const char* prefix : {"age.", "esf_age."}) {
        std::vector<BySexCells> bands;
        for (const FigureDef<ParticipantMetrics>& f : table)
            if (f.name.rfind(prefix, 0) == 0) bands.push_back(with_share("t1b", f.name, unique, unique_def));
        b.add_sum(unique, bands);  // the bands add up to the unique participants
    }

    const BySexCells exited = count("t2", "exited").cells;
    const FigureDef<ParticipantMetrics>& exited_def = *find_figure(table, "exited");
    std::vector<BySexCells> statuses;
    for (const FigureDef<ParticipantMetrics>& f : table)
        if (f.name.rfind("status.", 0) == 0) statuses.push_back(with_share("t2", f.name, exited, exited_def));
    b.add_sum(exited, statuses);  // a missing status counts as unknown: they add up to exited
    for (const char* name : {"into_studies_or_work", "cr02", "cr04"}) with_share("t2", name, exited, exited_def);
    // Active persons have not exited: table 2 shows no share for them.
    count("t2", "active_at_end");
}

// Table 3: step movements per scale, and the ordinal scales combined.
void add_steps(Builder& b, const Place& at, const StepMetrics& steps, const ProjectConfig& config) {
    const auto& table = scale_figures();
    for (const ScaleMovements& sm : steps.scales) {
        const std::string scale = config.scales.at(sm.scale).id;
        std::map<std::string, BySexCells> counts;
        for (const char* name : {"assessed", "measured", "not_measured", "positive", "zero", "negative"}) {
            // Movements have no meaning on a categorical scale (table 3 shows
            // its distribution instead, which the extract leaves out).
            if (sm.kind == ScaleKind::categorical && std::string_view(name) != "assessed") continue;
            const FigureDef<ScaleMovements>* f = find_figure(table, name);
            counts[name] = b.add(at, "t3", name, scale, "count", Kind::person_count, [&](FigureSex s) { return figure_value(*f, sm, s); });
        }
        if (sm.kind == ScaleKind::categorical) continue;
        b.add_sum(counts["assessed"], {counts["measured"], counts["not_measured"]});
        b.add_sum(counts["measured"], {counts["positive"], counts["zero"], counts["negative"]});
        const FigureDef<ScaleMovements>& positive = *find_figure(table, "positive");
        const FigureDef<ScaleMovements>& measured = *find_figure(table, "measured");
        b.add(at, "t3", "share_positive", scale, "share", Kind::derived,
              [&](FigureSex s) { return ratio(figure_value(positive, sm, s), figure_value(measured, sm, s)); },
              {counts["positive"], counts["measured"]});
        // A mean or median of `other` would mix two groups the report keeps
        // apart; it is left empty there (not derivable from the figures).
        for (const char* name : {"mean", "median"}) {
            const FigureDef<ScaleMovements>* f = find_figure(table, name);
            b.add(at, "t3", name, scale, "steps", Kind::derived,
                  [&](FigureSex s) { return s == FigureSex::other ? std::nullopt : figure_value(*f, sm, s); }, {counts["measured"]});
        }
    }
    const auto& combined = combined_scale_figures();
    const FigureDef<CombinedMovements>& measured = *find_figure(combined, "measured");
    const FigureDef<CombinedMovements>& positive = *find_figure(combined, "positive");
    // Combined rows count measurements (participant × scale), not persons,
    // but a small count still points at few persons: treated as persons.
    const BySexCells m = b.add(at, "t3", "measured", "", "count", Kind::person_count,
                               [&](FigureSex s) { return figure_value(measured, steps.combined, s); });
    const BySexCells p = b.add(at, "t3", "positive", "", "count", Kind::person_count,
                               [&](FigureSex s) { return figure_value(positive, steps.combined, s); });
    b.add(at, "t3", "share_positive", "", "share", Kind::derived,
          [&](FigureSex s) { return ratio(figure_value(positive, steps.combined, s), figure_value(measured, steps.combined, s)); }, {p, m});
}

// Table 4: absence in the first and the last period.
void add_attendance(Builder& b, const Place& at, const AttendanceMetrics& a) {
    const auto& table = attendance_figures();
    const AttendanceRow row{&a, 0};
    std::map<std::string, BySexCells> counts;
    for (const char* name : {"with_attendance", "compared", "not_compared", "with_split"}) {
        const FigureDef<AttendanceRow>* f = find_figure(table, name);
        counts[name] = b.add(at, "t4", name, "", "count", Kind::person_count, [&](FigureSex s) { return figure_value(*f, row, s); });
    }
    b.add_sum(counts["with_attendance"], {counts["compared"], counts["not_compared"]});
    const std::pair<const char*, const MeanBySex*> means[] = {
        {"first", &a.first}, {"last", &a.last}, {"change", &a.change}, {"invalid_first", &a.invalid_first},
        {"invalid_last", &a.invalid_last}, {"valid_first", &a.valid_first}, {"valid_last", &a.valid_last}};
    for (const auto& [name, mean] : means) {
        const std::string n = name;
        // The valid/invalid split is given for the with_split participants only.
        const BySexCells& over = n.find("valid") != std::string::npos ? counts["with_split"] : counts["compared"];
        b.add(at, "t4", n, "", n == "change" ? "share_difference" : "share", Kind::derived,
              [&, mean = mean](FigureSex s) { return mean_of(*mean, s); }, {over});
    }
    for (std::size_t t = 0; t < a.above.size(); ++t) {
        const AttendanceRow r{&a, t};
        for (const char* name : {"above_first", "above_last"}) {
            const FigureDef<AttendanceRow>* f = find_figure(table, name);
            b.add(at, "t4", name, threshold_category(a.above[t].threshold), "count", Kind::person_count,
                  [&](FigureSex s) { return figure_value(*f, r, s); });
        }
    }
}

// Table 5: participant time per month and for the whole period.
void add_time(Builder& b, const Place& at, const ParticipantTime& time) {
    const auto& table = time_figures();
    const FigureDef<TimeRow>& participants = *find_figure(table, "participants");
    const FigureDef<TimeRow>& hours = *find_figure(table, "hours");
    const FigureDef<TimeRow>& value = *find_figure(table, "value");
    std::vector<BySexCells> month_hours, month_value;
    // Hours and their value are summed over few persons' certificates: they
    // go with the count of participants they belong to.
    const auto add_row = [&](const TimeRow& row, const std::string& category) {
        const BySexCells p = b.add(at, "t5", "participants", category, "count", Kind::person_count,
                                   [&](FigureSex s) { return figure_value(participants, row, s); });
        const BySexCells h = b.add(at, "t5", "hours", category, "hours", Kind::number, [&](FigureSex s) { return figure_value(hours, row, s); });
        const BySexCells v = b.add(at, "t5", "value", category, "SEK", Kind::number, [&](FigureSex s) { return figure_value(value, row, s); });
        // The hours and value follow their participants both ways: a
        // one-part group suppresses either with the other.
        b.add_sum(h, {p});
        b.add_sum(v, {p});
        return std::make_pair(h, v);
    };
    for (const MonthTime& mt : time.months) {
        const auto [h, v] = add_row(TimeRow::of(mt), month_text(mt.month));
        month_hours.push_back(h);
        month_value.push_back(v);
        // Configuration, not persons: never suppressed, not linked.
        b.add(at, "t5", "unit_cost", month_text(mt.month), "SEK_per_hour", Kind::derived,
              [&](FigureSex) { return mt.unit_cost_ore ? std::optional<double>(double(mt.unit_cost_ore) / 100.0) : std::nullopt; }, {},
              /*sexes=*/false);
    }
    const auto [h, v] = add_row(TimeRow::of(time), "");
    b.add_sum(h, month_hours);  // the months add up to the whole period
    b.add_sum(v, month_value);
}

void add_scope(Builder& b, const Place& at, const ScopeResults& r, const ProjectConfig& config) {
    add_participants(b, at, r.participants);
    add_steps(b, at, r.steps, config);
    add_attendance(b, at, r.attendance);
    add_time(b, at, r.time);
}

}  // namespace

OutcomeFigures outcome_figures(const ProjectResults& results, int k) {
    const ProjectConfig& config = *results.data().config;
    Builder b;
    std::vector<Place> subprojects;
    for (const ScopeResults& sp : results.subprojects()) {
        const SubprojectConfig& c = config.subprojects.at(sp.scope.subprojects.at(0));
        subprojects.push_back({Scope::Kind::subproject, c.region, c.id});
        add_scope(b, subprojects.back(), sp, config);
    }
    std::vector<Place> regions;
    for (const ScopeResults& r : results.regions()) {
        regions.push_back({Scope::Kind::region, r.scope.id, ""});
        add_scope(b, regions.back(), r, config);
        std::vector<Place> parts;
        for (const Place& sp : subprojects)
            if (sp.region == r.scope.id) parts.push_back(sp);
        b.link_scopes(regions.back(), parts);
        b.link_sum_of_subprojects(regions.back(), parts);
    }
    const Place programme{Scope::Kind::programme, "", ""};
    add_scope(b, programme, results.programme(), config);
    b.link_scopes(programme, regions);
    b.link_sum_of_subprojects(programme, subprojects);
    return b.finish(k);
}

}  // namespace esfreport
