#include <esfreport/core/scope_rows.hpp>

#include <esfreport/core/metrics.hpp>

#include <algorithm>

namespace esfreport {

std::vector<std::uint32_t> ScopeRows::of(const Scope& scope) const {
    std::vector<char> taken(positions_.size(), 0);
    std::size_t subprojects = 0;
    for (SubprojectIndex s : scope.subprojects)
        if (s < positions_.size() && !taken[s]) {
            taken[s] = 1;
            ++subprojects;
        }
    if (subprojects == positions_.size()) return order_;  // the programme: every row, no sort
    std::vector<std::uint32_t> positions;
    for (std::size_t s = 0; s < positions_.size(); ++s)
        if (taken[s]) positions.insert(positions.end(), positions_[s].begin(), positions_[s].end());
    // Each subproject's positions are ascending: one sort puts the scope's
    // rows back in the engine's order (none needed for a single subproject).
    if (subprojects > 1) std::sort(positions.begin(), positions.end());
    for (std::uint32_t& p : positions) p = order_[p];
    return positions;
}

}  // namespace esfreport
