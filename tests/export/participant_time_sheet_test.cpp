// The economist's participant-time sheet, read back with openpyxl. Figures are
// those of tests/core/participant_time_test.cpp, computed by hand there.
#include "../core/issue4_test_data.hpp"
#include "test_support.hpp"

#include <esfreport/core/participant_time.hpp>
#include <esfreport/export/participant_time_sheet.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <sys/stat.h>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// Rows of the workbook's sheets, each as its cells (sheet name first).
std::vector<std::vector<std::string>> read_rows(const fs::path& file) {
    const CommandResult r = run_command(std::string(ESFREPORT_PYTHON) + " " +
                                        shell_quote((fs::path(ESFREPORT_SOURCE_DIR) / "tests/export/read_xlsx_rows.py").string()) +
                                        " " + shell_quote(file.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', start);
            cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        rows.push_back(cells);
    }
    return rows;
}

// Kumla: Anna 2017-03 7.15 h, 2017-05 3 h; Berit 2017-03 0.6 h, 2017-05 4.99 h;
// David 2018-01 2.25 + 2.25 + 0.5 h. Karlskoga: Erik 2017-03 1.5 h.
// Unit costs 2017 = 180.00, 2018 = 182.50.
void example(Issue4Data& d) {
    d.config().unit_cost = {{2017, 180.0}, {2018, 182.5}};
    d.hours(kAnna, "2017-03-06", 2'500'000);
    d.hours(kAnna, "2017-03-07", 2'500'000);
    d.hours(kAnna, "2017-03-20", 750'000);
    d.hours(kAnna, "2017-03-28", 1'400'000);
    d.hours(kAnna, "2017-05-02", 3'000'000);
    d.hours(kBerit, "2017-03-10", 600'000);
    d.hours(kBerit, "2017-05-15", 4'990'000);
    d.hours(kDavid, "2018-01-10", 2'250'000);
    d.hours(kDavid, "2018-01-11", 2'250'000);
    d.hours(kDavid, "2018-01-12", 500'000);
    d.hours(kErik, "2017-03-05", 1'500'000, 1);
    d.hours(kErik, "2016-12-05", 9'000'000, 1);  // before the period: not in the sheet
}

}  // namespace

TEST_CASE("Participant-time sheet: one row per subproject - participant and month", "[participant_time_sheet]") {
    Issue4Data d;
    example(d);
    TempDir dir("participant_time_sheet");
    const fs::path file = dir / "deltagartid-per-deltagare.xlsx";
    write_participant_time_sheet(d.dataset, programme_scope(d.config()), d.whole(), file);
    const auto rows = read_rows(file);
    REQUIRE(rows.size() == 7);  // header + 6 participant months
    CHECK(rows[0] == std::vector<std::string>{"Deltagartid", "Delprojekt", "Personnummer", "Kön", "Månad", "Registrerade timmar",
                                              "Hela timmar", "Enhetskostnad, kr/tim", "Värde, kr"});
    // Kumla first (configuration order), by personnummer: Anna 200001…, David 200007…, Berit 200101….
    // Anna March: 7.15 recorded -> 7 whole × 180 = 1 260.
    CHECK(rows[1] == std::vector<std::string>{"Deltagartid", "Kumla kommun", kAnna, "Kvinna", "2017-03", "7.15", "7", "180", "1260"});
    CHECK(rows[2] == std::vector<std::string>{"Deltagartid", "Kumla kommun", kAnna, "Kvinna", "2017-05", "3", "3", "180", "540"});
    // David January 2018: 5.0 -> 5 × 182.50 = 912.50.
    CHECK(rows[3] == std::vector<std::string>{"Deltagartid", "Kumla kommun", kDavid, "Man", "2018-01", "5", "5", "182.5", "912.5"});
    // Berit March: 0.6 recorded, 0 whole hours, value 0 — listed, not dropped.
    CHECK(rows[4] == std::vector<std::string>{"Deltagartid", "Kumla kommun", kBerit, "Kvinna", "2017-03", "0.6", "0", "180", "0"});
    // Berit May: 4.99 -> 4 × 180 = 720.
    CHECK(rows[5] == std::vector<std::string>{"Deltagartid", "Kumla kommun", kBerit, "Kvinna", "2017-05", "4.99", "4", "180", "720"});
    CHECK(rows[6] == std::vector<std::string>{"Deltagartid", "Karlskoga/Degerfors", kErik, "Man", "2017-03", "1.5", "1", "180", "180"});
}

TEST_CASE("Participant-time sheet: a subproject's workbook holds only its own participant months", "[participant_time_sheet]") {
    Issue4Data d;
    example(d);
    TempDir dir("participant_time_sheet_subproject");
    const fs::path file = dir / "deltagartid-per-deltagare-karlskoga.xlsx";
    write_participant_time_sheet(d.dataset, d.karlskoga(), d.whole(), file);
    const auto rows = read_rows(file);
    // Header + Erik's March; his December 2016 lies before the period.
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{"Deltagartid", "Karlskoga/Degerfors", kErik, "Man", "2017-03", "1.5", "1", "180", "180"});
}

TEST_CASE("Participant-time sheet: personal data - owner-only whatever the umask", "[participant_time_sheet]") {
    Issue4Data d;
    example(d);
    TempDir dir("participant_time_sheet_mode");
    const fs::path file = dir / "sheet.xlsx";
    const mode_t previous = ::umask(022);
    {
        // Staged as personal data, as `run` does: the output set owns the mode.
        OutputSet set(dir.path(), "run");
        write_participant_time_sheet(d.dataset, programme_scope(d.config()), d.whole(), set.stage("sheet.xlsx", /*personal=*/true), {Language::en, 0});
        set.commit();
    }
    ::umask(previous);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // Nothing else left in the folder but the set's record (no temporary, no staging folder).
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{".esfreport-outputs", "sheet.xlsx"});
    const auto rows = read_rows(file);
    REQUIRE(rows.size() == 7);
    CHECK(rows[0][0] == "Participant time");
    CHECK(rows[0][2] == "Personal identity number");
    CHECK(rows[1][3] == "Female");
}

TEST_CASE("Participant-time sheet: a missing unit cost names the year and writes nothing", "[participant_time_sheet]") {
    Issue4Data d;
    example(d);
    d.config().unit_cost.erase(2018);
    TempDir dir("participant_time_sheet_cost");
    const fs::path file = dir / "sheet.xlsx";
    CHECK_THROWS_MATCHES(write_participant_time_sheet(d.dataset, programme_scope(d.config()), d.whole(), file), MissingUnitCost,
                         Catch::Message("no unit cost configured for 2018 (project.unit_cost)"));
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 0);
}

TEST_CASE("Participant-time sheet: rows past a sheet's limit continue on numbered sheets", "[participant_time_sheet]") {
    Issue4Data d;
    example(d);
    TempDir dir("participant_time_sheet_split");
    const fs::path file = dir / "sheet.xlsx";
    const ParticipantTimeIndex index(d.dataset);
    ParticipantTimeSheetOptions options;
    options.index = &index;
    options.rows_per_sheet = 4;  // Excel's 1,048,575 in real runs
    write_participant_time_sheet(d.dataset, programme_scope(d.config()), d.whole(), file, options);
    const auto rows = read_rows(file);
    // 6 participant months: 4 on the first sheet, 2 on the second, each under its own header.
    REQUIRE(rows.size() == 8);
    CHECK(rows[0][0] == "Deltagartid");
    CHECK(rows[0][2] == "Personnummer");
    CHECK(rows[4][0] == "Deltagartid");
    CHECK(rows[4][2] == kBerit);
    CHECK(rows[5][0] == "Deltagartid (2)");
    CHECK(rows[5][2] == "Personnummer");
    CHECK(rows[6] == std::vector<std::string>{"Deltagartid (2)", "Kumla kommun", kBerit, "Kvinna", "2017-05", "4.99", "4", "180", "720"});
    CHECK(rows[7][1] == "Karlskoga/Degerfors");
}
