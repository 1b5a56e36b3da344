// load_config: every mistake in a configuration is a ConfigError naming the
// file, the line where toml++ knows it, and the key; a valid file is read
// field by field.
#include "test_support.hpp"

#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/errors.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace esfreport;
using namespace esfreport::test;
using Catch::Contains;
using Catch::StartsWith;
namespace fs = std::filesystem;

namespace {

// The [project] table of most cases: lines 1-4.
const std::string kProject = "[project]\n"
                             "name = \"Fixture project\"\n"
                             "period_start = 2017-01-01\n"
                             "period_end = 2017-12-31\n";

// A complete subproject; `extra` is appended inside its table.
std::string subproject(const std::string& id, const std::string& extra = "") {
    return "\n[[subproject]]\n"
           "id = \"" + id + "\"\n"
           "name = \"Subproject " + id + "\"\n"
           "region = \"Örebro län\"\n"
           "plugin = \"csv\"\n"
           "source = \"data/" + id + "\"\n" + extra;
}

// Writes `toml` as config.toml in `dir` and returns the ConfigError's text.
std::string config_error(const TempDir& dir, const std::string& toml) {
    const fs::path file = dir / "config.toml";
    write_file(file, toml);
    try {
        load_config(file);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("load_config accepted:\n" << toml);
    return {};
}

}  // namespace

TEST_CASE("Config: a file that cannot be read") {
    TempDir dir("config-unreadable");
    try {
        load_config(dir / "nothing-here.toml");
        FAIL("load_config read a file that does not exist");
    } catch (const ConfigError& e) {
        REQUIRE_THAT(e.what(), Contains((dir / "nothing-here.toml").string() + ": cannot read the configuration file"));
    }
}

TEST_CASE("Config: TOML syntax errors name file - line and column") {
    TempDir dir("config-syntax");
    const std::string m = config_error(dir, kProject + "disclosure_k = = 3\n");
    REQUIRE_THAT(m, StartsWith((dir / "config.toml").string() + ":5:"));
}

TEST_CASE("Config: unknown keys are errors wherever they are") {
    TempDir dir("config-unknown-key");
    const std::string file = (dir / "config.toml").string();

    SECTION("top level") {
        const std::string m = config_error(dir, "title = \"x\"\n" + kProject + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":1: 'title': unknown key (expected one of: project, subproject, scale)"));
    }
    SECTION("in [project]") {
        const std::string m = config_error(dir, kProject + "colour = \"blue\"\n" + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":5: 'project.colour': unknown key (expected one of: name, period_start, period_end, "
                                          "unit_cost, absence_thresholds, disclosure_k, protected_identity, "
                                          "plugin_timeout_seconds, participant_time_sheets, pseudonym_key_file, registration_number)"));
    }
    SECTION("in [[subproject]]") {
        // subproject() puts the header on line 6, id..source on 7-11.
        const std::string m = config_error(dir, kProject + subproject("alpha", "sourse = \"typo\"\n"));
        REQUIRE_THAT(m, StartsWith(file + ":12: 'subproject.sourse': unknown key (expected one of: id, name, region, plugin, "
                                          "source, other_affected"));
    }
    SECTION("in [[scale]]") {
        const std::string m = config_error(dir, kProject + "\n[[scale]]\nid = \"s\"\nsteps = [1, 2]\nlevels = 2\n" + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":9: 'scale.levels': unknown key"));
    }
}

TEST_CASE("Config: missing required keys") {
    TempDir dir("config-missing-key");
    const std::string file = (dir / "config.toml").string();

    SECTION("project.name") {
        const std::string m = config_error(dir, "[project]\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n" + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file));
        REQUIRE_THAT(m, Contains("'project.name': missing (required)"));
    }
    SECTION("a subproject's region") {
        const std::string m = config_error(dir, kProject +
                                                    "\n[[subproject]]\nid = \"alpha\"\nname = \"A\"\nplugin = \"csv\"\nsource = \"d\"\n");
        REQUIRE_THAT(m, StartsWith(file));
        REQUIRE_THAT(m, Contains("'subproject[alpha].region': missing (required)"));
    }
    SECTION("no [project] table") {
        const std::string m = config_error(dir, subproject("alpha"));
        REQUIRE_THAT(m, Contains("'project': missing [project] table"));
    }
    SECTION("no subproject") {
        const std::string m = config_error(dir, kProject);
        REQUIRE_THAT(m, Contains("'subproject': no [[subproject]] configured"));
    }
    SECTION("an empty required text") {
        const std::string m = config_error(dir, "[project]\nname = \"\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n" +
                                                    subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":2: 'project.name': must not be empty"));
    }
}

TEST_CASE("Config: duplicate subproject id") {
    TempDir dir("config-duplicate-id");
    // First subproject on lines 5-11 (blank line, header, five keys); the
    // second's header is on line 13, its id on line 14.
    const std::string m = config_error(dir, kProject + subproject("alpha") + subproject("alpha"));
    REQUIRE_THAT(m, StartsWith((dir / "config.toml").string() + ":14: 'subproject.id': duplicate subproject id 'alpha'"));
}

TEST_CASE("Config: a subproject id with characters that do not fit a file name") {
    TempDir dir("config-bad-id");
    const std::string m = config_error(dir, kProject + subproject("alpha/beta"));
    REQUIRE_THAT(m, StartsWith((dir / "config.toml").string() + ":7: 'subproject.id': 'alpha/beta' must be letters"));
}

TEST_CASE("Config: the period must not end before it starts") {
    TempDir dir("config-period");
    const std::string m = config_error(dir, "[project]\nname = \"P\"\nperiod_start = 2017-01-01\nperiod_end = 2016-12-31\n" +
                                                subproject("alpha"));
    REQUIRE_THAT(m, StartsWith((dir / "config.toml").string() +
                               ":4: 'project.period_end': the period ends (2016-12-31) before it starts (2017-01-01)"));
}

TEST_CASE("Config: bad dates") {
    TempDir dir("config-bad-date");
    const std::string file = (dir / "config.toml").string();

    SECTION("a quoted date that does not exist") {
        const std::string m = config_error(dir, "[project]\nname = \"P\"\nperiod_start = \"2017-02-30\"\nperiod_end = 2017-12-31\n" +
                                                    subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":3: 'project.period_start': expected a date YYYY-MM-DD"));
    }
    SECTION("a number where a date belongs") {
        const std::string m = config_error(dir, "[project]\nname = \"P\"\nperiod_start = 2017-01-01\nperiod_end = 2017\n" +
                                                    subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":4: 'project.period_end': expected a date YYYY-MM-DD"));
    }
    SECTION("a TOML date with month 13 is a syntax error with line and column") {
        const std::string m = config_error(dir, "[project]\nname = \"P\"\nperiod_start = 2017-13-01\nperiod_end = 2017-12-31\n" +
                                                    subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":3:"));
    }
}

TEST_CASE("Config: target age ranges") {
    TempDir dir("config-age-range");
    const std::string file = (dir / "config.toml").string();

    SECTION("not a range") {
        const std::string m = config_error(dir, kProject + subproject("alpha", "target_ages_in_school = \"teenagers\"\n"));
        REQUIRE_THAT(m, StartsWith(file + ":12: 'subproject[alpha].target_ages_in_school': expected an age range such as \"16–19\""));
    }
    SECTION("a range that ends before it starts") {
        const std::string m = config_error(dir, kProject + subproject("alpha", "target_ages_outside_school = \"24-18\"\n"));
        REQUIRE_THAT(m, StartsWith(file + ":12: 'subproject[alpha].target_ages_outside_school': the range ends before it starts"));
    }
}

TEST_CASE("Config: scales") {
    TempDir dir("config-scale");
    const std::string file = (dir / "config.toml").string();

    SECTION("unknown kind") {
        const std::string m =
            config_error(dir, kProject + "\n[[scale]]\nid = \"trappa\"\nkind = \"nominal\"\nsteps = [1, 2, 3]\n" + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":8: 'scale[trappa].kind': expected \"ordinal\" or \"categorical\""));
    }
    SECTION("step_labels count differs from steps") {
        const std::string m = config_error(
            dir, kProject + "\n[[scale]]\nid = \"trappa\"\nsteps = [1, 2, 3]\nstep_labels = [\"Hemma\", \"Kontakt\"]\n" + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":9: 'scale[trappa].step_labels': expected 3 labels, one per step"));
    }
    SECTION("a step listed twice") {
        const std::string m = config_error(dir, kProject + "\n[[scale]]\nid = \"trappa\"\nsteps = [1, 2, 2]\n" + subproject("alpha"));
        REQUIRE_THAT(m, StartsWith(file + ":8: 'scale[trappa].steps': step '2' is listed twice"));
    }
    SECTION("a subproject referring to a scale that is not configured") {
        const std::string m = config_error(dir, kProject + "\n[[scale]]\nid = \"trappa\"\nsteps = [1, 2]\n" +
                                                    subproject("alpha", "scales = [\"trappa\", \"stege\"]\n"));
        REQUIRE_THAT(m, StartsWith(file + ": 'subproject[alpha].scales': unknown scale 'stege'"));
    }
}

TEST_CASE("Config: unit_cost keys are years") {
    TempDir dir("config-unit-cost");
    const std::string m = config_error(dir, kProject + "\n[project.unit_cost]\n2017 = 180.0\ncost2018 = 185.0\n" + subproject("alpha"));
    REQUIRE_THAT(m, StartsWith((dir / "config.toml").string() +
                               ":8: 'project.unit_cost.cost2018': expected a year (e.g. 2017 = 180.0) or example = true"));
}

TEST_CASE("Config: a valid configuration is read field by field") {
    TempDir dir("config-valid");
    const fs::path file = dir / "projects" / "orebro.toml";
    write_file(file, R"(# A complete configuration.
[project]
name = "#jagmed test"
period_start = 2016-01-01
period_end = "2018-12-31"
absence_thresholds = [0.1, 0.25]
disclosure_k = 5

[project.unit_cost]
example = true
2016 = 172
2017 = 176.5

[[scale]]
id = "trappa"
label = "Coachingtrappan"
steps = [1, 2, 3]
step_labels = ["Hemma", "Kontakt", "Studier/arbete"]

[[scale]]
id = "status"
kind = "categorical"
steps = ["A", "B"]
higher_is_better = false

[[subproject]]
id = "ljusnarsberg"
name = "Ljusnarsbergs kommun"
region = "Örebro län"
plugin = "csv"
source = "../data/ljusnarsberg"
other_affected = 450
target_ages_in_school = "15–20"
target_ages_outside_school = "—"
scales = ["trappa"]

[subproject.options]
delimiter = ";"
skip = 2
strict = true

[[subproject]]
id = "kumla"
name = "Kumla kommun"
region = "Örebro län"
plugin = "sql"
source = "postgresql://db.example/esf"
)");
    const ProjectConfig c = load_config(file);
    CHECK(c.file == file);
    CHECK(c.sha256.size() == 64);
    CHECK(c.name == "#jagmed test");
    CHECK(c.period_start.iso() == "2016-01-01");
    CHECK(c.period_end.iso() == "2018-12-31");
    CHECK(c.absence_thresholds == std::vector<double>{0.1, 0.25});
    CHECK(c.disclosure_k == 5);
    CHECK(c.unit_cost_is_example);
    REQUIRE(c.unit_cost.size() == 2);
    CHECK(c.unit_cost.at(2016) == 172.0);
    CHECK(c.unit_cost.at(2017) == 176.5);
    CHECK_FALSE(c.protected_identity.empty());  // the default rules

    REQUIRE(c.scales.size() == 2);
    CHECK(c.scales[0].id == "trappa");
    CHECK(c.scales[0].label == "Coachingtrappan");
    CHECK(c.scales[0].kind == ScaleKind::ordinal);
    CHECK(c.scales[0].steps == std::vector<std::string>{"1", "2", "3"});
    CHECK(c.scales[0].step_labels == std::vector<std::string>{"Hemma", "Kontakt", "Studier/arbete"});
    CHECK(c.scales[0].higher_is_better);
    CHECK(c.scales[1].id == "status");
    CHECK(c.scales[1].label == "status");  // the id when no label is given
    CHECK(c.scales[1].kind == ScaleKind::categorical);
    CHECK(c.scales[1].steps == std::vector<std::string>{"A", "B"});
    CHECK(c.scales[1].step_labels.empty());
    CHECK_FALSE(c.scales[1].higher_is_better);

    REQUIRE(c.subprojects.size() == 2);
    const SubprojectConfig& l = c.subprojects[0];
    CHECK(l.id == "ljusnarsberg");
    CHECK(l.name == "Ljusnarsbergs kommun");
    CHECK(l.region == "Örebro län");
    CHECK(l.plugin == "csv");
    // Relative to the configuration's folder, not to the working directory.
    CHECK(l.source == (dir.path() / "data" / "ljusnarsberg").string());
    CHECK(l.other_affected == std::optional<std::int64_t>(450));
    REQUIRE(l.target_ages_in_school);
    CHECK(l.target_ages_in_school->from == 15);
    CHECK(l.target_ages_in_school->to == 20);
    CHECK(l.target_ages_in_school->text == "15–20");
    CHECK_FALSE(l.target_ages_outside_school);
    CHECK(l.scales == std::vector<std::string>{"trappa"});
    REQUIRE(l.options.size() == 3);
    CHECK(l.options[0].key == "delimiter");
    CHECK(l.options[0].value == ";");
    CHECK(l.options[1].key == "skip");
    CHECK(l.options[1].value == "2");
    CHECK(l.options[2].key == "strict");
    CHECK(l.options[2].value == "true");

    const SubprojectConfig& k = c.subprojects[1];
    CHECK(k.id == "kumla");
    CHECK(k.plugin == "sql");
    CHECK(k.source == "postgresql://db.example/esf");  // a connection string is kept as given
    CHECK_FALSE(k.other_affected);
    CHECK_FALSE(k.target_ages_in_school);
    CHECK(k.options.empty());
    CHECK(k.scales.empty());
}

// --- Bounds and file kinds (issue 8) ------------------------------------------

TEST_CASE("Config: only a regular file of at most 16 MiB is read") {
    TempDir dir("config-file-kinds");
    // Seen: a configuration at /dev/zero was read until bad_alloc.
    try {
        load_config("/dev/zero");
        FAIL("load_config read /dev/zero");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == "/dev/zero: the configuration file is a character device, not a regular file");
    }
    const fs::path fifo = dir / "fifo.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    try {
        load_config(fifo);
        FAIL("load_config read a FIFO");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == fifo.string() + ": the configuration file is a FIFO, not a regular file");
    }
    const fs::path big = dir / "big.toml";
    write_file(big, kProject + std::string(16u << 20, '#'));
    try {
        load_config(big);
        FAIL("load_config read a file over 16 MiB");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == big.string() + ": the configuration file is " + std::to_string(kProject.size() + (16u << 20)) +
                                           " bytes (at most 16777216)");
    }
}

TEST_CASE("Config: ids and names are bounded and checked without a regular expression") {
    TempDir dir("config-bounds");
    const std::string file = (dir / "config.toml").string();
    // Seen: a subproject id of 40,000 characters crashed std::regex (SIGSEGV).
    CHECK_THAT(config_error(dir, kProject + subproject(std::string(40000, 'a'))),
               StartsWith(file + ":7: 'subproject.id': too long: 40000 characters (at most 64)"));
    const std::string long_name = "[project]\nname = \"" + std::string(201, 'n') + "\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n";
    CHECK_THAT(config_error(dir, long_name + subproject("alpha")),
               StartsWith(file + ":2: 'project.name': too long: 201 characters (at most 200)"));
    CHECK_THAT(config_error(dir, kProject + subproject("alpha", "target_ages_in_school = \"16" + std::string(50000, ' ') + "-19\"\n")),
               StartsWith(file + ":12: 'subproject[alpha].target_ages_in_school': too long: 50005 characters (at most 200)"));
    CHECK_THAT(config_error(dir, kProject + "\n[[scale]]\nid = \"" + std::string(65, 's') + "\"\nsteps = [1]\n" + subproject("alpha")),
               StartsWith(file + ":7: 'scale.id': too long: 65 characters (at most 64)"));
    std::string nul_region = subproject("alpha");
    nul_region.replace(nul_region.find("Örebro län"), std::string("Örebro län").size(), "Örebro\\u0000län");
    CHECK_THAT(config_error(dir, kProject + nul_region), StartsWith(file + ":9: 'subproject[alpha].region': contains a NUL character"));
    CHECK_THAT(config_error(dir, kProject + std::string(100000, 'k') + " = 1\n" + subproject("alpha")),
               StartsWith(file + ":5: 'project." + std::string(64, 'k') + "…': unknown key"));
    // A plugin name becomes a file name: it is an id.
    CHECK_THAT(config_error(dir, "[project]\nname = \"P\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n\n[[subproject]]\nid = \"a\"\n"
                                 "name = \"A\"\nregion = \"R\"\nplugin = \"../csv\"\nsource = \"d\"\n"),
               StartsWith(file + ":10: 'subproject[a].plugin': '../csv' must start with a letter or digit"));
    // Age ranges are read by a character loop, spaces and dashes as before.
    write_file(dir / "ok.toml", kProject + subproject("alpha", "target_ages_in_school = \" 16 – 19 \"\ntarget_ages_outside_school = \"-\"\n"));
    const ProjectConfig c = load_config(dir / "ok.toml");
    REQUIRE(c.subprojects[0].target_ages_in_school);
    CHECK(c.subprojects[0].target_ages_in_school->from == 16);
    CHECK(c.subprojects[0].target_ages_in_school->to == 19);
    CHECK_FALSE(c.subprojects[0].target_ages_outside_school);
    CHECK_THAT(config_error(dir, kProject + subproject("alpha", "target_ages_in_school = \"1000-1001\"\n")),
               StartsWith(file + ":12: 'subproject[alpha].target_ages_in_school': expected an age range such as \"16–19\""));
}

TEST_CASE("Config: a protected-identity pattern that cannot be compiled names its line") {
    TempDir dir("config-pattern");
    const std::string file = (dir / "config.toml").string();
    CHECK_THAT(config_error(dir, kProject + "protected_identity = [{ pattern = \"\\\\d{8}(Tf29\", sex = \"female\" }]\n" + subproject("alpha")),
               StartsWith(file + ":5: 'project.protected_identity.pattern': pattern '\\d{8}(Tf29' is not a valid regular expression"));
    CHECK_THAT(config_error(dir, kProject + "protected_identity = [{ pattern = \"" + std::string(257, 'a') + "\", sex = \"female\" }]\n" +
                                     subproject("alpha")),
               StartsWith(file + ":5: 'project.protected_identity.pattern': too long: 257 characters (at most 256)"));
}

TEST_CASE("Config: at most 65535 scales - their ids checked for duplicates by a hash set") {
    // Seen: 2,000,000 [[scale]] tables spent minutes in a duplicate check that
    // compared every scale with every other. Scales are numbered in 16 bits:
    // more are refused at once, and the duplicate check is linear.
    TempDir dir("config-many-scales");
    const std::string file = (dir / "config.toml").string();
    const auto scales = [](int count) {
        std::string toml = kProject;
        for (int i = 0; i < count; ++i) toml += "[[scale]]\nid = \"s" + std::to_string(i) + "\"\nsteps = [1]\n";
        return toml;
    };
    CHECK_THAT(config_error(dir, scales(200000) + subproject("alpha")), StartsWith(file + ":5: 'scale': 200000 scales (at most 65535)"));
    CHECK_THAT(config_error(dir, scales(65534) + "[[scale]]\nid = \"s17\"\nsteps = [1]\n" + subproject("alpha")),
               StartsWith(file + ":" + std::to_string(4 + 3 * 65534 + 2) + ": 'scale.id': duplicate scale id 's17'"));
}

TEST_CASE("Config: a scheme:path source keeps its scheme and gets its path resolved") {
    TempDir dir("config-scheme-path");
    const fs::path file = dir / "conf" / "config.toml";
    write_file(file, kProject +
                         "\n[[subproject]]\nid = \"a\"\nname = \"A\"\nregion = \"R\"\nplugin = \"sql\"\nsource = \"sqlite:../db/a.db\"\n"
                         "\n[[subproject]]\nid = \"b\"\nname = \"B\"\nregion = \"R\"\nplugin = \"sql\"\nsource = \"sqlite:/srv/b.db\"\n"
                         "\n[[subproject]]\nid = \"c\"\nname = \"C\"\nregion = \"R\"\nplugin = \"sql\"\n"
                         "source = \"postgresql:///esf?host=/run/postgresql\"\n");
    const ProjectConfig c = load_config(file);
    REQUIRE(c.subprojects.size() == 3);
    // Not "<conf>/sqlite:../db/a.db" made "<conf>/db/a.db" by lexically_normal.
    CHECK(c.subprojects[0].source == "sqlite:" + (dir.path() / "db" / "a.db").string());
    CHECK(c.subprojects[1].source == "sqlite:/srv/b.db");
    CHECK(c.subprojects[2].source == "postgresql:///esf?host=/run/postgresql");
}

// Numbers TOML accepts but no figure of a report can be. Caught by the checks
// of the config fuzz target (inputs in tests/fuzz/corpus/config/regress-*).
TEST_CASE("Config: nan and inf are not a share or a cost") {
    TempDir dir("config-not-finite");
    const std::string file = (dir / "config.toml").string();
    CHECK(config_error(dir, kProject + "absence_thresholds = [0.2, nan]\n" + subproject("a")) ==
          file + ":5: 'project.absence_thresholds': expected a finite number");
    CHECK(config_error(dir, kProject + "absence_thresholds = [-nan]\n" + subproject("a")) ==
          file + ":5: 'project.absence_thresholds': expected a finite number");
    CHECK(config_error(dir, kProject + "[project.unit_cost]\n2017 = inf\n" + subproject("a")) ==
          file + ":6: 'project.unit_cost.2017': expected a finite number");
    CHECK(config_error(dir, kProject + "[project.unit_cost]\n2017 = nan\n" + subproject("a")) ==
          file + ":6: 'project.unit_cost.2017': expected a finite number");
}

TEST_CASE("Config: disclosure_k beyond a whole number the report can hold") {
    TempDir dir("config-disclosure-k");
    // 2^32 was read as 0: no disclosure control at all.
    CHECK(config_error(dir, kProject + "disclosure_k = 4294967296\n" + subproject("a")) ==
          (dir / "config.toml").string() + ":5: 'project.disclosure_k': must be at most 2147483647");
}

TEST_CASE("Config: the pseudonym key file is relative to the configuration with pseudonym.key beside it by default") {
    TempDir dir("config-pseudonym-key");
    write_file(dir / "config.toml", kProject + subproject("a"));
    CHECK(load_config(dir / "config.toml").pseudonym_key_file == dir / "pseudonym.key");
    write_file(dir / "config.toml", kProject + "pseudonym_key_file = \"keys/../secret/evaluation.key\"\n" + subproject("a"));
    CHECK(load_config(dir / "config.toml").pseudonym_key_file == dir / "secret" / "evaluation.key");
    CHECK(config_error(dir, kProject + "pseudonym_key_file = \"\"\n" + subproject("a")) ==
          (dir / "config.toml").string() + ":5: 'project.pseudonym_key_file': expected a file name");
}

// [subproject.columns] and [subproject.values.<field>] (docs/mapping.md).
// subproject() ends on line 11; the tables below start on line 12.
TEST_CASE("Config: column and value mappings are read with where they are written") {
    TempDir dir("config-mapping");
    const fs::path file = dir / "config.toml";
    write_file(file, kProject + subproject("alpha",
                                           "[subproject.columns]\n"               // 12
                                           "person_id = \"Personnr\"\n"          // 13
                                           "exit_status = \"Status vid avslut\"\n"  // 14
                                           "[subproject.values.exit_status]\n"    // 15
                                           "\"Gått till studier\" = \"studies\"\n"  // 16
                                           "\"Fått jobb\" = \"arbete\"\n"          // 17
                                           "[subproject.values.setting]\n"        // 18
                                           "Skola = \"in_school\"\n"));
    const ProjectConfig c = load_config(file);
    const SubprojectConfig& s = c.subprojects.at(0);
    REQUIRE(s.columns.size() == 2);
    CHECK(s.columns[0].field == "person_id");
    CHECK(s.columns[0].header == "Personnr");
    CHECK(s.columns[0].origin == file.string() + ":13: 'subproject[alpha].columns.person_id'");
    CHECK(s.columns[1].field == "exit_status");
    CHECK(s.columns[1].header == "Status vid avslut");
    CHECK(s.columns[1].origin == file.string() + ":14: 'subproject[alpha].columns.exit_status'");
    REQUIRE(s.values.size() == 3);
    CHECK((s.values[0].field == "exit_status" && s.values[0].word == "Gått till studier" && s.values[0].value == "studies"));
    CHECK((s.values[1].field == "exit_status" && s.values[1].word == "Fått jobb" && s.values[1].value == "arbete"));
    CHECK((s.values[2].field == "setting" && s.values[2].word == "Skola" && s.values[2].value == "in_school"));
}

TEST_CASE("Config: column mapping errors name file - line and key") {
    TempDir dir("config-mapping-errors");
    const std::string file = (dir / "config.toml").string();
    SECTION("a field that is no canonical column") {
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.columns]\npersonnummer = \"Pnr\"\n")) ==
              file + ":13: 'subproject[alpha].columns.personnummer': not a canonical field (see canonical-csv.md: "
                     "person_id, sex, start_date, end_date, setting, exit_status, ...)");
    }
    SECTION("two fields mapped to one header - case and spaces ignored") {
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.columns]\nstart_date = \"Datum\"\n"
                                                               "end_date = \" DATUM \"\n")) ==
              file + ":14: 'subproject[alpha].columns.end_date': the header ' DATUM ' is already mapped to start_date (" +
                  file + ":13: 'subproject[alpha].columns.start_date'); two fields cannot share a column");
    }
    SECTION("an empty header") {
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.columns]\nsex = \"  \"\n")) ==
              file + ":13: 'subproject[alpha].columns.sex': the header must not be empty");
    }
    SECTION("not a table") {
        CHECK(config_error(dir, kProject + subproject("alpha", "columns = \"Personnr\"\n")) ==
              file + ":12: 'subproject[alpha].columns': expected a table of canonical field = \"the source's header\"");
    }
}

TEST_CASE("Config: value mapping errors name file - line and key") {
    TempDir dir("config-value-errors");
    const std::string file = (dir / "config.toml").string();
    SECTION("a field that takes no labels") {
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.values.start_date]\n\"igår\" = \"2024-01-01\"\n")) ==
              file + ":12: 'subproject[alpha].values.start_date': the field takes no labels; only sex, setting and "
                     "exit_status have values to map");
    }
    SECTION("a value that is no label of the field") {
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.values.exit_status]\n\"Fått jobb\" = \"job\"\n")) ==
              file + ":13: 'subproject[alpha].values.exit_status.Fått jobb': 'job' is not a value of exit_status (expected "
                     "studier, studies, arbete, work, studier och arbete, studies_and_work, arbetssökande, job_seeking, "
                     "annan myndighet, other_authority, annan insats, other_measure, avbrott, dropout, ej nådd, "
                     "not_reached, övrigt, other or okänd, unknown)");
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.values.sex]\nKvinnlig = \"woman\"\n")) ==
              file + ":13: 'subproject[alpha].values.sex.Kvinnlig': 'woman' is not a value of sex (expected K, kvinna, "
                     "F, female, M, man, male, X, icke-binär or non_binary)");
    }
    SECTION("one word twice - case and spaces ignored") {
        CHECK(config_error(dir, kProject + subproject("alpha", "[subproject.values.setting]\nSkola = \"in_school\"\n"
                                                               "\" skola\" = \"outside_school\"\n")) ==
              file + ":14: 'subproject[alpha].values.setting. skola': the word ' skola' is mapped twice (also as "
                     "'Skola'; case and surrounding spaces are ignored)");
    }
}

TEST_CASE("Config: the registration number is optional and checked") {
    TempDir dir("config-registration-number");
    write_file(dir / "config.toml", kProject + subproject("a"));
    CHECK(load_config(dir / "config.toml").registration_number.empty());
    write_file(dir / "config.toml", kProject + "registration_number = \"2016/00234\"\n" + subproject("a"));
    CHECK(load_config(dir / "config.toml").registration_number == "2016/00234");
    const std::string expected = (dir / "config.toml").string() +
                                 ":5: 'project.registration_number': expected the project's registration number at the ESF "
                                 "Council, e.g. \"2016/00234\" (digits, letters, '/', '-' and '.', at most 32 characters)";
    CHECK(config_error(dir, kProject + "registration_number = \"\"\n" + subproject("a")) == expected);
    CHECK(config_error(dir, kProject + "registration_number = \"2016/00234; rm -rf\"\n" + subproject("a")) == expected);
    CHECK(config_error(dir, kProject + "registration_number = \"" + std::string(33, '1') + "\"\n" + subproject("a")) == expected);
}
