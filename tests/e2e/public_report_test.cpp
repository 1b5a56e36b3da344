// esfreport run --public: the report tables with disclosure control (k from
// [project] disclosure_k), read back from the XLSX (openpyxl) and the PDF
// (pdftotext) on a fixture small enough to work the suppression out by hand,
// and an output folder that holds no personnummer in any form.
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsx_dump.hpp"

#include <set>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// Skatteverket test numbers born in January 1998 (19 when they start): nine
// women and six men.
const std::vector<std::string> kWomen = {"199801016685", "199801012387", "199801022386", "199801030447", "199801032385",
                                         "199801042384", "199801052383", "199801062382", "199801072381"};
const std::vector<std::string> kMen = {"199801018731", "199801012395", "199801022394", "199801032393", "199801042392", "199801052391"};

// Alpha: women 0–4 (0–2 leave for studies on 2017-06-30), men 0–1.
// Beta: women 5–8 and men 2–5, nobody leaves. Every person has two hours
// in March, so an internal run writes the per-participant time sheets.
void write_project(const TempDir& dir) {
    write_file(dir / "project.toml", "[project]\n"
                                     "name = \"Fixture project\"\n"
                                     "period_start = 2017-01-01\n"
                                     "period_end = 2017-12-31\n"
                                     "disclosure_k = 3\n"
                                     "[project.unit_cost]\n"
                                     "2017 = 100\n"
                                     "\n"
                                     "[[subproject]]\n"
                                     "id = \"alpha\"\n"
                                     "name = \"Alpha\"\n"
                                     "region = \"Örebro län\"\n"
                                     "plugin = \"csv\"\n"
                                     "source = \"data/alpha\"\n"
                                     "\n"
                                     "[[subproject]]\n"
                                     "id = \"beta\"\n"
                                     "name = \"Beta\"\n"
                                     "region = \"Örebro län\"\n"
                                     "plugin = \"csv\"\n"
                                     "source = \"data/beta\"\n");
    const auto person = [](const std::string& id, const char* sex, bool leaves) {
        return id + "," + sex + ",2017-03-01," + (leaves ? "2017-06-30" : "") + ",utanför skola," + (leaves ? "studier" : "") + "\n";
    };
    std::string alpha = "person_id,sex,start_date,end_date,setting,exit_status\n", beta = alpha;
    std::string alpha_hours = "person_id,date,hours\n", beta_hours = alpha_hours;
    for (std::size_t i = 0; i < kWomen.size(); ++i) {
        (i < 5 ? alpha : beta) += person(kWomen[i], "K", i < 3);
        (i < 5 ? alpha_hours : beta_hours) += kWomen[i] + ",2017-03-15,2\n";
    }
    for (std::size_t i = 0; i < kMen.size(); ++i) {
        (i < 2 ? alpha : beta) += person(kMen[i], "M", false);
        (i < 2 ? alpha_hours : beta_hours) += kMen[i] + ",2017-03-15,2\n";
    }
    write_file(dir / "data/alpha/participants.csv", alpha);
    write_file(dir / "data/alpha/hours.csv", alpha_hours);
    write_file(dir / "data/beta/participants.csv", beta);
    write_file(dir / "data/beta/hours.csv", beta_hours);
}

CommandResult run_report(const TempDir& dir, const std::string& out, const std::string& options) {
    return run_esfreport("run " + shell_quote((dir / "project.toml").string()) + " --out " + shell_quote((dir / out).string()) + " --quiet " +
                         options);
}

// The fixture, run into DIR/internal and, with --public, DIR/public.
void run_internal_and_public(const TempDir& dir) {
    write_project(dir);
    for (const auto& [out, options] : {std::pair<std::string, std::string>{"internal", ""}, {"public", "--public"}}) {
        const CommandResult r = run_report(dir, out, options);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
}

// The rows of a sheet whose first cell is `label`, in order.
std::vector<std::vector<std::string>> rows_of(const std::vector<std::vector<std::string>>& sheet, const std::string& label) {
    std::vector<std::vector<std::string>> out;
    for (const auto& row : sheet)
        if (!row.empty() && row[0] == "s:" + label) out.push_back(row);
    return out;
}

// A wide table's cells (count, then share when shown) in the row of `sex`
// and `block` under the column group `group`; the header row starts "Kön".
std::vector<std::string> wide_cells(const std::vector<std::vector<std::string>>& sheet, const std::string& sex, const std::string& block,
                                    const std::string& group) {
    std::size_t labels = 0;
    while (labels < sheet.size() && (sheet[labels].empty() || sheet[labels][0] != "s:Kön")) ++labels;
    REQUIRE(labels > 0);
    REQUIRE(labels < sheet.size());
    const auto& groups = sheet[labels - 1];
    std::vector<std::string> group_of(sheet[labels].size());
    for (std::size_t c = 0; c < group_of.size(); ++c)
        group_of[c] = c < groups.size() && groups[c].rfind("s:", 0) == 0 ? groups[c].substr(2) : c > 0 ? group_of[c - 1] : "";
    for (std::size_t r = labels + 1; r < sheet.size(); ++r) {
        const auto& row = sheet[r];
        if (row.size() < group_of.size() || row[0] != "s:" + sex || row[1] != "s:" + block) continue;
        std::vector<std::string> out;
        for (std::size_t c = 2; c < group_of.size(); ++c)
            if (group_of[c] == group) out.push_back(row[c]);
        return out;
    }
    FAIL("no row " << sex << " / " << block);
    return {};
}

// Every personnummer of the fixture in the forms a file could hold it:
// 12 and 10 digits, with and without the separator.
std::vector<std::string> identity_forms() {
    std::vector<std::string> out;
    std::vector<std::string> all = kWomen;
    all.insert(all.end(), kMen.begin(), kMen.end());
    for (const std::string& n : all)
        for (const std::string& form : {n, n.substr(0, 8) + "-" + n.substr(8), n.substr(2), n.substr(2, 6) + "-" + n.substr(8),
                                        n.substr(2, 6) + "+" + n.substr(8)})
            out.push_back(form);
    return out;
}

// The text of every file in `dir`: an XLSX's parts unzipped, a PDF's text as
// pdftotext extracts it (its streams are compressed) besides its bytes.
std::string every_text(const fs::path& dir) {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        const fs::path& p = entry.path();
        all += read_file(p);
        if (p.extension() == ".xlsx") {
            const CommandResult parts = run_command(std::string(ESFREPORT_PYTHON) +
                                                    " -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                                                    "[sys.stdout.buffer.write(z.read(n)) for n in z.namelist()]' " +
                                                    shell_quote(p.string()));
            REQUIRE(parts.exit_code == 0);
            all += parts.out;
        } else if (p.extension() == ".pdf") {
            const CommandResult text = run_command("pdftotext " + shell_quote(p.string()) + " -");
            REQUIRE(text.exit_code == 0);
            all += text.out;
        }
    }
    return all;
}

// The names in `dir` but the output set's own (".esfreport-...", scanned all the same).
std::set<std::string> file_names(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(".esfreport", 0) != 0) out.insert(entry.path().filename().string());
    return out;
}

}  // namespace

TEST_CASE("run --public suppresses table 1 and table 2 cells as worked out by hand") {
    TempDir dir("e2e-public-tables");
    run_internal_and_public(dir);

    // Internal: every figure as computed.
    const auto in = read_xlsx(dir / "internal/slutrapport-orebro-lan.xlsx");
    const auto in_alpha = rows_of(in.at("1 Deltagare"), "Alpha");
    REQUIRE(in_alpha.size() == 1);
    CHECK(std::vector<std::string>(in_alpha[0].begin() + 3, in_alpha[0].begin() + 6) == std::vector<std::string>{"n:5", "n:2", "n:7"});

    // Public, k = 3. Alpha's 2 men are fewer than 3: suppressed; Alpha's
    // women then, or 7 − 2 would give them away; then Beta's men and women,
    // or the region's 6 men − Alpha's men would. The totals stay.
    const auto out = read_xlsx(dir / "public/slutrapport-orebro-lan.xlsx");
    const auto& t1 = out.at("1 Deltagare");
    const auto figures = [&](const std::string& label) {
        const auto rows = rows_of(t1, label);
        REQUIRE(rows.size() == 1);
        return std::vector<std::string>(rows[0].begin() + 3, rows[0].begin() + 6);  // women, men, total
    };
    CHECK(figures("Alpha") == std::vector<std::string>{"s:..", "s:..", "n:7"});
    CHECK(figures("Beta") == std::vector<std::string>{"s:..", "s:..", "n:8"});
    CHECK(figures("Totalt") == std::vector<std::string>{"n:9", "n:6", "n:15"});

    // Table 2: Alpha's 3 women into studies are shown (no share of them is
    // small); the active at the end are Alpha 2 + 2 (both small), so Beta's
    // 4 + 4 go too, or the region's 6 and 6 would reveal Alpha's.
    const auto& t2 = out.at("2 Status vid avslut");
    using V = std::vector<std::string>;
    CHECK(wide_cells(t2, "Kvinnor", "Alpha", "Studier") == V{"n:3", "n:1"});
    CHECK(wide_cells(t2, "Män", "Alpha", "Studier") == V{"n:0", "s:–"});
    CHECK(wide_cells(t2, "Totalt", "Alpha", "Studier") == V{"n:3", "n:1"});
    CHECK(wide_cells(t2, "Kvinnor", "Alpha", "Avslutade deltagare") == V{"n:3"});
    CHECK(wide_cells(t2, "Män", "Alpha", "Avslutade deltagare") == V{"n:0"});
    CHECK(wide_cells(t2, "Totalt", "Alpha", "Avslutade deltagare") == V{"n:3"});
    const auto& t2b = out.at("2b Till studier eller arbete");
    const std::string active = "Aktiva vid periodens slut";
    CHECK(wide_cells(t2b, "Kvinnor", "Alpha", active) == V{"s:.."});
    CHECK(wide_cells(t2b, "Män", "Alpha", active) == V{"s:.."});
    CHECK(wide_cells(t2b, "Totalt", "Alpha", active) == V{"n:4"});
    CHECK(wide_cells(t2b, "Kvinnor", "Beta", active) == V{"s:.."});
    CHECK(wide_cells(t2b, "Män", "Beta", active) == V{"s:.."});
    CHECK(wide_cells(t2b, "Totalt", "Beta", active) == V{"n:8"});
    CHECK(wide_cells(t2b, "Kvinnor", "Örebro län", active) == V{"n:6"});
    CHECK(wide_cells(t2b, "Män", "Örebro län", active) == V{"n:6"});
    CHECK(wide_cells(t2b, "Totalt", "Örebro län", active) == V{"n:12"});
    // The internal report shows them.
    const auto& internal_t2b = in.at("2b Till studier eller arbete");
    CHECK(wide_cells(internal_t2b, "Kvinnor", "Alpha", active) == V{"n:2"});
    CHECK(wide_cells(internal_t2b, "Män", "Alpha", active) == V{"n:2"});
    CHECK(wide_cells(internal_t2b, "Totalt", "Alpha", active) == V{"n:4"});

    // A note under each table of persons; the about sheet says k.
    const std::string note = "..  = uppgiften visas inte (röjandekontroll): den bygger på färre än 3 personer";
    for (const char* sheet : {"1 Deltagare", "1b Ålder och inflöde", "2 Status vid avslut"}) {
        INFO(sheet);
        bool found = false;
        for (const auto& row : out.at(sheet))
            for (const std::string& cell : row) found = found || cell.rfind("s:" + note, 0) == 0;
        CHECK(found);
    }
    bool about = false;
    for (const auto& row : out.at("Om rapporten"))
        about = about || (row.size() >= 2 && row[0] == "s:Röjandekontroll" && row[1] == "s:På: k = 3 (publik rapport)");
    CHECK(about);

    // The PDF shows the same: Alpha's row in table 1 with two "..".
    const CommandResult pdf = run_command("pdftotext -layout " + shell_quote((dir / "public/slutrapport-orebro-lan.pdf").string()) + " -");
    REQUIRE(pdf.exit_code == 0);
    CHECK_THAT(pdf.out, Catch::Contains("uppgiften visas inte (röjandekontroll)"));
    bool alpha_line = false;
    for (const std::string& line : split_fields(pdf.out, '\n')) {
        if (line.find("Alpha") == std::string::npos || line.find(" 7") == std::string::npos) continue;
        const auto first = line.find(".."), second = first == std::string::npos ? first : line.find("..", first + 2);
        alpha_line = alpha_line || (second != std::string::npos && line.find(" 5 ") == std::string::npos);
    }
    CHECK(alpha_line);
}

TEST_CASE("a public run's output folder holds no personnummer in any file") {
    TempDir dir("e2e-public-identities");
    run_internal_and_public(dir);

    // The scan finds them where they are: the internal run's per-participant
    // time sheets hold every number.
    const std::string internal_text = every_text(dir / "internal");
    for (const std::string& n : kWomen) CHECK(internal_text.find(n) != std::string::npos);
    CHECK(file_names(dir / "internal").count("rejected.csv") == 1);

    CHECK(file_names(dir / "public") ==
          std::set<std::string>{"manifest.json", "slutrapport-orebro-lan.html", "slutrapport-orebro-lan.pdf", "slutrapport-orebro-lan.xlsx"});
    const std::string public_text = every_text(dir / "public");
    for (const std::string& form : identity_forms()) {
        INFO(form);
        CHECK(public_text.find(form) == std::string::npos);
    }
    CHECK_THAT(read_file(dir / "public/manifest.json"), Catch::Contains("\"command\": \"run --public\""));
}

TEST_CASE("run --public says how many figures were suppressed") {
    TempDir dir("e2e-public-message");
    write_project(dir);
    const CommandResult r =
        run_esfreport("run " + shell_quote((dir / "project.toml").string()) + " --out " + shell_quote((dir / "out").string()) + " --public");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("esfreport: public report, disclosure control k = 3: "));
    CHECK_THAT(r.err, Catch::Contains(" figures suppressed, shown as \"..\""));
}

TEST_CASE("run --public shows non-binary and unknown sex as one column Annat/okänt kön") {
    TempDir dir("e2e-public-other-sex");
    write_fixture_project(dir.path(), "csv", "");
    // Four women, four men, three non-binary (self-reported; their numbers are women's).
    std::string participants = "person_id,sex,start_date\n";
    for (std::size_t i = 0; i < 7; ++i) participants += kWomen[i] + (i < 4 ? ",K" : ",X") + ",2017-03-01\n";
    for (std::size_t i = 0; i < 4; ++i) participants += kMen[i] + ",M,2017-03-01\n";
    write_file(dir / "data/alpha/participants.csv", participants);
    for (const auto& [out, options] : {std::pair<std::string, std::string>{"internal", ""}, {"public", "--public"}}) {
        const CommandResult r = run_report(dir, out, options);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    const auto header_and_alpha = [&](const std::string& out) {
        const auto sheet = read_xlsx(dir / out / "slutrapport-orebro-lan.xlsx").at("1 Deltagare");
        std::vector<std::vector<std::string>> rows;
        for (const auto& row : sheet)
            if (!row.empty() && (row[0] == "s:Delprojekt" || row[0] == "s:Alpha")) rows.push_back({row.begin() + 3, row.end()});
        return rows;
    };
    CHECK(header_and_alpha("internal") == std::vector<std::vector<std::string>>{
                                              {"s:Kvinnor", "s:Män", "s:Icke-binära", "s:Totalt", "s:Övriga berörda ungdomar"},
                                              {"n:4", "n:4", "n:3", "n:11", "s:–"}});
    CHECK(header_and_alpha("public") == std::vector<std::vector<std::string>>{
                                            {"s:Kvinnor", "s:Män", "s:Annat/okänt kön", "s:Totalt", "s:Övriga berörda ungdomar"},
                                            {"n:4", "n:4", "n:3", "n:11", "s:–"}});
    bool note = false;
    const auto sheets = read_xlsx(dir / "public/slutrapport-orebro-lan.xlsx");
    for (const auto& row : sheets.at("1 Deltagare"))
        note = note || (!row.empty() && row[0] == "s:Annat/okänt kön: icke-binära och personer vars kön inte är känt, redovisade tillsammans.");
    CHECK(note);

    // Table 1b has the sexes as rows: one "Annat/okänt kön" row in the public
    // report where the internal one has "Icke-binära" (3 active at the end).
    std::vector<std::string> first_cells;
    for (const auto& row : sheets.at("1b Ålder och inflöde"))
        if (row.size() > 1 && row[1] == "s:Alpha") first_cells.push_back(row[0]);
    CHECK(first_cells == std::vector<std::string>{"s:Kvinnor", "s:Män", "s:Annat/okänt kön", "s:Totalt"});
    std::vector<std::string> internal_cells;
    const auto internal = read_xlsx(dir / "internal/slutrapport-orebro-lan.xlsx");
    for (const auto& row : internal.at("1b Ålder och inflöde"))
        if (row.size() > 1 && row[1] == "s:Alpha") internal_cells.push_back(row[0]);
    CHECK(internal_cells == std::vector<std::string>{"s:Kvinnor", "s:Män", "s:Icke-binära", "s:Totalt"});
}
