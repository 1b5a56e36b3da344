// The esfreport executable against broken and untrusted plugins: each failure
// is one clear line on stderr and the documented exit status (1 data, 2
// configuration), a failed run writes nothing, and no library runs unless the
// configuration names it.
#include "plugin_fixtures.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace esfreport::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

// Writes a one-subproject configuration using `plugin`; runs
// `esfreport run CONFIG --out DIR --plugin-dir FOLDER` and checks that a failed
// run left the output folder without any file.
CommandResult run_with_folder(const TempDir& dir, const std::string& plugin, const fs::path& folder, const std::string& extra = "",
                              const std::string& environment = "") {
    const fs::path config = write_fixture_project(dir.path(), plugin, extra);
    const fs::path out = dir / "out";
    CommandResult r = run_command(environment + shell_quote(ESFREPORT_EXE) + " run " + shell_quote(config.string()) + " --out " +
                                  shell_quote(out.string()) + " --plugin-dir " + shell_quote(folder.string()));
    if (r.exit_code != 0) CHECK(holds_no_output(out));
    return r;
}

CommandResult run_with_fixture(const TempDir& dir, const std::string& plugin, const std::string& fixture, const std::string& extra = "") {
    return run_with_folder(dir, plugin, fixture_dir(fixture), extra);
}

fs::path bundled_csv() { return fs::path(ESFREPORT_EXE).parent_path().parent_path() / "lib/esfreport/plugins/esfreport_plugin_csv.so"; }

}  // namespace

TEST_CASE("Plugin errors: a library in a plugin folder never runs unless the configuration names it") {
    TempDir dir("e2e-plugin-marker");
    const fs::path marker = dir / "marker-ran";
    const std::string environment = "ESFREPORT_TEST_MARKER=" + shell_quote(marker.string()) + " ";
    const fs::path folder = dir / "plugins";
    place_library(marker_library(), folder, "evil.so");
    place_library(marker_library(), folder, "libevil.so.1");
    const fs::path named = place_library(marker_library(), folder, "esfreport_plugin_evil.so");
    const std::string not_a_plugin = named.string() +
                                     " is not an esfreport plugin: it has no '.esfreport_plugin' section (a plugin is built with "
                                     "the esfreport SDK's registration macro)";

    const CommandResult listed = run_command(environment + shell_quote(ESFREPORT_EXE) + " plugins --plugin-dir " + shell_quote(folder.string()));
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Contains("esfreport_plugin_csv.so"));
    CHECK_THAT(listed.err, Contains("esfreport: not usable: " + not_a_plugin));
    CHECK_FALSE(fs::exists(marker));

    // The project asks for csv: the planted libraries are not touched (the
    // source folder is missing, so csv itself stops the run with a data error).
    const CommandResult csv = run_with_folder(dir, "csv", folder, "", environment);
    CHECK(csv.exit_code == 1);
    CHECK_THAT(csv.err, Contains("plugin 'csv'"));
    CHECK_FALSE(fs::exists(marker));

    // The project names the planted library: it is refused before it is loaded.
    const CommandResult evil = run_with_folder(dir, "evil", folder, "", environment);
    CHECK(evil.exit_code == 2);
    CHECK_THAT(evil.err, Contains("esfreport: error: subproject 'alpha': " + not_a_plugin));
    CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("Plugin errors: a world-writable plugin folder is refused (exit 2)") {
    TempDir dir("e2e-plugin-writable-folder");
    const fs::path folder = dir / "plugins";
    place_library(fixture_library("options"), folder, "esfreport_plugin_options.so");
    set_mode(folder, 0777);
    const std::string expected = "esfreport: error: plugin folder " + folder.string() + " is writable by group and others (owner " +
                                 user_named(::geteuid()) +
                                 ", mode 0777): refusing to load plugins from it; make it writable by its owner only (chmod go-w)\n";
    const CommandResult listed = run_esfreport("plugins --plugin-dir " + shell_quote(folder.string()));
    CHECK(listed.exit_code == 2);
    CHECK(listed.err == expected);
    const CommandResult r = run_with_folder(dir, "options", folder, "[subproject.options]\nmode = \"fast\"\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err == expected);
}

TEST_CASE("Plugin errors: a group-writable plugin file is refused (exit 2)") {
    TempDir dir("e2e-plugin-writable-file");
    const fs::path folder = dir / "plugins";
    const fs::path file = place_library(fixture_library("options"), folder, "esfreport_plugin_options.so", 0664);
    const CommandResult r = run_with_folder(dir, "options", folder, "[subproject.options]\nmode = \"fast\"\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: subproject 'alpha': plugin file " + file.string() + " is writable by group (owner " +
                       user_named(::geteuid()) + ", mode 0664): refusing to load it; make it writable by its owner only (chmod go-w)\n");
    const CommandResult listed = run_esfreport("plugins --plugin-dir " + shell_quote(folder.string()));
    CHECK(listed.exit_code == 0);  // the bundled csv is usable
    CHECK_THAT(listed.err, Contains("esfreport: not usable: plugin file " + file.string() + " is writable by group"));
}

TEST_CASE("Plugin errors: a missing --plugin-dir is an error naming it (exit 2)") {
    TempDir dir("e2e-plugin-missing-dir");
    const fs::path missing = dir / "no-such-folder";
    const std::string expected = "esfreport: error: plugin folder " + missing.string() + " (given with --plugin-dir) does not exist\n";
    const CommandResult listed = run_esfreport("plugins --plugin-dir " + shell_quote(missing.string()));
    CHECK(listed.exit_code == 2);
    CHECK(listed.err == expected);
    const CommandResult r = run_with_folder(dir, "csv", missing);
    CHECK(r.exit_code == 2);
    CHECK(r.err == expected);
}

TEST_CASE("Plugin errors: the same plugin in two folders is an error naming both paths (exit 2)") {
    TempDir dir("e2e-plugin-twice");
    const fs::path copy = place_library(bundled_csv(), dir / "plugins", "esfreport_plugin_csv.so");
    const CommandResult listed = run_esfreport("plugins --plugin-dir " + shell_quote((dir / "plugins").string()));
    CHECK(listed.exit_code == 2);
    CHECK(listed.err == "esfreport: error: plugin 'csv' is found twice: " + copy.string() + " and " +
                            fs::canonical(bundled_csv()).string() + "; remove one of them (a plugin may not shadow another)\n");
    const CommandResult r = run_with_folder(dir, "csv", dir / "plugins");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("plugin 'csv' is found twice: " + copy.string() + " and "));
}

TEST_CASE("Plugin errors: a missing plugin names its file and the folders searched (exit 2)") {
    TempDir dir("e2e-plugin-missing");
    const CommandResult r = run_with_fixture(dir, "x", "options");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains("esfreport: error: subproject 'alpha': no plugin named 'x' found (no esfreport_plugin_x.so in: " +
                                 fixture_dir("options").string() + ", "));
    REQUIRE_THAT(r.err, Contains("esfreport/plugins)"));
}

TEST_CASE("Plugin errors: a wrong ABI names the plugin - expected 2 and found 999 (exit 2)") {
    TempDir dir("e2e-plugin-wrong-abi");
    const CommandResult r = run_with_fixture(dir, "wrong_abi", "wrong_abi");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: subproject 'alpha': plugin 'wrong_abi' (" + fixture_library("wrong_abi").string() +
                       ") has ABI version 999, this esfreport expects ABI version 5: rebuild the plugin against this SDK\n");
    const CommandResult stale = run_with_fixture(dir, "stale_descriptor", "stale_descriptor");
    CHECK(stale.exit_code == 2);
    CHECK_THAT(stale.err, Contains("plugin 'stale_descriptor' (" + fixture_library("stale_descriptor").string() + ") has ABI version 999"));
}

TEST_CASE("Plugin errors: a library without the entry symbol (exit 2)") {
    TempDir dir("e2e-plugin-no-entry");
    const CommandResult r = run_with_fixture(dir, "no_entry", "no_entry");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains("plugin library " + fixture_library("no_entry").string() +
                                 " is not an esfreport plugin: it has no entry symbol 'esfreport_plugin_describe'"));
}

TEST_CASE("Plugin errors: a file that is not a library is refused (exit 2)") {
    TempDir dir("e2e-plugin-garbage");
    const CommandResult r = run_with_fixture(dir, "garbage", "garbage");
    CHECK(r.exit_code == 2);
    REQUIRE_THAT(r.err, Contains(fixture_library("garbage").string() + " is not an esfreport plugin: it is not an ELF file"));
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

TEST_CASE("Plugin errors: a hanging plugin is stopped by the time limit and named (exit 1)") {
    TempDir dir("e2e-plugin-hanging");
    const fs::path config = write_fixture_project(dir.path(), "hanging");
    std::string text = read_file(config);
    const std::string period_end = "period_end = 2017-12-31\n";
    REQUIRE(text.find(period_end) != std::string::npos);
    text.replace(text.find(period_end), period_end.size(), period_end + "plugin_timeout_seconds = 1\n");
    write_file(config, text);
    const fs::path out = dir / "out";
    const CommandResult r = run_esfreport("run " + shell_quote(config.string()) + " --out " + shell_quote(out.string()) +
                                          " --plugin-dir " + shell_quote(fixture_dir("hanging").string()));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("esfreport: error: plugin 'hanging' did not finish reading for subproject 'alpha' within 1 second "
                               "([project] plugin_timeout_seconds); the run stopped and wrote nothing\n"));
    CHECK_THAT(r.err, !Contains("gave up"));
    CHECK(holds_no_output(out));
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
        REQUIRE_THAT(r.err, Contains("esfreport: warning: alpha: options plugin received: mode=fast delimiter=,"));
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
        CHECK(abi == "5");
        CHECK(fs::path(path).filename() == "esfreport_plugin_csv.so");
        CHECK(fs::path(path).parent_path().filename() == "plugins");
        CHECK(fs::is_regular_file(path));
        // The description, read from the section, on the next line.
        REQUIRE(std::getline(lines, line));
        CHECK_THAT(line, Contains("Canonical CSV folder"));
    }
    CHECK(found);
}

TEST_CASE("Plugin errors: 'esfreport plugins --plugin-dir' adds a folder and reports unusable plugins") {
    const CommandResult r = run_esfreport("plugins --plugin-dir " + shell_quote(fixture_dir("options").string()) + " --plugin-dir " +
                                          shell_quote(fixture_dir("wrong_abi").string()));
    CHECK(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains(fixture_library("options").string()));
    REQUIRE_THAT(r.out, Contains("Fixture: an options table with a required option"));
    REQUIRE_THAT(r.out, Contains("csv"));
    // The extra folder comes first.
    CHECK(r.out.find(fixture_library("options").string()) < r.out.find("esfreport_plugin_csv.so"));
    CHECK(r.err == "esfreport: not usable: plugin 'wrong_abi' (" + fixture_library("wrong_abi").string() +
                       ") has ABI version 999, this esfreport expects ABI version 5: rebuild the plugin against this SDK\n");
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
