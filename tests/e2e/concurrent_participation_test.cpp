// A person in two subprojects at the same time: a warning from every command
// that reads the project and a note under table 6, as counts, never identities.
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsx_dump.hpp"

using namespace esfreport::test;

namespace {

// Skatteverket test numbers: 199801016685 (woman) in Alpha February-June and
// in Beta from April (open): one common stretch. 199801012395 (man) in Alpha
// until March and in Beta from April: no common day.
void write_project(const TempDir& dir) {
    write_fixture_project(dir.path(), "csv",
                          "\n[[subproject]]\nid = \"beta\"\nname = \"Beta\"\nregion = \"Örebro län\"\n"
                          "plugin = \"csv\"\nsource = \"data/beta\"\n");
    write_file(dir / "data/alpha/participants.csv",
               "person_id,sex,start_date,end_date,setting,exit_status\n"
               "199801016685,K,2017-02-01,2017-06-30,i skola,studier\n"
               "199801012395,M,2017-01-01,2017-03-31,i skola,arbete\n");
    write_file(dir / "data/beta/participants.csv",
               "person_id,sex,start_date,end_date,setting,exit_status\n"
               "199801016685,K,2017-04-01,,utanför skola,\n"
               "199801012395,M,2017-04-01,,utanför skola,\n");
}

}  // namespace

TEST_CASE("a person in two subprojects at the same time is a warning and a note under table 6") {
    TempDir dir("e2e-concurrent");
    write_project(dir);
    const std::string project = shell_quote((dir / "project.toml").string());
    const std::string warning =
        "esfreport: warning: 1 person takes part in Alpha and Beta at the same time "
        "(counted in both subprojects, once in the region and the programme)\n";

    const CommandResult v = run_esfreport("validate " + project);
    INFO(v.err);
    REQUIRE(v.exit_code == 0);
    CHECK_THAT(v.err, Catch::Contains(warning));

    const CommandResult r = run_esfreport("run " + project + " --out " + shell_quote((dir / "out").string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains(warning));
    for (const std::string& text : {v.err, r.err}) CHECK(text.find("199801016685") == std::string::npos);

    // The region's table 6: the note under the table names the pair and the count.
    const auto sheets = read_xlsx(dir / "out/slutrapport-orebro-lan.xlsx");
    REQUIRE(sheets.count("6 Datakvalitet"));
    bool found = false;
    for (const auto& row : sheets.at("6 Datakvalitet"))
        for (const std::string& cell : row)
            found = found || cell == "s:Varning: personer i två delprojekt samtidigt (räknas i båda delprojekten, "
                                     "en gång i region och program): Alpha – Beta 1.";
    CHECK(found);
}
