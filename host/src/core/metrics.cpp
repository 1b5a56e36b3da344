#include <esfreport/core/metrics.hpp>

#include <algorithm>
#include <numeric>
#include <set>

namespace esfreport {

std::vector<Scope> subproject_scopes(const ProjectConfig& config) {
    std::vector<Scope> out;
    for (std::size_t i = 0; i < config.subprojects.size(); ++i) {
        const SubprojectConfig& sp = config.subprojects[i];
        out.push_back({Scope::Kind::subproject, sp.id, sp.name, {static_cast<SubprojectIndex>(i)}});
    }
    return out;
}

std::vector<Scope> region_scopes(const ProjectConfig& config) {
    std::vector<Scope> out;
    for (std::size_t i = 0; i < config.subprojects.size(); ++i) {
        const std::string& region = config.subprojects[i].region;
        auto it = std::find_if(out.begin(), out.end(), [&](const Scope& s) { return s.id == region; });
        if (it == out.end()) {
            out.push_back({Scope::Kind::region, region, region, {}});
            it = out.end() - 1;
        }
        it->subprojects.push_back(static_cast<SubprojectIndex>(i));
    }
    return out;
}

std::vector<char> scope_mask(const Scope& scope, std::size_t subproject_count) {
    std::vector<char> mask(subproject_count, 0);
    for (SubprojectIndex s : scope.subprojects) mask.at(s) = 1;
    return mask;
}

Scope programme_scope(const ProjectConfig& config) {
    Scope s{Scope::Kind::programme, "programme", config.name, {}};
    for (std::size_t i = 0; i < config.subprojects.size(); ++i) s.subprojects.push_back(static_cast<SubprojectIndex>(i));
    return s;
}

std::vector<Scope> activity_scopes(const Dataset& data, SubprojectIndex s) {
    std::vector<Scope> out;
    if (!has_activities(data, s)) return out;
    const SubprojectConfig& sp = data.config->subprojects.at(s);
    const std::vector<std::string>& names = data.activities[s];
    for (std::size_t a = 1; a < names.size(); ++a) {
        Scope scope{Scope::Kind::subproject, sp.id + "/" + names[a], names[a], {s}};
        scope.activity = static_cast<std::uint16_t>(a);
        out.push_back(std::move(scope));
    }
    return out;
}

namespace {

std::vector<std::uint32_t> periods_by_person(const Dataset& data) {
    // Two activities starting the same day stay in the order read.
    // By person, start and subproject.
    return ScopeRows::sorted_by_key(data.periods.size(), [&](std::uint32_t row) {
        const ParticipantPeriod& p = data.periods[row];
        return std::pair<std::uint64_t, std::uint32_t>{std::uint64_t(p.person) << 32 | ScopeRows::ordered(p.start.days()), p.subproject};
    });
}

}  // namespace

MetricsEngine::MetricsEngine(const Dataset& data)
    : data_(data), by_person_(periods_by_person(data), data.config ? data.config->subprojects.size() : 0,
                              [&](std::uint32_t period) { return data.periods[period].subproject; }) {}

namespace {

AgeBand youth_band(int age) {
    if (age < 15) return AgeBand::under_15;
    if (age <= 19) return AgeBand::y15_19;
    if (age <= 24) return AgeBand::y20_24;
    return AgeBand::over_24;
}

EsfAgeBand esf_band(int age) {
    if (age < 18) return EsfAgeBand::under_18;
    if (age <= 29) return EsfAgeBand::y18_29;
    if (age <= 54) return EsfAgeBand::y30_54;
    return EsfAgeBand::y55_plus;
}

bool overlaps(const ParticipantPeriod& p, const ReportingPeriod& r) { return p.start <= r.to && (!p.end || *p.end >= r.from); }

}  // namespace

ParticipantMetrics MetricsEngine::participants(const Scope& scope, const ReportingPeriod& period) const {
    const ProjectConfig& config = *data_.config;
    const std::vector<char> in_scope = scope_mask(scope, config.subprojects.size());

    ParticipantMetrics m;
    // The subprojects where the person's periods overlap the reporting period:
    // marks, and the list of those set, so that a person costs the periods it
    // has rather than the number of subprojects (300 scopes × a million persons).
    std::vector<char> seen_in(config.subprojects.size(), 0);
    std::vector<SubprojectIndex> seen;
    const std::vector<std::uint32_t> rows = by_person_.of(scope);  // the scope's periods only, by person
    std::size_t i = 0;
    while (i < rows.size()) {
        const PersonIndex person = data_.periods[rows[i]].person;
        std::size_t j = i;
        while (j < rows.size() && data_.periods[rows[j]].person == person) ++j;

        // The person's periods in scope, by start. Periods starting after the
        // reporting period do not exist yet from the report's point of view.
        // A person has exited when every period in scope has ended by the end of
        // the reporting period (across subprojects of a region a later period
        // elsewhere may still be open); the status is that of the period that
        // ended last (on a tie, the one that started last).
        const ParticipantPeriod* first = nullptr;
        const ParticipantPeriod* last = nullptr;
        bool any_overlap = false, active_at_end = false, all_ended = true;
        for (SubprojectIndex s : seen) seen_in[s] = 0;
        seen.clear();
        for (std::size_t k = i; k < j; ++k) {
            const ParticipantPeriod& p = data_.periods[rows[k]];
            if (!in_scope[p.subproject] || (scope.activity && p.activity != scope.activity) || p.start > period.to) continue;
            if (!first) first = &p;
            if (!p.end || *p.end > period.to) all_ended = false;
            else if (!last || *p.end > *last->end || (*p.end == *last->end && p.start > last->start)) last = &p;
            if (overlaps(p, period)) {
                any_overlap = true;
                if (!seen_in[p.subproject]) seen.push_back(p.subproject);
                seen_in[p.subproject] = 1;
            }
            if (p.start <= period.to && (!p.end || *p.end >= period.to)) active_at_end = true;
        }
        i = j;
        if (!any_overlap) continue;

        const Person& who = data_.persons[person];
        const Sex sex = who.sex;
        ++m.unique[sex];
        int subprojects_seen = 0;
        std::string overlap_key;
        std::sort(seen.begin(), seen.end());  // configuration order, as the key names them
        for (SubprojectIndex s : seen) {
            ++m.sum_of_subprojects[sex];
            ++subprojects_seen;
            overlap_key += (overlap_key.empty() ? "" : " + ") + config.subprojects[s].id;
        }
        if (subprojects_seen > 1) ++m.overlaps[overlap_key];

        if (first->start >= period.from && first->start <= period.to) ++m.new_participants[sex];
        if (active_at_end) ++m.active_at_end[sex];

        const int age = age_in_years(who.birth_date, first->start);
        ++m.age_band[static_cast<int>(youth_band(age))][sex];
        ++m.esf_age_band[static_cast<int>(esf_band(age))][sex];
        // Within the target ages of the subproject where the person's first
        // start in scope happened, for the setting of that start.
        {
            const SubprojectConfig& sp = config.subprojects[first->subproject];
            auto inside = [&](const std::optional<AgeRange>& r) { return r && age >= r->from && age <= r->to; };
            const bool ok = first->setting == Setting::in_school        ? inside(sp.target_ages_in_school)
                            : first->setting == Setting::outside_school ? inside(sp.target_ages_outside_school)
                                                                        : inside(sp.target_ages_in_school) || inside(sp.target_ages_outside_school);
            if (ok) ++m.inside_target_ages[sex];
        }

        if (all_ended && last) {
            ++m.exited[sex];
            const StatusAtExit status = last->exit_status.value_or(StatusAtExit::unknown);
            ++m.status_at_exit[static_cast<int>(status)][sex];
            if (is_studies_or_work(status)) ++m.into_studies_or_work[sex];
            if (counts_for_cr02(status)) ++m.cr02[sex];
            if (counts_for_cr04(status)) ++m.cr04[sex];
        }
    }

    // A subproject's aggregate, not the activity's.
    if (!scope.activity)
        for (SubprojectIndex s : scope.subprojects)
            if (s < data_.other_affected.size() && data_.other_affected[s]) m.other_affected = m.other_affected.value_or(0) + *data_.other_affected[s];
    return m;
}

MetricsEngine::UniqueParticipants MetricsEngine::unique_participants(const ReportingPeriod& period) const {
    const std::size_t subprojects = data_.config->subprojects.size();
    UniqueParticipants out;
    out.per_subproject.resize(subprojects);
    // The subprojects counted for the current person: a person costs the
    // periods it has, not the number of subprojects.
    std::vector<char> counted_in(subprojects, 0);
    std::vector<SubprojectIndex> counted;
    const std::vector<std::uint32_t>& all = by_person_.all();
    for (std::size_t i = 0; i < all.size();) {
        const PersonIndex person = data_.periods[all[i]].person;
        const Sex sex = data_.persons[person].sex;
        for (; i < all.size() && data_.periods[all[i]].person == person; ++i) {
            const ParticipantPeriod& p = data_.periods[all[i]];
            // In a scope as participants() has it: a period overlapping the reporting period.
            if (!overlaps(p, period) || counted_in[p.subproject]) continue;
            counted_in[p.subproject] = 1;
            counted.push_back(p.subproject);
            ++out.per_subproject[p.subproject][sex];
            ++out.sum_of_subprojects[sex];
        }
        if (counted.empty()) continue;
        ++out.programme[sex];
        for (SubprojectIndex s : counted) counted_in[s] = 0;
        counted.clear();
    }
    return out;
}

int percent_half_up(std::int64_t count, std::int64_t denominator) {
    if (denominator <= 0) return 0;
    return static_cast<int>((200 * count + denominator) / (2 * denominator));
}

}  // namespace esfreport

namespace esfreport {

bool parse_sex_key(std::string_view key, std::optional<Sex>& sex) {
    if (key == "total") {
        sex.reset();
        return true;
    }
    for (Sex s : {Sex::female, Sex::male, Sex::non_binary, Sex::unknown})
        if (key == to_string(s)) {
            sex = s;
            return true;
        }
    return false;
}

}  // namespace esfreport
