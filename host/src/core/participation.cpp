#include <esfreport/core/participation.hpp>

#include <algorithm>
#include <numeric>

namespace esfreport {

std::vector<Participation> participations(const Dataset& data) {
    const auto& periods = data.periods;
    std::vector<std::uint32_t> order(periods.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const ParticipantPeriod& x = periods[a];
        const ParticipantPeriod& y = periods[b];
        if (x.subproject != y.subproject) return x.subproject < y.subproject;
        if (x.person != y.person) return x.person < y.person;
        if (x.start != y.start) return x.start < y.start;
        return a < b;
    });
    std::vector<Participation> out;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const ParticipantPeriod& p = periods[order[i]];
        if (!out.empty()) {
            Participation& last = out.back();
            const ParticipantPeriod& first = periods[last.period];
            // Overlapping (not merely following) periods of the same person and subproject.
            if (first.subproject == p.subproject && first.person == p.person && (!last.end || p.start <= *last.end)) {
                // Sorted by start: on a tie of ends the later start wins; an open period stays the last.
                if (last.end && (!p.end || *p.end >= *last.end)) {
                    last.end = p.end;
                    last.ended_last = order[i];
                }
                continue;
            }
        }
        out.push_back({order[i], p.start, p.end, order[i]});
    }
    std::sort(out.begin(), out.end(), [](const Participation& a, const Participation& b) { return a.period < b.period; });
    return out;
}

}  // namespace esfreport
