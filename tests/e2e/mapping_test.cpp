// [subproject.columns] and [subproject.values.*] through the esfreport
// executable, with both bundled plugins (docs/mapping.md), and the example's
// workbooks against the CSV files they are made from.
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace esfreport::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

const fs::path kExample = fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro";

// A one-subproject project: the subproject's table ends on line 11, so
// `mapping` starts on line 12.
fs::path write_project(const TempDir& dir, const std::string& plugin, const std::string& source,
                       const std::string& mapping) {
    const fs::path config = dir / "esfreport.toml";
    write_file(config, "[project]\n"
                       "name = \"Mapping\"\n"
                       "period_start = 2016-01-01\n"
                       "period_end = 2018-12-31\n"
                       "[[subproject]]\n"
                       "id = \"alpha\"\n"
                       "name = \"Alpha\"\n"
                       "region = \"Örebro län\"\n"
                       "plugin = \"" + plugin + "\"\n"
                       "source = \"" + source + "\"\n"
                       "other_affected = 0\n" +
                       mapping);
    return config;
}

CommandResult validate(const fs::path& config) {
    return run_command(shell_quote(ESFREPORT_EXE) + " validate --quiet " + shell_quote(config.string()));
}

}  // namespace

TEST_CASE("Mapping: the example's workbooks hold exactly what make_workbooks.py makes of its CSV files") {
    const CommandResult r = run_command(std::string(ESFREPORT_PYTHON) + " " +
                                        shell_quote((kExample / "make_workbooks.py").string()) + " --check");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("Mapping: a mapped header that a CSV file lacks is a configuration error naming file - line and key") {
    TempDir dir("e2e-mapping-csv");
    fs::create_directories(dir / "data");
    write_file(dir / "data/participants.csv", "Personnummer,Startdatum,Avslutsorsak\n199710052391,2016-01-16,\n");
    const fs::path config = write_project(dir, "csv", "data", "[subproject.columns]\nperson_id = \"Personnr\"\n");
    const CommandResult r = validate(config);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: " + config.string() + ":13: 'subproject[alpha].columns.person_id': " +
                       (dir / "data/participants.csv").string() + " has no column 'Personnr' (mapped to person_id)\n");
}

TEST_CASE("Mapping: a mapped header that a sheet lacks is a configuration error naming file - line and key") {
    TempDir dir("e2e-mapping-xlsx");
    fs::copy_file(kExample / "workbooks/kumla.xlsx", dir / "kumla.xlsx");
    const fs::path config = write_project(dir, "xlsx", "kumla.xlsx",
                                          "[subproject.columns]\nperson_id = \"Personnr\"\nexit_status = \"Status\"\n");
    const CommandResult r = validate(config);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: " + config.string() + ":14: 'subproject[alpha].columns.exit_status': " +
                       (dir / "kumla.xlsx").string() + "!Deltagare has no column 'Status' (mapped to exit_status)\n");
}

TEST_CASE("Mapping: a workbook's own words are read through the value map - and an unmapped word is rejected") {
    TempDir dir("e2e-mapping-values");
    fs::copy_file(kExample / "workbooks/kumla.xlsx", dir / "kumla.xlsx");
    // Kumla's words, less "Hoppade av" (dropout): those rows are rejected.
    const std::string mapping = "[subproject.columns]\n"
                                "person_id = \"Personnr\"\n"
                                "setting = \"Skola eller fritid\"\n"
                                "exit_status = \"Resultat\"\n"
                                "[subproject.values.setting]\n"
                                "\"Skola\" = \"in_school\"\n"
                                "\"Fritid\" = \"outside_school\"\n"
                                "[subproject.values.exit_status]\n"
                                "\"Gått till studier\" = \"studies\"\n"
                                "\"Fått jobb\" = \"work\"\n"
                                "\"Studier och jobb\" = \"studies_and_work\"\n"
                                "\"Söker jobb\" = \"job_seeking\"\n"
                                "\"Annat\" = \"other\"\n"
                                "\"Vet ej\" = \"unknown\"\n";
    const CommandResult r = run_command(shell_quote(ESFREPORT_EXE) + " validate " +
                                        shell_quote(write_project(dir, "xlsx", "kumla.xlsx", mapping).string()));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    // data/kumla has five dropouts (written "Hoppade av" in the workbook).
    CHECK_THAT(r.out, Contains("kumla.xlsx!Deltagare"));
    CHECK_THAT(r.out, Contains("unknown exit status 'Hoppade av' (expected this subproject's 'Gått till studier', "
                               "'Fått jobb', 'Studier och jobb', 'Söker jobb', 'Annat', 'Vet ej', or studier, studies,"));
}
