// The esfreport executable against broken plugins: each failure is one clear
// line on stderr and the documented exit status (1 data, 2 configuration), and
// a failed run writes nothing.
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace esfreport::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

fs::path fixture_dir(const std::string& name) { return fs::path(ESFREPORT_TEST_PLUGIN_DIR) / name; }
fs::path fixture_library(const std::string& name) { return fixture_dir(name) / (name + ".so"); }

// Writes a one-subproject configuration using `plugin` and returns its path.
// `esfreport run CONFIG --out DIR --plugin-dir <fixture>`; checks that the
// failed run left the output folder without any output file.
CommandResult run_with_fixture(const TempDir& dir, const std::string& plugin, const std::string& fixture,
                               const std::string& extra = "") {
    const fs::path config = write_fixture_project(dir.path(), plugin, extra);
    const fs::path out = dir / "out";
    CommandResult r = run_esfreport("run " + shell_quote(config.string()) + " --out " + shell_quote(out.string()) +
                                    " --plugin-dir " + shell_quote(fixture_dir(fixture).string()));
    // A run killed by a crash may leave the folder's (unlocked) lock file, nothing else.
    if (r.exit_code != 0 && fs::exists(out))
        for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().filename() == ".esfreport.lock");
    return r;
}

}  // namespace

TEST_CASE("Plugin errors: a missing plugin names the folders searched (exit 2)") {
    TempDir dir("e2e-plugin-missing");
    const CommandResult r = run_with_fixture(dir, "x", "options");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains("esfreport: error: subproject 'alpha': no plugin named 'x' found (searched: " +
                                 fixture_dir("options").string() + ", "));
    REQUIRE_THAT(r.err, Contains("esfreport/plugins)"));
}

TEST_CASE("Plugin errors: a wrong ABI names the plugin - expected 2 and found 999 (exit 2)") {
    TempDir dir("e2e-plugin-wrong-abi");
    const CommandResult r = run_with_fixture(dir, "wrong_abi", "wrong_abi");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains("plugin 'wrong_abi.so' (" + fixture_library("wrong_abi").string() + ") has ABI version 999"));
    REQUIRE_THAT(r.err, Contains("this esfreport expects ABI version 2"));
}

TEST_CASE("Plugin errors: a library without the entry symbol (exit 2)") {
    TempDir dir("e2e-plugin-no-entry");
    const CommandResult r = run_with_fixture(dir, "no_entry", "no_entry");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains("plugin library " + fixture_library("no_entry").string() +
                                 " is not an esfreport plugin: it has no entry symbol 'esfreport_plugin_describe'"));
}

TEST_CASE("Plugin errors: a file that is not a library cannot be loaded (exit 2)") {
    TempDir dir("e2e-plugin-garbage");
    const CommandResult r = run_with_fixture(dir, "garbage", "garbage");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains("cannot load plugin library " + fixture_library("garbage").string() + ": "));
}

TEST_CASE("Plugin errors: a throwing plugin names plugin - subproject and the exception (exit 1)") {
    TempDir dir("e2e-plugin-throwing");
    const CommandResult r = run_with_fixture(dir, "throwing", "throwing");
    CHECK(r.exit_code == 1);
    REQUIRE_THAT(r.err, Contains("esfreport: error: subproject 'alpha': plugin 'throwing' failed: boom: the source system is down"));
}

TEST_CASE("Plugin errors: a crashing plugin is reported by name - not as a bare segfault (exit 1)") {
    TempDir dir("e2e-plugin-crashing");
    const CommandResult r = run_with_fixture(dir, "crashing", "crashing");
    CHECK(r.exit_code == 1);
    REQUIRE_THAT(r.err, Contains("esfreport: error: plugin 'crashing' crashed while reading for subproject 'alpha' (signal SIGSEGV)"));
    REQUIRE_THAT(r.err, Contains("the run stopped and wrote nothing"));
    // validate goes through the same guard.
    const CommandResult v = run_esfreport("validate " + shell_quote((dir / "project.toml").string()) + " --plugin-dir " +
                                          shell_quote(fixture_dir("crashing").string()));
    CHECK(v.exit_code == 1);
    REQUIRE_THAT(v.err, Contains("plugin 'crashing' crashed while reading for subproject 'alpha'"));
}

TEST_CASE("Plugin errors: an unreadable source is a data error (exit 1)") {
    TempDir dir("e2e-plugin-unreadable");
    const CommandResult r = run_with_fixture(dir, "unreadable", "unreadable");
    CHECK(r.exit_code == 1);
    REQUIRE_THAT(r.err, Contains("subproject 'alpha': plugin 'unreadable' cannot read the source: " +
                                 (dir.path() / "data/alpha/missing.csv").string() + ": cannot open"));
}

TEST_CASE("Plugin errors: unknown and missing plugin options are configuration errors (exit 2)") {
    SECTION("unknown option") {
        TempDir dir("e2e-plugin-option-unknown");
        const CommandResult r = run_with_fixture(dir, "options", "options", "[subproject.options]\nmode = \"fast\"\nspeed = 3\n");
        CHECK(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains("'subproject[alpha].options.speed': unknown option of plugin 'options'"));
        REQUIRE_THAT(r.err, Contains("unknown option of plugin 'options' (expected one of: mode, delimiter, label)"));
    }
    SECTION("missing required option") {
        TempDir dir("e2e-plugin-option-missing");
        const CommandResult r = run_with_fixture(dir, "options", "options");
        CHECK(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains("'subproject[alpha].options.mode': missing, plugin 'options' requires it"));
        REQUIRE_THAT(r.err, Contains("missing, plugin 'options' requires it"));
    }
    SECTION("all options valid: validate succeeds and shows what the plugin received") {
        TempDir dir("e2e-plugin-option-valid");
        const fs::path config = write_fixture_project(dir.path(), "options", "[subproject.options]\nmode = \"fast\"\n");
        const CommandResult r =
            run_esfreport("validate " + shell_quote(config.string()) + " --plugin-dir " + shell_quote(fixture_dir("options").string()));
        CHECK(r.exit_code == 0);
        REQUIRE_THAT(r.out, Contains("warning: alpha: options plugin received: mode=fast delimiter=,"));
    }
}

TEST_CASE("Plugin errors: 'esfreport plugins' lists the bundled csv plugin") {
    const CommandResult r = run_esfreport("plugins");
    CHECK(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains("NAME"));
    std::istringstream lines(r.out);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string name, version, abi, path;
        words >> name >> version >> abi >> path;
        if (name != "csv") continue;
        found = true;
        CHECK(version == "1.1.0");
        CHECK(abi == "2");
        CHECK(fs::path(path).filename() == "esfreport_plugin_csv.so");
        CHECK(fs::path(path).parent_path().filename() == "plugins");
        CHECK(fs::is_regular_file(path));
    }
    CHECK(found);
}

TEST_CASE("Plugin errors: 'esfreport plugins --plugin-dir' adds a folder and reports unusable libraries") {
    const CommandResult r = run_esfreport("plugins --plugin-dir " + shell_quote(fixture_dir("options").string()) +
                                          " --plugin-dir " + shell_quote(fixture_dir("wrong_abi").string()));
    CHECK(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains(fixture_library("options").string()));
    REQUIRE_THAT(r.out, Contains("csv"));
    // The extra folder comes first.
    CHECK(r.out.find(fixture_library("options").string()) < r.out.find("esfreport_plugin_csv.so"));
    REQUIRE_THAT(r.err, Contains("esfreport: not usable: plugin 'wrong_abi.so'"));
    REQUIRE_THAT(r.err, Contains("has ABI version 999"));
    CHECK(r.out.find("wrong_abi") == std::string::npos);
}

TEST_CASE("Configuration errors: the CLI exits with status 2 and prints the loader's message") {
    TempDir dir("e2e-config-error");
    const fs::path config = write_fixture_project(dir.path(), "csv", "colour = \"blue\"\n");
    for (const std::string command : {"validate", "run"}) {
        const std::string out = command == std::string("run") ? " --out " + shell_quote((dir / "out").string()) : "";
        const CommandResult r = run_esfreport(command + " " + shell_quote(config.string()) + out);
        CHECK(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains("esfreport: error: " + config.string() + ":12: 'subproject.colour': unknown key"));
        CHECK_FALSE(fs::exists(dir / "out"));
    }
    // Another kind of configuration error, the period.
    write_file(config, "[project]\nname = \"P\"\nperiod_start = 2017-01-01\nperiod_end = 2016-01-01\n");
    const CommandResult r = run_esfreport("validate " + shell_quote(config.string()));
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains(config.string() + ":4: 'project.period_end': the period ends (2016-01-01) before it starts (2017-01-01)"));
}
