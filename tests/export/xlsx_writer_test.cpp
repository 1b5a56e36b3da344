#include "esfreport/export/xlsx_writer.hpp"
#include "esfreport/runtime/output_set.hpp"

#include "sample_report.hpp"
#include "read_xlsx.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <clocale>
#include <cstdlib>
#include <map>
#include <sstream>
#include <vector>

#include <sys/stat.h>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

struct XlsxCell {
    std::string type;  // openpyxl data_type: n number, s string, f formula
    std::string format;
    std::string value;
    bool bold = false;
    std::string fill;        // ARGB of a solid fill
    std::string top_border;  // openpyxl border style name
};

// What openpyxl reads from a workbook (see read_xlsx.py).
struct XlsxDump {
    std::vector<std::string> sheets;
    std::map<std::string, std::string> props;
    std::map<std::string, XlsxCell> cells;  // "Sheet!A1"
    std::map<std::string, std::string> freeze, autofilter, print_titles, orientation, fit;
    std::map<std::string, std::vector<std::string>> merged;
    std::map<std::string, double> widths;  // "Sheet!A"

    const XlsxCell& cell(const std::string& ref) const {
        const auto found = cells.find(ref);
        if (found == cells.end()) FAIL("no cell " << ref);
        return found->second;
    }
    bool has(const std::string& ref) const { return cells.count(ref) > 0; }
};

XlsxDump read_xlsx(const fs::path& file) {
    XlsxDump d;
    for (const std::vector<std::string>& f : read_xlsx_records(file)) {
        const std::string& kind = f[0];
        if (kind == "prop") d.props[f[1]] = f[2];
        else if (kind == "sheet") d.sheets.push_back(f[1]);
        else if (kind == "cell") d.cells[f[1] + "!" + f[2]] = {f[3], f[4], f[5], f[6] == "bold", f[7], f[8]};
        else if (kind == "freeze") d.freeze[f[1]] = f[2];
        else if (kind == "autofilter") d.autofilter[f[1]] = f[2];
        else if (kind == "print_titles") d.print_titles[f[1]] = f[2];
        else if (kind == "merged") d.merged[f[1]].push_back(f[2]);
        else if (kind == "orientation") d.orientation[f[1]] = f[2];
        else if (kind == "fit") d.fit[f[1]] = f[2] + "x" + f[3];
        else if (kind == "width") d.widths[f[1] + "!" + f[2]] = std::stod(f[3]);
    }
    return d;
}

double number(const XlsxCell& c) { return std::stod(c.value); }

}  // namespace

TEST_CASE("XLSX: sheets - values - types and number formats", "[xlsx]") {
    TempDir dir("xlsx_values");
    const fs::path file = dir / "rapport.xlsx";
    write_report_xlsx(sample_report(), file);
    REQUIRE(fs::exists(file));
    const XlsxDump x = read_xlsx(file);

    CHECK(x.sheets == std::vector<std::string>{"Deltagare", "Deltagartid", "Om rapporten"});
    CHECK(x.props.at("title") == "Slutrapport – Unga vuxna i Örebro län");
    CHECK(x.props.at("creator") == "Projektägaren Åsa Öberg");
    CHECK(x.props.at("created") == "2024-06-01T12:00:00Z");

    // Title, subtitle, blank row, group row (4), label row (5), data from row 6.
    CHECK(x.cell("Deltagare!A1").value == "Deltagare per delprojekt");
    CHECK(x.cell("Deltagare!A1").bold);
    CHECK(x.cell("Deltagare!A2").value == "Region Örebro län, 2016-01-01 – 2018-12-31");
    CHECK(x.cell("Deltagare!B4").value == "Kvinnor");
    CHECK(x.cell("Deltagare!D4").value == "Män");
    CHECK(x.cell("Deltagare!F4").value == "Totalt");
    CHECK(x.merged.at("Deltagare") == std::vector<std::string>{"B4:C4", "D4:E4"});
    CHECK(x.cell("Deltagare!A5").value == "Delprojekt");
    CHECK(x.cell("Deltagare!A5").bold);
    CHECK(x.cell("Deltagare!C5").value == "Andel");

    const XlsxCell& women = x.cell("Deltagare!B6");
    CHECK(women.type == "n");
    CHECK(number(women) == 1366);
    CHECK(women.format == "#,##0");
    CHECK(x.cell("Deltagare!A6").value == "Örebro stad");
    CHECK(x.cell("Deltagare!A6").type == "s");
    const XlsxCell& share = x.cell("Deltagare!C6");
    CHECK(share.type == "n");
    CHECK(number(share) == Approx(0.605));
    CHECK(share.format == "0%");
    CHECK(x.cell("Deltagare!C9").format == "0.0%");
    CHECK(number(x.cell("Deltagare!C9")) == Approx(0.5125));

    // Missing is the dash, never 0; suppressed shows its mark; both are text.
    CHECK(x.cell("Deltagare!B7").value == "\u2013");
    CHECK(x.cell("Deltagare!B7").type == "s");
    CHECK(x.cell("Deltagare!E7").value == "..");
    CHECK(x.cell("Deltagare!E7").type == "s");

    // Text that looks like a formula or a number stays text.
    for (const auto& [ref, text] : std::map<std::string, std::string>{
             {"Deltagare!A8", "=SUM(A1)"}, {"Deltagare!B8", "-12"}, {"Deltagare!C8", "+46 70"}, {"Deltagare!D8", "@x"}}) {
        INFO(ref);
        CHECK(x.cell(ref).type == "s");
        CHECK(x.cell(ref).value == text);
    }
    CHECK_FALSE(x.has("Deltagare!E8"));  // blank
    CHECK(x.cell("Deltagare!F8").format == "#,##0.0");
    CHECK(number(x.cell("Deltagare!F8")) == 2.5);

    // Total row bold; note row present with its figures.
    CHECK(x.cell("Deltagare!A10").value == "Summa");
    CHECK(x.cell("Deltagare!A10").bold);
    CHECK(x.cell("Deltagare!F10").bold);
    CHECK(number(x.cell("Deltagare!F10")) == 2282);
    CHECK_FALSE(x.cell("Deltagare!F9").bold);
    CHECK(x.cell("Deltagare!F10").top_border == "thin");
    CHECK(x.cell("Deltagare!F6").top_border.empty());
    CHECK(x.cell("Deltagare!A9").fill == "FFFFF2CC");  // highlight row
    CHECK(x.cell("Deltagare!F9").fill == "FFFFF2CC");
    CHECK(x.cell("Deltagare!F6").fill.empty());
    CHECK(x.cell("Deltagare!B5").fill == "FFD9E1F2");  // header row
    CHECK(number(x.cell("Deltagare!F11")) == 2270);
    CHECK(x.cell("Deltagare!A13").value.rfind("Källa:", 0) == 0);  // note after a blank row

    // Long table: no group row, label row 4, 120 rows and a total.
    CHECK(x.cell("Deltagartid!A4").value == "Månad");
    CHECK(number(x.cell("Deltagartid!B5")) == 101);
    CHECK(x.cell("Deltagartid!D5").format == "#,##0.00");
    CHECK(number(x.cell("Deltagartid!D5")) == Approx(1007 * 212.25));
    CHECK(x.cell("Deltagartid!A125").value == "Summa");
    CHECK(x.cell("Deltagartid!C125").type == "n");

    // About sheet: two tables stacked with a blank row between.
    CHECK(x.cell("Om rapporten!A1").value == "Om rapporten");
    CHECK(x.cell("Om rapporten!A3").value == "Uppgift");
    CHECK(x.cell("Om rapporten!B4").value == "2016-01-01 – 2018-12-31");
    CHECK(x.cell("Om rapporten!A7").value == "Indatafiler");
    CHECK(x.cell("Om rapporten!A10").value == "deltagare_örebro.csv");
    CHECK(x.cell("Om rapporten!C10").type == "n");
    CHECK(x.autofilter.at("Om rapporten").empty());
}

TEST_CASE("XLSX: frozen panes - autofilter - print setup - column widths", "[xlsx]") {
    TempDir dir("xlsx_layout");
    const fs::path file = dir / "rapport.xlsx";
    write_report_xlsx(sample_report(), file);
    const XlsxDump x = read_xlsx(file);

    CHECK(x.freeze.at("Deltagare") == "B6");
    CHECK(x.autofilter.at("Deltagare") == "A5:F11");
    CHECK(x.print_titles.at("Deltagare") == "$4:$5");
    CHECK(x.freeze.at("Deltagartid") == "B5");
    CHECK(x.autofilter.at("Deltagartid") == "A4:D125");
    CHECK(x.print_titles.at("Deltagartid") == "$4:$4");
    for (const std::string sheet : {"Deltagare", "Deltagartid", "Om rapporten"}) {
        INFO(sheet);
        CHECK(x.orientation.at(sheet) == "landscape");
        CHECK(x.fit.at(sheet) == "1x0");
    }
    // Widths follow the content: the SHA-256 column is wider than the label
    // column, and "Till studier eller arbete" (25 characters) fits.
    CHECK(x.widths.at("Om rapporten!B") > 60);
    CHECK(x.widths.at("Deltagare!A") >= 25);
    CHECK(x.widths.at("Deltagare!B") < 15);
}

TEST_CASE("XLSX: the same document gives the same bytes", "[xlsx]") {
    TempDir dir("xlsx_determinism");
    write_report_xlsx(sample_report(), dir / "a.xlsx");
    write_report_xlsx(sample_report(), dir / "b.xlsx");
    CHECK(read_file(dir / "a.xlsx") == read_file(dir / "b.xlsx"));
}

TEST_CASE("XLSX: numbers are written in C notation under a decimal-comma locale", "[xlsx]") {
    TempDir dir("xlsx_locale");
    const std::string saved = std::setlocale(LC_NUMERIC, nullptr);
    // sv_SE is rarely installed on build machines; compile it from the
    // glibc sources into the temporary folder when it is missing.
    if (std::setlocale(LC_NUMERIC, "sv_SE.UTF-8") == nullptr) {
        fs::create_directories(dir / "locales");
        const CommandResult made =
            run_command("localedef -i sv_SE -f UTF-8 " + shell_quote((dir / "locales" / "sv_SE.UTF-8").string()));
        if (made.exit_code == 0) {
            ::setenv("LOCPATH", (dir / "locales").string().c_str(), 1);
            std::setlocale(LC_NUMERIC, "sv_SE.UTF-8");
            ::unsetenv("LOCPATH");
        }
    }
    const std::string active = std::setlocale(LC_NUMERIC, nullptr);
    if (active == saved) WARN("no decimal-comma locale available; checking under " << active << " only");
    else CHECK(std::string(std::localeconv()->decimal_point) == ",");
    write_report_xlsx(sample_report(), dir / "a.xlsx");
    const std::string after = std::setlocale(LC_NUMERIC, nullptr);
    std::setlocale(LC_NUMERIC, saved.c_str());
    CHECK(after == active);  // the caller's locale is left as it was
    const XlsxDump x = read_xlsx(dir / "a.xlsx");
    CHECK(number(x.cell("Deltagare!C6")) == Approx(0.605));
    CHECK(number(x.cell("Deltagare!F8")) == 2.5);
    CHECK(number(x.cell("Deltagartid!D5")) == Approx(1007 * 212.25));
}

TEST_CASE("XLSX: errors name the file and leave nothing behind", "[xlsx]") {
    TempDir dir("xlsx_errors");
    const fs::path missing_dir = dir / "no-such-dir" / "r.xlsx";
    try {
        write_report_xlsx(sample_report(), missing_dir);
        FAIL("expected an error");
    } catch (const std::runtime_error& e) {
        CHECK_THAT(e.what(), Catch::Contains(missing_dir.string()));
    }
    ReportDocument bad = sample_report();
    bad.tables[0].sheet_name = "Delt[agare]";
    try {
        write_report_xlsx(bad, dir / "bad.xlsx");
        FAIL("expected an error");
    } catch (const std::runtime_error& e) {
        CHECK_THAT(e.what(), Catch::Contains("bad.xlsx") && Catch::Contains("Delt[agare]"));
    }
    ReportDocument too_wide = sample_report();
    too_wide.tables[0].rows[0].cells.push_back(Cell::of_integer(1));
    CHECK_THROWS_WITH(write_report_xlsx(too_wide, dir / "wide.xlsx"), Catch::Contains("row 1 has 7 cells"));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("XLSX stream writer: constant-memory sheets row by row", "[xlsx]") {
    TempDir dir("xlsx_stream");
    const fs::path file = dir / "deltagare_per_manad.xlsx";
    XlsxProperties props;
    props.title = "Deltagare per månad";
    props.author = "Åsa";
    props.created = sample_generated_at;
    {
        XlsxStreamWriter w;
        w.open(file, props);
        w.add_sheet("Per deltagare", {{"Deltagare", false, 0}, {"Månad", false, 0}, {"Timmar", true, 0}, {"Andel", true, 0}});
        for (int i = 0; i < 500; ++i)
            w.write_row({Cell::of_text(i == 0 ? "=HYPERLINK(\"x\")" : "P" + std::to_string(i)), Cell::of_text("2017-0" + std::to_string(1 + i % 9)),
                         Cell::of_integer(i), Cell::of_percent(i / 1000.0, 1)});
        w.write_row({Cell::of_text("Summa"), Cell::blank(), Cell::of_integer(124750), Cell::of_missing()}, RowStyle::total);
        w.add_sheet("Andra", {{"Text", false, 30}});
        w.write_row({Cell::of_text("Örebro")});
        CHECK_FALSE(fs::exists(file));  // nothing visible before close
        w.close();
    }
    const XlsxDump x = read_xlsx(file);
    CHECK(x.sheets == std::vector<std::string>{"Per deltagare", "Andra"});
    CHECK(x.props.at("title") == "Deltagare per månad");
    CHECK(x.props.at("created") == "2024-06-01T12:00:00Z");
    CHECK(x.cell("Per deltagare!A1").value == "Deltagare");
    CHECK(x.cell("Per deltagare!A2").type == "s");
    CHECK(x.cell("Per deltagare!A2").value == "=HYPERLINK(\"x\")");
    CHECK(x.cell("Per deltagare!C501").type == "n");
    CHECK(number(x.cell("Per deltagare!C501")) == 499);
    CHECK(x.cell("Per deltagare!D501").format == "0.0%");
    CHECK(x.cell("Per deltagare!C502").bold);
    CHECK(x.cell("Per deltagare!D502").value == "\u2013");
    CHECK(x.freeze.at("Per deltagare") == "A2");
    CHECK(x.autofilter.at("Per deltagare") == "A1:D502");
    CHECK(x.autofilter.at("Andra") == "A1:A2");
    CHECK(x.widths.at("Andra!A") == Approx(30).margin(1));
    CHECK(x.cell("Andra!A2").value == "Örebro");

    // Abandoned without close: no file, no temporary.
    const fs::path abandoned = dir / "abandoned.xlsx";
    {
        XlsxStreamWriter w;
        w.open(abandoned, props);
        w.add_sheet("S", {{"A", true, 0}});
        w.write_row({Cell::of_integer(1)});
    }
    CHECK_FALSE(fs::exists(abandoned));
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.path().filename() == "deltagare_per_manad.xlsx" ? 0 : 1;
    CHECK(files == 0);
}

TEST_CASE("XLSX: the writer keeps the mode of the file the output set staged - 0600 or 0644", "[xlsx]") {
    TempDir dir("xlsx-mode");
    const mode_t old = ::umask(022);
    {
        OutputSet set(dir.path(), "run");
        write_report_xlsx(sample_report(), set.stage("personal.xlsx", /*personal=*/true));
        write_report_xlsx(sample_report(), set.stage("plain.xlsx"));
        set.commit();
    }
    ::umask(old);
    const fs::path personal = dir / "personal.xlsx";
    CHECK((fs::status(personal).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(fs::file_size(personal) > 1000);
    CHECK((fs::status(dir / "plain.xlsx").permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read));
}

TEST_CASE("XLSX: a text cell longer than 32767 characters is an error naming sheet and column", "[xlsx]") {
    TempDir dir("xlsx-long");
    const fs::path file = dir / "long.xlsx";
    XlsxStreamWriter w;
    w.open(file, {});
    w.add_sheet("Deltagare", {{"Namn", false, 0}, {"E-post", false, 0}});
    w.write_row({Cell::of_text("Anna"), Cell::of_text("anna@example.se")});
    CHECK_THROWS_WITH(w.write_row({Cell::of_text("Kim"), Cell::of_text(std::string(40000, 'x'))}),
                      "cannot write " + file.string() + ": sheet \"Deltagare\", column \"E-post\", row 3: a value of 40000 "
                      "characters is longer than the 32,767 characters Excel keeps in a cell");

    ReportDocument doc = sample_report();
    REQUIRE_FALSE(doc.tables.empty());
    ReportTable& table = doc.tables.front();
    REQUIRE_FALSE(table.rows.empty());
    table.rows.front().cells.at(0) = Cell::of_text(std::string(32768, 'y'));
    const std::string sheet = table.sheet_name.empty() ? table.id : table.sheet_name;
    CHECK_THROWS_WITH(write_report_xlsx(doc, dir / "report.xlsx"),
                      Catch::StartsWith("cannot write " + (dir / "report.xlsx").string() + ": sheet \"" + sheet + "\", column \"" +
                                        table.columns.at(0).label + "\", row ") &&
                          Catch::EndsWith(": a value of 32768 characters is longer than the 32,767 characters Excel keeps in a cell"));
}
