#include "esfreport/export/pdf_writer.hpp"

#include "sample_report.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <thread>

#include <regex>
#include <sstream>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// pdftotext turns the no-break space between digit groups into a space;
// number_format_test checks the character itself.
const std::string nbsp = " ";

std::string run_ok(const std::string& command) {
    const CommandResult r = run_command(command);
    INFO(command << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::string page_text(const fs::path& pdf, int page) {
    return run_ok("pdftotext -layout -f " + std::to_string(page) + " -l " + std::to_string(page) + " " + shell_quote(pdf.string()) + " -");
}

int page_count(const fs::path& pdf) {
    const std::string info = run_ok("pdfinfo " + shell_quote(pdf.string()));
    std::smatch m;
    REQUIRE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")));
    return std::stoi(m[1]);
}

}  // namespace

TEST_CASE("PDF: Swedish text - figures and page furniture", "[pdf]") {
    TempDir dir("pdf_text");
    const fs::path file = dir / "rapport.pdf";
    write_report_pdf(sample_report(), file);
    REQUIRE(fs::exists(file));
    const int pages = page_count(file);
    // Tables follow one another on a page; 120 rows take more than one.
    CHECK(pages >= 3);

    const std::string first = page_text(file, 1);
    CHECK_THAT(first, Catch::Contains("Slutrapport – Unga vuxna i Örebro län"));
    CHECK_THAT(first, Catch::Contains("Deltagare per delprojekt"));
    CHECK_THAT(first, Catch::Contains("Kvinnor"));
    CHECK_THAT(first, Catch::Contains("Män"));
    CHECK_THAT(first, Catch::Contains("Örebro stad"));
    CHECK_THAT(first, Catch::Contains("1" + nbsp + "366"));
    CHECK_THAT(first, Catch::Contains("61" + nbsp + "%"));      // 0.605 rounds up
    CHECK_THAT(first, Catch::Contains("51,3" + nbsp + "%"));    // 0.5125 at one decimal
    CHECK_THAT(first, Catch::Contains("2" + nbsp + "282"));
    CHECK_THAT(first, Catch::Contains("=SUM(A1)"));
    CHECK_THAT(first, Catch::Contains("+46 70"));
    CHECK_THAT(first, Catch::Contains("2,5"));
    CHECK_THAT(first, Catch::Contains("\u2013"));  // missing
    CHECK_THAT(first, Catch::Contains(".."));      // suppressed
    CHECK_THAT(first, Catch::Contains("Källa: deltagarregistret."));
    CHECK_THAT(first, Catch::Contains("Unga vuxna i arbete – Region Örebro län"));
    CHECK_THAT(first, Catch::Contains("Skapad 2024-06-01"));

    for (int p = 1; p <= pages; ++p) {
        INFO("page " << p);
        const std::string text = page_text(file, p);
        CHECK_THAT(text, Catch::Contains("Sida " + std::to_string(p) + " av " + std::to_string(pages)));
        // Page header: the period (pdftotext may break it over two lines).
        CHECK_THAT(text, Catch::Contains("2016-01-01 –") && Catch::Contains("2018-12-31"));
        CHECK_THAT(text, Catch::Contains("Region Örebro län"));
    }

    const std::string last = page_text(file, pages);
    CHECK_THAT(last, Catch::Contains("Om rapporten"));
    CHECK_THAT(last, Catch::Contains("Indatafiler"));
    CHECK_THAT(last, Catch::Contains("deltagare_örebro.csv"));
}

TEST_CASE("PDF: a long table repeats its header rows on every page", "[pdf]") {
    TempDir dir("pdf_long");
    const fs::path file = dir / "rapport.pdf";
    write_report_pdf(sample_report(), file);
    const int pages = page_count(file);

    // Table 2 starts under table 1 (tables share pages) and goes on over at
    // least one more page.
    const std::string start = page_text(file, 1);
    CHECK_THAT(start, Catch::Contains("Deltagartid per månad"));
    CHECK_THAT(start, Catch::Contains("Hela timmar"));
    CHECK_THAT(start, Catch::Contains("Månad 1 "));
    int continued = 0;
    bool saw_last_row = false;
    for (int p = 2; p <= pages; ++p) {
        INFO("page " << p);
        const std::string text = page_text(file, p);
        if (text.find("Deltagartid per månad (forts.)") == std::string::npos) continue;
        ++continued;
        CHECK_THAT(text, Catch::Contains("Hela timmar"));
        CHECK_THAT(text, Catch::Contains("Deltagare"));
        CHECK_THAT(text, Catch::Contains("Värde (kr)"));
        // The header sits above the first row of the page.
        std::smatch first_row;
        REQUIRE(std::regex_search(text, first_row, std::regex("Månad \\d+")));
        CHECK(text.find("Hela timmar") < static_cast<std::size_t>(first_row.position(0)));
        saw_last_row = saw_last_row || text.find("Månad 120") != std::string::npos;
    }
    CHECK(continued >= 1);
    CHECK(saw_last_row);
    // Every row is printed exactly once.
    std::string all = run_ok("pdftotext -layout " + shell_quote(file.string()) + " -");
    for (int i : {1, 59, 60, 61, 119, 120}) {
        INFO("Månad " << i);
        const std::regex row("Månad " + std::to_string(i) + "\\s");
        CHECK(std::distance(std::sregex_iterator(all.begin(), all.end(), row), std::sregex_iterator()) == 1);
    }
    // Value column: 1007 h × 212.25 kr = 213 735,75 (row 1).
    CHECK_THAT(all, Catch::Contains("213" + nbsp + "735,75"));
}

TEST_CASE("PDF: valid file - metadata and embedded fonts", "[pdf]") {
    TempDir dir("pdf_meta");
    const fs::path file = dir / "rapport.pdf";
    write_report_pdf(sample_report(), file);

    run_ok("qpdf --check " + shell_quote(file.string()));
    const std::string info = run_ok("pdfinfo -isodates " + shell_quote(file.string()));
    CHECK_THAT(info, Catch::Contains("Title:") && Catch::Contains("Slutrapport – Unga vuxna i Örebro län"));
    CHECK_THAT(info, Catch::Contains("Author:") && Catch::Contains("Projektägaren Åsa Öberg"));
    CHECK_THAT(info, Catch::Contains("Creator:") && Catch::Contains("esfreport"));
    CHECK_THAT(info, Catch::Contains("2024-06-01T12:00:00"));
    CHECK(std::regex_search(info, std::regex("Page size:\\s+595.276 x 841.89 pts \\(A4\\)")));

    const std::string fonts = run_ok("pdffonts " + shell_quote(file.string()));
    std::istringstream lines(fonts);
    std::string line;
    int font_rows = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++font_rows;
        INFO(line);
        CHECK_THAT(line, Catch::Contains("DejaVuSans"));
        // Columns: name type encoding emb sub uni object ID; emb is the 4th from the end.
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string s; words >> s;) w.push_back(s);
        REQUIRE(w.size() >= 7);
        CHECK(w[w.size() - 5] == "yes");
    }
    CHECK(font_rows >= 2);  // regular and bold at least
}

TEST_CASE("PDF: English labels and figures", "[pdf]") {
    TempDir dir("pdf_en");
    const fs::path file = dir / "report.pdf";
    ReportDocument d = sample_report(Language::en);
    d.about_sheet_name = "About";
    write_report_pdf(d, file);
    const int pages = page_count(file);
    const std::string first = page_text(file, 1);
    CHECK_THAT(first, Catch::Contains("1,366"));
    CHECK_THAT(first, Catch::Contains("61%"));
    CHECK_THAT(first, Catch::Contains("51.3%"));
    CHECK_THAT(first, Catch::Contains("Page 1 of " + std::to_string(pages)));
    CHECK_THAT(first, Catch::Contains("Generated 2024-06-01"));
    CHECK_THAT(page_text(file, 3), Catch::Contains("(cont.)"));
}

TEST_CASE("PDF: the same document gives the same bytes", "[pdf]") {
    TempDir dir("pdf_determinism");
    write_report_pdf(sample_report(), dir / "a.pdf");
    write_report_pdf(sample_report(), dir / "b.pdf");
    const std::string a = read_file(dir / "a.pdf");
    CHECK(a.size() > 1000);
    CHECK(a == read_file(dir / "b.pdf"));
}

TEST_CASE("PDF: a document written after others, their texts laid out already, has the same bytes on any thread", "[pdf]") {
    TempDir dir("pdf_cached_layouts");
    // The layout caches are lent to one writer at a time and kept: writers
    // at once get caches of their own (a new one when none is free), and a
    // later writer takes one that laid out other documents' texts.
    ReportDocument other = sample_report();
    other.language = Language::sv;  // the same texts at other column widths, and the Swedish ones
    other.tables.front().rows.pop_back();
    write_report_pdf(other, dir / "other.pdf");
    std::vector<std::thread> writers;
    for (int i = 0; i < 3; ++i) writers.emplace_back([&, i] { write_report_pdf(sample_report(), dir / ("at-once-" + std::to_string(i) + ".pdf")); });
    for (std::thread& t : writers) t.join();
    write_report_pdf(sample_report(), dir / "after.pdf");
    const std::string after = read_file(dir / "after.pdf");
    CHECK(after.size() > 1000);
    CHECK(after != read_file(dir / "other.pdf"));
    for (int i = 0; i < 3; ++i) CHECK(after == read_file(dir / ("at-once-" + std::to_string(i) + ".pdf")));
}

TEST_CASE("PDF: a wide table is set on a landscape page", "[pdf]") {
    TempDir dir("pdf_wide");
    ReportDocument d = sample_report();
    ReportTable wide;
    wide.id = "wide";
    wide.title = "Stegförflyttningar per delprojekt och skala";
    wide.columns.push_back({"Delprojekt", false});
    std::vector<Cell> cells{Cell::of_text("Örebro stad")};
    for (int i = 0; i < 14; ++i) {
        wide.columns.push_back({"Mätta med positiv förflyttning " + std::to_string(i), true});
        cells.push_back(Cell::of_integer(123456));
    }
    wide.rows.push_back({cells, RowStyle::normal});
    d.tables = {wide};
    write_report_pdf(d, dir / "wide.pdf");
    const std::string info = run_ok("pdfinfo -f 1 -l 1 " + shell_quote((dir / "wide.pdf").string()));
    CHECK_THAT(info, Catch::Contains("841.89 x 595.276"));
}

TEST_CASE("PDF: errors name the file and leave nothing behind", "[pdf]") {
    TempDir dir("pdf_errors");
    const fs::path target = dir / "no-such-dir" / "r.pdf";
    try {
        write_report_pdf(sample_report(), target);
        FAIL("expected an error");
    } catch (const std::runtime_error& e) {
        CHECK_THAT(e.what(), Catch::Contains(target.string()));
    }
    ReportDocument bad = sample_report();
    bad.tables[0].rows[1].cells.push_back(Cell::of_integer(1));
    CHECK_THROWS_WITH(write_report_pdf(bad, dir / "bad.pdf"), Catch::Contains("row 2 has 7 cells"));
    CHECK(fs::is_empty(dir.path()));
}

namespace {

// The text of every page of a PDF (pdftotext separates pages with a form feed).
std::vector<std::string> pages_text(const fs::path& pdf) {
    const std::string all = run_ok("pdftotext -layout " + shell_quote(pdf.string()) + " -");
    std::vector<std::string> pages;
    std::size_t from = 0;
    for (std::size_t ff = all.find('\f'); ff != std::string::npos; ff = all.find('\f', from)) {
        pages.push_back(all.substr(from, ff - from));
        from = ff + 1;
    }
    return pages;
}

std::ptrdiff_t matches(const std::string& text, const std::regex& re) {
    return std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
}

ReportDocument one_table(std::size_t rows, const std::string& block) {
    ReportDocument d = sample_report();
    d.about.clear();
    ReportTable t;
    t.id = "t";
    t.title = "Deltagartid per månad";
    t.columns = {{"Delprojekt", false}, {"Månad", false}, {"Timmar", true}};
    for (std::size_t i = 1; i <= rows; ++i)
        t.rows.push_back({{Cell::of_text(block.empty() ? "Rad " + std::to_string(i) : block), Cell::of_text("Månad " + std::to_string(i)),
                           Cell::of_integer(double(i))},
                          RowStyle::normal});
    t.notes = {"Timmar summeras per deltagare och månad och avrundas nedåt."};
    d.tables = {t};
    return d;
}

}  // namespace

TEST_CASE("PDF: no page holds a single row of a table or only its notes", "[pdf]") {
    TempDir dir("pdf_orphans");
    // Every length from one page to well over two: somewhere the last row or
    // the notes would fall alone onto a new page without the widow rule.
    const std::regex row("Månad \\d+");
    for (std::size_t rows = 40; rows <= 110; rows += 3) {
        INFO(rows << " rows");
        const fs::path file = dir / ("t" + std::to_string(rows) + ".pdf");
        write_report_pdf(one_table(rows, {}), file);
        std::ptrdiff_t printed = 0;
        for (const std::string& page : pages_text(file)) {
            const std::ptrdiff_t n = matches(page, row);
            printed += n;
            CHECK(n >= 2);
            // The notes sit under the table's rows, never alone.
            if (page.find("avrundas nedåt") != std::string::npos) CHECK(n >= 2);
        }
        CHECK(printed == static_cast<std::ptrdiff_t>(rows));
    }
}

TEST_CASE("PDF: a block label is printed once per block and again at the top of each page", "[pdf]") {
    TempDir dir("pdf_blocks");
    const fs::path file = dir / "blocks.pdf";
    write_report_pdf(one_table(120, "Kumla kommun"), file);
    const std::vector<std::string> pages = pages_text(file);
    REQUIRE(pages.size() >= 2);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        INFO("page " << p + 1);
        CHECK(matches(pages[p], std::regex("Kumla kommun")) == 1);
    }
}

TEST_CASE("PDF: the body text of a wide table is never smaller than its notes", "[pdf]") {
    TempDir dir("pdf_font");
    ReportDocument d = sample_report();
    d.about.clear();
    ReportTable wide;
    wide.id = "wide";
    wide.title = "Bred tabell";
    wide.columns.push_back({"Delprojekt", false});
    std::vector<Cell> cells{Cell::of_text("Kumla")};
    for (int i = 0; i < 24; ++i) {
        wide.columns.push_back({"Kolumn " + std::to_string(i), true});
        cells.push_back(Cell::of_integer(9876543));
    }
    wide.rows.push_back({cells, RowStyle::normal});
    wide.notes = {"Anmärkningsvärt"};
    d.tables = {wide};
    const fs::path file = dir / "wide.pdf";
    write_report_pdf(d, file);
    // Word boxes: the height of a word's box is proportional to its font size.
    const std::string boxes = run_ok("pdftotext -bbox " + shell_quote(file.string()) + " -");
    auto word_height = [&](const std::string& word) {
        const std::regex re("yMin=\"([0-9.]+)\" xMax=\"[0-9.]+\" yMax=\"([0-9.]+)\">" + word + "</word>");
        std::smatch m;
        REQUIRE(std::regex_search(boxes, m, re));
        return std::stod(m[2]) - std::stod(m[1]);
    };
    const double body = word_height("Kumla");
    const double note = word_height("Anmärkningsvärt");
    CHECK(body >= note - 0.01);
}

TEST_CASE("PDF: a table for the workbook only is left out of the PDF", "[pdf]") {
    TempDir dir("pdf_workbook_only");
    ReportDocument d = one_table(5, {});
    ReportTable detail = d.tables.front();
    detail.title = "Detaljer för arbetsboken";
    detail.workbook_only = true;
    d.tables.push_back(detail);
    const fs::path file = dir / "r.pdf";
    write_report_pdf(d, file);
    const std::string all = run_ok("pdftotext -layout " + shell_quote(file.string()) + " -");
    CHECK_THAT(all, Catch::Contains("Deltagartid per månad"));
    CHECK_THAT(all, !Catch::Contains("Detaljer för arbetsboken"));
    CHECK(matches(all, std::regex("Månad 3\\s")) == 1);
}
