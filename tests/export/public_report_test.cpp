// The disclosure pass of run --public over a hand-made table: cells show what
// the published figures say, non-binary and unknown become one column, a
// column sum follows the cells above it, withheld cells are "..", and a
// number that names nothing stops the pass (fail closed).
#include <catch2/catch.hpp>

#include <esfreport/export/public_report.hpp>

using namespace esfreport;

namespace {

const PublicReportTexts kTexts{"..  = not shown (k = 3)", "Other/unknown sex", "Other/unknown: non-binary and unknown together."};

OutcomeFigure figure(const std::string& subproject, const std::string& measure, FigureSex sex, std::optional<double> value,
                     bool suppressed) {
    OutcomeFigure f;
    f.scope_kind = Scope::Kind::subproject;
    f.region = "R";
    f.subproject = subproject;
    f.table = "t1";
    f.measure = measure;
    f.sex = sex;
    f.value = suppressed ? std::nullopt : value;
    f.unit = "count";
    f.suppressed = suppressed;
    return f;
}

Cell count(double v, const std::string& subproject, const std::string& sex) {
    Cell c = Cell::of_integer(v);
    c.disclosure = Disclosure::figure;
    c.figure_key = figure_key(Scope::Kind::subproject, subproject, "unique", "", false);
    c.figure_sex = sex;
    return c;
}

// Subprojects a and b: women, men, non-binary, unknown, total; then a sum row.
ReportTable participants_table() {
    ReportTable t;
    t.id = "t1";
    t.columns = {{"Subproject", false}, {"Women", true}, {"Men", true}, {"Non-binary", true}, {"Unknown", true}, {"Total", true}};
    t.groups = {{"", 1}, {"Participants", 5}};
    for (const auto& [sp, n] : std::vector<std::pair<std::string, std::array<double, 5>>>{{"a", {5, 2, 1, 3, 11}}, {"b", {4, 4, 0, 3, 11}}}) {
        ReportRow row;
        row.cells.push_back(Cell::of_text(sp));
        const char* sexes[] = {"female", "male", "non_binary", "unknown", "total"};
        for (int i = 0; i < 5; ++i) row.cells.push_back(count(n[i], sp, sexes[i]));
        t.rows.push_back(row);
    }
    ReportRow sum;
    sum.cells.push_back(Cell::of_text("Total"));
    for (double v : {9.0, 6.0, 1.0, 6.0, 22.0}) {
        Cell c = Cell::of_integer(v);
        c.disclosure = Disclosure::column_sum;
        sum.cells.push_back(c);
    }
    t.rows.push_back(sum);
    return t;
}

// a: men 2 suppressed (primary), women 5 (secondary), other 4 shown;
// b: all shown, other 3.
OutcomeFigures published() {
    OutcomeFigures f;
    f.k = 3;
    f.figures = {figure("a", "unique", FigureSex::female, 5, true), figure("a", "unique", FigureSex::male, 2, true),
                 figure("a", "unique", FigureSex::other, 4, false), figure("a", "unique", FigureSex::total, 11, false),
                 figure("b", "unique", FigureSex::female, 4, false), figure("b", "unique", FigureSex::male, 4, false),
                 figure("b", "unique", FigureSex::other, 3, false), figure("b", "unique", FigureSex::total, 11, false)};
    return f;
}

std::vector<std::string> shown(const ReportRow& row) {
    std::vector<std::string> out;
    for (const Cell& c : row.cells) {
        if (c.kind == CellKind::suppressed) out.push_back(c.text);
        else if (c.kind == CellKind::text) out.push_back(c.text);
        else if (c.kind == CellKind::integer) out.push_back(std::to_string(static_cast<long long>(c.value)));
        else out.push_back("?");
    }
    return out;
}

}  // namespace

TEST_CASE("public report pass shows the published figures and merges non-binary and unknown") {
    ReportDocument doc;
    doc.tables.push_back(participants_table());
    ReportTable about;  // no persons: untouched, no note
    about.id = "about";
    about.about_persons = false;
    about.columns = {{"Item", false}, {"Value", true}};
    about.rows.push_back({{Cell::of_text("Rows read"), Cell::of_integer(12)}});
    doc.about.push_back(about);

    CHECK(apply_disclosure_control(doc, published(), kTexts) == 4);  // a's women and men, and their sums
    const ReportTable& t = doc.tables[0];
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns[3].label == "Other/unknown sex");
    CHECK(t.columns[4].label == "Total");
    REQUIRE(t.groups.size() == 2);
    CHECK(t.groups[1].span == 4);
    CHECK(shown(t.rows[0]) == std::vector<std::string>{"a", "..", "..", "4", "11"});
    CHECK(shown(t.rows[1]) == std::vector<std::string>{"b", "4", "4", "3", "11"});
    // The sum row: hidden where a cell above is; the other column re-summed.
    CHECK(shown(t.rows[2]) == std::vector<std::string>{"Total", "..", "..", "7", "22"});
    CHECK(t.notes == std::vector<std::string>{kTexts.note, kTexts.other_sex_note});
    CHECK(doc.about[0].notes.empty());
    CHECK(doc.about[0].rows[0].cells[1].value == 12);
}

TEST_CASE("public report pass hides withheld cells and refuses a number that names no figure") {
    ReportDocument doc;
    ReportTable t;
    t.id = "t3";
    t.columns = {{"Scale", false}, {"Distribution", false}, {"Unit cost", true}};
    Cell distribution = Cell::of_text("+1: 2 · 0: 5");
    distribution.disclosure = Disclosure::withheld;
    Cell cost = Cell::of_number(125.5, 2);
    cost.disclosure = Disclosure::not_persons;
    t.rows.push_back({{Cell::of_text("Scale 1"), distribution, cost}});
    doc.tables.push_back(t);
    CHECK(apply_disclosure_control(doc, published(), kTexts) == 1);
    CHECK(doc.tables[0].rows[0].cells[1].kind == CellKind::suppressed);
    CHECK(doc.tables[0].rows[0].cells[1].text == "..");
    CHECK(doc.tables[0].rows[0].cells[2].value == 125.5);

    // An unmarked count beside it: the pass stops rather than print it.
    doc.tables[0].rows.push_back({{Cell::of_text("Scale 2"), distribution, Cell::of_integer(2)}});
    CHECK_THROWS_WITH(apply_disclosure_control(doc, published(), kTexts),
                      "table t3, row 2, column 3: a number about persons that names no published figure");
    // A table of persons that marks nothing at all is refused too.
    ReportDocument unmarked;
    unmarked.tables.push_back({});
    unmarked.tables[0].id = "summary";
    unmarked.tables[0].columns = {{"Participants", true}};
    unmarked.tables[0].rows.push_back({{Cell::of_integer(2)}});
    CHECK_THROWS_WITH(apply_disclosure_control(unmarked, published(), kTexts),
                      "table summary, row 1, column 1: a number about persons that names no published figure");
    // A figure the extract does not have.
    ReportDocument unknown;
    unknown.tables.push_back(participants_table());
    unknown.tables[0].rows[0].cells[1].figure_key = figure_key(Scope::Kind::subproject, "a", "no_such_measure", "", false);
    CHECK_THROWS_WITH(apply_disclosure_control(unknown, published(), kTexts), "table t1, row 1, column 2: no published figure of that name");
}
