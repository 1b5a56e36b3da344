// Participations (core/participation.hpp): a person's overlapping periods in
// one subproject (two activities at once) are one participation; periods that
// follow one another, and periods in another subproject, are not merged.
#include <esfreport/core/participation.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;

namespace {

Date d(const char* iso) { return *Date::parse(iso); }

ParticipantPeriod period(PersonIndex person, SubprojectIndex subproject, const char* start, const char* end, std::uint16_t activity) {
    ParticipantPeriod p;
    p.person = person;
    p.subproject = subproject;
    p.start = d(start);
    if (*end) p.end = d(end);
    p.activity = activity;
    return p;
}

std::string text(const Participation& p) {
    return std::to_string(p.period) + " " + p.start.iso() + " " + (p.end ? p.end->iso() : "open") + " last " + std::to_string(p.ended_last);
}

}  // namespace

TEST_CASE("Participations: overlapping periods of one subproject merge - following ones and other subprojects do not") {
    Dataset data;
    data.periods = {
        period(0, 0, "2024-03-01", "2024-09-30", 2),  // 0: individual support, starts second
        period(0, 0, "2024-01-15", "2024-06-30", 1),  // 1: lovplugg, starts first: the participation's period
        period(0, 0, "2024-10-01", "", 1),            // 2: the next day: a re-entry, a participation of its own
        period(0, 1, "2024-02-01", "2024-02-28", 0),  // 3: another subproject at the same time
        period(1, 0, "2024-05-01", "2024-05-31", 0),  // 4: another person
        period(1, 0, "2024-05-20", "", 3),            // 5: overlaps 4 and is open: the participation is open
    };
    std::vector<std::string> out;
    for (const Participation& p : participations(data)) out.push_back(text(p));
    // The status at exit comes from the period that ended last: 0 (09-30); 5 (open) for person 1.
    CHECK(out == std::vector<std::string>{"1 2024-01-15 2024-09-30 last 0", "2 2024-10-01 open last 2", "3 2024-02-01 2024-02-28 last 3",
                                          "4 2024-05-01 open last 5"});
}
