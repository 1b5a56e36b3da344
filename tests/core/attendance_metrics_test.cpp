// Attendance, hand-computed (metrics.md, "Attendance"): absence share =
// absent / scheduled hours, first vs last period of each participant.
#include "issue4_test_data.hpp"

#include <esfreport/core/attendance_metrics.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;

namespace {
// The example used by most cases, reporting period 2017-01-01 .. 2018-12-31:
//   Anna F   50/100 = 0.50 (invalid 10), 20/80 = 0.25, 24/120 = 0.20  -> first 0.50, last 0.20, change −0.30
//   Berit F  10/100 = 0.10, 15/50 = 0.30                               -> first 0.10, last 0.30, change +0.20
//   David M  120/200 = 0.60 (invalid 80), 10/100 = 0.10 (invalid 5)    -> first 0.60, last 0.10, change −0.50
//   Erik M   one period                                                -> not compared
//   Filip M  one period ending before the period, one inside, one ending after -> not compared
void example(Issue4Data& d) {
    d.attend(kAnna, "2017-08-20", "2017-12-20", 120, 24);  // given out of order: the start date decides
    d.attend(kAnna, "2017-01-09", "2017-03-31", 100, 50, 10.0);
    d.attend(kAnna, "2017-04-01", "2017-06-15", 80, 20);
    d.attend(kBerit, "2017-01-09", "2017-06-15", 100, 10);
    d.attend(kBerit, "2017-08-20", "2017-12-20", 50, 15);
    d.attend(kDavid, "2017-01-09", "2017-06-15", 200, 120, 80.0);
    d.attend(kDavid, "2018-01-09", "2018-06-15", 100, 10, 5.0);
    d.attend(kErik, "2018-01-09", "2018-06-15", 100, 30);
    d.attend(kFilip, "2016-08-20", "2016-12-20", 100, 90);  // ends before the period
    d.attend(kFilip, "2017-01-09", "2017-06-15", 100, 40);
    d.attend(kFilip, "2018-08-20", "2019-01-15", 100, 0);  // ends after it
}
}  // namespace

TEST_CASE("Attendance: first and last absence share - change - per sex", "[attendance_metrics]") {
    Issue4Data d;
    example(d);
    AttendanceMetricsEngine engine(d.dataset);
    const AttendanceMetrics m = engine.compute(d.kumla(), d.whole());
    CHECK(m.with_attendance[Sex::female] == 2);
    CHECK(m.with_attendance[Sex::male] == 3);
    CHECK(m.compared[Sex::female] == 2);
    CHECK(m.compared[Sex::male] == 1);
    CHECK(m.not_compared[Sex::male] == 2);  // Erik, Filip
    CHECK(m.not_compared[Sex::female] == 0);
    // Women: first (0.50 + 0.10) / 2 = 0.30, last (0.20 + 0.30) / 2 = 0.25, change (−0.30 + 0.20) / 2 = −0.05.
    CHECK(*m.first.mean(Sex::female) == Approx(0.30));
    CHECK(*m.last.mean(Sex::female) == Approx(0.25));
    CHECK(*m.change.mean(Sex::female) == Approx(-0.05));
    // Men: David only.
    CHECK(*m.first.mean(Sex::male) == Approx(0.60));
    CHECK(*m.last.mean(Sex::male) == Approx(0.10));
    CHECK(*m.change.mean(Sex::male) == Approx(-0.50));
    // All: first (0.5 + 0.1 + 0.6) / 3 = 0.4, last (0.2 + 0.3 + 0.1) / 3 = 0.2, change −0.2.
    CHECK(*m.first.mean(std::nullopt) == Approx(0.40));
    CHECK(*m.last.mean(std::nullopt) == Approx(0.20));
    CHECK(*m.change.mean(std::nullopt) == Approx(-0.20));
    CHECK_FALSE(m.first.mean(Sex::non_binary).has_value());
}

TEST_CASE("Attendance: participants strictly above each threshold", "[attendance_metrics]") {
    Issue4Data d;
    example(d);
    AttendanceMetricsEngine engine(d.dataset);
    const AttendanceMetrics m = engine.compute(d.kumla(), d.whole());
    REQUIRE(m.above.size() == 3);  // default 15 %, 20 %, 50 %
    CHECK(m.above[0].threshold == Approx(0.15));
    // > 15 %: first Anna 0.50, David 0.60; last Anna 0.20, Berit 0.30.
    CHECK(m.above[0].first[Sex::female] == 1);
    CHECK(m.above[0].first[Sex::male] == 1);
    CHECK(m.above[0].last[Sex::female] == 2);
    CHECK(m.above[0].last[Sex::male] == 0);
    // > 20 %: first Anna, David; last Berit only (Anna's 0.20 is not above 20 %).
    CHECK(m.above[1].first.total() == 2);
    CHECK(m.above[1].last.total() == 1);
    CHECK(m.above[1].last[Sex::female] == 1);
    // > 50 %: first David only (Anna's 0.50 is not above 50 %); last nobody.
    CHECK(m.above[2].first.total() == 1);
    CHECK(m.above[2].first[Sex::male] == 1);
    CHECK(m.above[2].last.total() == 0);

    // Configured thresholds replace the defaults: > 25 %: first Anna, David; last Berit.
    d.config().absence_thresholds = {0.25};
    const AttendanceMetrics custom = engine.compute(d.kumla(), d.whole());
    REQUIRE(custom.above.size() == 1);
    CHECK(custom.above[0].first.total() == 2);
    CHECK(custom.above[0].last.total() == 1);
}

TEST_CASE("Attendance: valid and invalid absence apart when given", "[attendance_metrics]") {
    Issue4Data d;
    example(d);
    AttendanceMetricsEngine engine(d.dataset);
    const AttendanceMetrics m = engine.compute(d.kumla(), d.whole());
    // Only David gives invalid absence in both his first and last period
    // (Anna only in her first): invalid 80/200 = 0.40 -> 5/100 = 0.05,
    // valid (120 − 80)/200 = 0.20 -> (10 − 5)/100 = 0.05.
    CHECK(m.with_split.total() == 1);
    CHECK(m.with_split[Sex::male] == 1);
    CHECK(*m.invalid_first.mean(std::nullopt) == Approx(0.40));
    CHECK(*m.invalid_last.mean(std::nullopt) == Approx(0.05));
    CHECK(*m.valid_first.mean(std::nullopt) == Approx(0.20));
    CHECK(*m.valid_last.mean(std::nullopt) == Approx(0.05));
    CHECK_FALSE(m.invalid_first.mean(Sex::female).has_value());
}

TEST_CASE("Attendance: scopes and periods", "[attendance_metrics]") {
    Issue4Data d;
    // Anna: 0.40 in Kumla, then 0.10 in Karlskoga.
    d.attend(kAnna, "2017-01-09", "2017-06-15", 100, 40, std::nullopt, 0);
    d.attend(kAnna, "2017-08-20", "2017-12-20", 100, 10, std::nullopt, 1);
    AttendanceMetricsEngine engine(d.dataset);
    // Each subproject alone has one period: not compared, no means.
    const AttendanceMetrics kumla = engine.compute(d.kumla(), d.whole());
    CHECK(kumla.not_compared.total() == 1);
    CHECK_FALSE(kumla.first.mean(std::nullopt).has_value());
    // The region follows her: 0.40 -> 0.10, change −0.30.
    const AttendanceMetrics region = engine.compute(d.region(), d.whole());
    CHECK(region.compared.total() == 1);
    CHECK(*region.change.mean(std::nullopt) == Approx(-0.30));
    // A period belongs to the reporting period it ends in: 2017-07-01 ..
    // 2017-12-31 holds only her second period.
    const AttendanceMetrics autumn = engine.compute(d.region(), {day("2017-07-01"), day("2017-12-31")});
    CHECK(autumn.with_attendance.total() == 1);
    CHECK(autumn.compared.total() == 0);
    // No attendance at all: nothing to compute.
    const AttendanceMetrics none = engine.compute(d.region(), {day("2019-01-01"), day("2019-12-31")});
    CHECK(none.with_attendance.total() == 0);
    CHECK_FALSE(none.change.mean(std::nullopt).has_value());
}
