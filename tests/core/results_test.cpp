// ProjectResults: every scope's figures computed once and found by scope.
// Hand-computed on the participant-time example of participant_time_test.cpp
// (a subset): the region counts a person in two subprojects once.
#include "issue4_test_data.hpp"

#include <esfreport/core/figures.hpp>
#include <esfreport/core/results.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace esfreport;
using namespace esfreport::test;

namespace {
constexpr std::int64_t kHour = 1'000'000;  // micro-hours

//   Kumla:      Anna F 2017-03 7.15 h -> 7;  David M 2017-03 16 h -> 16
//   Karlskoga:  Erik M 2017-03 1.5 h -> 1;   David M 2017-03 0.7 h -> 0
// Unit cost 2017: 180.00 SEK per hour.
void example(Issue4Data& d) {
    d.config().unit_cost = {{2017, 180.0}};
    d.hours(kAnna, "2017-03-06", 7'150'000);
    d.hours(kDavid, "2017-03-01", 16 * kHour);
    d.hours(kErik, "2017-03-05", 1'500'000, 1);
    d.hours(kDavid, "2017-03-15", 700'000, 1);
}
}  // namespace

TEST_CASE("Results: one object per scope with the figures of its own subprojects", "[results]") {
    Issue4Data d;
    example(d);
    const ProjectResults results(d.dataset, d.whole());
    REQUIRE(results.subprojects().size() == 2);
    REQUIRE(results.regions().size() == 1);
    CHECK(results.of(d.kumla()).time.hours.total() == 23);
    CHECK(results.of(d.kumla()).time.participants.total() == 2);
    CHECK(results.of(d.karlskoga()).time.hours.total() == 1);
    CHECK(results.of(d.karlskoga()).time.participants.total() == 1);
    // The region: 24 hours; David counted once among the men (Erik and David).
    const ScopeResults& region = results.of(d.region());
    CHECK(&region == &results.regions().front());
    CHECK(region.time.hours.total() == 24);
    CHECK(region.time.participants[Sex::male] == 2);
    CHECK(region.time.value_ore.total() == 24 * 18000);
    CHECK(results.programme().time.hours.total() == 24);
    CHECK(results.programme().scope.kind == Scope::Kind::programme);
}

TEST_CASE("Results: tasks run at once on several threads give the same figures", "[results]") {
    Issue4Data d;
    example(d);
    const ProjectResults one(d.dataset, d.whole());
    // Three threads taking tasks from the end: another order, at the same time.
    std::size_t ran = 0;
    const ProjectResults::TaskRunner three = [&](const std::vector<std::function<void()>>& tasks) {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 3; ++t)
            threads.emplace_back([&] {
                for (std::size_t i; (i = next++) < tasks.size();) tasks[tasks.size() - 1 - i]();
            });
        for (std::thread& t : threads) t.join();
        ran += tasks.size();
    };
    const ProjectResults many(d.dataset, d.whole(), three);
    // The engines, then programme + region + two subprojects.
    CHECK(ran == 4 + 1 + 1 + 2);
    const auto same = [](const ScopeResults& a, const ScopeResults& b) {
        CHECK(a.scope.id == b.scope.id);
        CHECK(a.participants.unique.n == b.participants.unique.n);
        CHECK(a.time.hours.n == b.time.hours.n);
        CHECK(a.time.participants.n == b.time.participants.n);
        CHECK(a.time.months.size() == b.time.months.size());
    };
    same(many.programme(), one.programme());
    same(many.regions().at(0), one.regions().at(0));
    for (std::size_t s = 0; s < one.subprojects().size(); ++s) same(many.subprojects().at(s), one.subprojects().at(s));
    CHECK(many.of(d.region()).time.hours.total() == 24);
}

TEST_CASE("Results: a scope of another configuration is not found", "[results]") {
    Issue4Data d;
    const ProjectResults results(d.dataset, d.whole());
    Scope stranger = d.kumla();
    stranger.id = "vasteras";
    CHECK_THROWS_AS(results.of(stranger), std::out_of_range);
}

TEST_CASE("Results: a month with whole hours and no unit cost stops the computation naming the year", "[results]") {
    Issue4Data d;
    example(d);
    d.config().unit_cost.clear();
    CHECK_THROWS_MATCHES(ProjectResults(d.dataset, d.whole()), MissingUnitCost,
                         Catch::Message("no unit cost configured for 2017 (project.unit_cost)"));
}

TEST_CASE("Figures: a time row looks its figures up by name and sex", "[results]") {
    Issue4Data d;
    example(d);
    const ProjectResults results(d.dataset, d.whole());
    const TimeRow row = TimeRow::of(results.of(d.region()).time);
    const FigureDef<TimeRow>* value = find_figure(time_figures(), "value");
    REQUIRE(value != nullptr);
    const FigureValue women = value->get(row, Sex::female);
    CHECK(women.present);
    CHECK(women.value == Approx(7 * 180.0));
    CHECK(women.decimals == 2);
    CHECK(find_figure(time_figures(), "minutes") == nullptr);
}
