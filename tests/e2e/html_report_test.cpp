// The HTML report of the Örebro example in a real browser: headless Chromium
// (Debian's chromium, installed by scripts/install-deps.sh) renders the file;
// tests/e2e/html_browser_check.py compares every figure of the rendered DOM
// with the XLSX of the same run, checks the charts and that nothing is
// fetched, and takes a screenshot that must not be blank. Also the summary
// sheet's figures, checked by hand against table 1 (119 girls, 146 boys).
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsx_dump.hpp"

#include <regex>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const std::string kConfig = std::string(ESFREPORT_SOURCE_DIR) + "/examples/orebro/esfreport.toml";
const char* const kChromium = "/usr/bin/chromium";

}  // namespace

TEST_CASE("HTML report of the example: every figure in Chromium's DOM equals the XLSX's and the screenshot is not blank") {
    REQUIRE(fs::exists(kChromium));  // scripts/install-deps.sh installs it
    TempDir out("e2e-html-report");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const fs::path html = out / "slutrapport-orebro-lan.html";
    REQUIRE(fs::exists(html));
    CHECK_THAT(read_file(out / "manifest.json"), Catch::Contains("\"slutrapport-orebro-lan.html\""));

    TempDir work("e2e-html-chromium");
    const CommandResult check = run_command(std::string(ESFREPORT_PYTHON) + " " +
                                            shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/tests/e2e/html_browser_check.py") + " " +
                                            kChromium + " " + shell_quote(html.string()) + " " +
                                            shell_quote((out / "slutrapport-orebro-lan.xlsx").string()) + " " + shell_quote(work.path().string()));
    INFO(check.out << check.err);
    REQUIRE(check.exit_code == 0);
    // Counts, so that a DOM with no table or no chart cannot pass.
    std::smatch m;
    const std::regex counts("tables (\\d+) cells (\\d+) bars (\\d+) charts (\\d+) pixels (\\d+)");
    REQUIRE(std::regex_search(check.out, m, counts));
    // Key figures, four chart figure tables, the ten tables of the PDF (1, 1b,
    // 2, 2b, 3, 4, 5, 5b, 6, 6b; 5c is a detail sheet of the XLSX only), three about tables.
    CHECK(std::stoi(m[1]) == 1 + 4 + 10 + 3);
    CHECK(std::stoi(m[2]) > 1000);
    CHECK(std::stoi(m[3]) > 50);
    CHECK(std::stoi(m[4]) == 4);
    CHECK(std::stoi(m[5]) > 20000);
}

TEST_CASE("Summary sheet of the example: participants by sex as in table 1 and the sheet comes first") {
    TempDir out("e2e-summary-sheet");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const CommandResult names = run_command(std::string(ESFREPORT_PYTHON) + " -c " +
                                            shell_quote("import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames[0])") + " " +
                                            shell_quote((out / "slutrapport-orebro-lan.xlsx").string()));
    CHECK(names.out == "Sammanfattning\n");
    const auto sheets = read_xlsx(out / "slutrapport-orebro-lan.xlsx");
    const auto& summary = sheets.at("Sammanfattning");
    // Nyckeltal, Kvinnor, Män, Totalt: 119 + 146 = 265, as in table 1.
    const auto* participants = find_row(summary, "s:Deltagare");
    REQUIRE(participants != nullptr);
    CHECK(*participants == std::vector<std::string>{"s:Deltagare", "n:119", "n:146", "n:265"});
    // Participants per subproject, the chart's figures: table 1's rows.
    const auto* kavesta = find_row(summary, "s:Folkhögskolorna Kävesta/Fellingsbro");
    REQUIRE(kavesta != nullptr);
    CHECK((*kavesta)[1] == "n:44");
    CHECK((*kavesta)[2] == "n:50");
    const auto* sydnarke = find_row(summary, "s:Sydnärkes utbildningsförbund");
    REQUIRE(sydnarke != nullptr);
    CHECK((*sydnarke)[1] == "n:28");
    CHECK((*sydnarke)[2] == "n:20");
    // The workbook holds four native charts.
    const CommandResult charts = run_command(
        std::string(ESFREPORT_PYTHON) + " -c " +
        shell_quote("import re,sys,zipfile; print(sum(1 for n in zipfile.ZipFile(sys.argv[1]).namelist() if re.match(r'xl/charts/chart\\d+[.]xml$', n)))") +
        " " + shell_quote((out / "slutrapport-orebro-lan.xlsx").string()));
    CHECK(charts.out == "4\n");
}
