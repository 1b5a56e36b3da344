#include <esfreport/core/disclosure.hpp>

#include <catch2/catch.hpp>

#include <vector>

using namespace esfreport;

namespace {

std::vector<bool> suppressed(const DisclosureTable& t, const std::vector<std::size_t>& cells) {
    std::vector<bool> out;
    for (std::size_t c : cells) out.push_back(t.suppressed(c));
    return out;
}

}  // namespace

TEST_CASE("disclosure: a row with one small cell gets the smallest other non-zero cell suppressed too") {
    // The sexes of one measure: female 2, male 10, other 0, total 12. With
    // k = 3 the 2 is suppressed; shown alone, 12 − 10 − 0 would give it back,
    // so the male 10 goes too (the 0 is skipped: a non-zero cell is preferred).
    DisclosureTable t;
    const std::size_t female = t.add_count(2), male = t.add_count(10), other = t.add_count(0), total = t.add_count(12);
    t.add_group({female, male, other}, total);
    t.apply(3);
    CHECK(suppressed(t, {female, male, other, total}) == std::vector<bool>{true, true, false, false});
    CHECK(t.suppressed_count() == 2);
}

TEST_CASE("disclosure: a column with one small cell gets a second one") {
    // Statuses at exit of one scope with the exited total: studies 2, work 8,
    // job seeking 10, exited 20. The 2 is primary, the 8 secondary.
    DisclosureTable t;
    const std::size_t exited = t.add_count(20), studies = t.add_count(2), work = t.add_count(8), job = t.add_count(10);
    t.add_group({studies, work, job}, exited);
    t.apply(3);
    CHECK(suppressed(t, {exited, studies, work, job}) == std::vector<bool>{false, true, true, false});
}

TEST_CASE("disclosure: suppression spreads across linked groups until no total reveals a cell") {
    // Two subprojects A and B of one region, by sex:
    //            female  male  total
    //   A           1      7      8
    //   B           9      5     14
    //   region     10     12     22
    // A.female (1) is primary. Row A then reveals it (8 − 7): A.male goes.
    // The female column reveals it (10 − 9): B.female goes. The male column
    // now has A.male alone (12 − 5): B.male goes. Row B holds two, the
    // region row none: stable. Four unknowns, three independent sums left.
    DisclosureTable t;
    const std::size_t af = t.add_count(1), am = t.add_count(7), at = t.add_count(8);
    const std::size_t bf = t.add_count(9), bm = t.add_count(5), bt = t.add_count(14);
    const std::size_t rf = t.add_count(10), rm = t.add_count(12), rt = t.add_count(22);
    t.add_group({af, am}, at);
    t.add_group({bf, bm}, bt);
    t.add_group({rf, rm}, rt);
    t.add_group({af, bf}, rf);
    t.add_group({am, bm}, rm);
    t.add_group({at, bt}, rt);
    t.apply(3);
    CHECK(suppressed(t, {af, am, at}) == std::vector<bool>{true, true, false});
    CHECK(suppressed(t, {bf, bm, bt}) == std::vector<bool>{true, true, false});
    CHECK(suppressed(t, {rf, rm, rt}) == std::vector<bool>{false, false, false});
}

TEST_CASE("disclosure: a small total is suppressed itself and the shares computed from suppressed counts go with it") {
    // female 1, male 0, other 0, total 1: the total counts one person too.
    // Share new/unique: female 1/1 and total 1/1 are computed from suppressed
    // counts; the male share has no suppressed source and stays.
    DisclosureTable t;
    const std::size_t female = t.add_count(1), male = t.add_count(0), other = t.add_count(0), total = t.add_count(1);
    t.add_group({female, male, other}, total);
    const std::size_t share_female = t.add_derived(1.0, {female}), share_male = t.add_derived(0.0, {male});
    const std::size_t share_total = t.add_derived(1.0, {total});
    // Hours of the suppressed persons: a number, suppressed with them.
    const std::size_t hours_female = t.add_derived(120, {female});
    t.apply(3);
    CHECK(suppressed(t, {female, male, other, total}) == std::vector<bool>{true, false, false, true});
    CHECK(suppressed(t, {share_female, share_male, share_total, hours_female}) == std::vector<bool>{true, false, true, true});
}

TEST_CASE("disclosure: k = 1 turns suppression off and zero is never a small count") {
    DisclosureTable t;
    const std::size_t one = t.add_count(1), two = t.add_count(2), zero = t.add_count(0), total = t.add_count(3);
    t.add_group({one, two, zero}, total);
    const std::size_t share = t.add_derived(1.0 / 3.0, {one, total});
    t.apply(1);
    CHECK(t.suppressed_count() == 0);
    // The same table again with k = 3 (apply starts over), then k = 1 again.
    t.apply(3);
    CHECK(suppressed(t, {one, two, zero, total, share}) == std::vector<bool>{true, true, false, false, true});
    t.apply(1);
    CHECK(t.suppressed_count() == 0);
    // With k = 2 only the 1 is primary; the 2 is the smallest other non-zero.
    t.apply(2);
    CHECK(suppressed(t, {one, two, zero, total}) == std::vector<bool>{true, true, false, false});
}

TEST_CASE("disclosure: numbers other than person counts are never suppressed on their own") {
    DisclosureTable t;
    const std::size_t hours = t.add_number(2), cost = t.add_number(1);
    t.add_group({hours}, cost);
    t.apply(3);
    CHECK(t.suppressed_count() == 0);
}

TEST_CASE("disclosure: the second cell is a part before a subtotal even when the subtotal is smaller") {
    // exited 11 = studies 2 + work 5 + other 4, and other 4 = other_authority 4
    // + dropout 0 (a subtotal). The 2 is primary; the candidates are work 5
    // (a part only), other 4 (the total of one group) and exited 11 (the total
    // of one group): work goes, so the subtotal and the headline stay shown.
    DisclosureTable t;
    const std::size_t exited = t.add_count(11), studies = t.add_count(2), work = t.add_count(5), other = t.add_count(4);
    const std::size_t authority = t.add_count(4), dropout = t.add_count(0);
    t.add_group({studies, work, other}, exited);
    t.add_group({authority, dropout}, other);
    t.apply(3);
    CHECK(suppressed(t, {exited, studies, work, other, authority, dropout}) == std::vector<bool>{false, true, true, false, false, false});
}
