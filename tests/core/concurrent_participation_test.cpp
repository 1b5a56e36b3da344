// Persons in two subprojects at the same time, counted per pair of
// subprojects; every figure below is checked by hand in the comments.
#include <esfreport/core/concurrent_participation.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;

namespace {

Date d(const char* iso) { return *Date::parse(iso); }

ParticipantPeriod period(PersonIndex person, SubprojectIndex subproject, const char* start, const char* end = nullptr) {
    ParticipantPeriod p;
    p.person = person;
    p.subproject = subproject;
    p.start = d(start);
    if (end) p.end = d(end);
    return p;
}

ProjectConfig three_subprojects() {
    ProjectConfig config;
    for (const char* name : {"Kumla", "Lindesberg", "Katrineholm"}) {
        SubprojectConfig sp;
        sp.id = name;
        sp.name = name;
        sp.region = "Örebro";
        config.subprojects.push_back(sp);
    }
    return config;
}

}  // namespace

TEST_CASE("persons in two subprojects at the same time are counted per pair", "[concurrent]") {
    Dataset data;
    data.periods = {
        // Person 0: Kumla Jan-Jun and Lindesberg from May: overlap May-Jun.
        period(0, 0, "2024-01-01", "2024-06-30"), period(0, 1, "2024-05-01", "2024-12-31"),
        // Person 1: Kumla until 31 March, Lindesberg from 1 April: no common day.
        period(1, 0, "2024-01-01", "2024-03-31"), period(1, 1, "2024-04-01"),
        // Person 2: Kumla ends on 1 January 2023, the day Lindesberg (open) starts:
        // one common day counts.
        period(2, 1, "2023-01-01"), period(2, 0, "2022-06-01", "2023-01-01"),
        // Person 3: all three at once (open periods): pairs 0-1, 0-2, 1-2.
        period(3, 2, "2024-02-01"), period(3, 0, "2024-01-01"), period(3, 1, "2024-03-01"),
        // Person 4: both of two Kumla periods overlap one Lindesberg period:
        // counted once for the pair.
        period(4, 0, "2024-01-01", "2024-02-28"), period(4, 0, "2024-03-01", "2024-04-30"),
        period(4, 1, "2024-01-15", "2024-04-15"),
        // Person 5: only Katrineholm.
        period(5, 2, "2024-01-01"),
    };
    const auto pairs = find_concurrent_participation(data);
    // Kumla-Lindesberg: persons 0, 2, 3, 4 = 4; Kumla-Katrineholm: 3; Lindesberg-Katrineholm: 3.
    REQUIRE(pairs.size() == 3);
    CHECK((pairs[0].first == 0 && pairs[0].second == 1 && pairs[0].persons == 4));
    CHECK((pairs[1].first == 0 && pairs[1].second == 2 && pairs[1].persons == 1));
    CHECK((pairs[2].first == 1 && pairs[2].second == 2 && pairs[2].persons == 1));

    const ProjectConfig config = three_subprojects();
    CHECK(concurrent_participation_warning(config, pairs[0]) ==
          "4 persons take part in Kumla and Lindesberg at the same time "
          "(counted in both subprojects, once in the region and the programme)");
    CHECK(concurrent_participation_warning(config, pairs[1]) ==
          "1 person takes part in Kumla and Katrineholm at the same time "
          "(counted in both subprojects, once in the region and the programme)");
}

TEST_CASE("no person in two subprojects at once gives no pairs", "[concurrent]") {
    Dataset data;
    CHECK(find_concurrent_participation(data).empty());
    data.periods = {period(0, 0, "2024-01-01", "2024-01-31"), period(0, 1, "2024-02-01", "2024-02-29"),
                    period(1, 0, "2024-01-01"), period(1, 0, "2023-01-01", "2023-12-31")};
    CHECK(find_concurrent_participation(data).empty());
}
