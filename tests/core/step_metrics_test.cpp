// Step movements, hand-computed (metrics.md, "Step movements"). Steps are
// compared by their position in the scale; positive is always an improvement.
#include "issue4_test_data.hpp"

#include <esfreport/core/step_metrics.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;

namespace {
const std::vector<std::string> kOneToTen = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
const std::vector<std::string> kLadder = {"1", "2", "3", "4", "5"};

ScaleMovements only(const StepMetrics& m) {  // a copy: callers pass temporaries
    REQUIRE(m.scales.size() == 1);
    return m.scales.front();
}
}  // namespace

TEST_CASE("Step movements: counts - share - mean - median with ties and the distribution", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    // Movements (last − first):
    //   Anna F 3→5 = +2, Berit F 4→6 = +2, Cecilia F 6→5 = −1,
    //   David M 5→6 = +1, Erik M 7→7 = 0, Filip M 2→8 = +6.
    d.assess(kAnna, "2017-02-01", self, "3");
    d.assess(kAnna, "2017-11-20", self, "5");
    d.assess(kBerit, "2017-02-01", self, "4");
    d.assess(kBerit, "2018-01-10", self, "6");
    d.assess(kCecilia, "2017-03-01", self, "6");
    d.assess(kCecilia, "2017-06-01", self, "8");  // a middle assessment does not count
    d.assess(kCecilia, "2017-09-01", self, "5");
    d.assess(kDavid, "2017-02-01", self, "5");
    d.assess(kDavid, "2017-05-01", self, "6");
    d.assess(kErik, "2017-02-01", self, "7");
    d.assess(kErik, "2017-05-01", self, "7");
    // Filip's rows arrive out of date order: the dates decide, not the rows.
    d.assess(kFilip, "2018-04-01", self, "8");
    d.assess(kFilip, "2017-04-01", self, "2");

    StepMetricsEngine engine(d.dataset);
    const ScaleMovements& m = only(engine.compute(d.kumla(), d.whole()));
    CHECK(m.measured[Sex::female] == 3);
    CHECK(m.measured[Sex::male] == 3);
    CHECK(m.measured.total() == 6);
    CHECK(m.not_measured.total() == 0);
    CHECK(m.positive[Sex::female] == 2);  // Anna, Berit
    CHECK(m.positive[Sex::male] == 2);    // David, Filip
    CHECK(m.zero[Sex::male] == 1);        // Erik
    CHECK(m.zero[Sex::female] == 0);
    CHECK(m.negative[Sex::female] == 1);  // Cecilia
    CHECK(m.negative.total() == 1);
    // 4 of 6 positive.
    CHECK(*m.share_positive(std::nullopt) == Approx(4.0 / 6.0));
    CHECK(*m.share_positive(Sex::female) == Approx(2.0 / 3.0));
    // Mean: (2 + 2 − 1 + 1 + 0 + 6) / 6 = 10 / 6; women (2 + 2 − 1) / 3 = 1; men (1 + 0 + 6) / 3 = 7 / 3.
    CHECK(*m.mean(std::nullopt) == Approx(10.0 / 6.0));
    CHECK(*m.mean(Sex::female) == Approx(1.0));
    CHECK(*m.mean(Sex::male) == Approx(7.0 / 3.0));
    // Median, all: sorted −1, 0, 1, 2, 2, 6 — an even count, the two middle
    // values are 1 and 2: (1 + 2) / 2 = 1.5. Women −1, 2, 2 -> 2 (the tie in
    // the middle); men 0, 1, 6 -> 1.
    CHECK(*m.median(std::nullopt) == Approx(1.5));
    CHECK(*m.median(Sex::female) == Approx(2.0));
    CHECK(*m.median(Sex::male) == Approx(1.0));
    // No non-binary participant: nothing to compute, not zero.
    CHECK_FALSE(m.mean(Sex::non_binary).has_value());
    CHECK_FALSE(m.median(Sex::non_binary).has_value());
    CHECK_FALSE(m.share_positive(Sex::non_binary).has_value());
    // Distribution: −1: 1 F; 0: 1 M; +1: 1 M; +2: 2 F; +6: 1 M.
    REQUIRE(m.distribution.size() == 5);
    CHECK(m.distribution.at(-1)[Sex::female] == 1);
    CHECK(m.distribution.at(0)[Sex::male] == 1);
    CHECK(m.distribution.at(1)[Sex::male] == 1);
    CHECK(m.distribution.at(2)[Sex::female] == 2);
    CHECK(m.distribution.at(2)[Sex::male] == 0);
    CHECK(m.distribution.at(6)[Sex::male] == 1);
    // The last assessments: 5 (Anna, Cecilia), 6 (Berit, David), 7 (Erik), 8 (Filip).
    CHECK(m.last_step[4][Sex::female] == 2);
    CHECK(m.last_step[5].total() == 2);
    CHECK(m.last_step[6][Sex::male] == 1);
    CHECK(m.last_step[7][Sex::male] == 1);
}

TEST_CASE("Step movements: ties in the median between equal middle values", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    // Movements 0, 0, 3, 3: the two middle values are 0 and 3 -> 1.5; mean 6 / 4 = 1.5.
    d.assess(kAnna, "2017-02-01", self, "4");
    d.assess(kAnna, "2017-10-01", self, "4");
    d.assess(kBerit, "2017-02-01", self, "4");
    d.assess(kBerit, "2017-10-01", self, "4");
    d.assess(kCecilia, "2017-02-01", self, "2");
    d.assess(kCecilia, "2017-10-01", self, "5");
    d.assess(kDavid, "2017-02-01", self, "6");
    d.assess(kDavid, "2017-10-01", self, "9");
    StepMetricsEngine engine(d.dataset);
    const ScaleMovements& m = only(engine.compute(d.kumla(), d.whole()));
    CHECK(*m.median(std::nullopt) == Approx(1.5));
    CHECK(*m.mean(std::nullopt) == Approx(1.5));
    // Women 0, 0, 3: the middle one is 0.
    CHECK(*m.median(Sex::female) == Approx(0.0));
    CHECK(*m.median(Sex::male) == Approx(3.0));
}

TEST_CASE("Step movements: a lower-is-better scale turns the sign", "[step_metrics]") {
    Issue4Data d;
    // A worry scale 1..5 where 1 is best: going from 4 to 2 is +2 steps of improvement.
    const auto worry = d.scale("worry", kLadder, /*higher_is_better=*/false);
    d.assess(kAnna, "2017-02-01", worry, "4");
    d.assess(kAnna, "2017-12-01", worry, "2");  // 4 → 2: +2
    d.assess(kDavid, "2017-02-01", worry, "2");
    d.assess(kDavid, "2017-12-01", worry, "3");  // 2 → 3: −1
    d.assess(kErik, "2017-02-01", worry, "5");
    d.assess(kErik, "2017-12-01", worry, "1");  // 5 → 1: +4
    StepMetricsEngine engine(d.dataset);
    const ScaleMovements& m = only(engine.compute(d.kumla(), d.whole()));
    CHECK(m.positive.total() == 2);
    CHECK(m.positive[Sex::female] == 1);
    CHECK(m.negative[Sex::male] == 1);
    CHECK(m.distribution.at(2)[Sex::female] == 1);
    CHECK(m.distribution.at(-1)[Sex::male] == 1);
    CHECK(m.distribution.at(4)[Sex::male] == 1);
    // Mean (2 − 1 + 4) / 3 = 5 / 3; median of −1, 2, 4 = 2; men (−1 + 4) / 2 = 1.5.
    CHECK(*m.mean(std::nullopt) == Approx(5.0 / 3.0));
    CHECK(*m.median(std::nullopt) == Approx(2.0));
    CHECK(*m.median(Sex::male) == Approx(1.5));
}

TEST_CASE("Step movements: a single assessment is 'not measured' - never dropped", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    d.assess(kAnna, "2017-02-01", self, "3");  // once only
    d.assess(kDavid, "2017-02-01", self, "3");
    d.assess(kDavid, "2017-09-01", self, "4");  // +1
    StepMetricsEngine engine(d.dataset);
    const ScaleMovements& m = only(engine.compute(d.kumla(), d.whole()));
    CHECK(m.assessed.total() == 2);
    CHECK(m.not_measured[Sex::female] == 1);
    CHECK(m.measured[Sex::female] == 0);
    CHECK(m.measured[Sex::male] == 1);
    // Women: one assessed, none measured -> no share, no mean (missing, not 0).
    CHECK_FALSE(m.share_positive(Sex::female).has_value());
    CHECK_FALSE(m.mean(Sex::female).has_value());
    CHECK(*m.share_positive(std::nullopt) == Approx(1.0));  // 1 of 1 measured
    CHECK(m.distribution.size() == 1);
    CHECK(m.last_step[2][Sex::female] == 1);  // her one assessment is also her last
}

TEST_CASE("Step movements: assessments outside the reporting period do not count", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    // Period 2017-01-01 .. 2018-12-31.
    d.assess(kAnna, "2016-12-31", self, "1");   // before: ignored
    d.assess(kAnna, "2017-01-01", self, "3");   // first inside (the first day counts)
    d.assess(kAnna, "2018-12-31", self, "6");   // last inside (the last day counts)
    d.assess(kAnna, "2019-01-01", self, "10");  // after: ignored
    // David has one assessment inside and one before: not measured in the period.
    d.assess(kDavid, "2016-06-01", self, "2");
    d.assess(kDavid, "2017-06-01", self, "5");
    // Erik's assessments are all outside: he is not in the figures at all.
    d.assess(kErik, "2019-02-01", self, "2");
    d.assess(kErik, "2019-03-01", self, "5");
    StepMetricsEngine engine(d.dataset);
    const ScaleMovements& m = only(engine.compute(d.kumla(), d.whole()));
    // Anna: 3 → 6 = +3.
    CHECK(m.measured.total() == 1);
    CHECK(m.distribution.at(3)[Sex::female] == 1);
    CHECK(*m.mean(std::nullopt) == Approx(3.0));
    CHECK(m.not_measured[Sex::male] == 1);
    CHECK(m.assessed[Sex::male] == 1);
    CHECK(m.assessed.total() == 2);
    // A shorter period sees other first and last assessments: 2017-06-01 ..
    // 2019-12-31 gives Anna 6 → 10 (+4), David not measured, Erik 2 → 5 (+3).
    const ScaleMovements& later = only(engine.compute(d.kumla(), {day("2017-06-01"), day("2019-12-31")}));
    CHECK(later.measured.total() == 2);
    CHECK(later.distribution.at(4)[Sex::female] == 1);
    CHECK(later.distribution.at(3)[Sex::male] == 1);
    CHECK(later.not_measured[Sex::male] == 1);
}

TEST_CASE("Step movements: two scales for one person are never mixed", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    const auto ladder = d.scale("coachingtrappa", kLadder);
    // Anna on both scales in Kumla: self 2 → 5 (+3), ladder 3 → 2 (−1).
    d.assess(kAnna, "2017-02-01", self, "2");
    d.assess(kAnna, "2017-02-01", ladder, "3");
    d.assess(kAnna, "2017-10-01", self, "5");
    d.assess(kAnna, "2017-10-01", ladder, "2");
    // David on the ladder only: 1 → 4 (+3).
    d.assess(kDavid, "2017-03-01", ladder, "1");
    d.assess(kDavid, "2017-08-01", ladder, "4");
    StepMetricsEngine engine(d.dataset);
    const StepMetrics m = engine.compute(d.kumla(), d.whole());
    REQUIRE(m.scales.size() == 2);
    const ScaleMovements& s = m.scales[0];
    const ScaleMovements& l = m.scales[1];
    CHECK(s.scale == self);
    CHECK(l.scale == ladder);
    // Self: only Anna, +3.
    CHECK(s.measured.total() == 1);
    CHECK(*s.mean(std::nullopt) == Approx(3.0));
    // Ladder: Anna −1, David +3 -> mean 1, median (−1 + 3) / 2 = 1, 1 of 2 positive.
    CHECK(l.measured.total() == 2);
    CHECK(*l.mean(std::nullopt) == Approx(1.0));
    CHECK(*l.median(std::nullopt) == Approx(1.0));
    CHECK(l.negative[Sex::female] == 1);
    CHECK(l.positive[Sex::male] == 1);
    // Combined only as share positive, per measurement (person × scale):
    // self +3 (Anna), ladder −1 (Anna), ladder +3 (David): 2 of 3.
    CHECK(m.combined.measured.total() == 3);
    CHECK(m.combined.measured[Sex::female] == 2);
    CHECK(m.combined.positive.total() == 2);
    CHECK(*m.combined.share_positive(std::nullopt) == Approx(2.0 / 3.0));
    CHECK(*m.combined.share_positive(Sex::female) == Approx(0.5));
}

TEST_CASE("Step movements: a categorical scale reports the last assessments only", "[step_metrics]") {
    Issue4Data d;
    const auto quadrant = d.scale("quadrant", {"A", "B", "C", "D"}, true, ScaleKind::categorical);
    d.assess(kAnna, "2017-02-01", quadrant, "A");
    d.assess(kAnna, "2017-09-01", quadrant, "C");  // last: C
    d.assess(kBerit, "2017-02-01", quadrant, "B");  // last: B (single)
    d.assess(kDavid, "2017-02-01", quadrant, "D");
    d.assess(kDavid, "2017-03-01", quadrant, "D");  // last: D
    d.assess(kErik, "2017-05-01", quadrant, "C");
    d.assess(kErik, "2017-04-01", quadrant, "A");  // by date, C is last
    StepMetricsEngine engine(d.dataset);
    const StepMetrics m = engine.compute(d.kumla(), d.whole());
    const ScaleMovements& q = only(m);
    CHECK(q.kind == ScaleKind::categorical);
    CHECK(q.assessed[Sex::female] == 2);
    CHECK(q.assessed[Sex::male] == 2);
    REQUIRE(q.last_step.size() == 4);
    CHECK(q.last_step[0].total() == 0);        // A
    CHECK(q.last_step[1][Sex::female] == 1);   // B: Berit
    CHECK(q.last_step[2][Sex::female] == 1);   // C: Anna
    CHECK(q.last_step[2][Sex::male] == 1);     // C: Erik
    CHECK(q.last_step[3][Sex::male] == 1);     // D: David
    // No movement on a categorical scale, and it is not part of the combined share.
    CHECK(q.measured.total() == 0);
    CHECK(q.distribution.empty());
    CHECK_FALSE(q.mean(std::nullopt).has_value());
    CHECK(m.combined.measured.total() == 0);
}

TEST_CASE("Step movements: a region follows a person across its subprojects", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    const auto ladder = d.scale("coachingtrappa", kLadder);
    d.config().subprojects[1].scales = {"coachingtrappa"};  // Karlskoga uses the ladder
    // Anna: self 3 in Kumla, then self 7 in Karlskoga.
    d.assess(kAnna, "2017-02-01", self, "3", 0);
    d.assess(kAnna, "2018-02-01", self, "7", 1);
    StepMetricsEngine engine(d.dataset);
    // Each subproject on its own sees one assessment: not measured.
    CHECK(only(engine.compute(d.kumla(), d.whole())).not_measured.total() == 1);
    const StepMetrics karlskoga = engine.compute(d.karlskoga(), d.whole());
    // Karlskoga lists the ladder: shown even with nobody assessed on it (in
    // configuration order after "self").
    REQUIRE(karlskoga.scales.size() == 2);
    CHECK(karlskoga.scales[0].not_measured.total() == 1);
    CHECK(karlskoga.scales[1].scale == ladder);
    CHECK(karlskoga.scales[1].assessed.total() == 0);
    CHECK_FALSE(karlskoga.scales[1].share_positive(std::nullopt).has_value());
    // The region: first 3, last 7 -> +4.
    const StepMetrics region = engine.compute(d.region(), d.whole());
    REQUIRE(region.scales.size() == 2);
    CHECK(region.scales[0].measured.total() == 1);
    CHECK(region.scales[0].distribution.at(4)[Sex::female] == 1);
    CHECK(region.combined.positive.total() == 1);
}

TEST_CASE("Step movements per activity: a person's movement counts in each activity the person took part in", "[step_metrics]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    // Kumla has two activities; Anna is in both (at once), Berit only in the group, David in no activity.
    d.dataset.activities = {{"", "grupp", "individuellt stöd"}, {""}};
    d.period(kAnna, 0, "2017-01-10", "2017-12-20", StatusAtExit::studies);
    d.dataset.periods.back().activity = 1;
    d.period(kAnna, 0, "2017-03-01", "2018-02-28", StatusAtExit::work);
    d.dataset.periods.back().activity = 2;
    d.period(kBerit, 0, "2017-01-10", "2017-12-20", StatusAtExit::studies);
    d.dataset.periods.back().activity = 1;
    d.period(kDavid, 0, "2017-01-10", "2017-12-20", StatusAtExit::studies);
    d.assess(kAnna, "2017-01-10", self, "3");
    d.assess(kAnna, "2018-02-28", self, "7");   // +4
    d.assess(kBerit, "2017-01-10", self, "5");
    d.assess(kBerit, "2017-12-20", self, "4");  // -1
    d.assess(kDavid, "2017-01-10", self, "2");
    d.assess(kDavid, "2017-12-20", self, "4");  // +2

    StepMetricsEngine engine(d.dataset);
    const ScaleMovements kumla = only(engine.compute(d.kumla(), d.whole()));
    CHECK(kumla.measured.total() == 3);  // Anna, Berit, David: Anna once
    CHECK(kumla.positive.total() == 2);

    const std::vector<Scope> activities = activity_scopes(d.dataset, 0);
    REQUIRE(activities.size() == 2);
    const ScaleMovements group = only(engine.compute(activities[0], d.whole()));
    CHECK(group.measured[Sex::female] == 2);  // Anna, Berit
    CHECK(group.measured[Sex::male] == 0);    // David took part in no activity
    CHECK(group.positive.total() == 1);       // Anna +4
    CHECK(group.negative.total() == 1);       // Berit -1
    CHECK(*group.mean(std::nullopt) == Approx(1.5));
    const ScaleMovements support = only(engine.compute(activities[1], d.whole()));
    CHECK(support.measured.total() == 1);  // Anna, with the same movement as in the group
    CHECK(support.distribution.at(4).total() == 1);
}
