// The bundled example (Örebro län's six subprojects) end to end: validate, run,
// the XLSX read back with openpyxl, the PDF with pdftotext. Expected figures are
// the published regional table (domain.md), whose totals are recomputed here by
// hand: girls 5+6+44+11+25+28 = 119, boys 8+15+50+18+35+20 = 146, other affected
// 450+121+300+47+400+48 = 1366.
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsx_dump.hpp"

#include <map>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <vector>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const std::string kConfig = std::string(ESFREPORT_SOURCE_DIR) + "/examples/orebro/esfreport.toml";

struct Expected {
    std::string name;
    int girls, boys, other;
};
const std::vector<Expected> kTable = {
    {"Ljusnarsbergs kommun", 5, 8, 450},
    {"Lindesbergs kommun", 6, 15, 121},
    {"Folkhögskolorna Kävesta/Fellingsbro", 44, 50, 300},
    {"Kumla kommun", 11, 18, 47},
    {"Karlskoga/Degerfors kommuner", 25, 35, 400},
    {"Sydnärkes utbildningsförbund", 28, 20, 48},
};

}  // namespace

TEST_CASE("validate reads every row of the example with no rejection and counts participants by sex") {
    const CommandResult r = run_esfreport("validate " + shell_quote(kConfig) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, !Catch::Contains("rejected rows"));
    // Per subproject: id, female, male, non-binary, unknown, total.
    const std::map<std::string, std::pair<int, int>> counts = {
        {"ljusnarsberg", {5, 8}}, {"lindesberg", {6, 15}}, {"kavesta-fellingsbro", {44, 50}},
        {"kumla", {11, 18}},      {"karlskoga-degerfors", {25, 35}}, {"sydnarke", {28, 20}}};
    int rows_seen = 0;
    for (const std::string& line : split_fields(r.out, '\n')) {
        std::istringstream in(line);
        std::string id;
        long a, b, c, d, e;
        if (!(in >> id >> a >> b >> c >> d >> e)) continue;
        auto it = counts.find(id);
        if (it == counts.end()) continue;
        INFO(line);
        CHECK(a == it->second.first);
        CHECK(b == it->second.second);
        CHECK(c == 0);
        CHECK(d == 0);
        CHECK(e == it->second.first + it->second.second);
        ++rows_seen;
    }
    CHECK(rows_seen == 6);
    // The totals line of the input table: rejected = 0.
    bool total_seen = false;
    for (const std::string& line : split_fields(r.out, '\n')) {
        std::istringstream in(line);
        std::string word;
        long read, accepted, rejected;
        if (in >> word && word == "total" && in >> read >> accepted >> rejected) {
            CHECK(read > 265);
            CHECK(read == accepted);
            CHECK(rejected == 0);
            total_seen = true;
        }
    }
    CHECK(total_seen);
}

TEST_CASE("run on the example writes table 1 with the published figures and totals derived from the rows") {
    TempDir out("e2e-example-run");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const fs::path xlsx = out / "slutrapport-orebro-lan.xlsx";
    const fs::path pdf = out / "slutrapport-orebro-lan.pdf";
    REQUIRE(fs::exists(xlsx));
    REQUIRE(fs::exists(pdf));
    REQUIRE(fs::exists(out / "manifest.json"));
    REQUIRE(fs::exists(out / "rejected.csv"));

    const auto sheets = read_xlsx(xlsx);
    REQUIRE(sheets.count("1 Deltagare") == 1);
    const auto& t1 = sheets.at("1 Deltagare");
    // Columns: Delprojekt, i skola, utanför skola, Kvinnor, Män, Totalt, Övriga berörda.
    for (const Expected& e : kTable) {
        const auto* row = find_row(t1, "s:" + e.name);
        INFO(e.name);
        REQUIRE(row != nullptr);
        REQUIRE(row->size() >= 7);
        CHECK((*row)[3] == "n:" + std::to_string(e.girls));
        CHECK((*row)[4] == "n:" + std::to_string(e.boys));
        CHECK((*row)[5] == "n:" + std::to_string(e.girls + e.boys));
        CHECK((*row)[6] == "n:" + std::to_string(e.other));
    }
    const auto* total = find_row(t1, "s:Totalt");
    REQUIRE(total != nullptr);
    CHECK((*total)[3] == "n:119");
    CHECK((*total)[4] == "n:146");
    CHECK((*total)[5] == "n:265");
    CHECK((*total)[6] == "n:1366");
    // Target ages as printed, text cells.
    const auto* kumla = find_row(t1, "s:Kumla kommun");
    CHECK((*kumla)[1] == "s:16–19");
    const auto* karlskoga = find_row(t1, "s:Karlskoga/Degerfors kommuner");
    CHECK((*karlskoga)[1] == "s:—");
    CHECK((*karlskoga)[2] == "s:16–20");

    // Table 2: one row per sex and subproject (then the region); the ten
    // statuses' counts (columns 2, 4, ..., 20, each followed by its share) add
    // up to the exited participants (column 22).
    REQUIRE(sheets.count("2 Status vid avslut") == 1);
    std::map<std::string, long> exited_of;  // "sex/subproject" -> exited
    for (const auto& row : sheets.at("2 Status vid avslut")) {
        if (row.size() < 23 || row[0].rfind("s:", 0) != 0 || row[0] == "s:Kön" || row[22].rfind("n:", 0) != 0) continue;
        long statuses = 0;
        for (std::size_t c = 2; c <= 20; c += 2) statuses += std::stol(row[c].substr(2));
        const long exited = std::stol(row[22].substr(2));
        INFO(row[0] << " " << row[1]);
        CHECK(statuses == exited);
        exited_of[row[0].substr(2) + "/" + row[1].substr(2)] = exited;
    }
    CHECK(exited_of.size() == 24);  // 3 sexes × (6 subprojects + the region), and Karlskoga/Degerfors' 3 activities in all sexes
    CHECK(exited_of.at("Kvinnor/Örebro län") + exited_of.at("Män/Örebro län") == exited_of.at("Totalt/Örebro län"));
    CHECK(exited_of.at("Totalt/Örebro län") == 238);
    REQUIRE(sheets.count("Om rapporten") == 1);
    // The project's registration number (the example's configuration) among the facts.
    const auto* registration = find_row(sheets.at("Om rapporten"), "s:Ärendenummer (ESF-rådet)");
    REQUIRE(registration != nullptr);
    CHECK(registration->at(1) == "s:2016/00000");

    // The PDF, read by pdftotext: the figures and the Swedish characters.
    const CommandResult text = run_command("pdftotext -layout " + shell_quote(pdf.string()) + " -");
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("Tabell 1. Deltagare per delprojekt"));
    CHECK_THAT(text.out, Catch::Contains("Folkhögskolorna Kävesta/Fellingsbro"));
    CHECK_THAT(text.out, Catch::Contains("Sydnärkes utbildningsförbund"));
    CHECK_THAT(text.out, Catch::Contains("Örebro län"));
    CHECK_THAT(text.out, Catch::Contains("119"));
    CHECK_THAT(text.out, Catch::Contains("146"));
    CHECK_THAT(text.out, Catch::Contains("265"));
    // Every page's header names the project with its registration number.
    CHECK_THAT(text.out, Catch::Contains("#jagmed Örebro län (2016/00000)"));
    const CommandResult check = run_command("qpdf --check " + shell_quote(pdf.string()));
    CHECK(check.exit_code == 0);

    // rejected.csv holds personal data: owner-only.
    struct stat st {};
    REQUIRE(::stat((out / "rejected.csv").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(read_file(out / "rejected.csv") == "subproject,file,line,column,reason\n");

    // No temporary file, staging folder or lock is left behind: only esfreport's record of what it wrote.
    for (const auto& e : fs::directory_iterator(out.path()))
        if (e.path().filename().string().front() == '.') CHECK(e.path().filename() == ".esfreport-outputs");
}

TEST_CASE("the same inputs give byte-identical XLSX - PDF and HTML files") {
    TempDir a("e2e-determinism-a");
    TempDir b("e2e-determinism-b");
    const std::string env = "SOURCE_DATE_EPOCH=1551830400 ";  // 2019-03-06, the date of the printed report
    for (const TempDir* d : {&a, &b}) {
        const CommandResult r = run_command(env + shell_quote(ESFREPORT_EXE) + " run " + shell_quote(kConfig) + " --out " +
                                            shell_quote(d->path().string()) + " --quiet");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    for (const std::string f : {"slutrapport-orebro-lan.xlsx", "slutrapport-orebro-lan.pdf", "slutrapport-orebro-lan.html"}) {
        INFO(f);
        CHECK(read_file(a / f) == read_file(b / f));
    }
}

TEST_CASE("English labels with --lang en") {
    TempDir out("e2e-lang-en");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --lang en --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto sheets = read_xlsx(out / "final-report-orebro-lan.xlsx");
    REQUIRE(sheets.count("1 Participants") == 1);
    const auto* total = find_row(sheets.at("1 Participants"), "s:Total");
    REQUIRE(total != nullptr);
    CHECK((*total)[5] == "n:265");
}

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <esfreport/runtime/sha256.hpp>

TEST_CASE("the manifest accounts for every input row and digests every input and output") {
    TempDir out("e2e-manifest");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Poco::JSON::Parser parser;
    const auto root = parser.parse(read_file(out / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
    CHECK(root->getObject("tool")->getValue<std::string>("name") == "esfreport");
    const auto inputs = root->getArray("inputs");
    // 6 participants files + 2 assessments + 1 attendance + 6 hours.
    CHECK(inputs->size() == 15);
    std::uint64_t participants_rows = 0;
    std::size_t database_inputs = 0;
    for (std::size_t i = 0; i < inputs->size(); ++i) {
        const auto in = inputs->getObject(static_cast<unsigned>(i));
        const auto read = in->getValue<std::uint64_t>("rows_read");
        INFO(in->getValue<std::string>("path"));
        CHECK(read == in->getValue<std::uint64_t>("rows_accepted") + in->getValue<std::uint64_t>("rows_rejected"));
        const std::string path = in->getValue<std::string>("path");
        const std::size_t sheet = path.rfind(".xlsx!");
        if (path.rfind("sqlite:", 0) == 0) {
            // Sydnärke comes from a database (plugin sql): no file to hash, a digest of the rows read.
            CHECK(in->isNull("sha256"));
            CHECK(in->getValue<std::string>("rows_sha256").size() == 64u);
            ++database_inputs;
        } else {
            // A sheet (<workbook>!<sheet>, Kumla's and Lindesberg's) is digested as its workbook.
            CHECK(in->getValue<std::string>("sha256") ==
                  esfreport::sha256_file(sheet == std::string::npos ? path : path.substr(0, sheet + 5)));
        }
        if (in->getValue<std::string>("kind") == "participants") participants_rows += read;
    }
    // Participation periods: 265 persons plus re-entries, each one CSV or table row.
    CHECK(participants_rows >= 265);
    CHECK(database_inputs == 3u);  // Sydnärke's participants, attendance and hours
    const auto outputs = root->getArray("outputs");
    REQUIRE(outputs->size() >= 3);
    for (std::size_t i = 0; i < outputs->size(); ++i) {
        const auto o = outputs->getObject(static_cast<unsigned>(i));
        INFO(o->getValue<std::string>("path"));
        CHECK(o->getValue<std::string>("sha256") == esfreport::sha256_file(out / o->getValue<std::string>("path")));
    }
    const auto plugins = root->getArray("plugins");
    REQUIRE(plugins->size() == 3);
    CHECK(plugins->getObject(0)->getValue<std::string>("name") == "csv");
    CHECK(plugins->getObject(1)->getValue<std::string>("name") == "xlsx");
    CHECK(plugins->getObject(2)->getValue<std::string>("name") == "sql");
}

TEST_CASE("table 1b on the example: age bands add up and every participant is within the target ages") {
    TempDir out("e2e-example-t1b");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto sheets = read_xlsx(out / "slutrapport-orebro-lan.xlsx");
    REQUIRE(sheets.count("1b Ålder och inflöde") == 1);
    // Wide: one row per sex and subproject (then the region). In the rows of all
    // sexes ("Totalt"), per metric in the template's order its count column:
    // unique (column 2, no share), then each further metric's count and share.
    const std::vector<std::string> metrics = {"Unika deltagare", "Nya under perioden (första start)", "Under 15 år", "15–19 år",
                                              "20–24 år", "25 år och äldre", "ESF+: under 18 år", "ESF+: 18–29 år", "ESF+: 30–54 år",
                                              "ESF+: 55 år och äldre", "Inom delprojektets målgrupp (ålder)"};
    std::map<std::string, std::map<std::string, std::string>> by_block;
    for (const auto& row : sheets.at("1b Ålder och inflöde"))
        if (row.size() > 22 && row[0] == "s:Totalt")
            for (std::size_t i = 0; i < metrics.size(); ++i) by_block[row[1]]["s:" + metrics[i]] = row[i == 0 ? 2 : 2 * i + 1];
    REQUIRE(by_block.size() == 7);  // six subprojects and the region
    CHECK(by_block.at("s:Örebro län").at("s:Unika deltagare") == "n:265");
    for (const auto& [block, rows] : by_block) {
        INFO(block);
        const auto number = [&](const std::string& label) { return std::stol(rows.at("s:" + label).substr(2)); };
        const long unique = number("Unika deltagare");
        CHECK(number("Under 15 år") + number("15–19 år") + number("20–24 år") + number("25 år och äldre") == unique);
        CHECK(number("ESF+: under 18 år") + number("ESF+: 18–29 år") + number("ESF+: 30–54 år") + number("ESF+: 55 år och äldre") == unique);
        // The generator draws every age inside the subproject's target ages (examples/orebro/README.md).
        CHECK(number("Inom delprojektets målgrupp (ålder)") == unique);
        // Everybody starts inside 2016–2018, the reporting period.
        CHECK(number("Nya under perioden (första start)") == unique);
    }
}

// The tables and the about section of the earlier 20 pages in at most 8, after
// the summary page that opens the report (key figures and charts, new).
TEST_CASE("the example's PDF is the summary page and at most 8 pages holding every table and key figure") {
    TempDir out("e2e-example-pages");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote(out.path().string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const fs::path pdf = out / "slutrapport-orebro-lan.pdf";
    const CommandResult info = run_command("pdfinfo " + shell_quote(pdf.string()));
    REQUIRE(info.exit_code == 0);
    const std::size_t at = info.out.find("Pages:");
    REQUIRE(at != std::string::npos);
    const int pages = std::stoi(info.out.substr(at + 6));
    CHECK(pages <= 1 + 8);
    CHECK(pages >= 5);
    // Page 1 is the summary; table 1 starts page 2.
    const CommandResult first = run_command("pdftotext -f 1 -l 1 " + shell_quote(pdf.string()) + " -");
    CHECK_THAT(first.out, Catch::Contains("Nyckeltal"));
    CHECK_THAT(first.out, Catch::Contains("Status vid avslut"));
    const CommandResult second = run_command("pdftotext -f 2 -l 2 " + shell_quote(pdf.string()) + " -");
    CHECK_THAT(second.out, Catch::StartsWith("Tabell 1. Deltagare per delprojekt") || Catch::Contains("\nTabell 1. Deltagare per delprojekt"));
    const CommandResult text = run_command("pdftotext -layout " + shell_quote(pdf.string()) + " -");
    REQUIRE(text.exit_code == 0);
    // Every table of the report, and the about section.
    for (const char* title : {"Tabell 1. Deltagare per delprojekt", "Tabell 1b. Ålder vid första start", "Tabell 2. Status vid avslut",
                              "Tabell 2b. Till studier eller arbete vid avslut", "Tabell 3. Stegförflyttningar",
                              "Tabell 4. Frånvaro första och sista perioden", "Tabell 5. Deltagartid per månad och delprojekt",
                              "Tabell 5b. Deltagartid och dess värde", "Tabell 6. Datakvalitet", "Tabell 6b. Skäl till avvisade rader",
                              "Om rapporten", "Indatafiler", "Insticksprogram"}) {
        INFO(title);
        CHECK_THAT(text.out, Catch::Contains(title));
    }
    // Key figures (pdftotext turns the no-break space between digit groups into a space):
    // table 1's totals, the region's exited participants (table 2), the whole period's
    // hours and value (tables 5 and 5b), the rows read (table 6).
    for (const char* figure : {"119", "146", "265", "1 366", "238", "46 278", "8 209 462,01", "17 212"}) {
        INFO(figure);
        CHECK_THAT(text.out, Catch::Contains(figure));
    }
    // Table 5c is a sheet of the workbook only.
    CHECK_THAT(text.out, !Catch::Contains("Tabell 5c"));
    CHECK(read_xlsx(out / "slutrapport-orebro-lan.xlsx").count("5c Deltagartid per månad") == 1);
    // Every subproject is named, the sexes with one word pair only.
    for (const Expected& e : kTable) CHECK_THAT(text.out, Catch::Contains(e.name));
    CHECK_THAT(text.out, Catch::Contains("Kvinnor") && Catch::Contains("Män"));
    CHECK_THAT(text.out, !Catch::Contains("Flickor") && !Catch::Contains("Pojkar"));
    // Swedish words for the kinds of data in table 6.
    CHECK(std::regex_search(text.out, std::regex("Deltagare +data/ljusnarsberg/participants\\.csv")));
    CHECK(std::regex_search(text.out, std::regex("Bedömningar +data/karlskoga-degerfors/assessments\\.csv")));
    CHECK(std::regex_search(text.out, std::regex("Deltagartid +data/ljusnarsberg/hours\\.csv")));
    CHECK_FALSE(std::regex_search(text.out, std::regex("(participants|assessments|hours) +data/")));
}

// Karlskoga/Degerfors' periods name their activity, shaped like Katrineholm's
// local report: individual support 30 (13 of them back in studies), the groups
// lovplugg 19 and 7tjugo 11 (examples/orebro/generator: nobody is in two, so
// the activities add up to the subproject's 60 here; core tests cover a person
// in two). Tables 1-3 show them beneath the subproject, in no total.
TEST_CASE("the example's activities: rows beneath Karlskoga/Degerfors in tables 1 to 3 - 13 of 30 back in studies") {
    TempDir out("e2e-example-activities");
    const CommandResult r = run_esfreport("run " + shell_quote(kConfig) + " --out " + shell_quote((out / "internal").string()) + " --quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto sheets = read_xlsx(out / "internal/slutrapport-orebro-lan.xlsx");

    // Table 1: by sex, beneath the subproject, and the total unchanged.
    const auto& t1 = sheets.at("1 Deltagare");
    struct Activity {
        std::string label;
        int women, men;
    };
    const std::vector<Activity> activities = {{"– lovplugg", 7, 12}, {"– 7tjugo", 5, 6}, {"– individuellt stöd", 13, 17}};
    std::size_t karlskoga_at = 0;
    for (std::size_t i = 0; i < t1.size(); ++i)
        if (!t1[i].empty() && t1[i][0] == "s:Karlskoga/Degerfors kommuner") karlskoga_at = i;
    REQUIRE(karlskoga_at > 0);
    for (std::size_t k = 0; k < activities.size(); ++k) {
        const auto& row = t1.at(karlskoga_at + 1 + k);  // in order of first appearance in the file
        INFO(activities[k].label);
        REQUIRE(row.size() >= 7);
        CHECK(row[0] == "s:" + activities[k].label);
        CHECK(row[1] == "e:");  // target ages and other affected are the subproject's
        CHECK(row[3] == "n:" + std::to_string(activities[k].women));
        CHECK(row[4] == "n:" + std::to_string(activities[k].men));
        CHECK(row[5] == "n:" + std::to_string(activities[k].women + activities[k].men));
        CHECK(row[6] == "e:");
    }
    CHECK(t1.at(karlskoga_at + 4)[0] == "s:Sydnärkes utbildningsförbund");
    const auto* total = find_row(t1, "s:Totalt");
    REQUIRE(total != nullptr);
    CHECK((*total)[5] == "n:265");

    // Table 2: in the block of all sexes, individual support: studies 13 of 30 exited (43 %).
    const auto& t2 = sheets.at("2 Status vid avslut");
    const std::vector<std::string>* support = nullptr;
    int activity_rows = 0;
    for (const auto& row : t2) {
        if (row.size() < 23 || row[1].rfind("s:– ", 0) != 0) continue;
        ++activity_rows;
        CHECK(row[0] == "s:Totalt");  // not by sex
        if (row[1] == "s:– individuellt stöd") support = &row;
    }
    CHECK(activity_rows == 3);
    REQUIRE(support != nullptr);
    CHECK((*support)[2] == "n:13");     // studies
    CHECK((*support)[3].rfind("n:0.433", 0) == 0);  // 13 / 30
    CHECK((*support)[22] == "n:30");    // exited

    // Table 3: the coaching ladder for each activity's participants.
    const auto& t3 = sheets.at("3 Stegförflyttningar");
    int ladder_rows = 0;
    for (const auto& row : t3)
        if (row.size() > 2 && row[0].rfind("s:– ", 0) == 0 && row[1] == "s:Coachingtrappan") ++ladder_rows;
    CHECK(ladder_rows == 3);

    // A public report publishes subprojects only: no activity anywhere.
    const CommandResult pub =
        run_esfreport("run " + shell_quote(kConfig) + " --public --out " + shell_quote((out / "public").string()) + " --quiet");
    INFO(pub.err);
    REQUIRE(pub.exit_code == 0);
    for (const auto& [name, rows] : read_xlsx(out / "public/slutrapport-orebro-lan.xlsx"))
        for (const auto& row : rows)
            for (const std::string& cell : row) CHECK(cell.find("lovplugg") == std::string::npos);
    CHECK(read_file(out / "public/slutrapport-orebro-lan.html").find("individuellt stöd") == std::string::npos);
}
