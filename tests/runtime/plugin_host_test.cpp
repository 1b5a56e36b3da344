// Plugin loading against the fixture plugins of tests/fixtures/plugins: only
// the named library of a trusted folder is loaded, and every way a plugin can
// be unusable gives its own message.
#include "plugin_fixtures.hpp"
#include "test_support.hpp"

#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_host.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

using namespace esfreport;
using namespace esfreport::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

std::string host_error(const std::vector<fs::path>& dirs) {
    try {
        PluginHost host(dirs);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("PluginHost accepted the folders");
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

std::string problem_of(const PluginHost::Scan& scan, const fs::path& library) {
    for (const PluginProblem& p : scan.problems)
        if (p.path == library) return p.message;
    return "(no problem reported)";
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

// ESFREPORT_TEST_MARKER for the marker library while it lives.
class MarkerFile {
public:
    explicit MarkerFile(const fs::path& path) : path_(path) { ::setenv("ESFREPORT_TEST_MARKER", path.c_str(), 1); }
    ~MarkerFile() { ::unsetenv("ESFREPORT_TEST_MARKER"); }
    bool written() const { return fs::exists(path_); }

private:
    fs::path path_;
};

const std::string kNoSection =
    " is not an esfreport plugin: it has no '.esfreport_plugin' section (a plugin is built with the esfreport SDK's "
    "registration macro)";

}  // namespace

TEST_CASE("Plugin host: searches the --plugin-dir folders first - then the bundled one") {
    PluginHost host({fixture_dir("options"), fixture_dir("throwing")});
    REQUIRE(host.dirs().size() == 3);
    CHECK(host.dirs()[0] == fixture_dir("options"));
    CHECK(host.dirs()[1] == fixture_dir("throwing"));
    CHECK(host.dirs()[2] == bundled_plugin_dir());
    CHECK(host.find("options") == std::optional<fs::path>(fixture_library("options")));
    CHECK(host.find("throwing") == std::optional<fs::path>(fixture_library("throwing")));
    CHECK_FALSE(host.find("unreadable"));
}

TEST_CASE("Plugin host: plugin names and their file names") {
    CHECK(plugin_file_name("csv") == "esfreport_plugin_csv.so");
    CHECK(is_valid_plugin_name("csv"));
    CHECK(is_valid_plugin_name("my_source_2"));
    CHECK(is_valid_plugin_name(std::string(63, 'a')));
    CHECK_FALSE(is_valid_plugin_name(std::string(64, 'a')));
    CHECK_FALSE(is_valid_plugin_name(""));
    CHECK_FALSE(is_valid_plugin_name("CSV"));
    CHECK_FALSE(is_valid_plugin_name("../csv"));
    CHECK_FALSE(is_valid_plugin_name("csv.so"));
    CHECK_FALSE(is_valid_plugin_name(std::string("csv\0x", 5)));
    REQUIRE_THAT(create_error("../../tmp/evil", {fixture_dir("options")}),
                 Contains("'../../tmp/evil' is not a valid plugin name: expected 1 to 63 of a-z, 0-9 and _"));
}

TEST_CASE("Plugin host: a missing --plugin-dir is an error naming it") {
    TempDir dir("plugin-host-missing-dir");
    CHECK(host_error({dir / "nowhere"}) == "plugin folder " + (dir / "nowhere").string() + " (given with --plugin-dir) does not exist");
    write_file(dir / "file", "x");
    CHECK(host_error({dir / "file"}) == "plugin folder " + (dir / "file").string() + " (given with --plugin-dir) is not a folder");
}

TEST_CASE("Plugin host: a plugin folder writable by others is refused") {
    TempDir dir("plugin-host-writable-folder");
    const fs::path folder = dir / "plugins";
    place_library(fixture_library("options"), folder, "esfreport_plugin_options.so");
    set_mode(folder, 0777);
    CHECK(host_error({folder}) == "plugin folder " + folder.string() + " is writable by group and others (owner " +
                                      user_named(::geteuid()) +
                                      ", mode 0777): refusing to load plugins from it; make it writable by its owner only (chmod go-w)");
    set_mode(folder, 01777);  // sticky like /tmp: still anyone can add a file
    CHECK_THAT(host_error({folder}), Contains("is writable by group and others (owner " + user_named(::geteuid()) + ", mode 1777)"));
    set_mode(folder, 0775);
    CHECK_THAT(host_error({folder}), Contains("is writable by group (owner " + user_named(::geteuid()) + ", mode 0775)"));
    set_mode(folder, 0755);
    CHECK(PluginHost({folder}).find("options"));
}

TEST_CASE("Plugin host: a group-writable plugin file is refused - before it is loaded") {
    TempDir dir("plugin-host-writable-file");
    const fs::path folder = dir / "plugins";
    const fs::path file = place_library(fixture_library("options"), folder, "esfreport_plugin_options.so", 0664);
    const std::string expected = "plugin file " + file.string() + " is writable by group (owner " + user_named(::geteuid()) +
                                 ", mode 0664): refusing to load it; make it writable by its owner only (chmod go-w)";
    CHECK(create_error("options", {folder}) == expected);
    CHECK(problem_of(PluginHost({folder}).scan(), file) == expected);
    set_mode(file, 0646);
    CHECK_THAT(create_error("options", {folder}), Contains("is writable by others (owner " + user_named(::geteuid()) + ", mode 0646)"));
}

TEST_CASE("Plugin host: a plugin folder or file owned by another user is refused") {
    if (::geteuid() != 0) {
        WARN("not run: giving a file to another user needs root");
        return;
    }
    TempDir dir("plugin-host-foreign-owner");
    const fs::path folder = dir / "plugins";
    const fs::path file = place_library(fixture_library("options"), folder, "esfreport_plugin_options.so");
    const uid_t other = 65534;  // nobody
    REQUIRE(::chown(file.c_str(), other, static_cast<gid_t>(-1)) == 0);
    CHECK(create_error("options", {folder}) == "plugin file " + file.string() + " is owned by " + user_named(other) +
                                                   ", mode 0755, not by you (" + user_named(0) + ") or root: refusing to load it");
    REQUIRE(::chown(folder.c_str(), other, static_cast<gid_t>(-1)) == 0);
    CHECK(host_error({folder}) == "plugin folder " + folder.string() + " is owned by " + user_named(other) + ", mode 0755, not by you (" +
                                      user_named(0) + ") or root: refusing to load plugins from it");
}

TEST_CASE("Plugin host: the same plugin in two folders is an error naming both paths") {
    TempDir dir("plugin-host-twice");
    const fs::path first = place_library(fixture_library("options"), dir / "a", "esfreport_plugin_options.so");
    const fs::path second = place_library(fixture_library("options"), dir / "b", "esfreport_plugin_options.so");
    CHECK(host_error({dir / "a", dir / "b"}) == "plugin 'options' is found twice: " + first.string() + " and " + second.string() +
                                                    "; remove one of them (a plugin may not shadow another)");
    // One folder given twice is searched once.
    CHECK(PluginHost({dir / "a", dir / "a"}).find("options") == std::optional<fs::path>(first));
}

TEST_CASE("Plugin host: only the named library is loaded - no library runs to tell what it is") {
    TempDir dir("plugin-host-marker");
    const MarkerFile marker(dir / "marker-ran");
    const fs::path folder = dir / "plugins";
    // Planted libraries: names the host ignores, and one named like a plugin.
    place_library(marker_library(), folder, "evil.so");
    place_library(marker_library(), folder, "libesfreport_plugin_evil.so");
    place_library(marker_library(), folder, "esfreport_plugin_Evil.so");
    const fs::path named = place_library(marker_library(), folder, "esfreport_plugin_evil.so");
    place_library(fixture_library("options"), folder, "esfreport_plugin_options.so");

    PluginHost host({folder});
    const PluginHost::Scan scan = host.scan();
    CHECK(problem_of(scan, named) == named.string() + kNoSection);
    const auto listed = std::find_if(scan.plugins.begin(), scan.plugins.end(), [](const PluginInfo& p) { return p.name == "options"; });
    CHECK(listed != scan.plugins.end());
    CHECK_FALSE(marker.written());

    CHECK(host.create_source("options"));
    CHECK_FALSE(marker.written());
    CHECK(create_error("evil", {folder}) == named.string() + kNoSection);
    CHECK_FALSE(marker.written());
}

TEST_CASE("Plugin host: a plugin file that is a symbolic link is refused") {
    TempDir dir("plugin-host-symlink");
    const fs::path folder = dir / "plugins";
    fs::create_directories(folder);
    set_mode(folder, 0755);
    fs::create_symlink(fixture_library("options"), folder / "esfreport_plugin_options.so");
    CHECK(create_error("options", {folder}) == "plugin file " + (folder / "esfreport_plugin_options.so").string() +
                                                   " is a symbolic link: a plugin must be a regular file in its folder");
}

TEST_CASE("Plugin host: a file whose section names another plugin is refused") {
    TempDir dir("plugin-host-renamed");
    const fs::path file = place_library(fixture_library("options"), dir / "plugins", "esfreport_plugin_other.so");
    CHECK(create_error("other", {dir / "plugins"}) ==
          "plugin file " + file.string() + " is named for plugin 'other' but its section declares plugin 'options'");
}

TEST_CASE("Plugin host: a scan describes plugins from their sections without loading them") {
    const PluginHost::Scan scan = PluginHost({fixture_dir("options"), fixture_dir("wrong_abi"), fixture_dir("garbage")}).scan();
    auto by_name = [&](const std::string& name) {
        return std::find_if(scan.plugins.begin(), scan.plugins.end(), [&](const PluginInfo& p) { return p.name == name; });
    };
    REQUIRE(by_name("options") != scan.plugins.end());
    const PluginInfo& info = *by_name("options");
    CHECK(info.version == "1.0.0");
    CHECK(info.kind == "source");
    CHECK(info.description == "Fixture: an options table with a required option");
    CHECK(info.abi_version == 5);
    CHECK(info.build_id == ESFREPORT_BUILD_ID);
    CHECK(info.path == fixture_library("options"));
    CHECK(info.options.empty());  // only the loaded library knows its options table
    CHECK(by_name("wrong_abi") == scan.plugins.end());
    // The bundled folder is scanned too; only the fixtures' problems matter here.
    CHECK(problem_of(scan, fixture_library("wrong_abi")) == "plugin 'wrong_abi' (" + fixture_library("wrong_abi").string() +
                                                                ") has ABI version 999, this esfreport expects ABI version 5: "
                                                                "rebuild the plugin against this SDK");
    CHECK(problem_of(scan, fixture_library("garbage")) == fixture_library("garbage").string() + " is not an esfreport plugin: it is not an ELF file");
    CHECK(problem_of(scan, fixture_library("options")) == "(no problem reported)");
}

TEST_CASE("Plugin host: a loaded plugin's options table comes from its descriptor") {
    PluginHost host({fixture_dir("options")});
    PluginInfo info;
    REQUIRE(host.create_source("options", &info));
    CHECK(info.name == "options");
    CHECK(info.version == "1.0.0");
    CHECK(info.kind == "source");
    CHECK(info.abi_version == 5);
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

TEST_CASE("Plugin host: a plugin that is not there names its file and the folders searched") {
    const std::string m = create_error("x", {fixture_dir("options")});
    CHECK(m == "no plugin named 'x' found (no esfreport_plugin_x.so in: " + fixture_dir("options").string() + ", " +
                   bundled_plugin_dir().string() + ")");
}

TEST_CASE("Plugin host: a wrong ABI version in the section names the plugin - the expected and the found version") {
    CHECK(create_error("wrong_abi", {fixture_dir("wrong_abi")}) ==
          "plugin 'wrong_abi' (" + fixture_library("wrong_abi").string() +
              ") has ABI version 999, this esfreport expects ABI version 5: rebuild the plugin against this SDK");
}

TEST_CASE("Plugin host: the descriptor is checked again after the load") {
    CHECK(create_error("stale_descriptor", {fixture_dir("stale_descriptor")}) ==
          "plugin 'stale_descriptor' (" + fixture_library("stale_descriptor").string() +
              ") has ABI version 999, this esfreport expects ABI version 5: rebuild the plugin against this SDK");
}

TEST_CASE("Plugin host: a library without the entry symbol is not a plugin") {
    CHECK(create_error("no_entry", {fixture_dir("no_entry")}) ==
          "plugin library " + fixture_library("no_entry").string() +
              " is not an esfreport plugin: it has no entry symbol 'esfreport_plugin_describe'");
}

TEST_CASE("Plugin host: a file that is not a shared library is refused without loading it") {
    CHECK(create_error("garbage", {fixture_dir("garbage")}) ==
          fixture_library("garbage").string() + " is not an esfreport plugin: it is not an ELF file");
}

TEST_CASE("Plugin host: a missing plugin in a project names the subproject") {
    TempDir dir("plugin-host-missing");
    const ProjectConfig config = fixture_config(dir, "nonexistent");
    try {
        load_project(config, options_for("options"));
        FAIL("load_project accepted a missing plugin");
    } catch (const ConfigError& e) {
        REQUIRE_THAT(e.what(), Contains("subproject 'alpha': no plugin named 'nonexistent' found (no esfreport_plugin_nonexistent.so in: "));
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

TEST_CASE("Plugin host: the time limit of a plugin is [project] plugin_timeout_seconds") {
    TempDir dir("plugin-host-time-limit");
    CHECK(fixture_config(dir, "options").plugin_timeout_seconds == 3600);
    const fs::path file = write_fixture_project(dir.path(), "options");
    const std::string text = read_file(file);
    const std::string period_end = "period_end = 2017-12-31\n";
    auto with_limit = [&](const std::string& value) {
        std::string t = text;
        t.replace(t.find(period_end), period_end.size(), period_end + "plugin_timeout_seconds = " + value + "\n");
        write_file(file, t);
        return file;
    };
    CHECK(load_config(with_limit("0")).plugin_timeout_seconds == 0);
    CHECK(load_config(with_limit("86400")).plugin_timeout_seconds == 86400);
    CHECK_THROWS_WITH(load_config(with_limit("86401")), Contains(":5: 'project.plugin_timeout_seconds': at most 86400 (a day); 0 means no limit"));
    CHECK_THROWS_WITH(load_config(with_limit("-1")), Contains(":5: 'project.plugin_timeout_seconds': must be at least 0"));
}

TEST_CASE("Plugin host: two plugins loaded one after the other are each their own library") {
    // Seen: the second plugin was dlopened as /proc/self/fd/N under the number
    // the first one's closed descriptor had had, and glibc handed back the
    // first library ("declares plugin 'xlsx' in its section but 'csv' in its
    // descriptor").
    PluginHost host({fixture_dir("options"), fixture_dir("throwing")});
    PluginInfo first, second;
    const auto options = host.create_source("options", &first);
    const auto throwing = host.create_source("throwing", &second);
    REQUIRE(options);
    REQUIRE(throwing);
    CHECK(first.name == "options");
    CHECK(second.name == "throwing");
    CHECK(options.get() != throwing.get());
}
