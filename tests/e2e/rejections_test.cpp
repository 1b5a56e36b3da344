// Bad input through the whole CLI: every row accepted or rejected with file,
// line, column and reason; --strict; sources that cannot be read at all; no
// whole personnummer in any message.
#include <catch2/catch.hpp>

#include "test_support.hpp"

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
    CHECK_THAT(scb.out, Catch::Contains("esfreport scb status CONFIG"));
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

TEST_CASE("many warnings are summarised after the first 20") {
    TempDir dir("e2e-many-warnings");
    // The csv plugin itself names ten ignored columns per file and then counts
    // the rest in one warning: two files give the host 22 warnings to summarise.
    std::string header = "person_id,start_date", row = "199801016685,2017-02-01";
    std::string hours_header = "person_id,date,hours", hours_row = "199801016685,2017-02-06,2";
    for (int i = 1; i <= 25; ++i) {
        header += ",extra" + std::to_string(i);
        row += ",x";
        hours_header += ",extra" + std::to_string(i);
        hours_row += ",x";
    }
    write_project(dir, header + "\n" + row + "\n");
    write_file(dir / "data/alpha/hours.csv", hours_header + "\n" + hours_row + "\n");
    const CommandResult r = run_esfreport("validate " + config_of(dir));
    REQUIRE(r.exit_code == 0);
    std::size_t lines = 0;
    for (std::size_t at = r.err.find("esfreport: warning: "); at != std::string::npos; at = r.err.find("esfreport: warning: ", at + 1))
        ++lines;
    CHECK(lines == 21);
    CHECK_THAT(r.err, Catch::Contains("hours.csv: column 12 'extra9' is not used; ignored\nesfreport: warning: ... and 2 more warnings\n"));
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
