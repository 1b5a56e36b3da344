#include "scb_test_dataset.hpp"
#include "read_xlsx.hpp"
#include "test_support.hpp"

#include <esfreport/export/scb_kaa_file.hpp>
#include <esfreport/export/scb_monthly_file.hpp>
#include <esfreport/export/scb_template.hpp>
#include <esfreport/runtime/output_set.hpp>
#include <esfreport/runtime/scb_ledger.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <map>
#include <sstream>
#include <thread>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

fs::path template_path(const std::string& name) { return fs::path(ESFREPORT_SOURCE_DIR) / "templates/scb" / name; }

int month(const std::string& text) { return *parse_scb_month(text); }

// "id start end" per row, for readable comparisons.
std::vector<std::string> describe(const Dataset& ds, const std::vector<ScbMonthlyRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(ds.persons[r.person].id + " " + (r.starts_in_month ? r.start.iso() : "-") + " " +
                      (r.end ? r.end->iso() : "-"));
    return out;
}

using Rows = std::vector<std::string>;

// Cells openpyxl reads from the first sheet: "A1" -> value, type and format.
struct ReadCell {
    std::string type, format, value;
};
struct ReadBook {
    std::string sheet, created, title;
    std::map<std::string, ReadCell> cells;
};

ReadBook read_back(const fs::path& file) {
    ReadBook book;
    for (const std::vector<std::string>& f : read_xlsx_records(file)) {
        if (f[0] == "prop" && f[1] == "created") book.created = f[2];
        if (f[0] == "prop" && f[1] == "title") book.title = f[2];
        if (f[0] == "sheet" && book.sheet.empty()) book.sheet = f[1];
        if (f[0] == "cell" && f.size() >= 6 && f[1] == book.sheet) book.cells[f[2]] = {f[3], f[4], f[5]};
    }
    return book;
}

// The March 2017 data the golden CSV file was written by hand from.
void add_march_2017(ScbTestData& d) {
    d.period("199110062388", "2017-03-06", "2017-03-28", "anna@example.se", "0701234567");  // start and end in March
    d.period("198310302388", "2017-01-16", "2017-03-10");                                 // ends in March
    d.period("19990312Tf29", "2017-03-01", "", "kim;b@example.se", "");                   // protected, open
    d.period("200307232389", "2017-04-03");                                                // April: not in March
}

}  // namespace

TEST_CASE("SCB month: start and end in the same month give one row") {
    ScbTestData d;
    d.period("199110062388", "2017-03-06", "2017-03-28");
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2017-03")) == Rows{"199110062388 2017-03-06 2017-03-28"});
    CHECK(months_with_events(d.dataset) == std::vector<int>{month("2017-03")});
}

TEST_CASE("SCB month: an end in a later month gives a start row and an end row") {
    ScbTestData d;
    d.period("198310302388", "2017-01-16", "2017-03-10");
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2017-01")) == Rows{"198310302388 2017-01-16 -"});
    CHECK(rows_for_month(d.dataset, "2017-02").empty());
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2017-03")) == Rows{"198310302388 - 2017-03-10"});
    const ScbSchedule s = scb_schedule(d.dataset);
    CHECK(s.start_events == 1);
    CHECK(s.end_events == 1);
}

TEST_CASE("SCB month: an open period reports only its start") {
    ScbTestData d;
    d.period("199510272397", "2016-05-02");
    const ScbSchedule s = scb_schedule(d.dataset);
    CHECK(s.rows.size() == 1);
    CHECK(describe(d.dataset, s.rows_for(month("2016-05"))) == Rows{"199510272397 2016-05-02 -"});
    CHECK(s.end_events == 0);
}

TEST_CASE("SCB month: a re-entry is a new start") {
    ScbTestData d;
    d.period("199911082387", "2016-02-01", "2016-04-15");
    d.period("199911082387", "2016-09-05");
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-02")) == Rows{"199911082387 2016-02-01 -"});
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-04")) == Rows{"199911082387 - 2016-04-15"});
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-09")) == Rows{"199911082387 2016-09-05 -"});
    CHECK(months_with_events(d.dataset) == std::vector<int>{month("2016-02"), month("2016-04"), month("2016-09")});
}

TEST_CASE("SCB month: two activities at once are one start and one end - in another subproject a start of its own") {
    ScbTestData d;
    // Overlapping periods of one subproject (two activities): one participation 2016-02-01 .. 2016-09-30.
    d.dataset.periods.at(d.period("199911082387", "2016-02-01", "2016-06-30")).activity = 1;
    d.dataset.periods.at(d.period("199911082387", "2016-03-15", "2016-09-30")).activity = 2;
    d.dataset.periods.at(d.period("199911082387", "2016-04-01", "2016-05-31")).activity = 1;  // inside both
    // The same person in subproject 1 at the same time: a participation of that subproject.
    d.period("199911082387", "2016-03-01", "2016-03-31", "", "", Setting::unspecified, 1);
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-02")) == Rows{"199911082387 2016-02-01 -"});
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-03")) == Rows{"199911082387 2016-03-01 2016-03-31"});
    CHECK(rows_for_month(d.dataset, "2016-06").empty());  // the first activity's end is not the participation's
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-09")) == Rows{"199911082387 - 2016-09-30"});
    CHECK(months_with_events(d.dataset) == std::vector<int>{month("2016-02"), month("2016-03"), month("2016-09")});
}

TEST_CASE("SCB month: a period starting before the project is reported from the project's first day") {
    ScbTestData d;
    d.period("198710312391", "2015-11-20", "2016-03-04");
    d.period("201801012392", "2015-06-01", "2015-12-31");  // wholly before: not a project participant
    const ScbSchedule s = scb_schedule(d.dataset);
    CHECK(describe(d.dataset, s.rows_for(month("2016-01"))) == Rows{"198710312391 2016-01-01 -"});
    CHECK(describe(d.dataset, s.rows_for(month("2016-03"))) == Rows{"198710312391 - 2016-03-04"});
    CHECK(s.rows_for(month("2015-11")).empty());
    CHECK(s.starts_moved_to_project_start == 1);
    CHECK(s.periods_outside_project == 1);
    CHECK(s.first_month == month("2016-01"));
    CHECK(s.last_month == month("2018-12"));
    CHECK(s.project_months().size() == 36);
}

TEST_CASE("SCB month: a leap day is a date like any other") {
    ScbTestData d;
    d.period("200708312384", "2016-02-29", "2016-03-01");
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-02")) == Rows{"200708312384 2016-02-29 -"});
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-03")) == Rows{"200708312384 - 2016-03-01"});
    const ScbTemplate t = load_scb_template(template_path("esf_monthly_csv.toml"));
    const ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2016-02"));
    REQUIRE(table.rows.size() == 1);
    CHECK(table.rows[0][1] == "2016-02-29");
}

TEST_CASE("SCB month: December to January crosses the year") {
    ScbTestData d;
    d.period("201509242390", "2016-12-31", "2017-01-01");
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2016-12")) == Rows{"201509242390 2016-12-31 -"});
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2017-01")) == Rows{"201509242390 - 2017-01-01"});
    const ScbTemplate t = load_scb_template(template_path("esf_monthly.toml"));
    CHECK(scb_monthly_file_name(t, "Unga till arbete", month("2016-12")) == "December2016_Unga_till_arbete.xlsx");
    CHECK(scb_monthly_file_name(t, "Unga till arbete", month("2017-01")) == "Januari2017_Unga_till_arbete.xlsx");
    CHECK(scb_monthly_created_time(month("2016-12")) == 1483228800);  // 2017-01-01T00:00:00Z
}

TEST_CASE("SCB month: rows are sorted by identity - then start") {
    ScbTestData d;
    d.period("199911082387", "2017-03-20");
    d.period("198310302388", "2017-03-02", "2017-03-09");
    d.period("198310302388", "2017-03-25");
    CHECK(describe(d.dataset, rows_for_month(d.dataset, "2017-03")) ==
          Rows{"198310302388 2017-03-02 2017-03-09", "198310302388 2017-03-25 -", "199911082387 2017-03-20 -"});
    CHECK_THROWS_AS(rows_for_month(d.dataset, "2017-3"), std::invalid_argument);
}

TEST_CASE("SCB CSV month file equals the hand-written golden file") {
    ScbTestData d;
    add_march_2017(d);
    const ScbTemplate t = load_scb_template(template_path("esf_monthly_csv.toml"));
    const ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2017-03"));
    CHECK(render_scb_csv(t, table) == read_file(data_path("scb/esf_2017-03.csv")));

    TempDir dir("scb_csv");
    const fs::path file = dir / scb_monthly_file_name(t, d.config().name, month("2017-03"));
    CHECK(file.filename() == "Mars2017_Unga_till_arbete.csv");
    {
        OutputSet set(dir.path(), "scb esf 2017-03");  // the set owns the mode: personal, 0600
        write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), set.stage(file.filename(), /*personal=*/true));
        set.commit();
    }
    CHECK(read_file(file) == read_file(data_path("scb/esf_2017-03.csv")));
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("SCB XLSX month file reads back with openpyxl - text cells - fixed creation time") {
    ScbTestData d;
    add_march_2017(d);
    const ScbTemplate t = load_scb_template(template_path("esf_monthly.toml"));
    const ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2017-03"));
    TempDir dir("scb_xlsx");
    const fs::path file = dir / "a.xlsx";
    {
        OutputSet set(dir.path(), "scb esf 2017-03");
        write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), set.stage("a.xlsx", /*personal=*/true));
        set.commit();
    }

    const ReadBook book = read_back(file);
    CHECK(book.sheet == "Deltagare");
    CHECK(book.created == "2017-04-01T00:00:00Z");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"A1", "Personnummer"}, {"B1", "Startdatum"},   {"C1", "Slutdatum"},       {"D1", "E-postadress"},     {"E1", "Mobilnummer"},
        {"A2", "198310302388"}, {"B2", "2017-01-16"},   {"C2", "2017-03-10"},      {"D2", "okänt"},            {"E2", "okänt"},
        {"A3", "199110062388"}, {"B3", "2017-03-06"},   {"C3", "2017-03-28"},      {"D3", "anna@example.se"},  {"E3", "0701234567"},
        {"A4", "19990312Tf29"}, {"B4", "2017-03-01"},   {"D4", "kim;b@example.se"}, {"E4", "okänt"},
    };
    for (const auto& [ref, value] : expected) {
        INFO(ref);
        REQUIRE(book.cells.count(ref) == 1);
        CHECK(book.cells.at(ref).value == value);
        CHECK(book.cells.at(ref).type == "s");  // text, so leading zeros and forms survive
    }
    CHECK(book.cells.count("C4") == 0);  // open period: no end date
    CHECK(book.cells.count("A5") == 0);  // the April start is not in March
    CHECK(book.cells.at("A2").format == "@");

    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("SCB XLSX month file is byte-identical when written again later") {
    ScbTestData d;
    add_march_2017(d);
    const ScbTemplate t = load_scb_template(template_path("esf_monthly.toml"));
    const ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2017-03"));
    TempDir dir("scb_xlsx_same");
    write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), dir / "first.xlsx");
    // Zip entries keep DOS times with two-second steps: wait past one.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), dir / "second.xlsx");
    const std::string first = read_file(dir / "first.xlsx");
    CHECK(first.size() > 1000);
    CHECK(first == read_file(dir / "second.xlsx"));
}

TEST_CASE("SCB month with no event: an empty file with its header") {
    ScbTestData d;
    d.period("199110062388", "2017-03-06");
    const ScbTemplate t = load_scb_template(template_path("esf_monthly_csv.toml"));
    CHECK(t.empty_months);
    const ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2017-02"));
    CHECK(render_scb_csv(t, table) == "\xEF\xBB\xBFPersonnummer;Startdatum;Slutdatum;E-postadress;Mobilnummer\r\n");
}

TEST_CASE("SCB template: separated personnummer - other date format - no repeated start") {
    TempDir dir("scb_template");
    std::string text = read_file(template_path("esf_monthly_csv.toml"));
    auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace("identity_form = \"long\"", "identity_form = \"separated_long\"");
    replace("date_format = \"YYYY-MM-DD\"", "date_format = \"YYYYMMDD\"");
    replace("repeat_start_on_end_row = true", "repeat_start_on_end_row = false");
    replace("byte_order_mark = true", "byte_order_mark = false");
    write_file(dir / "t.toml", text);
    const ScbTemplate t = load_scb_template(dir / "t.toml");
    ScbTestData d;
    d.period("198310302388", "2017-01-16", "2017-03-10");
    d.period("19990312Tf29", "2017-03-01");
    const ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2017-03"));
    CHECK(render_scb_csv(t, table) ==
          "Personnummer;Startdatum;Slutdatum;E-postadress;Mobilnummer\r\n"
          "19831030-2388;;20170310;okänt;okänt\r\n"
          "19990312Tf29;20170301;;okänt;okänt\r\n");
}

TEST_CASE("SCB template: mistakes name the file and the key") {
    TempDir dir("scb_template_bad");
    const std::string good = read_file(template_path("esf_monthly.toml"));
    auto expect_error = [&](const std::string& text, const std::string& key) {
        write_file(dir / "bad.toml", text);
        try {
            (void)load_scb_template(dir / "bad.toml");
            FAIL("no error for " << key);
        } catch (const std::runtime_error& e) {
            const std::string message = e.what();
            INFO(message);
            CHECK(message.find((dir / "bad.toml").string()) != std::string::npos);
            CHECK(message.find(key) != std::string::npos);
        }
    };
    expect_error(good + "\nsheet_nmae = \"x\"\n", "sheet_nmae");
    expect_error(good + "\n[[columns]]\nfield = \"municipality\"\nheader = \"Kommun\"\n", "columns[6].field");
    expect_error(good + "\n[[columns]]\nfield = \"email\"\n", "columns[6].header");
    expect_error("kind = \"esf_monthly\"\nformat = \"pdf\"\n", "format");
    expect_error("kind = \"esf_monthly\"\n", "columns");
    expect_error("kind = \"esf_monthly\"\n[file_name]\npattern = \"{month_name}_{week}\"\n[[columns]]\nfield = \"personnummer\"\nheader = \"P\"\n",
                 "file_name.pattern");
    expect_error("kind = \"esf_monthly\"\nformat = \n", ":2:");  // syntax error: line given
    expect_error("kind = \"esf_monthly\"\n[values]\ndate_format = \"DD.MM\"\n[[columns]]\nfield = \"personnummer\"\nheader = \"P\"\n",
                 "values.date_format");
}

TEST_CASE("SCB ledger on real rows: unchanged data - a corrected end date - a participant added") {
    auto digests = [](const Dataset& ds) {
        std::vector<ScbMonthCurrent> out;
        const ScbSchedule s = scb_schedule(ds);
        for (int m : s.project_months()) {
            const auto& rows = s.rows_for(m);
            out.push_back({scb_month_text(m), sha256_hex(scb_monthly_canonical_text(ds, rows)), rows.size(), true});
        }
        return out;
    };
    ScbTestData d;
    d.period("199110062388", "2017-01-09", "2017-03-10");
    d.period("198310302388", "2017-02-06");
    d.period("199911082387", "2017-05-15", "2017-06-30");
    TempDir dir("scb_ledger_data");
    ScbLedger ledger = ScbLedger::load(dir / "p.scb-ledger.json");
    for (const auto& m : digests(d.dataset)) {
        if (m.month > "2017-08") break;  // sent up to August 2017
        ledger.record_produced(m.month, m.digest, "f", m.rows, "2017-09-01");
        ledger.record_sent(m.month, m.digest, "2017-09-01");
    }
    REQUIRE(ledger.save_if_changed());

    SECTION("unchanged data: nothing to send again, nothing rewritten") {
        ScbLedger again = ScbLedger::load(dir / "p.scb-ledger.json");
        const ScbStatusReport r = scb_status(again, digests(d.dataset));
        CHECK_FALSE(r.first_changed);
        CHECK(r.send_again.empty());
        for (const auto& m : digests(d.dataset))
            if (m.month <= "2017-08") CHECK_FALSE(again.record_produced(m.month, m.digest, "f", m.rows, "2017-10-01"));
        CHECK_FALSE(again.save_if_changed());
    }
    SECTION("a corrected end date in March: March and every later month sent, not earlier ones") {
        d.dataset.periods[0].end = ymd("2017-03-17");
        const ScbStatusReport r = scb_status(ledger, digests(d.dataset));
        REQUIRE(r.first_changed);
        CHECK(*r.first_changed == "2017-03");
        CHECK(r.send_again == std::vector<std::string>{"2017-03", "2017-04", "2017-05", "2017-06", "2017-07", "2017-08"});
        for (const auto& s : r.months) {
            if (s.month == "2017-01" || s.month == "2017-02") CHECK(s.state == ScbMonthState::sent);
            if (s.month == "2017-03") CHECK(s.state == ScbMonthState::changed_since_sent);
            if (s.month == "2017-04") CHECK(s.state == ScbMonthState::sent);  // same data, still to send again
            if (s.month == "2017-09") CHECK(s.state == ScbMonthState::never_produced);
        }
    }
    SECTION("a new participant in a past month: that month on") {
        d.period("200307232389", "2017-02-20");
        const ScbStatusReport r = scb_status(ledger, digests(d.dataset));
        REQUIRE(r.first_changed);
        CHECK(*r.first_changed == "2017-02");
        CHECK(r.send_again.front() == "2017-02");
        CHECK(r.send_again.back() == "2017-08");
        CHECK(r.send_again.size() == 7);
    }
    SECTION("a changed contact detail changes the month") {
        d.dataset.contacts.push_back({"ny@example.se", ""});
        d.dataset.periods[1].contact = 0;
        const ScbStatusReport r = scb_status(ledger, digests(d.dataset));
        REQUIRE(r.first_changed);
        CHECK(*r.first_changed == "2017-02");
    }
}

TEST_CASE("SCB KAA: young people outside school per municipality and half-year") {
    ScbTestData d;
    d.period("199110062388", "2017-02-01", "2017-05-31", "", "0701234567", Setting::outside_school, 0, StatusAtExit::studies);
    d.period("198310302388", "2016-11-01", "", "", "", Setting::outside_school, 0);
    d.period("199911082387", "2017-03-01", "", "", "", Setting::in_school, 0);           // in school: not KAA
    d.period("200307232389", "2017-07-03", "", "", "", Setting::outside_school, 0);       // second half
    d.period("200708312384", "2017-01-10", "2017-09-01", "", "", Setting::outside_school, 1, StatusAtExit::work);
    const ScbTemplate t = load_scb_template(template_path("kaa_halfyear.toml"));
    const HalfYear h1 = *parse_half_year("2017-H1");
    CHECK(h1.first_day() == ymd("2017-01-01"));
    CHECK(h1.last_day() == ymd("2017-06-30"));
    CHECK_FALSE(parse_half_year("2017-H3"));

    const auto files = scb_kaa_files(t, d.dataset, h1);
    REQUIRE(files.size() == 2);
    CHECK(files[0].municipality == "Kumla kommun");
    CHECK(files[1].municipality == "Karlskoga/Degerfors kommuner");
    CHECK(scb_kaa_file_name(t, "Unga till arbete", h1, files[1].municipality) == "KAA_Karlskoga_Degerfors_kommuner_2017H1.xlsx");

    const ScbTable kumla = scb_kaa_table(t, d.dataset, h1, files[0]);
    // Columns: personnummer, kommun, period, e-post, telefon, insats start, insats slut, orsak.
    REQUIRE(kumla.rows.size() == 2);
    CHECK(kumla.rows[0] == std::vector<std::string>{"198310302388", "Kumla kommun", "2017H1", "okänt", "okänt", "", "", ""});
    CHECK(kumla.rows[1] == std::vector<std::string>{"199110062388", "Kumla kommun", "2017H1", "okänt", "0701234567",
                                                    "2017-02-01", "2017-05-31", "Studier"});
    const ScbTable karlskoga = scb_kaa_table(t, d.dataset, h1, files[1]);
    REQUIRE(karlskoga.rows.size() == 1);
    CHECK(karlskoga.rows[0][6].empty());  // ends in the second half-year
    CHECK(karlskoga.rows[0][7].empty());

    const auto h2 = scb_kaa_files(t, d.dataset, *parse_half_year("2017H2"));
    REQUIRE(h2.size() == 2);
    CHECK(h2[0].participations.size() == 2);  // the open period from 2016 and the July start
    const ScbTable karlskoga2 = scb_kaa_table(t, d.dataset, *parse_half_year("2017-H2"), h2[1]);
    CHECK(karlskoga2.rows[0][7] == "Arbete");

    TempDir dir("scb_kaa");
    const fs::path file = dir / "kaa.xlsx";
    write_scb_file(t, kumla, scb_kaa_created_time(h1), file);
    const ReadBook book = read_back(file);
    CHECK(book.sheet == "KAA");
    CHECK(book.created == "2017-07-01T00:00:00Z");
    CHECK(book.cells.at("A1").value == "1 Obligatoriska uppgifter");
    CHECK(book.cells.at("D1").value == "2 Kontaktuppgifter");
    CHECK(book.cells.at("H1").value == "5 Aktivitetsansvar upphört");
    CHECK(book.cells.at("A2").value == "Personnummer");
    CHECK(book.cells.at("A4").value == "199110062388");
    CHECK(book.cells.at("H4").value == "Studier");
}

TEST_CASE("SCB KAA: a person in two activities outside school at once is one row with the status of the period that ended last") {
    ScbTestData d;
    d.dataset.periods.at(d.period("199110062388", "2017-02-01", "2017-04-30", "", "", Setting::outside_school, 0, StatusAtExit::dropout))
        .activity = 1;
    d.dataset.periods.at(d.period("199110062388", "2017-03-01", "2017-05-31", "", "", Setting::outside_school, 0, StatusAtExit::studies))
        .activity = 2;
    const ScbTemplate t = load_scb_template(template_path("kaa_halfyear.toml"));
    const HalfYear h1 = *parse_half_year("2017-H1");
    const auto files = scb_kaa_files(t, d.dataset, h1);
    REQUIRE(files.size() == 1);
    REQUIRE(files[0].participations.size() == 1);
    const ScbTable kumla = scb_kaa_table(t, d.dataset, h1, files[0]);
    // Columns: personnummer, kommun, period, e-post, telefon, insats start, insats slut, orsak.
    REQUIRE(kumla.rows.size() == 1);
    CHECK(kumla.rows[0] == std::vector<std::string>{"199110062388", "Kumla kommun", "2017H1", "okänt", "okänt", "2017-02-01",
                                                    "2017-05-31", "Studier"});
}

TEST_CASE("SCB KAA: a subproject's register gives one file per municipality it names") {
    ScbTestData d;
    // A participation period of Karlskoga's: not reported, the subproject has a register.
    d.period("199110062388", "2017-02-01", "2017-05-31", "", "", Setting::outside_school, 1, StatusAtExit::studies);
    auto add = [&](const std::string& id, const std::string& municipality, const std::string& start, const std::string& end,
                   const std::string& occupation, const std::string& measure_start, const std::string& measure_end) {
        KaaRecord k;
        k.person = d.person(id);
        k.subproject = 1;
        k.municipality = municipality;
        k.responsibility_start = ymd(start);
        if (!end.empty()) k.responsibility_end = ymd(end);
        k.occupation = occupation;
        k.measure = "Coachning";
        if (!measure_start.empty()) k.measure_start = ymd(measure_start);
        if (!measure_end.empty()) k.measure_end = ymd(measure_end);
        k.phone = "0709876543";
        d.dataset.kaa.push_back(k);
    };
    add("200001012384", "Karlskoga", "2016-09-01", "2017-04-30", "arbete", "2016-10-01", "2017-03-31");  // ends in H1
    add("198310302388", "Degerfors", "2017-03-01", "", "", "2017-03-15", "");                            // open
    add("200307232389", "Karlskoga", "2017-08-01", "", "", "", "");                                      // H2 only
    const ScbTemplate t = load_scb_template(template_path("kaa_halfyear.toml"));
    const HalfYear h1 = *parse_half_year("2017-H1");
    const auto files = scb_kaa_files(t, d.dataset, h1);
    REQUIRE(files.size() == 2);
    CHECK(files[0].municipality == "Degerfors");
    CHECK(files[1].municipality == "Karlskoga");
    CHECK(files[1].participations.empty());
    CHECK(files[1].rows() == 1);
    // Columns: personnummer, kommun, period, e-post, telefon, insats start, insats slut, orsak.
    const ScbTable karlskoga = scb_kaa_table(t, d.dataset, h1, files[1]);
    REQUIRE(karlskoga.rows.size() == 1);
    CHECK(karlskoga.rows[0] == std::vector<std::string>{"200001012384", "Karlskoga", "2017H1", "okänt", "0709876543", "", "2017-03-31", "Arbete"});
    const ScbTable degerfors = scb_kaa_table(t, d.dataset, h1, files[0]);
    CHECK(degerfors.rows[0] == std::vector<std::string>{"198310302388", "Degerfors", "2017H1", "okänt", "0709876543", "2017-03-15", "", ""});
    // The digest follows the register rows.
    const std::string before = scb_kaa_canonical_text(d.dataset, h1, files[1]);
    d.dataset.kaa[0].measure = "Praktik";
    CHECK(scb_kaa_canonical_text(d.dataset, h1, files[1]) != before);
}

TEST_CASE("SCB CSV: a cell starting with a formula character is neutralised as OWASP recommends") {
    const ScbTemplate t = load_scb_template(template_path("esf_monthly_csv.toml"));
    ScbTable table = scb_table_frame(t);
    table.rows = {
        {"199110062388", "2017-03-06", "2017-03-28", "=HYPERLINK(\"http://x\";\"y\")", "+46 cmd"},
        {"19990312-Tf29", "2017-03-01", "", "@SUM(A1)", "-2+3"},
        {"198310302388", "2017-01-16", "", "\tx@example.se", "\r0701234567"},
        {"198310302388", "2017-01-16", "", "a=b@example.se", "0701234567"},
    };
    const std::string csv = render_scb_csv(t, table);
    std::vector<std::string> lines;
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    REQUIRE(lines.size() == 5);
    // Quoted, with a leading single quote: a spreadsheet shows the text, runs nothing.
    CHECK(lines[1] == "199110062388;2017-03-06;2017-03-28;\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";\"'+46 cmd\"\r");
    CHECK(lines[2] == "19990312-Tf29;2017-03-01;;\"'@SUM(A1)\";\"'-2+3\"\r");
    CHECK(lines[3] == "198310302388;2017-01-16;;\"'\tx@example.se\";\"'\r0701234567\"\r");
    // Personnummer, dates and a formula character later in the cell are left as they are.
    CHECK(lines[4] == "198310302388;2017-01-16;;a=b@example.se;0701234567\r");
}

TEST_CASE("SCB XLSX: a 40000-character e-mail is an error naming sheet and column - never dropped") {
    ScbTestData d;
    add_march_2017(d);
    const ScbTemplate t = load_scb_template(template_path("esf_monthly.toml"));
    ScbTable table = scb_monthly_table(t, d.dataset, rows_for_month(d.dataset, "2017-03"));
    REQUIRE(table.rows.size() == 3);
    table.rows[1][3] = std::string(39990, 'a') + "@example.se";
    TempDir dir("scb_xlsx_long");
    const fs::path file = dir / "a.xlsx";
    CHECK_THROWS_WITH(write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), file),
                      "cannot write " + file.string() + ": sheet \"Deltagare\", column \"E-postadress\", row 3: a value of 40001 "
                      "characters is longer than the 32,767 characters Excel keeps in a cell");
    // Exactly at the limit (in UTF-16 units, as Excel counts: one emoji is two) it is written whole.
    table.rows[1][3] = std::string(32767 - 2, 'a') + "\xF0\x9F\x98\x80";
    write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), file);
    CHECK(read_back(file).cells.at("D3").value.size() == 32765 + 4);
    table.rows[1][3] += "b";
    CHECK_THROWS_WITH(write_scb_file(t, table, scb_monthly_created_time(month("2017-03")), file), Catch::Contains("a value of 32768 characters"));
}
