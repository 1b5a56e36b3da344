// Tables 3–5 of the final report (step movements, attendance, participant
// time) built from the bundled templates on a hand-built dataset. The figures
// are those computed by hand in tests/core/*_test.cpp; here the test checks
// they reach the right cells, and that absent data gives a note, not zeros.
#include "../core/issue4_test_data.hpp"

#include <esfreport/core/participant_time.hpp>
#include <esfreport/export/final_report.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kOneToTen = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};

ReportDocument build(Issue4Data& d, Language language = Language::sv) {
    const DocumentTemplate templates = load_report_templates(fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report");
    static std::unique_ptr<ProjectResults> results;
    results = std::make_unique<ProjectResults>(d.dataset, d.whole());
    FinalReportContext c;
    c.data = &d.dataset;
    c.results = results.get();
    c.period = d.whole();
    c.scope = d.region();
    c.children = {d.kumla(), d.karlskoga()};
    c.language = language;
    return build_final_report(templates, c);
}

const ReportTable& table(const ReportDocument& doc, const std::string& id) {
    for (const ReportTable& t : doc.tables)
        if (t.id == id) return t;
    FAIL("no table " << id);
    throw;
}

// The column under `group` (empty: none) labelled `label`.
std::size_t column(const ReportTable& t, const std::string& group, const std::string& label) {
    std::vector<std::string> group_of(t.columns.size());
    std::size_t c = 0;
    for (const ColumnGroup& g : t.groups)
        for (int i = 0; i < g.span && c < group_of.size(); ++i) group_of[c++] = g.label;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].label == label && group_of[i] == group) return i;
    FAIL("table " << t.id << ": no column " << group << " / " << label);
    throw;
}

const Cell& cell(const ReportTable& t, std::size_t row, const std::string& group, const std::string& label) {
    REQUIRE(row < t.rows.size());
    return t.rows[row].cells.at(column(t, group, label));
}

}  // namespace

TEST_CASE("Final report: tables 3 - 4 and 5 come between 2 and 6", "[final_report_issue4]") {
    // 2b (into studies or work), 5b (participant time by sex) and 5c (by month and sex) follow their tables.
    Issue4Data d;
    const ReportDocument doc = build(d);
    std::vector<std::string> ids;
    for (const ReportTable& t : doc.tables) ids.push_back(t.id);
    CHECK(ids == std::vector<std::string>{"t1", "t1b", "t2", "t2b", "t3", "t4", "t5", "t5b", "t5c", "t6", "t6b"});
}

TEST_CASE("Final report: no scales - no attendance - no hours give notes - not zeros", "[final_report_issue4]") {
    Issue4Data d;
    const ReportDocument doc = build(d);
    const ReportTable& t3 = table(doc, "t3");
    CHECK(t3.rows.empty());
    REQUIRE_FALSE(t3.notes.empty());
    CHECK(t3.notes[0] == "Projektet har inga skalor för stegförflyttningar i konfigurationen.");
    CHECK(table(doc, "t4").rows.empty());
    CHECK(table(doc, "t4").notes.at(0) == "Inga närvaruppgifter under perioden.");
    for (const std::string id : {"t5", "t5b", "t5c"}) {
        CHECK(table(doc, id).rows.empty());
        CHECK(table(doc, id).notes.at(0) == "Ingen deltagartid registrerad under perioden.");
    }
    // Scales configured but no assessment in the period.
    d.scale("self", kOneToTen);
    const ReportDocument english = build(d, Language::en);
    CHECK(table(english, "t3").rows.empty());
    CHECK(table(english, "t3").notes.at(0) == "No assessments on the project's scales in the period.");
}

TEST_CASE("Final report: table 3 - step movements per subproject and scale", "[final_report_issue4]") {
    Issue4Data d;
    const auto self = d.scale("self", kOneToTen);
    // Kumla: Anna F 3 → 5 (+2), David M 5 → 4 (−1), Erik M once (not measured).
    d.assess(kAnna, "2017-02-01", self, "3");
    d.assess(kAnna, "2017-10-01", self, "5");
    d.assess(kDavid, "2017-02-01", self, "5");
    d.assess(kDavid, "2017-10-01", self, "4");
    d.assess(kErik, "2017-02-01", self, "5");
    const ReportDocument t3_doc = build(d);
    const ReportTable& t3 = table(t3_doc, "t3");
    // Kumla's row, then the region's combined row; Karlskoga is named in a note.
    REQUIRE(t3.rows.size() == 3);  // Kumla self, the region's self, the region combined
    CHECK(t3.rows[0].cells.at(0).text == "Kumla kommun");
    CHECK(t3.rows[0].cells.at(1).text == "self");
    CHECK(cell(t3, 0, "", "Bedömda").value == 3);
    CHECK(cell(t3, 0, "", "Ej mätta (en bedömning)").value == 1);
    CHECK(cell(t3, 0, "Mätta", "Kvinnor").value == 1);
    CHECK(cell(t3, 0, "Mätta", "Män").value == 1);
    CHECK(cell(t3, 0, "Mätta", "Totalt").value == 2);
    CHECK(cell(t3, 0, "Förflyttning", "Positiv").value == 1);
    CHECK(cell(t3, 0, "Förflyttning", "Negativ").value == 1);
    CHECK(cell(t3, 0, "Andel positiv förflyttning", "Totalt").kind == CellKind::percent);
    CHECK(cell(t3, 0, "Andel positiv förflyttning", "Totalt").value == Approx(0.5));
    CHECK(cell(t3, 0, "Andel positiv förflyttning", "Män").value == Approx(0.0));
    // Mean (2 − 1) / 2 = 0.5; median of −1, 2 = 0.5.
    CHECK(cell(t3, 0, "Förflyttning, steg", "Medel").value == Approx(0.5));
    CHECK(cell(t3, 0, "Förflyttning, steg", "Median").value == Approx(0.5));
    CHECK(cell(t3, 0, "Förflyttning, steg", "Fördelning (steg: antal)").text == "\u22121: 1 · +2: 1");
    // The region's own row per scale (Karlskoga has no assessment: Kumla's figures).
    CHECK(t3.rows[1].style == RowStyle::total);
    CHECK(t3.rows[1].cells.at(0).text == "Örebro län");
    CHECK(t3.rows[1].cells.at(1).text == "self");
    CHECK(cell(t3, 1, "Mätta", "Totalt").value == 2);
    CHECK(cell(t3, 1, "Förflyttning, steg", "Medel").value == Approx(0.5));
    CHECK(cell(t3, 1, "Förflyttning, steg", "Fördelning (steg: antal)").text == "\u22121: 1 · +2: 1");
    // Then the region combines scales only as the share positive: mean and median blank.
    CHECK(t3.rows[2].style == RowStyle::total);
    CHECK(t3.rows[2].cells.at(0).text == "Örebro län");
    CHECK(t3.rows[2].cells.at(1).text == "Alla skalor: andel med positiv förflyttning");
    CHECK(cell(t3, 2, "Mätta", "Totalt").value == 2);
    CHECK(cell(t3, 2, "Andel positiv förflyttning", "Totalt").value == Approx(0.5));
    CHECK(cell(t3, 2, "Förflyttning, steg", "Medel").kind == CellKind::empty);
    CHECK(t3.notes.at(0) == "Inga bedömningar under perioden: Karlskoga/Degerfors.");
}

TEST_CASE("Final report: table 3 shows a categorical scale as its last assessments", "[final_report_issue4]") {
    Issue4Data d;
    const auto quadrant = d.scale("kvadrant", {"A", "B"}, true, ScaleKind::categorical);
    d.config().scales[quadrant].step_labels = {"Kvadrant A", "Kvadrant B"};
    d.assess(kAnna, "2017-02-01", quadrant, "A");
    d.assess(kAnna, "2017-03-01", quadrant, "B");
    d.assess(kDavid, "2017-02-01", quadrant, "B");
    const ReportDocument t3_doc = build(d);
    const ReportTable& t3 = table(t3_doc, "t3");
    REQUIRE(t3.rows.size() == 5);  // Kumla A and B, the region's A and B, the region combined
    CHECK(t3.rows[0].cells.at(1).text == "kvadrant: Kvadrant A");
    CHECK(cell(t3, 0, "", "Bedömda").value == 0);
    CHECK(t3.rows[1].cells.at(1).text == "kvadrant: Kvadrant B");
    CHECK(cell(t3, 1, "", "Bedömda").value == 2);
    CHECK(cell(t3, 1, "Mätta", "Totalt").kind == CellKind::empty);
    CHECK(t3.rows[2].cells.at(0).text == "Örebro län");
    CHECK(t3.rows[2].cells.at(1).text == "kvadrant: Kvadrant A");
    CHECK(cell(t3, 2, "", "Bedömda").value == 0);
    CHECK(t3.rows[3].cells.at(1).text == "kvadrant: Kvadrant B");
    CHECK(cell(t3, 3, "", "Bedömda").value == 2);
    // No ordinal scale: the combined share cannot be computed.
    CHECK(cell(t3, 4, "Andel positiv förflyttning", "Totalt").kind == CellKind::missing);
}

TEST_CASE("Final report: table 4 - attendance first and last period", "[final_report_issue4]") {
    Issue4Data d;
    // Kumla: Anna 0.50 -> 0.20 (invalid 0.10 -> 0.05), David 0.60 -> 0.10. Karlskoga: none.
    d.attend(kAnna, "2017-01-09", "2017-03-31", 100, 50, 10.0);
    d.attend(kAnna, "2017-08-20", "2017-12-20", 120, 24, 6.0);
    d.attend(kDavid, "2017-01-09", "2017-06-15", 200, 120);
    d.attend(kDavid, "2018-01-09", "2018-06-15", 100, 10);
    const ReportDocument t4_doc = build(d);
    const ReportTable& t4 = table(t4_doc, "t4");
    REQUIRE(t4.rows.size() == 2);  // Kumla, total
    CHECK(t4.rows[0].cells.at(0).text == "Kumla kommun");
    CHECK(cell(t4, 0, "Jämförda deltagare", "Totalt").value == 2);
    CHECK(cell(t4, 0, "Frånvaro, kvinnor", "Första").value == Approx(0.50));
    CHECK(cell(t4, 0, "Frånvaro, kvinnor", "Sista").value == Approx(0.20));
    CHECK(cell(t4, 0, "Frånvaro, män", "Ändring").value == Approx(-0.50));
    // All: first (0.5 + 0.6) / 2 = 0.55, last (0.2 + 0.1) / 2 = 0.15, change −0.40.
    CHECK(cell(t4, 0, "Frånvaro, totalt", "Första").value == Approx(0.55));
    CHECK(cell(t4, 0, "Frånvaro, totalt", "Ändring").value == Approx(-0.40));
    // One pair of columns per default threshold: > 15 %: first 2, last 1 (Anna 0.20);
    // > 20 %: first 2, last 0; > 50 %: first 1 (David), last 0.
    CHECK(cell(t4, 0, "Över 15 %", "första").value == 2);
    CHECK(cell(t4, 0, "Över 15 %", "sista").value == 1);
    CHECK(cell(t4, 0, "Över 20 %", "sista").value == 0);
    CHECK(cell(t4, 0, "Över 50 %", "första").value == 1);
    // Invalid absence shown since Anna gives it: 10/100 -> 6/120.
    CHECK(cell(t4, 0, "Ogiltig frånvaro", "första").value == Approx(0.10));
    CHECK(cell(t4, 0, "Ogiltig frånvaro", "sista").value == Approx(0.05));
    CHECK(t4.rows[1].style == RowStyle::total);
    // The scope's own row is labelled with its name, as in every table.
    CHECK(t4.rows[1].cells.at(0).text == "Örebro län");
    CHECK(t4.notes.at(0) == "Inga närvaruppgifter under perioden: Karlskoga/Degerfors.");
    // Configured thresholds change the columns.
    d.config().absence_thresholds = {0.3};
    const ReportDocument custom_doc = build(d);
    const ReportTable& custom = table(custom_doc, "t4");
    CHECK(cell(custom, 0, "Över 30 %", "första").value == 2);
    for (const ColumnGroup& g : custom.groups) CHECK(g.label != "Över 15 %");
}

TEST_CASE("Final report: table 5 - participant time per month with its value", "[final_report_issue4]") {
    Issue4Data d;
    d.config().unit_cost = {{2017, 180.0}, {2018, 182.5}};
    // Kumla: Anna 2017-03 2.5 + 2.5 + 0.75 + 1.4 = 7.15 -> 7; David 2018-01 5 -> 5.
    // Karlskoga: Erik 2017-03 1.5 -> 1.
    d.hours(kAnna, "2017-03-06", 2'500'000);
    d.hours(kAnna, "2017-03-07", 2'500'000);
    d.hours(kAnna, "2017-03-20", 750'000);
    d.hours(kAnna, "2017-03-28", 1'400'000);
    d.hours(kDavid, "2018-01-10", 5'000'000);
    d.hours(kErik, "2017-03-05", 1'500'000, 1);
    const ReportDocument t5_doc = build(d);
    // Table 5: months × subprojects. Columns: month, unit cost, then per
    // subproject (Kumla, Karlskoga) participants and hours, then the region's
    // participants, hours and value.
    const ReportTable& t5 = table(t5_doc, "t5");
    REQUIRE(t5.rows.size() == 3);  // 2017-03, 2018-01, the whole period
    CHECK(t5.rows[0].cells.at(0).text == "2017-03");
    CHECK(cell(t5, 0, "", "Enhetskostnad, kr/tim").value == Approx(180.0));
    CHECK(cell(t5, 0, "Kumla kommun", "Deltagare").value == 1);
    CHECK(cell(t5, 0, "Kumla kommun", "Timmar").value == 7);
    CHECK(cell(t5, 0, "Karlskoga/Degerfors", "Timmar").value == 1);
    CHECK(cell(t5, 0, "Örebro län", "Timmar").value == 8);
    // 8 × 180 = 1 440.00, a number with two decimals.
    CHECK(cell(t5, 0, "Örebro län", "Värde, kr").kind == CellKind::number);
    CHECK(cell(t5, 0, "Örebro län", "Värde, kr").decimals == 2);
    CHECK(cell(t5, 0, "Örebro län", "Värde, kr").value == Approx(1440.0));
    // 2018-01: Karlskoga has no time that month: zeros, not missing. 5 × 182.50 = 912.50.
    CHECK(t5.rows[1].cells.at(0).text == "2018-01");
    CHECK(cell(t5, 1, "Karlskoga/Degerfors", "Timmar").value == 0);
    CHECK(cell(t5, 1, "Kumla kommun", "Timmar").value == 5);
    CHECK(cell(t5, 1, "Örebro län", "Värde, kr").value == Approx(912.5));
    // The whole period: Kumla 2 participants, 12 h; the region 3 participants, 13 h, 2 352.50.
    CHECK(t5.rows[2].style == RowStyle::total);
    CHECK(t5.rows[2].cells.at(0).text == "Hela perioden");
    CHECK(cell(t5, 2, "Kumla kommun", "Deltagare").value == 2);
    CHECK(cell(t5, 2, "Kumla kommun", "Timmar").value == 12);
    CHECK(cell(t5, 2, "Örebro län", "Deltagare").value == 3);
    CHECK(cell(t5, 2, "Örebro län", "Timmar").value == 13);
    CHECK(cell(t5, 2, "Örebro län", "Värde, kr").value == Approx(2352.5));

    // Table 5b: the whole period by sex, one row per subproject and the region.
    const ReportTable& t5b = table(t5_doc, "t5b");
    REQUIRE(t5b.rows.size() == 3);
    CHECK(t5b.rows[0].cells.at(0).text == "Kumla kommun");
    CHECK(cell(t5b, 0, "Deltagare med tid", "Kvinnor").value == 1);
    CHECK(cell(t5b, 0, "Hela timmar", "Kvinnor").value == 7);
    CHECK(cell(t5b, 0, "Hela timmar", "Män").value == 5);
    // Kumla's value: 7 × 180 + 5 × 182.50 = 2 172.50; women 1 260.00, men 912.50.
    CHECK(cell(t5b, 0, "Värde, kr", "Kvinnor").value == Approx(1260.0));
    CHECK(cell(t5b, 0, "Värde, kr", "Män").value == Approx(912.5));
    CHECK(cell(t5b, 0, "Värde, kr", "Totalt").value == Approx(2172.5));
    CHECK(t5b.rows[1].cells.at(0).text == "Karlskoga/Degerfors");
    CHECK(cell(t5b, 1, "Hela timmar", "Män").value == 1);
    CHECK(t5b.rows[2].style == RowStyle::total);
    CHECK(t5b.rows[2].cells.at(0).text == "Örebro län");
    CHECK(cell(t5b, 2, "Deltagare med tid", "Totalt").value == 3);
    CHECK(cell(t5b, 2, "Hela timmar", "Totalt").value == 13);
    CHECK(cell(t5b, 2, "Värde, kr", "Totalt").value == Approx(2352.5));

    // Table 5c, the workbook's detail: per subproject its months by sex, then the region.
    const ReportTable& t5c = table(t5_doc, "t5c");
    CHECK(t5c.workbook_only);
    CHECK_FALSE(t5.workbook_only);
    REQUIRE(t5c.rows.size() == 6);  // Kumla: 2017-03, 2018-01, whole period; Karlskoga: 2017-03, whole period; the region
    CHECK(t5c.rows[0].cells.at(0).text == "Kumla kommun");
    CHECK(t5c.rows[0].cells.at(1).text == "2017-03");
    CHECK(cell(t5c, 0, "Hela timmar", "Kvinnor").value == 7);
    CHECK(cell(t5c, 0, "Värde, kr", "Totalt").value == Approx(1260.0));
    CHECK(cell(t5c, 1, "Värde, kr", "Män").value == Approx(912.5));
    CHECK(t5c.rows[5].cells.at(0).text == "Örebro län");
    CHECK(cell(t5c, 5, "Hela timmar", "Totalt").value == 13);
}

TEST_CASE("Final report: a month without a unit cost stops the report - naming the year", "[final_report_issue4]") {
    Issue4Data d;
    d.config().unit_cost = {{2017, 180.0}};
    d.hours(kDavid, "2018-01-10", 5'000'000);
    CHECK_THROWS_MATCHES(build(d), MissingUnitCost, Catch::Message("no unit cost configured for 2018 (project.unit_cost)"));
}
