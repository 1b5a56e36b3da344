// participants-pseudonymised.csv on a hand-built dataset: the rows, the
// same pseudonym for a person in two subprojects, and generalisation.
#include "../core/issue4_test_data.hpp"

#include <esfreport/export/pseudonymised_extract.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;

namespace {

constexpr std::int64_t kHour = 1'000'000;

PseudonymKey test_key(std::uint8_t fill = 0x11) {
    std::array<std::uint8_t, PseudonymKey::kSize> bytes{};
    bytes.fill(fill);
    return PseudonymKey(bytes);
}

// Reporting period 2017-2018. Anna (F, born 2000-01-01) in Kumla 2017-03-06 -
// 2017-09-30, studies; David (M, born 2000-07-12) in Kumla from 2017-02-01
// (open) and in Karlskoga 2017-03-01 - 2017-04-30, work; Erik only in 2016
// (outside the period). Anna's self-assessment 3, 5, 8 inside her period and
// 9 after it. Hours: Anna 7.15 h in March and 2 h in April; David 16 h in
// Kumla and 0.7 h in Karlskoga in March.
void example(Issue4Data& d) {
    d.config().unit_cost = {{2017, 180.0}};
    const std::uint16_t scale = d.scale("sjalv", {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
    d.period(kAnna, 0, "2017-03-06", "2017-09-30", StatusAtExit::studies);
    d.period(kDavid, 0, "2017-02-01", "", std::nullopt);
    d.period(kDavid, 1, "2017-03-01", "2017-04-30", StatusAtExit::work);
    d.period(kErik, 1, "2016-05-01", "2016-12-31", StatusAtExit::dropout);
    d.assess(kAnna, "2017-03-10", scale, "3");
    d.assess(kAnna, "2017-06-01", scale, "5");
    d.assess(kAnna, "2017-09-15", scale, "8");
    d.assess(kAnna, "2017-10-10", scale, "9");
    d.hours(kAnna, "2017-03-06", 7'150'000);
    d.hours(kAnna, "2017-04-03", 2 * kHour);
    d.hours(kDavid, "2017-03-01", 16 * kHour);
    d.hours(kDavid, "2017-03-15", 700'000, 1);
}

std::vector<std::string> lines_of(const std::string& csv) {
    std::vector<std::string> out = split_fields(csv, '\n');
    if (!out.empty() && out.back().empty()) out.pop_back();
    return out;
}

}  // namespace

TEST_CASE("Pseudonymised extract: one row per period in the reporting period with pseudonym and no identity", "[pseudonymised]") {
    Issue4Data d;
    example(d);
    const ProjectResults results(d.dataset, d.whole());
    const PseudonymKey key = test_key();
    const PseudonymisedExtract x = pseudonymised_participants(results, key, 1);
    const std::string anna = pseudonym(key, kAnna), david = pseudonym(key, kDavid);
    // Kumla's rows first, by pseudonym; then Karlskoga's. Erik's 2016 period is outside.
    std::vector<std::string> kumla = {
        anna + ",female,2000,15_19,Örebro län,kumla,2017-03,2017-09,studies,3,8,9",
        david + ",male,2000,15_19,Örebro län,kumla,2017-02,,,,,16",
    };
    if (david < anna) std::swap(kumla[0], kumla[1]);
    CHECK(lines_of(x.csv) == std::vector<std::string>{
                                 "pseudonym,sex,birth_year,age_band_at_start,region,subproject,start_month,end_month,exit_status,"
                                 "sjalv_first,sjalv_last,hours",
                                 kumla[0], kumla[1],
                                 david + ",male,2000,15_19,Örebro län,karlskoga,2017-03,2017-04,work,,,0",
                             });
    CHECK(x.rows_written == 3);
    CHECK(x.rows_left_out == 0);
    CHECK(x.level.step == 0);
    for (const char* identity : {kAnna, kDavid, kErik, "0001012384", "000101-2384", "20000101", "2000-01-01", "2000-07-12"})
        CHECK(x.csv.find(identity) == std::string::npos);
}

TEST_CASE("Pseudonymised extract: the same data and key give the same file and another key other pseudonyms", "[pseudonymised]") {
    Issue4Data d;
    example(d);
    const ProjectResults results(d.dataset, d.whole());
    const std::string first = pseudonymised_participants(results, test_key(), 1).csv;
    CHECK(pseudonymised_participants(results, test_key(), 1).csv == first);
    const std::string other = pseudonymised_participants(results, test_key(0x22), 1).csv;
    CHECK(other.find(pseudonym(test_key(), kAnna)) == std::string::npos);
    CHECK(other.find(pseudonym(test_key(0x22), kAnna)) != std::string::npos);
}

TEST_CASE("Pseudonymised extract: generalised to k persons per combination and the rest left out", "[pseudonymised]") {
    Issue4Data d;
    example(d);
    // Berit (F, born 2001-01-28) in Kumla from 2017-11-02: with Anna the only
    // women of Kumla. Only at level 3 (2000-2004, start 2017) do they share a
    // combination; David is alone in each of his (male, Kumla) and (male,
    // Karlskoga) and his two rows are left out.
    d.period(kBerit, 0, "2017-11-02", "", std::nullopt);
    const ProjectResults results(d.dataset, d.whole());
    const PseudonymKey key = test_key();
    const PseudonymisedExtract x = pseudonymised_participants(results, key, 2);
    CHECK(x.level.step == 3);
    CHECK(x.rows_written == 2);
    CHECK(x.rows_left_out == 2);
    std::vector<std::string> rows = {
        pseudonym(key, kAnna) + ",female,2000-2004,15_19,Örebro län,kumla,2017,2017,studies,3,8,9",
        pseudonym(key, kBerit) + ",female,2000-2004,15_19,Örebro län,kumla,2017,,,,,0",
    };
    if (pseudonym(key, kBerit) < pseudonym(key, kAnna)) std::swap(rows[0], rows[1]);
    const std::vector<std::string> lines = lines_of(x.csv);
    REQUIRE(lines.size() == 3);
    CHECK(std::vector<std::string>(lines.begin() + 1, lines.end()) == rows);
    CHECK(x.csv.find(pseudonym(key, kDavid)) == std::string::npos);
}
