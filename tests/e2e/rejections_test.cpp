// Bad input through the whole CLI: every row accepted or rejected with file,
// line, column and reason; --strict; sources that cannot be read at all; no
// whole personnummer in any message.
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsx_dump.hpp"

#include <sys/stat.h>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// Skatteverket test numbers: 199801016685 and 199801012387 are women (8),
// 199801018731 and 199801012395 men (3, 9). 199801016686 has a wrong check
// digit (the Luhn digit of 980101668 is 5).
const char* kParticipants =
    "person_id,sex,start_date,end_date,setting,exit_status\n"
    "199801016685,K,2017-02-01,2017-06-30,i skola,studier\n"   // 2: ok
    "199801016686,,2017-02-01,,,\n"                            // 3: wrong check digit
    "199801018731,K,2017-03-01,,,\n"                           // 4: sex contradicts the number
    "199801012395,,2017-13-01,,,\n"                            // 5: not a date
    "199801012387,,2017-05-01,2017-04-01,,\n"                  // 6: end before start
    "199801016685,,2017-05-01,2017-08-01,,\n"                  // 7: overlaps line 2
    "199801012395,M,2017-03-01,,utanför skola,\n"              // 8: ok
    "199801012387,,2017-09-01,,,arbete\n";                     // 9: exit status without end date

void write_project(const TempDir& dir, const std::string& participants) {
    write_fixture_project(dir.path(), "csv");
    if (!participants.empty()) write_file(dir / "data/alpha/participants.csv", participants);
    else fs::create_directories(dir / "data/alpha");
}

}  // namespace

TEST_CASE("rejected rows are listed with file - line - column and reason - and the run goes on") {
    TempDir dir("e2e-rejections");
    write_project(dir, kParticipants);
    const std::string out = (dir / "out").string();
    const CommandResult r = run_esfreport("run " + shell_quote((dir / "project.toml").string()) + " --out " + shell_quote(out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("6 row(s) rejected, see rejected.csv"));
    const std::string file = (dir / "data/alpha/participants.csv").string();
    const std::string expected =
        "subproject,file,line,column,reason\n"
        "alpha," + file + ",3,person_id (1),wrong check digit (expected 5)\n"
        "alpha," + file + ",4,sex (2),sex 'K' contradicts the identity number (male)\n"
        "alpha," + file + ",5,start_date (3),not a date: '2017-13-01' (expected YYYY-MM-DD)\n"
        "alpha," + file + ",6,end_date (4),end date 2017-04-01 is before start date 2017-05-01\n"
        "alpha," + file + ",7,start_date,overlaps the period of the same person on line 2 (2017-02-01 – 2017-06-30)\n"
        "alpha," + file + ",9,exit_status (6),an exit status is given but no end date\n";
    CHECK(read_file(dir / "out/rejected.csv") == expected);
    struct stat st {};
    REQUIRE(::stat((dir / "out/rejected.csv").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // rows read 8 = accepted 2 + rejected 6, in the manifest.
    const std::string manifest = read_file(dir / "out/manifest.json");
    CHECK_THAT(manifest, Catch::Contains("\"rows_read\": 8"));
    CHECK_THAT(manifest, Catch::Contains("\"rows_accepted\": 2"));
    CHECK_THAT(manifest, Catch::Contains("\"rows_rejected\": 6"));
}

TEST_CASE("no message - log or rejection reason shows a whole personnummer") {
    TempDir dir("e2e-masking");
    write_project(dir, kParticipants);
    const CommandResult v = run_esfreport("validate " + shell_quote((dir / "project.toml").string()));
    REQUIRE(v.exit_code == 0);
    const CommandResult r = run_esfreport("run " + shell_quote((dir / "project.toml").string()) + " --out " + shell_quote((dir / "out").string()));
    REQUIRE(r.exit_code == 0);
    for (const std::string& text : {v.out, v.err, r.out, r.err, read_file(dir / "out/rejected.csv"), read_file(dir / "out/manifest.json")})
        for (const char* number : {"199801016685", "199801016686", "199801018731", "199801012395", "199801012387", "9801016686"}) {
            INFO(number);
            CHECK(text.find(number) == std::string::npos);
        }
}

TEST_CASE("a personnummer in the wrong column is masked where a reason quotes it") {
    TempDir dir("e2e-swapped-columns");
    // The second row has another person's number in end_date.
    write_project(dir, "person_id,start_date,end_date\n199801016685,2017-02-01,\n199801018731,2017-03-01,199801012387\n");
    const CommandResult v = run_esfreport("validate " + shell_quote((dir / "project.toml").string()) + " --quiet");
    REQUIRE(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("not a date: '************' (expected YYYY-MM-DD)"));
    CHECK(v.out.find("199801012387") == std::string::npos);
}

TEST_CASE("with the strict flag any rejected row fails the run and nothing is written") {
    TempDir dir("e2e-strict");
    write_project(dir, kParticipants);
    const CommandResult r = run_esfreport("run " + shell_quote((dir / "project.toml").string()) + " --strict --quiet --out " +
                                          shell_quote((dir / "out").string()));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("6 row(s) rejected and --strict is set; first: "));
    CHECK_THAT(r.err, Catch::Contains("participants.csv line 3, column person_id (1): wrong check digit (expected 5)"));
    CHECK_FALSE(fs::exists(dir / "out/manifest.json"));
    CHECK_FALSE(fs::exists(dir / "out/rejected.csv"));
}

TEST_CASE("a missing participants.csv stops the run with status 1 naming subproject and file") {
    TempDir dir("e2e-missing-file");
    write_project(dir, "");
    const CommandResult r = run_esfreport("validate " + shell_quote((dir / "project.toml").string()) + " --quiet");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("subproject 'alpha'"));
    CHECK_THAT(r.err, Catch::Contains("participants.csv"));
}

TEST_CASE("a missing required column stops the run with status 1 naming subproject - file and column") {
    TempDir dir("e2e-missing-column");
    write_project(dir, "person_id,sex,end_date\n199801016685,K,2017-06-30\n");
    const CommandResult r = run_esfreport("run " + shell_quote((dir / "project.toml").string()) + " --quiet --out " +
                                          shell_quote((dir / "out").string()));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("subproject 'alpha'"));
    CHECK_THAT(r.err, Catch::Contains("participants.csv"));
    CHECK_THAT(r.err, Catch::Contains("start_date"));
    CHECK_FALSE(fs::exists(dir / "out/manifest.json"));
}

TEST_CASE("usage errors exit with status 2") {
    CHECK(run_esfreport("").exit_code == 2);
    CHECK(run_esfreport("frobnicate").exit_code == 2);
    const CommandResult r = run_esfreport("run");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("'run' needs --out DIR"));
    const CommandResult o = run_esfreport("validate x.toml --no-such-option");
    CHECK(o.exit_code == 2);
    CHECK_THAT(o.err, Catch::Contains("unknown option --no-such-option"));
    const CommandResult v = run_esfreport("--version");
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::StartsWith("esfreport "));
    CHECK(run_esfreport("--help").exit_code == 0);
    const CommandResult scb = run_esfreport("scb --help");
    CHECK(scb.exit_code == 0);
    CHECK_THAT(scb.out, Catch::Contains("  scb status CONFIG [OPTIONS]"));
    CHECK(run_esfreport("scb frobnicate").exit_code == 2);
}

// --- Issue 8: warnings from every command, no whole number anywhere, bounded input

namespace {

const char* kOneParticipant = "person_id,start_date\n199801016685,2017-02-01\n";

std::string config_of(const TempDir& dir) { return shell_quote((dir / "project.toml").string()); }

}  // namespace

TEST_CASE("every command that reads a project prints the warnings once on stderr") {
    TempDir dir("e2e-warnings");
    // Seen: an ignored column was reported by validate only.
    write_project(dir, "person_id,start_date,comment\n199801016685,2017-02-01,x\n");
    const std::string warning = "esfreport: warning: alpha: " + (dir / "data/alpha/participants.csv").string() +
                                ": column 3 'comment' is not used; ignored\n";
    const std::string out = shell_quote((dir / "out").string());
    for (const std::string& command : {"validate " + config_of(dir), "run " + config_of(dir) + " --out " + out,
                                       "scb esf " + config_of(dir) + " --all --out " + out,
                                       "scb kaa " + config_of(dir) + " --half 2017-H1 --out " + out, "scb status " + config_of(dir)}) {
        INFO(command);
        const CommandResult r = run_esfreport(command);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        const auto first = r.err.find(warning);
        CHECK(first != std::string::npos);
        CHECK(r.err.find(warning, first + 1) == std::string::npos);  // once
        CHECK(r.out.find("warning: ") == std::string::npos);  // not twice from validate
        // --quiet: only errors.
        const CommandResult quiet = run_esfreport(command + " --quiet");
        CHECK(quiet.exit_code == 0);
        CHECK(quiet.err.find("warning: ") == std::string::npos);
    }
}

TEST_CASE("many warnings of one kind are summarised after the first 20 by validate and run alike") {
    TempDir dir("e2e-many-warnings");
    // The csv plugin itself names ten ignored columns per file and then counts
    // the rest in one warning: three files give 30 warnings of the kind
    // "column N 'x' is not used" (whatever the file) and 3 of another.
    std::string header = "person_id,start_date", row = "199801016685,2017-02-01";
    std::string hours_header = "person_id,date,hours", hours_row = "199801016685,2017-02-06,2";
    std::string attendance_header = "person_id,period_start,period_end,scheduled_hours,absent_hours",
                attendance_row = "199801016685,2017-02-01,2017-02-28,100,5";
    for (int i = 1; i <= 25; ++i) {
        for (std::string* h : {&header, &hours_header, &attendance_header}) *h += ",extra" + std::to_string(i);
        for (std::string* r : {&row, &hours_row, &attendance_row}) *r += ",x";
    }
    write_project(dir, header + "\n" + row + "\n");
    write_fixture_project(dir.path(), "csv", "[project.unit_cost]\n2017 = 100\n");  // run values the hours
    write_file(dir / "data/alpha/hours.csv", hours_header + "\n" + hours_row + "\n");
    write_file(dir / "data/alpha/attendance.csv", attendance_header + "\n" + attendance_row + "\n");
    const auto warning_lines = [](const std::string& err) {
        std::vector<std::string> out;
        for (const std::string& line : split_fields(err, '\n'))
            if (line.rfind("esfreport: warning: ", 0) == 0) out.push_back(line);
        return out;
    };
    const CommandResult v = run_esfreport("validate " + config_of(dir));
    REQUIRE(v.exit_code == 0);
    const std::vector<std::string> shown = warning_lines(v.err);
    // The plugin reads participants, attendance, hours: 10 + 1 of
    // participants.csv, 10 of attendance.csv and the summary, the count of
    // attendance.csv, the count of hours.csv (its 10 columns summarised).
    REQUIRE(shown.size() == 24);
    CHECK_THAT(shown[20], Catch::EndsWith("attendance.csv: column 15 'extra10' is not used; ignored"));
    CHECK(shown[21] == "esfreport: warning: ... and 10 more of this kind; see the \"warnings\" of manifest.json that esfreport run writes");
    CHECK_THAT(shown[22], Catch::EndsWith("attendance.csv: 15 more columns without a name or not used; ignored"));
    CHECK_THAT(shown[23], Catch::EndsWith("hours.csv: 15 more columns without a name or not used; ignored"));

    // run prints the same warnings and names the file that lists them all.
    const fs::path out = dir / "out";
    const CommandResult r = run_esfreport("run " + config_of(dir) + " --out " + shell_quote(out.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> run_shown = warning_lines(r.err);
    REQUIRE(run_shown.size() == 24);
    CHECK(run_shown[21] == "esfreport: warning: ... and 10 more of this kind; see \"warnings\" in " + (out / "manifest.json").string());
    run_shown[21] = shown[21];
    CHECK(run_shown == shown);
    const std::string manifest = read_file(out / "manifest.json");
    std::size_t listed = 0;
    for (auto at = manifest.find("is not used; ignored"); at != std::string::npos; at = manifest.find("is not used; ignored", at + 1)) ++listed;
    CHECK(listed == 30);
}

TEST_CASE("a personnummer in a header cell - an exit status or an aggregate key is masked in every output and message") {
    TempDir dir("e2e-privacy");
    // Seen: the header cell landed in manifest.json as an ignored column; the
    // exit status was printed as '199801022394 ****'; the aggregate key whole.
    write_project(dir, "person_id,start_date,end_date,exit_status,199801022394\n"
                       "199801016685,2017-02-01,2017-03-01,199801022394 Anna,x\n");
    write_file(dir / "data/alpha/aggregates.csv", "key,value\n199801022394,3\n");
    const CommandResult v = run_esfreport("validate " + config_of(dir));
    const CommandResult r = run_esfreport("run " + config_of(dir) + " --out " + shell_quote((dir / "out").string()));
    REQUIRE(v.exit_code == 0);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("unknown exit status '************ Anna'"));
    CHECK_THAT(r.err, Catch::Contains("esfreport: warning: alpha: unknown aggregate '************' ignored"));
    CHECK_THAT(r.err, Catch::Contains("column 5 '************' is not used; ignored"));
    const std::string manifest = read_file(dir / "out/manifest.json");
    CHECK_THAT(manifest, Catch::Contains("column 5 '************' is not used; ignored"));
    CHECK_THAT(read_file(dir / "out/rejected.csv"), Catch::Contains("unknown exit status '************ Anna'"));
    for (const std::string& text : {v.out, v.err, r.out, r.err, manifest, read_file(dir / "out/rejected.csv")}) {
        CHECK(text.find("199801022394") == std::string::npos);
        CHECK(text.find("9801022394") == std::string::npos);
    }
}

TEST_CASE("over-long input gives a clear error - never a crash") {
    TempDir dir("e2e-long-input");
    // Seen: a subproject id of 40,000 characters: SIGSEGV, no message.
    write_project(dir, kOneParticipant);
    write_file(dir / "long-id.toml", "[project]\nname = \"P\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n\n[[subproject]]\n"
                                     "id = \"" + std::string(40000, 'a') + "\"\nname = \"A\"\nregion = \"R\"\nplugin = \"csv\"\nsource = \"data/alpha\"\n");
    const CommandResult id = run_esfreport("validate " + shell_quote((dir / "long-id.toml").string()));
    CHECK(id.exit_code == 2);
    CHECK_THAT(id.err, Catch::Contains((dir / "long-id.toml").string() + ":7: 'subproject.id': too long: 40000 characters (at most 64)"));

    // Seen: a person_id of 50,000 characters under a permissive rule: SIGSEGV.
    write_fixture_project(dir.path(), "csv", "", "data/alpha");
    std::string toml = read_file(dir / "project.toml");
    toml.insert(toml.find("\n\n[[subproject]]"), "\nprotected_identity = [{ pattern = \".*\", sex = \"unknown\" }]");
    write_file(dir / "project.toml", toml);
    // 32,000 characters: under the csv plugin's field limit (32,767), so the
    // host's own bound is what stops it, before any pattern is tried.
    write_file(dir / "data/alpha/participants.csv", "person_id,start_date\n19980101" + std::string(32000, 'x') + ",2017-02-01\n");
    const CommandResult person = run_esfreport("validate " + config_of(dir));
    INFO(person.err);
    CHECK(person.exit_code == 0);
    CHECK_THAT(person.out, Catch::Contains("participants.csv:2, column person_id (1): too long: 32008 characters (at most 32)"));

    // Seen: a configuration at /dev/zero was read until bad_alloc.
    const CommandResult zero = run_esfreport("validate /dev/zero");
    CHECK(zero.exit_code == 2);
    CHECK_THAT(zero.err, Catch::Contains("/dev/zero: the configuration file is a character device, not a regular file"));
}

// --- Issue 13: a row rejected only because its person's participant row was

namespace {

std::string csv_quoted(const std::string& s) { return "\"" + s + "\""; }  // no '"' in s

}  // namespace

TEST_CASE("hours rows of a person whose participant row was rejected name that row and table 6b counts them under its reason") {
    TempDir dir("e2e-cascade");
    // Line 3: 199801018731 is a man; "K" contradicts the number.
    write_project(dir, "person_id,sex,start_date\n"
                       "199801016685,K,2017-02-01\n"
                       "199801018731,K,2017-02-01\n");
    write_fixture_project(dir.path(), "csv", "[project.unit_cost]\n2017 = 100\n");
    write_file(dir / "data/alpha/hours.csv", "person_id,date,hours\n"
                                             "199801016685,2017-02-06,2\n"
                                             "199801018731,2017-02-06,2\n"
                                             "199801018731,2017-02-07,3\n"
                                             "199801012395,2017-02-07,3\n");  // never a participant
    const fs::path out = dir / "out";
    const CommandResult r = run_esfreport("run " + config_of(dir) + " --out " + shell_quote(out.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string participants = (dir / "data/alpha/participants.csv").string(), hours = (dir / "data/alpha/hours.csv").string();
    const std::string cause = "the person's participant row " + participants +
                              ":3 was rejected (sex 'K' contradicts the identity number (male)), so the person has no participation "
                              "period in subproject 'alpha'";
    CHECK(read_file(out / "rejected.csv") ==
          "subproject,file,line,column,reason\n"
          "alpha," + participants + ",3,sex (2),sex 'K' contradicts the identity number (male)\n"
          "alpha," + hours + ",3,person_id (1)," + csv_quoted(cause) + "\n"
          "alpha," + hours + ",4,person_id (1)," + csv_quoted(cause) + "\n"
          "alpha," + hours + ",5,person_id (1),the person has no participation period in subproject 'alpha'\n");

    // Table 6b: the two hours rows under the participant row's reason.
    const auto sheets = read_xlsx(out / "slutrapport-orebro-lan.xlsx");
    std::vector<std::vector<std::string>> reasons;
    for (const auto& row : sheets.at("6b Avvisade rader"))
        if (row.size() >= 5 && row[0] == "s:Alpha") reasons.push_back({row.begin() + 1, row.begin() + 5});
    CHECK(reasons == std::vector<std::vector<std::string>>{
                         {"s:person_id", "s:Personens deltagarrad avvisades: sex '…' contradicts the identity number (male)", "n:2", "n:3"},
                         {"s:person_id", "s:the person has no participation period in subproject '…'", "n:1", "n:5"},
                         {"s:sex", "s:sex '…' contradicts the identity number (male)", "n:1", "n:3"},
                     });
}
