#include <esfreport/core/disclosure.hpp>

#include <stdexcept>

namespace esfreport {

std::size_t DisclosureTable::add_count(double value) {
    cells_.push_back({value, true, false, 0, {}});
    return cells_.size() - 1;
}

std::size_t DisclosureTable::add_number(double value) {
    cells_.push_back({value, false, false, 0, {}});
    return cells_.size() - 1;
}

std::size_t DisclosureTable::add_derived(double value, std::vector<std::size_t> sources) {
    for (std::size_t s : sources)
        if (s >= cells_.size()) throw std::out_of_range("derived cell computed from an unknown cell");
    cells_.push_back({value, false, false, 0, std::move(sources)});
    return cells_.size() - 1;
}

void DisclosureTable::add_group(std::vector<std::size_t> parts, std::size_t total) {
    if (total >= cells_.size()) throw std::out_of_range("group of an unknown cell");
    for (std::size_t c : parts)
        if (c >= cells_.size()) throw std::out_of_range("group of an unknown cell");
    if (parts.empty()) return;
    ++cells_[total].total_of;
    parts.push_back(total);  // last: the parts are preferred on ties
    groups_.push_back(std::move(parts));
}

std::size_t DisclosureTable::suppressed_count() const {
    std::size_t n = 0;
    for (const Cell& c : cells_) n += c.suppressed ? 1 : 0;
    return n;
}

void DisclosureTable::apply(int k) {
    for (Cell& c : cells_) c.suppressed = false;
    if (k <= 1) return;
    for (Cell& c : cells_) c.suppressed = c.person_count && c.value >= 1 && c.value < k;
    // Each pass suppresses at least one more cell or stops, so this ends.
    // Both steps run every pass (no short-circuit).
    for (bool changed = true; changed;) {
        const bool derived = propagate_derived();
        const bool groups = protect_groups();
        changed = derived || groups;
    }
}

bool DisclosureTable::propagate_derived() {
    bool changed = false;
    // Sources are added before the cells computed from them, so one pass in
    // order reaches derived cells of derived cells.
    for (Cell& c : cells_) {
        if (c.suppressed) continue;
        for (std::size_t s : c.sources)
            if (cells_[s].suppressed) {
                c.suppressed = changed = true;
                break;
            }
    }
    return changed;
}

bool DisclosureTable::protect_groups() {
    bool changed = false;
    for (const std::vector<std::size_t>& group : groups_) {
        std::size_t hidden = 0;
        for (std::size_t c : group) hidden += cells_[c].suppressed ? 1 : 0;
        if (hidden != 1) continue;
        // The cell that is the total of the fewest groups (a part before a
        // subtotal before a headline total), then a non-zero cell before a
        // zero, then the smallest; ties: the first.
        std::size_t pick = cells_.size();
        const auto better = [&](std::size_t c) {
            if (pick == cells_.size()) return true;
            const Cell &a = cells_[c], &b = cells_[pick];
            if (a.total_of != b.total_of) return a.total_of < b.total_of;
            if ((a.value == 0) != (b.value == 0)) return b.value == 0;
            return a.value < b.value;
        };
        for (std::size_t c : group)
            if (!cells_[c].suppressed && better(c)) pick = c;
        if (pick == cells_.size()) continue;
        cells_[pick].suppressed = changed = true;
    }
    return changed;
}

}  // namespace esfreport
