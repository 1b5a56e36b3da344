#include <esfreport/core/concurrent_participation.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <utility>

namespace esfreport {
namespace {

bool overlap(const ParticipantPeriod& a, const ParticipantPeriod& b) {
    // Inclusive dates; an open period has no end.
    const bool a_before_b = a.end && *a.end < b.start;
    const bool b_before_a = b.end && *b.end < a.start;
    return !a_before_b && !b_before_a;
}

}  // namespace

std::vector<ConcurrentParticipation> find_concurrent_participation(const Dataset& data) {
    const auto& periods = data.periods;
    std::vector<std::uint32_t> order(periods.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return periods[a].person != periods[b].person ? periods[a].person < periods[b].person : a < b;
    });

    std::map<std::pair<SubprojectIndex, SubprojectIndex>, std::uint64_t> persons_per_pair;
    std::set<std::pair<SubprojectIndex, SubprojectIndex>> pairs_of_person;
    for (std::size_t begin = 0; begin < order.size();) {
        std::size_t end = begin + 1;
        bool several_subprojects = false;
        while (end < order.size() && periods[order[end]].person == periods[order[begin]].person) {
            several_subprojects = several_subprojects || periods[order[end]].subproject != periods[order[begin]].subproject;
            ++end;
        }
        if (several_subprojects) {
            pairs_of_person.clear();
            for (std::size_t i = begin; i < end; ++i)
                for (std::size_t j = i + 1; j < end; ++j) {
                    const ParticipantPeriod& a = periods[order[i]];
                    const ParticipantPeriod& b = periods[order[j]];
                    if (a.subproject == b.subproject || !overlap(a, b)) continue;
                    pairs_of_person.insert(std::minmax(a.subproject, b.subproject));
                }
            for (const auto& pair : pairs_of_person) ++persons_per_pair[pair];
        }
        begin = end;
    }

    std::vector<ConcurrentParticipation> out;
    out.reserve(persons_per_pair.size());
    for (const auto& [pair, persons] : persons_per_pair) out.push_back({pair.first, pair.second, persons});
    return out;
}

std::string concurrent_participation_warning(const ProjectConfig& config, const ConcurrentParticipation& c) {
    return std::to_string(c.persons) + (c.persons == 1 ? " person takes" : " persons take") + " part in " +
           config.subprojects[c.first].name + " and " + config.subprojects[c.second].name +
           " at the same time (counted in both subprojects, once in the region and the programme)";
}

}  // namespace esfreport
