#include <esfreport/core/participant_time.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
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

namespace {

// Each person's rank in the order of their identity texts (ties by index):
// one sort of the persons on their first 16 bytes packed into two integers
// (big-endian, so integer order is byte order), instead of a sort of every
// person-month comparing strings that lie elsewhere in memory.
std::vector<std::uint32_t> ranks_by_id(const std::vector<Person>& persons) {
    struct Key {
        std::uint64_t high, low;
        PersonIndex person;
    };
    const auto packed = [](const std::string& id, std::size_t from) {
        std::uint64_t v = 0;
        for (std::size_t i = from; i < from + 8; ++i) v = v << 8 | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
        return v;
    };
    std::vector<Key> keys(persons.size());
    for (std::size_t p = 0; p < persons.size(); ++p)
        keys[p] = {packed(persons[p].id, 0), packed(persons[p].id, 8), static_cast<PersonIndex>(p)};
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
        if (a.high != b.high) return a.high < b.high;
        if (a.low != b.low) return a.low < b.low;
        // Equal first 16 bytes (texts hold no NUL): only longer texts differ after them.
        const std::string& x = persons[a.person].id;
        const std::string& y = persons[b.person].id;
        if (x != y) return x < y;
        return a.person < b.person;
    });
    std::vector<std::uint32_t> rank(persons.size());
    for (std::size_t r = 0; r < keys.size(); ++r) rank[keys[r].person] = static_cast<std::uint32_t>(r);
    return rank;
}

}  // namespace

ParticipantTimeIndex::ParticipantTimeIndex(const Dataset& data)
    : hours_(&data.micro_hours), offsets_(data.config->subprojects.size() + 1, 0),
      entry_offsets_(data.config->subprojects.size() + 1, 0) {
    const PersonMonthHours& hours = data.micro_hours;
    if (hours.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("more than 2^32 person-months");
    const std::size_t subprojects = data.config->subprojects.size();
    const std::vector<std::uint32_t> rank = ranks_by_id(data.persons);
    // micro_hours is sorted by subproject, person index and month: each
    // subproject is one range, each person in it one run of months. Sorting
    // the runs by the person's rank gives the order by id.
    struct Run {
        std::uint32_t rank;
        std::uint32_t first;  // into `positions`
        std::uint32_t count;
    };
    std::vector<Run> runs;
    std::vector<std::uint32_t> positions;
    order_.reserve(hours.size());
    auto at = hours.begin();
    for (std::size_t s = 0; s < subprojects; ++s) {
        entry_offsets_[s] = static_cast<std::size_t>(at - hours.begin());
        runs.clear();
        positions.clear();
        for (; at != hours.end() && at->first.subproject == s; ++at) {
            if (at->second <= 0) continue;  // no time recorded
            const PersonIndex person = at->first.person;
            if (runs.empty() || hours.begin()[positions[runs.back().first]].first.person != person)
                runs.push_back({rank.at(person), static_cast<std::uint32_t>(positions.size()), 0});
            positions.push_back(static_cast<std::uint32_t>(at - hours.begin()));
            ++runs.back().count;
        }
        std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.rank < b.rank; });
        for (const Run& r : runs) order_.insert(order_.end(), positions.begin() + r.first, positions.begin() + r.first + r.count);
        offsets_[s + 1] = order_.size();
    }
    entry_offsets_[subprojects] = static_cast<std::size_t>(at - hours.begin());
}

ParticipantMonth ParticipantTimeIndex::row(std::uint32_t position) const {
    const PersonMonthHours::Entry& e = hours_->begin()[position];
    ParticipantMonth r;
    r.subproject = e.first.subproject;
    r.person = e.first.person;
    r.month = e.first.month;
    r.micro_hours = e.second;
    r.whole_hours = e.second / kMicro;  // positive: division rounds down
    return r;
}

std::vector<ParticipantMonth> participant_months(const ParticipantTimeIndex& index, const Dataset& data, const Scope& scope,
                                                 const ReportingPeriod& period) {
    const ProjectConfig& config = *data.config;
    const int from = period.from.month_index(), to = period.to.month_index();
    std::vector<SubprojectIndex> subprojects = scope.subprojects;
    std::sort(subprojects.begin(), subprojects.end());  // configuration order

    std::vector<ParticipantMonth> rows;
    for (SubprojectIndex s : subprojects)
        for (const std::uint32_t* p = index.begin(s); p != index.end(s); ++p) {
            const ParticipantMonth r = index.row(*p);
            if (r.month >= from && r.month <= to) rows.push_back(r);
        }
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
    ParticipantTime out;
    const int from = period.from.month_index(), to = period.to.month_index();
    if (to < from) return out;
    const std::size_t months = static_cast<std::size_t>(to - from) + 1;
    std::vector<SubprojectIndex> subprojects = scope.subprojects;
    std::sort(subprojects.begin(), subprojects.end());
    subprojects.erase(std::unique(subprojects.begin(), subprojects.end()), subprojects.end());

    // Whole hours add up over subprojects (rounding is per subproject, person
    // and month). Persons are counted once per month and once in all: with one
    // subproject each person-month is one entry and each person one run; with
    // several, the person-months with a whole hour are bucketed by month (a
    // counting sort, no comparison) and counted with a mark per person.
    struct MonthSums {
        bool listed = false;  // some time recorded, perhaps under an hour
        BySex hours;
        BySex participants;
    };
    std::vector<MonthSums> sums(months);
    // f(month offset, person, sex, whole hours) for each person-month of the
    // scope and period with recorded time.
    const auto for_each_month = [&](auto f) {
        for (SubprojectIndex s : subprojects) {
            PersonIndex person = 0;
            Sex sex = Sex::unknown;
            bool first = true;
            for (auto e = index.entries_begin(s); e != index.entries_end(s); ++e) {
                if (e->second <= 0 || e->first.month < from || e->first.month > to) continue;
                if (first || e->first.person != person) {
                    person = e->first.person;
                    sex = data.persons[person].sex;
                    first = false;
                }
                f(static_cast<std::size_t>(e->first.month - from), person, sex, e->second / kMicro);
            }
        }
    };
    if (subprojects.size() == 1) {
        PersonIndex counted = 0;
        bool any_counted = false;
        for_each_month([&](std::size_t m, PersonIndex person, Sex sex, std::int64_t whole) {
            sums[m].listed = true;
            sums[m].hours[sex] += whole;
            if (whole == 0) return;
            ++sums[m].participants[sex];
            if (!any_counted || counted != person) {  // a person's months are one run
                ++out.participants[sex];
                counted = person;
                any_counted = true;
            }
        });
    } else {
        std::vector<std::size_t> first_of(months + 1, 0);  // bucket starts
        for_each_month([&](std::size_t m, PersonIndex, Sex sex, std::int64_t whole) {
            sums[m].listed = true;
            sums[m].hours[sex] += whole;
            if (whole > 0) ++first_of[m + 1];
        });
        for (std::size_t m = 1; m <= months; ++m) first_of[m] += first_of[m - 1];
        struct WithTime {
            PersonIndex person;
            Sex sex;
        };
        std::vector<WithTime> by_month(first_of[months]);
        std::vector<std::size_t> next(first_of.begin(), first_of.end() - 1);
        for_each_month([&](std::size_t m, PersonIndex person, Sex sex, std::int64_t whole) {
            if (whole > 0) by_month[next[m]++] = {person, sex};
        });
        // mark[p]: 1 + the last month offset p was counted in; 0 = not yet.
        std::vector<std::uint32_t> mark(data.persons.size(), 0);
        for (std::size_t m = 0; m < months; ++m)
            for (std::size_t i = first_of[m]; i < first_of[m + 1]; ++i) {
                const WithTime& w = by_month[i];
                std::uint32_t& seen = mark[w.person];
                if (seen == m + 1) continue;
                if (seen == 0) ++out.participants[w.sex];
                seen = static_cast<std::uint32_t>(m + 1);
                ++sums[m].participants[w.sex];
            }
    }

    for (std::size_t m = 0; m < months; ++m) {
        if (!sums[m].listed) continue;
        MonthTime mt;
        mt.month = from + static_cast<int>(m);
        mt.hours = sums[m].hours;
        mt.participants = sums[m].participants;
        if (mt.hours.total() > 0) {
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
