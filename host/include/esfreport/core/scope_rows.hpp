// The rows of each subproject in an engine's order (assessments by person,
// scale and date; periods by person and start; ...), so that a scope reads
// only its own subprojects' rows, in that same order. The figures of every
// scope then cost rows × nesting depth (subproject, region, programme), not
// rows × scopes: at national scale 300 subprojects and 50 regions would
// otherwise read every row 351 times.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace esfreport {

struct Scope;  // core/metrics.hpp

class ScopeRows {
public:
    // `order`: the engine's row indexes in its order; `subproject_of(row)`:
    // the subproject of a row (below `subprojects`).
    template <class SubprojectOf>
    ScopeRows(std::vector<std::uint32_t> order, std::size_t subprojects, SubprojectOf subproject_of)
        : order_(std::move(order)), positions_(subprojects) {
        for (std::size_t pos = 0; pos < order_.size(); ++pos)
            positions_.at(subproject_of(order_[pos])).push_back(static_cast<std::uint32_t>(pos));
    }
    // Row indexes 0..rows-1 in the order `less` gives, rows that compare equal
    // in the order read (a stable sort): an engine's order.
    template <class Less>
    static std::vector<std::uint32_t> sorted(std::size_t rows, Less less) {
        std::vector<std::uint32_t> order(rows);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), less);
        return order;
    }
    // The rows of `scope`'s subprojects, in the engine's order.
    std::vector<std::uint32_t> of(const Scope& scope) const;
    // Every row, in the engine's order.
    const std::vector<std::uint32_t>& all() const { return order_; }

private:
    std::vector<std::uint32_t> order_;
    std::vector<std::vector<std::uint32_t>> positions_;  // per subproject: positions in order_, ascending
};

}  // namespace esfreport
