// Table 6b: rejected rows summarised per subproject, column and reason, with
// the quoted values of reasons generalised so that rows rejected for the same
// reason group whatever value they held.
#include "../core/issue4_test_data.hpp"

#include <esfreport/export/final_report.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

ReportTable reasons_table(Issue4Data& d) {
    const DocumentTemplate templates = load_report_templates(fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report");
    const ProjectResults results(d.dataset, d.whole());
    FinalReportContext c;
    c.data = &d.dataset;
    c.results = &results;
    c.period = d.whole();
    c.scope = d.region();
    c.children = {d.kumla(), d.karlskoga()};
    c.language = Language::en;
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
