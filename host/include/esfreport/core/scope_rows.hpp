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
    // An engine's order: row indexes 0..rows-1 sorted by a key of two
    // unsigned numbers (`key_of(row)` gives {first, second}, compared in that
    // order), rows of equal keys in the order read. The keys are sorted as
    // 16-byte entries, so a comparison does not read two rows elsewhere in
    // memory (a million periods, two million assessments at national scale).
    template <class KeyOf>
    static std::vector<std::uint32_t> sorted_by_key(std::size_t rows, KeyOf key_of) {
        struct Entry {
            std::uint64_t first;
            std::uint32_t second;
            std::uint32_t row;
        };
        std::vector<Entry> keys(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            const auto [first, second] = key_of(static_cast<std::uint32_t>(r));
            keys[r] = {first, second, static_cast<std::uint32_t>(r)};
        }
        std::sort(keys.begin(), keys.end(), [](const Entry& x, const Entry& y) {
            if (x.first != y.first) return x.first < y.first;
            if (x.second != y.second) return x.second < y.second;
            return x.row < y.row;
        });
        std::vector<std::uint32_t> order(rows);
        for (std::size_t i = 0; i < rows; ++i) order[i] = keys[i].row;
        return order;
    }
    // A signed number as an unsigned one of the same order (for keys).
    static std::uint32_t ordered(std::int32_t v) { return static_cast<std::uint32_t>(v) ^ 0x80000000u; }
    // Rows 0..rows-1 in the order read.
    static std::vector<std::uint32_t> in_order(std::size_t rows) {
        std::vector<std::uint32_t> order(rows);
        std::iota(order.begin(), order.end(), 0u);
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
