// Disclosure control for published tables (metrics.md, "disclosure control"):
// which cells are suppressed, with no output format. The caller describes its
// cells and the groups that link them; `apply` decides.
//
// - Primary: a count of persons from 1 to k−1 is suppressed. Zero is shown
//   (it discloses nobody). k <= 1 turns suppression off.
// - Derived: a cell computed from others (a share, a mean, hours of a group of
//   persons) is suppressed when any cell it is computed from is.
// - Secondary: a group is a set of cells where one is the sum of the others
//   (the sexes of a measure and their total; the statuses at exit and the
//   exited total; the subprojects of a region and the region). A group with
//   exactly one suppressed cell would let a reader recompute it, so the
//   smallest other cell of the group is suppressed too (a non-zero one when
//   there is one: a suppressed zero next to a known structure hides little).
//   Cells belong to several groups, so this repeats until no group changes.
//   The second cell is the one that is the total of the fewest groups (a part
//   before a subtotal before a headline total such as the participants or
//   the exited), then a non-zero one before a zero, then the smallest.
#pragma once

#include <cstddef>
#include <vector>

namespace esfreport {

class DisclosureTable {
public:
    // A count of persons (primary suppression applies) or another number
    // (only derived and secondary suppression). Returns the cell's index.
    std::size_t add_count(double value);
    std::size_t add_number(double value);
    // A cell computed from `sources`: suppressed whenever one of them is.
    std::size_t add_derived(double value, std::vector<std::size_t> sources);
    // `parts` add up to `total`, see above.
    void add_group(std::vector<std::size_t> parts, std::size_t total);

    // Decides every cell's suppression for threshold k. May be called again
    // with another k (starts over).
    void apply(int k);

    bool suppressed(std::size_t cell) const { return cells_.at(cell).suppressed; }
    std::size_t size() const { return cells_.size(); }
    std::size_t suppressed_count() const;

private:
    struct Cell {
        double value = 0;
        bool person_count = false;
        bool suppressed = false;
        int total_of = 0;  // the number of groups whose total it is
        std::vector<std::size_t> sources;
    };
    std::vector<Cell> cells_;
    std::vector<std::vector<std::size_t>> groups_;

    bool propagate_derived();
    bool protect_groups();
};

}  // namespace esfreport
