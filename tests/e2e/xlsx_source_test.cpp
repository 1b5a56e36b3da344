// The xlsx plugin loaded by the esfreport executable: a workbook that
// openpyxl writes from a CSV folder gives `validate` the same figures and the
// same rejected rows as the CSV folder itself, with the sheet named where the
// CSV file was.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// Skatteverket test numbers (see rejections_test.cpp): two good rows, a wrong
// check digit, a sex that contradicts the number, a date that is no date, an
// end before the start.
const char* kParticipants =
    "Personnummer;Kön;Startdatum;Slutdatum;setting;Avslutsorsak\n"
    "199801016685;K;2017-02-01;2017-06-30;i skola;studier\n"
    "199801016686;;2017-02-01;;;\n"
    "199801018731;K;2017-03-01;;;\n"
    "199801012395;;2017-13-01;;;\n"
    "199801012387;;2017-05-01;2017-04-01;;\n"
    "199801012395;M;2017-03-01;;utanför skola;\n";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("validate gives the same figures and rejections for a workbook as for its CSV folder", "[xlsx]") {
    TempDir dir("e2e-xlsx");
    fs::create_directories(dir / "csv/data/alpha");
    fs::create_directories(dir / "xlsx/data");
    write_file(dir / "csv/data/alpha/participants.csv", kParticipants);
    write_fixture_project(dir / "csv", "csv");
    const fs::path book = dir / "xlsx/data/alpha.xlsx";
    const CommandResult made = run_command(shell_quote(ESFREPORT_PYTHON) + " " +
                                           shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/tests/plugins/xlsx_workbooks.py") +
                                           " csv " + shell_quote((dir / "csv/data/alpha").string()) + " " +
                                           shell_quote(book.string()) + " --swedish");
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    write_fixture_project(dir / "xlsx", "xlsx", "", "data/alpha.xlsx");

    const CommandResult from_csv = run_esfreport("validate " + shell_quote((dir / "csv/project.toml").string()));
    const CommandResult from_xlsx = run_esfreport("validate " + shell_quote((dir / "xlsx/project.toml").string()));
    INFO(from_csv.err << from_xlsx.err);
    REQUIRE(from_csv.exit_code == 0);
    REQUIRE(from_xlsx.exit_code == 0);
    // The file names the column by its number, the sheet by its cell.
    CHECK_THAT(from_csv.out, Catch::Contains((dir / "csv/data/alpha/participants.csv").string() +
                                             ":5, column start_date (3): not a date: '2017-13-01' (expected YYYY-MM-DD)"));
    CHECK_THAT(from_xlsx.out, Catch::Contains(book.string() + "!Deltagare:5, column start_date (Deltagare!C5): not a "
                                                              "date: '2017-13-01' (expected YYYY-MM-DD)"));
    CHECK_THAT(from_csv.out, Catch::Contains("rejected rows (4)"));
    std::string expected = replace_all(from_csv.out, (dir / "csv/data/alpha/participants.csv").string(),
                                       book.string() + "!Deltagare");
    for (const auto& [number, cell] : {std::pair<const char*, const char*>{":3, column person_id (1)", ":3, column person_id (Deltagare!A3)"},
                                       {":4, column sex (2)", ":4, column sex (Deltagare!B4)"},
                                       {":5, column start_date (3)", ":5, column start_date (Deltagare!C5)"},
                                       {":6, column end_date (4)", ":6, column end_date (Deltagare!D6)"}})
        expected = replace_all(expected, number, cell);
    CHECK(from_xlsx.out == expected);
}
