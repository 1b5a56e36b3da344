#include "test_support.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/scb_ledger.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

std::string digest(char c) { return std::string(64, c); }

std::vector<ScbMonthCurrent> months(const std::vector<std::pair<std::string, char>>& list) {
    std::vector<ScbMonthCurrent> out;
    for (const auto& [m, c] : list) out.push_back({m, digest(c), 1, true});
    return out;
}

}  // namespace

TEST_CASE("SCB ledger: lives beside the configuration") {
    CHECK(ScbLedger::path_for("/p/orebro.toml") == fs::path("/p/orebro.scb-ledger.json"));
}

TEST_CASE("SCB ledger: a missing file is empty - saved and loaded it keeps every record") {
    TempDir dir("scb_ledger");
    const fs::path file = dir / "p.scb-ledger.json";
    ScbLedger ledger = ScbLedger::load(file);
    CHECK(ledger.months().empty());
    CHECK(ledger.save_if_changed());  // a first save writes the empty ledger
    CHECK(ledger.record_produced("2017-01", digest('a'), "Januari2017_P.xlsx", 3, "2017-02-02"));
    CHECK(ledger.record_sent("2017-01", digest('a'), "2017-02-03"));
    CHECK(ledger.record_kaa_produced("2017-H1/Kumla kommun", digest('c'), "KAA_Kumla_kommun_2017H1.xlsx", 4, "2017-08-31"));
    CHECK(ledger.save_if_changed());
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    ScbLedger loaded = ScbLedger::load(file);
    REQUIRE(loaded.months().count("2017-01") == 1);
    const auto& r = loaded.months().at("2017-01");
    REQUIRE(r.produced);
    CHECK(r.produced->file == "Januari2017_P.xlsx");
    CHECK(r.produced->rows == 3);
    CHECK(r.produced->date == "2017-02-02");
    REQUIRE(r.sent);
    CHECK(r.sent->date == "2017-02-03");
    CHECK(loaded.kaa().at("2017-H1/Kumla kommun").produced->rows == 4);
    CHECK(loaded.to_json() == read_file(file));

    // The same content again changes nothing, not even the date.
    CHECK_FALSE(loaded.record_produced("2017-01", digest('a'), "Januari2017_P.xlsx", 3, "2017-05-05"));
    CHECK_FALSE(loaded.record_sent("2017-01", digest('a'), "2017-05-05"));
    CHECK_FALSE(loaded.save_if_changed());
    // A new KAA file for the same half-year replaces the record.
    CHECK(loaded.record_kaa_produced("2017-H1/Kumla kommun", digest('d'), "KAA_Kumla_kommun_2017H1.xlsx", 5, "2017-09-01"));
    CHECK(loaded.kaa().at("2017-H1/Kumla kommun").produced->digest == digest('d'));
}

TEST_CASE("SCB ledger: status of each month and the months to send again") {
    TempDir dir("scb_ledger_status");
    ScbLedger ledger = ScbLedger::load(dir / "p.scb-ledger.json");
    for (const auto& m : {"2017-01", "2017-02", "2017-03", "2017-04"}) {
        ledger.record_produced(m, digest('a'), "f", 1, "2017-05-01");
        ledger.record_sent(m, digest('a'), "2017-05-01");
    }
    ledger.record_produced("2017-05", digest('a'), "f", 1, "2017-06-01");

    SECTION("unchanged: nothing to send again") {
        const auto r = scb_status(ledger, months({{"2017-01", 'a'}, {"2017-02", 'a'}, {"2017-03", 'a'}, {"2017-04", 'a'},
                                                  {"2017-05", 'a'}, {"2017-06", 'a'}}));
        CHECK_FALSE(r.first_changed);
        CHECK(r.send_again.empty());
        CHECK(r.months[3].state == ScbMonthState::sent);
        CHECK(r.months[4].state == ScbMonthState::produced_not_sent);
        CHECK(r.months[4].produced_is_current);
        CHECK(r.months[5].state == ScbMonthState::never_produced);
        CHECK(r.never_sent == std::vector<std::string>{"2017-05", "2017-06"});
    }
    SECTION("February changed: February on, every month already sent") {
        const auto r = scb_status(ledger, months({{"2017-01", 'a'}, {"2017-02", 'b'}, {"2017-03", 'a'}, {"2017-04", 'b'},
                                                  {"2017-05", 'b'}}));
        REQUIRE(r.first_changed);
        CHECK(*r.first_changed == "2017-02");
        CHECK(r.send_again == std::vector<std::string>{"2017-02", "2017-03", "2017-04"});
        CHECK(r.months[0].state == ScbMonthState::sent);
        CHECK(r.months[1].state == ScbMonthState::changed_since_sent);
        CHECK(r.months[2].state == ScbMonthState::sent);
        CHECK(r.months[2].send_again);
        CHECK_FALSE(r.months[0].send_again);
        CHECK_FALSE(r.months[4].produced_is_current);  // the file produced for May is out of date
    }
    SECTION("sending the corrected month again clears it") {
        ledger.record_sent("2017-02", digest('b'), "2017-06-02");
        const auto r = scb_status(ledger, months({{"2017-01", 'a'}, {"2017-02", 'b'}, {"2017-03", 'a'}}));
        CHECK_FALSE(r.first_changed);
    }
}

TEST_CASE("SCB ledger: a damaged ledger is an error naming file and key") {
    TempDir dir("scb_ledger_bad");
    const fs::path file = dir / "p.scb-ledger.json";
    auto expect = [&](const std::string& text, const std::string& where) {
        write_file(file, text);
        try {
            (void)ScbLedger::load(file);
            FAIL("no error for " << where);
        } catch (const DataError& e) {
            const std::string message = e.what();
            INFO(message);
            CHECK(message.find(file.string()) != std::string::npos);
            CHECK(message.find(where) != std::string::npos);
        }
    };
    expect("{", "not valid JSON");
    expect("{\"format\": \"other\", \"version\": 1}", "format");
    expect("{\"format\": \"esfreport-scb-ledger\", \"version\": 2}", "version");
    expect("{\"format\": \"esfreport-scb-ledger\", \"version\": 1, \"months\": {\"2017-01\": {\"sent\": {\"digest\": \"xyz\", \"date\": \"d\"}}}}",
           "months.2017-01.sent.digest");
}

TEST_CASE("SCB ledger: dates come from SOURCE_DATE_EPOCH when set") {
    ::setenv("SOURCE_DATE_EPOCH", "1491004800", 1);  // 2017-04-01T00:00:00Z
    CHECK(scb_ledger_today() == "2017-04-01");
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(scb_ledger_today().size() == 10);
}
