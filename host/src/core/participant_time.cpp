#include <esfreport/core/participant_time.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

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

ParticipantTimeIndex::ParticipantTimeIndex(const Dataset& data) : offsets_(data.config->subprojects.size() + 1, 0) {
    rows_.reserve(data.micro_hours.size());
    for (const auto& [key, micro] : data.micro_hours) {
        if (micro <= 0 || key.subproject >= data.config->subprojects.size()) continue;
        ParticipantMonth r;
        r.subproject = key.subproject;
        r.person = key.person;
        r.month = key.month;
        r.micro_hours = micro;
        r.whole_hours = micro / kMicro;  // non-negative: division rounds down
        rows_.push_back(r);
    }
    std::sort(rows_.begin(), rows_.end(), [&](const ParticipantMonth& a, const ParticipantMonth& b) {
        if (a.subproject != b.subproject) return a.subproject < b.subproject;
        if (a.person != b.person) {
            const std::string& x = data.persons[a.person].id;
            const std::string& y = data.persons[b.person].id;
            if (x != y) return x < y;
            return a.person < b.person;
        }
        return a.month < b.month;
    });
    for (const ParticipantMonth& r : rows_) ++offsets_[r.subproject + 1];
    for (std::size_t s = 1; s < offsets_.size(); ++s) offsets_[s] += offsets_[s - 1];
}

std::vector<ParticipantMonth> participant_months(const ParticipantTimeIndex& index, const Dataset& data, const Scope& scope,
                                                 const ReportingPeriod& period) {
    const ProjectConfig& config = *data.config;
    const int from = period.from.month_index(), to = period.to.month_index();
    std::vector<SubprojectIndex> subprojects = scope.subprojects;
    std::sort(subprojects.begin(), subprojects.end());  // configuration order

    std::vector<ParticipantMonth> rows;
    for (SubprojectIndex s : subprojects)
        for (const ParticipantMonth* r = index.begin(s); r != index.end(s); ++r)
            if (r->month >= from && r->month <= to) rows.push_back(*r);
    // One lookup per year; a year without whole hours needs no cost.
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

ParticipantTime participant_time(const ParticipantTimeIndex& index, const Dataset& data, const Scope& scope,
                                 const ReportingPeriod& period) {
    const std::vector<ParticipantMonth> rows = participant_months(index, data, scope, period);
    // Whole hours per month and person over the scope's subprojects: sorted
    // pairs instead of nested maps, so a national scope stays cheap.
    struct MonthPerson {
        int month;
        PersonIndex person;
        std::int64_t hours;
    };
    std::vector<MonthPerson> by_month;
    by_month.reserve(rows.size());
    for (const ParticipantMonth& r : rows) by_month.push_back({r.month, r.person, r.whole_hours});
    std::sort(by_month.begin(), by_month.end(), [](const MonthPerson& a, const MonthPerson& b) {
        return a.month != b.month ? a.month < b.month : a.person < b.person;
    });

    ParticipantTime out;
    std::vector<char> with_time(data.persons.size(), 0);
    for (std::size_t i = 0; i < by_month.size();) {
        MonthTime mt;
        mt.month = by_month[i].month;
        std::int64_t hours_in_month = 0;
        while (i < by_month.size() && by_month[i].month == mt.month) {
            const PersonIndex person = by_month[i].person;
            std::int64_t hours = 0;
            for (; i < by_month.size() && by_month[i].month == mt.month && by_month[i].person == person; ++i) hours += by_month[i].hours;
            const Sex sex = data.persons[person].sex;
            mt.hours[sex] += hours;
            hours_in_month += hours;
            if (hours > 0) {
                ++mt.participants[sex];
                if (!with_time[person]) {
                    with_time[person] = 1;
                    ++out.participants[sex];
                }
            }
        }
        if (hours_in_month > 0) {
            mt.unit_cost_ore = unit_cost_ore(*data.config, mt.month / 12);
            for (int s = 0; s < kSexCount; ++s) mt.value_ore.n[s] = mt.hours.n[s] * mt.unit_cost_ore;
        } else if (auto it = data.config->unit_cost.find(mt.month / 12); it != data.config->unit_cost.end()) {
            mt.unit_cost_ore = std::llround(it->second * 100.0);
        }
        out.hours += mt.hours;
        out.value_ore += mt.value_ore;
        out.months.push_back(mt);
    }
    return out;
}

ParticipantTime participant_time(const Dataset& data, const Scope& scope, const ReportingPeriod& period) {
    return participant_time(ParticipantTimeIndex(data), data, scope, period);
}

std::vector<ParticipantMonth> participant_months(const Dataset& data, const Scope& scope, const ReportingPeriod& period) {
    return participant_months(ParticipantTimeIndex(data), data, scope, period);
}

}  // namespace esfreport
