// Plugin loading against the broken fixture plugins of tests/fixtures/plugins:
// every way a plugin can be unusable gives its own message.
#include "test_support.hpp"

#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_host.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace esfreport;
using namespace esfreport::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

// Each fixture lives alone in its folder: <plugin dir>/<name>/<name>.so.
fs::path fixture_dir(const std::string& name) { return fs::path(ESFREPORT_TEST_PLUGIN_DIR) / name; }
fs::path fixture_library(const std::string& name) { return fixture_dir(name) / (name + ".so"); }

std::string inspect_error(const fs::path& library) {
    try {
        PluginHost::inspect(library);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("PluginHost::inspect accepted " << library);
    return {};
}

std::string create_error(const std::string& plugin, const std::vector<fs::path>& dirs) {
    PluginHost host(dirs);
    try {
        host.create_source(plugin);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("PluginHost::create_source accepted plugin '" << plugin << "'");
    return {};
}

// A one-subproject configuration using `plugin`; `extra` goes into the
// [[subproject]] table.
ProjectConfig fixture_config(const TempDir& dir, const std::string& plugin, const std::string& extra = "") {
    return load_config(write_fixture_project(dir.path(), plugin, extra));
}

LoadOptions options_for(const std::string& fixture) {
    LoadOptions o;
    o.plugin_dirs = {fixture_dir(fixture)};
    return o;
}

}  // namespace

TEST_CASE("Plugin host: searches the extra folders first - then the bundled one") {
    PluginHost host({"/first", "/second"});
    REQUIRE(host.dirs().size() == 3);
    CHECK(host.dirs()[0] == fs::path("/first"));
    CHECK(host.dirs()[1] == fs::path("/second"));
    CHECK(host.dirs()[2] == bundled_plugin_dir());
}

TEST_CASE("Plugin host: inspect reads a valid plugin's descriptor and options table") {
    const PluginInfo info = PluginHost::inspect(fixture_library("options"));
    CHECK(info.name == "options");
    CHECK(info.version == "1.0.0");
    CHECK(info.kind == "source");
    CHECK(info.abi_version == 2);
    CHECK(info.build_id == ESFREPORT_BUILD_ID);
    CHECK(info.path == fixture_library("options"));
    REQUIRE(info.options.size() == 3);
    CHECK(info.options[0].name == "mode");
    CHECK(info.options[0].description == "How to read: fast or slow");
    CHECK(info.options[0].required);
    CHECK_FALSE(info.options[0].default_value);
    CHECK(info.options[1].name == "delimiter");
    CHECK(info.options[1].default_value == std::optional<std::string>(","));
    CHECK_FALSE(info.options[1].required);
    CHECK(info.options[2].name == "label");
}

TEST_CASE("Plugin host: a plugin that is not there names the folders searched") {
    const std::string m = create_error("x", {fixture_dir("options")});
    REQUIRE_THAT(m, Contains("no plugin named 'x' found (searched: " + fixture_dir("options").string() + ", " +
                             bundled_plugin_dir().string() + ")"));
}

TEST_CASE("Plugin host: a wrong ABI version names the plugin - the expected and the found version") {
    const std::string expected_path = fixture_library("wrong_abi").string();
    for (const std::string& m : {inspect_error(fixture_library("wrong_abi")), create_error("wrong_abi", {fixture_dir("wrong_abi")})}) {
        REQUIRE_THAT(m, Contains("plugin 'wrong_abi.so'"));
        REQUIRE_THAT(m, Contains(expected_path));
        REQUIRE_THAT(m, Contains("has ABI version 999"));
        REQUIRE_THAT(m, Contains("expects ABI version 2"));
        REQUIRE_THAT(m, Contains("rebuild the plugin"));
    }
}

TEST_CASE("Plugin host: a library without the entry symbol is not a plugin") {
    for (const std::string& m : {inspect_error(fixture_library("no_entry")), create_error("no_entry", {fixture_dir("no_entry")})}) {
        REQUIRE_THAT(m, Contains(fixture_library("no_entry").string()));
        REQUIRE_THAT(m, Contains("is not an esfreport plugin: it has no entry symbol 'esfreport_plugin_describe'"));
    }
}

TEST_CASE("Plugin host: a file that is not a shared library cannot be loaded") {
    for (const std::string& m : {inspect_error(fixture_library("garbage")), create_error("garbage", {fixture_dir("garbage")})}) {
        REQUIRE_THAT(m, Contains("cannot load plugin library " + fixture_library("garbage").string() + ": "));
    }
}

TEST_CASE("Plugin host: a scan lists usable plugins and reports the unusable ones") {
    const PluginHost::Scan scan = PluginHost({fixture_dir("options"), fixture_dir("wrong_abi"), fixture_dir("garbage")}).scan();
    auto by_name = [&](const std::string& name) {
        return std::find_if(scan.plugins.begin(), scan.plugins.end(), [&](const PluginInfo& p) { return p.name == name; });
    };
    REQUIRE(by_name("options") != scan.plugins.end());
    CHECK(by_name("options")->path == fixture_library("options"));
    CHECK(by_name("wrong_abi") == scan.plugins.end());
    // The bundled folder is scanned too; only the fixtures' problems matter here.
    auto problem_of = [&](const fs::path& library) -> std::string {
        for (const PluginProblem& p : scan.problems)
            if (p.path == library) return p.message;
        return "(no problem reported)";
    };
    REQUIRE_THAT(problem_of(fixture_library("wrong_abi")), Contains("has ABI version 999"));
    REQUIRE_THAT(problem_of(fixture_library("garbage")), Contains("cannot load plugin library"));
    CHECK(problem_of(fixture_library("options")) == "(no problem reported)");
}

TEST_CASE("Plugin host: a missing plugin in a project names the subproject") {
    TempDir dir("plugin-host-missing");
    const ProjectConfig config = fixture_config(dir, "nonexistent");
    try {
        load_project(config, options_for("options"));
        FAIL("load_project accepted a missing plugin");
    } catch (const ConfigError& e) {
        REQUIRE_THAT(e.what(), Contains("subproject 'alpha': no plugin named 'nonexistent' found (searched: "));
    }
}

TEST_CASE("Plugin host: a plugin that throws names plugin - subproject and the exception") {
    TempDir dir("plugin-host-throwing");
    const ProjectConfig config = fixture_config(dir, "throwing");
    try {
        load_project(config, options_for("throwing"));
        FAIL("load_project accepted a failing plugin");
    } catch (const DataError& e) {
        REQUIRE_THAT(e.what(), Contains("subproject 'alpha': plugin 'throwing' failed: boom: the source system is down"));
    }
}

TEST_CASE("Plugin host: an unreadable source is a data error naming the file") {
    TempDir dir("plugin-host-unreadable");
    const ProjectConfig config = fixture_config(dir, "unreadable");
    try {
        load_project(config, options_for("unreadable"));
        FAIL("load_project accepted an unreadable source");
    } catch (const DataError& e) {
        REQUIRE_THAT(e.what(), Contains("subproject 'alpha': plugin 'unreadable' cannot read the source: " +
                                        (dir.path() / "data/alpha/missing.csv").string() + ": cannot open"));
    }
}

TEST_CASE("Plugin host: options are checked against the plugin's options table") {
    TempDir dir("plugin-host-options");

    SECTION("an unknown option lists the known ones") {
        const ProjectConfig config = fixture_config(dir, "options", "[subproject.options]\nmode = \"fast\"\nspeed = 3\n");
        try {
            load_project(config, options_for("options"));
            FAIL("load_project accepted an unknown option");
        } catch (const ConfigError& e) {
            REQUIRE_THAT(e.what(), Contains(config.file.string()));
            REQUIRE_THAT(e.what(), Contains("'subproject[alpha].options.speed': unknown option of plugin 'options'"));
            REQUIRE_THAT(e.what(), Contains("unknown option of plugin 'options' (expected one of: mode, delimiter, label)"));
        }
    }
    SECTION("a missing required option is named with its description") {
        const ProjectConfig config = fixture_config(dir, "options", "[subproject.options]\ndelimiter = \";\"\n");
        try {
            load_project(config, options_for("options"));
            FAIL("load_project accepted a missing required option");
        } catch (const ConfigError& e) {
            REQUIRE_THAT(e.what(), Contains("'subproject[alpha].options.mode': missing, plugin 'options' requires it"));
            REQUIRE_THAT(e.what(), Contains("missing, plugin 'options' requires it (How to read: fast or slow)"));
        }
    }
    SECTION("a value the plugin refuses is a configuration error") {
        const ProjectConfig config = fixture_config(dir, "options", "[subproject.options]\nmode = \"sideways\"\n");
        try {
            load_project(config, options_for("options"));
            FAIL("load_project accepted a bad option value");
        } catch (const ConfigError& e) {
            REQUIRE_THAT(e.what(), Contains("subproject 'alpha': plugin 'options' rejected its options: mode must be fast or slow, not 'sideways'"));
        }
    }
    SECTION("defaults are filled in and given values win") {
        const ProjectConfig config = fixture_config(dir, "options", "[subproject.options]\nmode = \"slow\"\n");
        LoadedProject loaded = load_project(config, options_for("options"));
        REQUIRE(loaded.dataset.warnings.size() == 1);
        CHECK_THAT(loaded.dataset.warnings[0], Contains("options plugin received: mode=slow delimiter=,"));
        CHECK_THAT(loaded.dataset.warnings[0], !Contains("label="));
        REQUIRE(loaded.plugins.size() == 1);
        CHECK(loaded.plugins[0].name == "options");
        CHECK(loaded.plugins[0].path == fixture_library("options"));
        // The library is unloaded by now; the options table must be a copy.
        REQUIRE(loaded.plugins[0].options.size() == 3);
        CHECK(loaded.plugins[0].options[0].name == "mode");
        REQUIRE(loaded.dataset.inputs.size() == 1);
        CHECK(loaded.dataset.inputs[0].path == (dir.path() / "data/alpha").string());
        CHECK(loaded.dataset.inputs[0].rows_read == 0);

        const ProjectConfig overridden =
            fixture_config(dir, "options", "[subproject.options]\nmode = \"fast\"\ndelimiter = \";\"\nlabel = \"x\"\n");
        loaded = load_project(overridden, options_for("options"));
        REQUIRE(loaded.dataset.warnings.size() == 1);
        CHECK_THAT(loaded.dataset.warnings[0], Contains("received: mode=fast delimiter=; label=x"));
    }
}
