// Participant time and its value, hand-computed (metrics.md, "Participant
// time and co-financing"): hours per participant and month summed over the
// days, then rounded down; value = whole hours × unit cost of the year.
#include "issue4_test_data.hpp"

#include <esfreport/core/participant_time.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;

namespace {
constexpr std::int64_t kHour = 1'000'000;  // micro-hours

int month(int year, int m) { return year * 12 + m - 1; }

// Unit costs 2017 = 180.00 SEK, 2018 = 182.50 SEK per hour.
//   Kumla:
//     Anna F   2017-03: 2.5 + 2.5 + 0.75 + 1.4 = 7.15 -> 7   2017-05: 3 -> 3
//     Berit F  2017-03: 0.6 -> 0 (recorded, not reportable)  2017-05: 4.99 -> 4
//     David M  2017-03: 8 + 8 = 16 -> 16   2018-01: 2.25 + 2.25 + 0.5 = 5.0 -> 5
//   Karlskoga:
//     Erik M   2017-03: 1.5 -> 1
//     David M  2017-03: 0.7 -> 0
//   No hours at all in 2017-04.
void example(Issue4Data& d) {
    d.config().unit_cost = {{2017, 180.0}, {2018, 182.5}};
    d.hours(kAnna, "2017-03-06", 2'500'000);
    d.hours(kAnna, "2017-03-07", 2'500'000);
    d.hours(kAnna, "2017-03-20", 750'000);
    d.hours(kAnna, "2017-03-28", 1'400'000);
    d.hours(kAnna, "2017-05-02", 3 * kHour);
    d.hours(kBerit, "2017-03-10", 600'000);
    d.hours(kBerit, "2017-05-15", 4'990'000);
    d.hours(kDavid, "2017-03-01", 8 * kHour);
    d.hours(kDavid, "2017-03-02", 8 * kHour);
    d.hours(kDavid, "2018-01-10", 2'250'000);
    d.hours(kDavid, "2018-01-11", 2'250'000);
    d.hours(kDavid, "2018-01-12", 500'000);
    d.hours(kErik, "2017-03-05", 1'500'000, 1);
    d.hours(kDavid, "2017-03-15", 700'000, 1);
}
}  // namespace

TEST_CASE("Participant time: decimal hours add up over the days before rounding down", "[participant_time]") {
    Issue4Data d;
    example(d);
    const ParticipantTime t = participant_time(d.dataset, d.kumla(), d.whole());
    REQUIRE(t.months.size() == 3);
    const MonthTime& march = t.months[0];
    CHECK(march.month == month(2017, 3));
    // Anna 7.15 -> 7 (rounding each day first would give 2 + 2 + 0 + 1 = 5).
    CHECK(march.hours[Sex::female] == 7);
    CHECK(march.hours[Sex::male] == 16);
    CHECK(march.hours.total() == 23);
    // Berit's 0.6 hours are no whole hour: she is not a participant with time in March.
    CHECK(march.participants[Sex::female] == 1);
    CHECK(march.participants[Sex::male] == 1);
    // Value 23 × 180.00 = 4 140.00 SEK = 414 000 öre; women 7 × 180 = 1 260.00.
    CHECK(march.unit_cost_ore == 18000);
    CHECK(march.value_ore.total() == 414000);
    CHECK(march.value_ore[Sex::female] == 126000);
}

TEST_CASE("Participant time: months with no hours are not listed and need no unit cost", "[participant_time]") {
    Issue4Data d;
    example(d);
    const ParticipantTime t = participant_time(d.dataset, d.kumla(), d.whole());
    REQUIRE(t.months.size() == 3);
    // 2017-04 has no hours: March, May, then January 2018.
    CHECK(t.months[0].month == month(2017, 3));
    CHECK(t.months[1].month == month(2017, 5));
    CHECK(t.months[2].month == month(2018, 1));
    // May: Anna 3 + Berit 4 = 7 h, 2 women, 7 × 180 = 1 260.00.
    CHECK(t.months[1].participants[Sex::female] == 2);
    CHECK(t.months[1].hours.total() == 7);
    CHECK(t.months[1].value_ore.total() == 126000);
    // January 2018 at 182.50: David 5 h = 912.50 SEK.
    CHECK(t.months[2].unit_cost_ore == 18250);
    CHECK(t.months[2].value_ore[Sex::male] == 91250);
    // The period: 2 women (Anna, Berit) and 1 man with time; 14 + 21 = 35 h;
    // 30 h × 180 + 5 h × 182.50 = 5 400 + 912.50 = 6 312.50 SEK.
    CHECK(t.participants[Sex::female] == 2);
    CHECK(t.participants[Sex::male] == 1);
    CHECK(t.hours[Sex::female] == 14);
    CHECK(t.hours[Sex::male] == 21);
    CHECK(t.value_ore.total() == 631250);
    // A period reaching into 2019, which has no unit cost but no hours either: fine.
    const ParticipantTime longer = participant_time(d.dataset, d.kumla(), {day("2017-01-01"), day("2019-12-31")});
    CHECK(longer.value_ore.total() == 631250);
    // A period with no hours at all: nothing listed.
    CHECK(participant_time(d.dataset, d.kumla(), {day("2017-04-01"), day("2017-04-30")}).months.empty());
}

TEST_CASE("Participant time: a month without a configured unit cost is an error naming the year", "[participant_time]") {
    Issue4Data d;
    example(d);
    d.config().period_end = day("2019-12-31");
    d.hours(kAnna, "2019-02-04", 2 * kHour);
    const ReportingPeriod period{day("2017-01-01"), day("2019-12-31")};
    CHECK_THROWS_MATCHES(participant_time(d.dataset, d.kumla(), period), MissingUnitCost,
                         Catch::Message("no unit cost configured for 2019 (project.unit_cost)"));
    CHECK_THROWS_AS(participant_months(d.dataset, d.kumla(), period), MissingUnitCost);
    try {
        participant_time(d.dataset, d.kumla(), period);
    } catch (const MissingUnitCost& e) {
        CHECK(e.year() == 2019);
    }
    // Only recorded time under one hour in 2019: nothing to value, no error.
    Issue4Data small;
    example(small);
    small.hours(kAnna, "2019-02-04", 400'000);
    CHECK_NOTHROW(participant_time(small.dataset, small.kumla(), period));
    // Karlskoga has no 2019 hours: its report needs no 2019 cost.
    CHECK_NOTHROW(participant_time(d.dataset, d.karlskoga(), period));
}

TEST_CASE("Participant time: a region rounds per subproject and counts a person once", "[participant_time]") {
    Issue4Data d;
    example(d);
    const ParticipantTime t = participant_time(d.dataset, d.region(), d.whole());
    REQUIRE(t.months.size() == 3);
    // March: Kumla 23 h + Karlskoga Erik 1 h + David 0 h (0.7 rounded down in
    // Karlskoga, not added to his 16 Kumla hours before rounding) = 24 h.
    CHECK(t.months[0].hours.total() == 24);
    CHECK(t.months[0].hours[Sex::male] == 17);
    // Men with time in March: David (once, though in both subprojects) and Erik.
    CHECK(t.months[0].participants[Sex::male] == 2);
    CHECK(t.months[0].value_ore.total() == 24 * 18000);
    CHECK(t.participants.total() == 4);
}

TEST_CASE("Participant time: the per-participant months of the economist's sheet", "[participant_time]") {
    Issue4Data d;
    example(d);
    const std::vector<ParticipantMonth> rows = participant_months(d.dataset, d.kumla(), d.whole());
    // Ordered by person id: Anna 200001…, David 200007…, Berit 200101…; then month.
    REQUIRE(rows.size() == 6);
    CHECK(d.dataset.persons[rows[0].person].id == kAnna);
    CHECK(rows[0].month == month(2017, 3));
    CHECK(rows[0].micro_hours == 7'150'000);
    CHECK(rows[0].whole_hours == 7);
    CHECK(rows[0].value_ore == 7 * 18000);
    CHECK(d.dataset.persons[rows[1].person].id == kAnna);
    CHECK(rows[1].month == month(2017, 5));
    CHECK(d.dataset.persons[rows[2].person].id == kDavid);
    CHECK(d.dataset.persons[rows[3].person].id == kDavid);
    CHECK(rows[3].month == month(2018, 1));
    CHECK(rows[3].whole_hours == 5);
    CHECK(rows[3].unit_cost_ore == 18250);
    CHECK(rows[3].value_ore == 91250);
    // Berit's March: recorded 0.6 h, 0 whole hours, value 0, still listed.
    CHECK(d.dataset.persons[rows[4].person].id == kBerit);
    CHECK(rows[4].micro_hours == 600'000);
    CHECK(rows[4].whole_hours == 0);
    CHECK(rows[4].value_ore == 0);
    CHECK(rows[5].whole_hours == 4);
    CHECK(month_text(month(2017, 3)) == "2017-03");
    CHECK(month_text(month(2018, 12)) == "2018-12");
}

TEST_CASE("Participant time: one shared index gives every scope the figures of its own subprojects", "[participant_time]") {
    Issue4Data d;
    example(d);
    const ParticipantTimeIndex index(d.dataset);
    // Region through the index = region computed alone (hand-checked above: 24 h in March).
    const ParticipantTime region = participant_time(index, d.dataset, d.region(), d.whole());
    REQUIRE(region.months.size() == 3);
    CHECK(region.months[0].hours.total() == 24);
    CHECK(region.participants.total() == 4);
    // Each subproject reads only its rows; their hours add up to the region's
    // (rounding is per subproject, so the sum is exact).
    std::int64_t hours = 0;
    for (const Scope& s : subproject_scopes(d.config())) hours += participant_time(index, d.dataset, s, d.whole()).hours.total();
    CHECK(hours == region.hours.total());
    CHECK(participant_months(index, d.dataset, d.region(), d.whole()).size() ==
          participant_months(d.dataset, d.region(), d.whole()).size());
}

TEST_CASE("Participant time: the sheet's rows follow the identity text - also past its 16th byte", "[participant_time]") {
    Issue4Data d;
    d.config().unit_cost = {{2017, 180.0}};
    // Persons made in another order than their texts sort; two share their first 16 bytes.
    d.hours("20050101-1234-ZZZ2", "2017-03-06", 2 * kHour);
    d.hours("20050101-1234", "2017-03-06", 3 * kHour);
    d.hours("20050101-1234-ZZZ1", "2017-05-06", 4 * kHour);
    d.hours("20050101-1234-ZZZ1", "2017-03-06", 5 * kHour);
    const std::vector<ParticipantMonth> rows = participant_months(d.dataset, d.kumla(), d.whole());
    REQUIRE(rows.size() == 4);
    CHECK(d.dataset.persons[rows[0].person].id == "20050101-1234");
    CHECK(d.dataset.persons[rows[1].person].id == "20050101-1234-ZZZ1");
    CHECK(rows[1].whole_hours == 5);
    CHECK(d.dataset.persons[rows[2].person].id == "20050101-1234-ZZZ1");
    CHECK(rows[2].whole_hours == 4);
    CHECK(d.dataset.persons[rows[3].person].id == "20050101-1234-ZZZ2");
}
