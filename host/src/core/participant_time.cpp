#include <esfreport/core/participant_time.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_set>

namespace esfreport {

namespace {
constexpr std::int64_t kMicro = 1'000'000;
}

MissingUnitCost::MissingUnitCost(int year)
    : std::runtime_error("no unit cost configured for " + std::to_string(year) + " (project.unit_cost)"), year_(year) {}

std::int64_t unit_cost_ore(const ProjectConfig& config, int year) {
    auto it = config.unit_cost.find(year);
    if (it == config.unit_cost.end()) throw MissingUnitCost(year);
    return std::llround(it->second * 100.0);
}

std::string month_text(int month_index) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", month_index / 12, month_index % 12 + 1);
    return buf;
}

std::vector<ParticipantMonth> participant_months(const Dataset& data, const Scope& scope, const ReportingPeriod& period) {
    const ProjectConfig& config = *data.config;
    const std::vector<char> in_scope = scope_mask(scope, config.subprojects.size());
    const int from = period.from.month_index(), to = period.to.month_index();

    std::vector<ParticipantMonth> rows;
    for (const auto& [key, micro] : data.micro_hours) {
        if (key.subproject >= in_scope.size() || !in_scope[key.subproject] || key.month < from || key.month > to || micro <= 0) continue;
        ParticipantMonth r;
        r.subproject = key.subproject;
        r.person = key.person;
        r.month = key.month;
        r.micro_hours = micro;
        r.whole_hours = micro / kMicro;  // non-negative: division rounds down
        rows.push_back(r);
    }
    std::sort(rows.begin(), rows.end(), [&](const ParticipantMonth& a, const ParticipantMonth& b) {
        if (a.subproject != b.subproject) return a.subproject < b.subproject;
        if (a.person != b.person) {
            const std::string& x = data.persons[a.person].id;
            const std::string& y = data.persons[b.person].id;
            if (x != y) return x < y;
            return a.person < b.person;
        }
        return a.month < b.month;
    });
    // One lookup per year, in month order; a year without hours needs no cost.
    std::map<int, std::int64_t> cost;
    for (ParticipantMonth& r : rows) {
        const int year = r.month / 12;
        auto it = cost.find(year);
        if (it == cost.end()) {
            if (r.whole_hours == 0 && !config.unit_cost.count(year)) continue;  // nothing to value
            it = cost.emplace(year, unit_cost_ore(config, year)).first;
        }
        r.unit_cost_ore = it->second;
        r.value_ore = r.whole_hours * r.unit_cost_ore;
    }
    return rows;
}

ParticipantTime participant_time(const Dataset& data, const Scope& scope, const ReportingPeriod& period) {
    const std::vector<ParticipantMonth> rows = participant_months(data, scope, period);
    // Whole hours per person and month over the scope's subprojects.
    std::map<int, std::map<PersonIndex, std::int64_t>> by_month;
    for (const ParticipantMonth& r : rows) by_month[r.month][r.person] += r.whole_hours;

    ParticipantTime out;
    std::unordered_set<PersonIndex> with_time;
    for (const auto& [month, persons] : by_month) {
        MonthTime mt;
        mt.month = month;
        std::int64_t hours_in_month = 0;
        for (const auto& [person, hours] : persons) {
            const Sex sex = data.persons[person].sex;
            mt.hours[sex] += hours;
            hours_in_month += hours;
            if (hours > 0) {
                ++mt.participants[sex];
                if (with_time.insert(person).second) ++out.participants[sex];
            }
        }
        if (hours_in_month > 0) {
            mt.unit_cost_ore = unit_cost_ore(*data.config, month / 12);
            for (int s = 0; s < kSexCount; ++s) mt.value_ore.n[s] = mt.hours.n[s] * mt.unit_cost_ore;
        } else if (auto it = data.config->unit_cost.find(month / 12); it != data.config->unit_cost.end()) {
            mt.unit_cost_ore = std::llround(it->second * 100.0);
        }
        out.hours += mt.hours;
        out.value_ore += mt.value_ore;
        out.months.push_back(mt);
    }
    return out;
}

}  // namespace esfreport
