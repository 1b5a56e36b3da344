// Consistent language and numbers in the final report (issue 13, item 5) and
// the compact layouts (item 2), built from the bundled templates on a
// hand-built dataset: one word pair for the sexes, Swedish words in a Swedish
// report, names instead of ids in notes, the scope's row labelled with its
// name in every table, a note giving how many persons a de-duplicated row
// counts once, a region with one subproject shown once, and decimals chosen
// per kind of figure.
#include "../core/issue4_test_data.hpp"

#include <esfreport/core/figures.hpp>
#include <esfreport/export/final_report.hpp>
#include <esfreport/export/number_format.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const DocumentTemplate& templates() {
    static const DocumentTemplate t = load_report_templates(fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report");
    return t;
}

// Kumla: Anna (F, exited into studies), David (M, exited job seeking).
// Karlskoga: Anna again (F, open) and Erik (M, dropout). Anna is in both.
void two_subprojects(Issue4Data& d) {
    d.period(kAnna, 0, "2017-01-10", "2017-06-30", StatusAtExit::studies);
    d.period(kDavid, 0, "2017-02-01", "2017-08-31", StatusAtExit::job_seeking);
    d.period(kAnna, 1, "2017-03-01", "", std::nullopt);
    d.period(kErik, 1, "2017-04-01", "2018-03-31", StatusAtExit::dropout);
}

struct Built {
    std::unique_ptr<ProjectResults> results;
    ReportDocument doc;
};

Built build(Issue4Data& d, const Scope& scope, const std::vector<Scope>& children, Language language = Language::sv) {
    Built b;
    b.results = std::make_unique<ProjectResults>(d.dataset, d.whole());
    FinalReportContext c;
    c.data = &d.dataset;
    c.results = b.results.get();
    c.period = d.whole();
    c.scope = scope;
    c.children = children;
    c.language = language;
    b.doc = build_final_report(templates(), c);
    return b;
}

const ReportTable& table(const ReportDocument& doc, const std::string& id) {
    for (const ReportTable& t : doc.tables)
        if (t.id == id) return t;
    FAIL("no table " << id);
    throw;
}

std::vector<std::string> first_cells(const ReportTable& t, std::size_t column) {
    std::vector<std::string> out;
    for (const ReportRow& r : t.rows) out.push_back(r.cells.at(column).text);
    return out;
}

bool has_note(const ReportTable& t, const std::string& text) {
    for (const std::string& n : t.notes)
        if (n == text) return true;
    return false;
}

}  // namespace

TEST_CASE("Report language: every table names the sexes Kvinnor and Män", "[report_language]") {
    Issue4Data d;
    two_subprojects(d);
    const Built b = build(d, d.region(), {d.kumla(), d.karlskoga()});
    const std::set<std::string> other_words = {"Flickor", "Pojkar", "Girls", "Boys", "Women", "Men", "kvinnor", "män"};
    std::set<std::string> sex_words_seen;
    for (const ReportTable& t : b.doc.tables) {
        INFO(t.id);
        for (const ReportColumn& c : t.columns) {
            CHECK(other_words.count(c.label) == 0);
            if (c.label == "Kvinnor" || c.label == "Män") sex_words_seen.insert(t.id);
        }
        for (const ColumnGroup& g : t.groups) CHECK(other_words.count(g.label) == 0);
    }
    // Table 1 and the by-sex tables use the pair as column labels.
    CHECK(sex_words_seen == std::set<std::string>{"t1", "t3", "t4", "t5b", "t5c"});
    // The wide tables name the sex of each block of rows in their first column.
    for (const std::string id : {"t1b", "t2", "t2b"}) {
        INFO(id);
        const ReportTable& t = table(b.doc, id);
        CHECK(t.columns.at(0).label == "Kön");
        const std::vector<std::string> sexes = first_cells(t, 0);
        CHECK(std::set<std::string>(sexes.begin(), sexes.end()) == std::set<std::string>{"Kvinnor", "Män", "Totalt"});
    }
}

TEST_CASE("Report language: table 2 is wide - statuses as columns and one block per sex", "[report_language]") {
    Issue4Data d;
    two_subprojects(d);
    const Built b = build(d, d.region(), {d.kumla(), d.karlskoga()});
    const ReportTable& t2 = table(b.doc, "t2");
    // Groups: none over the two label columns, then one per status (count and share), then exited (count only).
    REQUIRE(t2.groups.size() >= 13);
    CHECK(t2.groups[1].label.empty());
    CHECK(t2.groups[2].label == "Studier");
    CHECK(t2.groups[2].span == 2);
    CHECK(t2.groups.back().label == "Avslutade deltagare");
    CHECK(t2.groups.back().span == 1);
    CHECK(t2.columns[2].label == "Antal");
    CHECK(t2.columns[3].label == "%");
    // Kvinnor: Kumla, Karlskoga, the region; Män: the same; Totalt: the same.
    REQUIRE(t2.rows.size() == 9);
    CHECK(first_cells(t2, 1) == std::vector<std::string>{"Kumla kommun", "Karlskoga/Degerfors", "Örebro län", "Kumla kommun",
                                                          "Karlskoga/Degerfors", "Örebro län", "Kumla kommun", "Karlskoga/Degerfors",
                                                          "Örebro län"});
    // Women in Kumla: Anna exited into studies, 1 of 1 (100 %).
    CHECK(t2.rows[0].cells[2].value == 1);
    CHECK(t2.rows[0].cells[3].kind == CellKind::percent);
    CHECK(t2.rows[0].cells[3].value == Approx(1.0));
    CHECK(t2.rows[0].cells[3].decimals == FigureDecimals::participant_share);
    // Women in the region: Anna's last period (Karlskoga) is open, so she has not exited:
    // no exited woman, the share cannot be computed.
    CHECK(t2.rows[2].style == RowStyle::total);
    CHECK(t2.rows[2].cells[2].value == 0);
    CHECK(t2.rows[2].cells[3].kind == CellKind::missing);
    // All sexes in the region: David and Erik exited; exited is the last column.
    CHECK(t2.rows[8].cells.back().value == 2);
}

TEST_CASE("Report language: notes name subprojects and count the persons counted once", "[report_language]") {
    Issue4Data d;
    two_subprojects(d);
    const Built b = build(d, d.region(), {d.kumla(), d.karlskoga()});
    const ReportTable& t1 = table(b.doc, "t1");
    CHECK(has_note(t1, "Personer i fler än ett delprojekt: Kumla kommun + Karlskoga/Degerfors (1). Summan av delprojekten räknar dem flera gånger."));
    const std::string once =
        "Raden Örebro län räknar varje person en gång. Personer i mer än ett delprojekt: 1 (delprojektens unika deltagare summerar "
        "till 4, Örebro län har 3).";
    for (const std::string id : {"t1", "t1b", "t2", "t2b"}) {
        INFO(id);
        CHECK(has_note(table(b.doc, id), once));
    }
    // English.
    const Built en = build(d, d.region(), {d.kumla(), d.karlskoga()}, Language::en);
    CHECK(has_note(table(en.doc, "t2"), "The row Örebro län counts each person once. Persons in more than one subproject: 1 (the "
                                         "subprojects' unique participants add up to 4, Örebro län has 3)."));
    // Without a person in two subprojects there is nothing to explain.
    Issue4Data apart;
    apart.period(kAnna, 0, "2017-01-10", "2017-06-30", StatusAtExit::studies);
    apart.period(kErik, 1, "2017-04-01", "2018-03-31", StatusAtExit::dropout);
    const Built plain = build(apart, apart.region(), {apart.kumla(), apart.karlskoga()});
    for (const ReportTable& t : plain.doc.tables)
        for (const std::string& n : t.notes) CHECK(n.find("en gång") == std::string::npos);
}

TEST_CASE("Report language: the programme's rows - regions column and the counted-once note", "[report_language]") {
    Issue4Data d;
    d.config().subprojects[1].region = "Värmlands län";
    two_subprojects(d);
    d.hours(kAnna, "2017-03-06", 2'000'000, 0);
    d.hours(kAnna, "2017-03-07", 3'000'000, 1);
    d.config().unit_cost = {{2017, 180.0}};
    const std::vector<Scope> regions = region_scopes(d.config());
    REQUIRE(regions.size() == 2);
    const Scope programme = programme_scope(d.config());
    const Built b = build(d, programme, regions);
    const std::string once =
        "Raden Unga till arbete räknar varje person en gång. Personer i mer än en region: 1 (regionernas unika deltagare summerar "
        "till 4, Unga till arbete har 3).";
    for (const std::string id : {"t1", "t1b", "t2", "t2b", "t5", "t5b"}) {
        INFO(id);
        const ReportTable& t = table(b.doc, id);
        CHECK(has_note(t, once));
    }
    // The rows are regions, and the column says so.
    CHECK(table(b.doc, "t1").columns.at(0).label == "Region");
    CHECK(table(b.doc, "t2").columns.at(1).label == "Region");
    CHECK(table(b.doc, "t5b").columns.at(0).label == "Region");
    // The programme's own row carries its name in every table that has one.
    CHECK(first_cells(table(b.doc, "t2"), 1).back() == "Unga till arbete");
    CHECK(first_cells(table(b.doc, "t1b"), 1).back() == "Unga till arbete");
    CHECK(first_cells(table(b.doc, "t5b"), 0).back() == "Unga till arbete");
    // Table 5: months as rows, one column group per region and the programme.
    const ReportTable& t5 = table(b.doc, "t5");
    std::vector<std::string> groups;
    for (const ColumnGroup& g : t5.groups) groups.push_back(g.label);
    CHECK(groups == std::vector<std::string>{"", "", "Örebro län", "Värmlands län", "Unga till arbete"});
    REQUIRE(t5.rows.size() == 2);  // 2017-03 and the whole period
    CHECK(t5.rows[0].cells[0].text == "2017-03");
    // Anna: 2 h in Örebro län, 3 h in Värmlands län, 5 h in the programme, once as a participant.
    CHECK(first_cells(t5, 0) == std::vector<std::string>{"2017-03", "Hela perioden"});
    CHECK(t5.columns[3].label == "Timmar");
    CHECK(t5.rows[0].cells[3].value == 2);
    CHECK(t5.rows[0].cells[5].value == 3);
    CHECK(t5.rows[0].cells[6].value == 1);
    CHECK(t5.rows[0].cells[7].value == 5);
    CHECK(t5.columns[8].label == "Värde, kr");
    CHECK(t5.rows[0].cells[8].value == Approx(900.0));
    CHECK(t5.rows[0].cells[8].decimals == FigureDecimals::money);
}

TEST_CASE("Report language: a region with one subproject shows it once", "[report_language]") {
    Issue4Data d;
    d.config().subprojects[1].region = "Värmlands län";
    two_subprojects(d);
    const Scope orebro = region_scopes(d.config())[0];
    const Built b = build(d, orebro, {d.kumla()});
    const std::string note = "Örebro län har ett enda delprojekt, Kumla kommun: dess rader visar också Örebro län.";
    const ReportTable& t1 = table(b.doc, "t1");
    REQUIRE(t1.rows.size() == 1);
    CHECK(t1.rows[0].cells[0].text == "Kumla kommun");
    CHECK(has_note(t1, note));
    const ReportTable& t2 = table(b.doc, "t2");
    CHECK(first_cells(t2, 1) == std::vector<std::string>{"Kumla kommun", "Kumla kommun", "Kumla kommun"});
    CHECK(has_note(t2, note));
}

TEST_CASE("Report language: table 6 names the kinds of data in the report's language", "[report_language]") {
    Issue4Data d;
    two_subprojects(d);
    for (std::uint32_t kind : {0u, 1u, 2u, 3u}) {
        InputRecord in;
        in.subproject = 0;
        in.kind = kind;
        in.path = "data/kumla-" + std::to_string(kind) + ".csv";
        in.rows_read = 4;
        in.rows_accepted = 3;
        in.rows_rejected = 1;
        d.dataset.inputs.push_back(in);
    }
    const Built sv = build(d, d.region(), {d.kumla(), d.karlskoga()});
    const ReportTable& t6 = table(sv.doc, "t6");
    CHECK(first_cells(t6, 1) == std::vector<std::string>{"Deltagare", "Bedömningar", "Närvaro", "Deltagartid", ""});
    CHECK(t6.rows[0].cells.at(0).text == "Kumla kommun");
    // Shares of rows: one decimal.
    CHECK(t6.rows[0].cells.back().kind == CellKind::percent);
    CHECK(t6.rows[0].cells.back().decimals == FigureDecimals::row_share);
    CHECK(format_cell(t6.rows[0].cells.back(), Language::sv) == "25,0\u00A0%");
    const Built en = build(d, d.region(), {d.kumla(), d.karlskoga()}, Language::en);
    CHECK(first_cells(table(en.doc, "t6"), 1) == std::vector<std::string>{"Participants", "Assessments", "Attendance", "Participant time", ""});
    // The about sheet names subprojects, not their ids.
    REQUIRE(sv.doc.about.size() >= 2);
    CHECK(sv.doc.about[1].rows.at(0).cells.at(0).text == "Kumla kommun");
}

TEST_CASE("Report language: one minus sign and decimals per kind of figure", "[report_language]") {
    Issue4Data d;
    two_subprojects(d);
    const auto self = d.scale("self", {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
    // Anna 3 -> 5 (+2), David 5 -> 4 (−1): mean 0.5, median 0.5.
    d.assess(kAnna, "2017-02-01", self, "3");
    d.assess(kAnna, "2017-10-01", self, "5");
    d.assess(kDavid, "2017-02-01", self, "5");
    d.assess(kDavid, "2017-10-01", self, "4");
    d.attend(kAnna, "2017-01-09", "2017-03-31", 100, 50);
    d.attend(kAnna, "2017-08-20", "2017-12-20", 120, 24);
    const Built b = build(d, d.region(), {d.kumla(), d.karlskoga()});
    const ReportTable& t3 = table(b.doc, "t3");
    const ReportRow& kumla = t3.rows.at(0);
    bool saw_mean = false;
    for (const Cell& c : kumla.cells) {
        if (c.kind == CellKind::number) {
            CHECK(c.decimals == FigureDecimals::steps);
            saw_mean = true;
        }
        if (c.kind == CellKind::percent) CHECK(c.decimals == FigureDecimals::participant_share);
        if (c.kind == CellKind::text && c.text.find(": 1") != std::string::npos) CHECK(c.text == "\u22121: 1 · +2: 1");
    }
    CHECK(saw_mean);
    // Absence shares and their change: one decimal, the change with U+2212.
    const ReportTable& t4 = table(b.doc, "t4");
    bool saw_change = false;
    for (const Cell& c : t4.rows.at(0).cells) {
        if (c.kind != CellKind::percent) continue;
        CHECK(c.decimals == FigureDecimals::absence_share);
        if (c.value < 0) {
            // 0.50 -> 0.20: −30.0 percentage points.
            CHECK(format_cell(c, Language::sv) == "\u221230,0\u00A0%");
            saw_change = true;
        }
    }
    CHECK(saw_change);
}
