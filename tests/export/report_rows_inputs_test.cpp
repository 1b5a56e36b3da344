// Table 6b: rejected rows summarised per subproject, column and reason, with
// the quoted values, referenced line numbers and dates of reasons generalised
// so that rows rejected for the same reason group whatever value they held.
#include "../core/issue4_test_data.hpp"

#include <esfreport/export/final_report.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// `indexed`: with the run's index of rejected rows per subproject, as `run`
// builds its reports; else the table reads every rejected row.
ReportTable reasons_table(Issue4Data& d, bool indexed = false) {
    const DocumentTemplate templates = load_report_templates(fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report");
    const ProjectResults results(d.dataset, d.whole());
    FinalReportContext c;
    c.data = &d.dataset;
    c.results = &results;
    c.period = d.whole();
    c.scope = d.region();
    c.children = {d.kumla(), d.karlskoga()};
    c.language = Language::en;
    const auto by_subproject = rejections_by_subproject(d.dataset);
    if (indexed) c.rejections_by_subproject = &by_subproject;
    for (const ReportTable& t : build_final_report(templates, c).tables)
        if (t.id == "t6b") return t;
    FAIL("no table t6b");
    throw;
}

std::vector<std::string> row_text(const ReportRow& row) {
    std::vector<std::string> out;
    for (const Cell& c : row.cells) out.push_back(c.kind == CellKind::text ? c.text : std::to_string(std::int64_t(c.value)));
    return out;
}

}  // namespace

TEST_CASE("Table 6b: reasons group by column without its position and with quoted values generalised", "[report_rows_inputs]") {
    Issue4Data d;
    d.dataset.inputs.push_back({0, "csv", 0, "/data/kumla/participants.csv", "", "", 5, 1, 4, ""});
    d.dataset.rejections = {
        {0, 0, 7, "start_date (3)", "not a date: '2017-13-01'", "", ""},
        {0, 0, 3, "start_date (3)", "not a date: '2017-02-30'", "", ""},
        {0, 0, 9, "exit_status (6)", "unknown status 'klar' (expected studies, work)", "", ""},
        // A value of 50,000 characters quoted in a reason: grouped like any other.
        {0, 0, 11, "start_date (3)", "not a date: '" + std::string(50'000, '9') + "'", "", ""},
    };
    const ReportTable t = reasons_table(d);
    REQUIRE(t.rows.size() == 2);
    CHECK(row_text(t.rows[0]) == std::vector<std::string>{"Kumla kommun", "exit_status", "unknown status '…' (expected studies, work)", "1", "9"});
    CHECK(row_text(t.rows[1]) == std::vector<std::string>{"Kumla kommun", "start_date", "not a date: '…'", "3", "3"});
}

TEST_CASE("Table 6b: a reason with an unclosed quote and a column without position are kept as they are", "[report_rows_inputs]") {
    Issue4Data d;
    d.dataset.inputs.push_back({1, "csv", 0, "/data/karlskoga/hours.csv", "", "", 2, 0, 2, ""});
    d.dataset.rejections = {
        {1, 0, 2, "", "row has 2 fields, the header 3 (quote 'open", "", ""},
        {1, 0, 4, "hours (12)x", "not a number: ''", "", ""},
    };
    const ReportTable t = reasons_table(d);
    REQUIRE(t.rows.size() == 2);
    CHECK(row_text(t.rows[0]) == std::vector<std::string>{"Karlskoga/Degerfors", "", "row has 2 fields, the header 3 (quote 'open", "1", "2"});
    CHECK(row_text(t.rows[1]) == std::vector<std::string>{"Karlskoga/Degerfors", "hours (12)x", "not a number: '…'", "1", "4"});
}

TEST_CASE("Table 6b: rows of a sheet group by column and show the first one's cell", "[report_rows_inputs]") {
    Issue4Data d;
    InputRecord sheet{0, "xlsx", 0, "/data/kumla.xlsx!Deltagare", "", "", 5, 2, 3, ""};
    sheet.sheet = "Deltagare";
    d.dataset.inputs.push_back(sheet);
    d.dataset.rejections = {
        {0, 0, 9, "start_date (Deltagare!C9)", "not a date: '2017-13-01'", "Deltagare!C9", ""},
        {0, 0, 4, "start_date (Deltagare!C4)", "not a date: '2017-02-30'", "Deltagare!C4", ""},
        {0, 0, 6, "end_date (Deltagare!E6)", "holds the error value #DIV/0!", "Deltagare!E6", ""},
    };
    const ReportTable t = reasons_table(d);
    REQUIRE(t.rows.size() == 2);
    CHECK(row_text(t.rows[0]) == std::vector<std::string>{"Kumla kommun", "end_date", "holds the error value #DIV/0!", "1", "Deltagare!E6"});
    CHECK(row_text(t.rows[1]) == std::vector<std::string>{"Kumla kommun", "start_date", "not a date: '…'", "2", "Deltagare!C4"});
}

TEST_CASE("Table 6b: reasons that name other lines or dates group into one row per reason", "[report_rows_inputs]") {
    Issue4Data d;
    d.dataset.inputs.push_back({0, "csv", 0, "/data/kumla/hours.csv", "", "", 9, 2, 7, ""});
    d.dataset.inputs.push_back({0, "csv", 0, "/data/kumla/participants.csv", "", "", 4, 2, 2, ""});
    d.dataset.rejections = {
        {0, 0, 3114, "", "duplicate of line 17 (same person, date and activity)", "", ""},
        {0, 0, 25, "", "duplicate of line 3 (same person, date and activity)", "", ""},
        {0, 0, 40, "", "duplicate of line 7 of /data/kumla/hours-2.csv (same person, date and activity)", "", ""},
        {0, 0, 41, "", "duplicate of line 12 of /data/kumla/hours-2.csv (same person, date and activity)", "", ""},
        {0, 0, 8, "hours (4)", "takes the person's hours on 2017-03-01 to 25 (at most 24 a day; already counted: line 2, line 5)", "", ""},
        {0, 0, 6, "hours (4)", "takes the person's hours on 2017-03-09 to 25 (at most 24 a day; already counted: line 4, line 6)", "", ""},
        {0, 0, 9, "date (2)", "date 2017-03-01 is outside the person's participation periods", "", ""},
        {0, 1, 12, "start_date (2)", "overlaps the period of the same person on line 2 (2017-02-01 – 2017-06-30)", "", ""},
        {0, 1, 5, "start_date (2)", "overlaps the period of the same person on line 3 (2017-01-01 – open)", "", ""},
        // Numbers that are not line references or dates stay: an outline, a count, a year.
        {0, 1, 4, "", "the header has 3 fields (outline 12, 20170301)", "", ""},
    };
    const ReportTable t = reasons_table(d);
    REQUIRE(t.rows.size() == 7);
    CHECK(row_text(t.rows[0]) == std::vector<std::string>{"Kumla kommun", "", "duplicate of line … (same person, date and activity)", "2", "25"});
    CHECK(row_text(t.rows[1]) == std::vector<std::string>{"Kumla kommun", "", "duplicate of line … of /data/kumla/hours-2.csv (same person, date and activity)", "2", "40"});
    CHECK(row_text(t.rows[2]) == std::vector<std::string>{"Kumla kommun", "", "the header has 3 fields (outline 12, 20170301)", "1", "4"});
    CHECK(row_text(t.rows[3]) == std::vector<std::string>{"Kumla kommun", "date", "date … is outside the person's participation periods", "1", "9"});
    CHECK(row_text(t.rows[4]) == std::vector<std::string>{"Kumla kommun", "hours", "takes the person's hours on … to 25 (at most 24 a day; already counted: line …, line …)", "2", "6"});
    CHECK(row_text(t.rows[5]) == std::vector<std::string>{"Kumla kommun", "start_date", "overlaps the period of the same person on line … (… – open)", "1", "5"});
    CHECK(row_text(t.rows[6]) == std::vector<std::string>{"Kumla kommun", "start_date", "overlaps the period of the same person on line … (… – …)", "1", "12"});
}

TEST_CASE("Table 6b: lists and ranges of line numbers generalise as one value", "[report_rows_inputs]") {
    Issue4Data d;
    d.dataset.inputs.push_back({0, "csv", 0, "/data/kumla/hours.csv", "", "", 4, 1, 3, ""});
    d.dataset.rejections = {
        {0, 0, 4, "", "same as lines 2, 3 and 4 more", "", ""},
        {0, 0, 3, "", "same as lines 10–12 and 4 more", "", ""},
        {0, 0, 2, "", "same as lines 7-9 and 4 more", "", ""},
        {0, 0, 5, "", "pipeline 3 is unknown", "", ""},
    };
    const ReportTable t = reasons_table(d);
    REQUIRE(t.rows.size() == 2);
    CHECK(row_text(t.rows[0]) == std::vector<std::string>{"Kumla kommun", "", "pipeline 3 is unknown", "1", "5"});
    CHECK(row_text(t.rows[1]) == std::vector<std::string>{"Kumla kommun", "", "same as lines … and 4 more", "3", "2"});
}

TEST_CASE("Table 6b: read per subproject through the run's index it has the rows of a whole read", "[report_rows_inputs]") {
    Issue4Data d;
    d.dataset.inputs.push_back({0, "csv", 0, "/data/kumla/hours.csv", "", "", 9, 4, 5, ""});
    d.dataset.inputs.push_back({1, "csv", 0, "/data/karlskoga/hours.csv", "", "", 9, 5, 4, ""});
    // The subprojects' rows interleaved, lines out of order, equal first lines in a group.
    d.dataset.rejections = {
        {1, 1, 30, "hours (4)", "not a number: 'x'", "", ""},
        {0, 0, 12, "hours (4)", "not a number: 'y'", "", ""},
        {1, 1, 7, "hours (4)", "not a number: 'z'", "", ""},
        {0, 0, 5, "", "duplicate of line 2 (same person, date and activity)", "", ""},
        {0, 0, 5, "", "duplicate of line 3 (same person, date and activity)", "", ""},
        {1, 1, 2, "", "duplicate of line 1 (same person, date and activity)", "", ""},
        {0, 0, 3, "hours (4)", "not a number: ''", "", ""},
        {1, 1, 9, "date (2)", "not a date: '2017-13-01'", "", ""},
        {0, 0, 8, "", "duplicate of line 4 (same person, date and activity)", "", ""},
    };
    const auto by_subproject = rejections_by_subproject(d.dataset);
    REQUIRE(by_subproject.size() == 2);
    CHECK(by_subproject[0] == std::vector<std::uint32_t>{1, 3, 4, 6, 8});
    CHECK(by_subproject[1] == std::vector<std::uint32_t>{0, 2, 5, 7});
    const std::vector<std::vector<std::string>> expected = {
        {"Kumla kommun", "", "duplicate of line … (same person, date and activity)", "3", "5"},
        {"Kumla kommun", "hours", "not a number: '…'", "2", "3"},
        {"Karlskoga/Degerfors", "", "duplicate of line … (same person, date and activity)", "1", "2"},
        {"Karlskoga/Degerfors", "date", "not a date: '…'", "1", "9"},
        {"Karlskoga/Degerfors", "hours", "not a number: '…'", "2", "7"},
    };
    for (const bool indexed : {false, true}) {
        INFO("indexed " << indexed);
        const ReportTable t = reasons_table(d, indexed);
        std::vector<std::vector<std::string>> rows;
        for (const ReportRow& r : t.rows) rows.push_back(row_text(r));
        CHECK(rows == expected);
    }
}
