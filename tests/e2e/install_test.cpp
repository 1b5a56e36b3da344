// After `cmake --install`, the host finds its bundled plugins and templates on
// its own, and a plugin built out of tree against the installed SDK
// (examples/plugin-template) loads and delivers data.
#include <catch2/catch.hpp>

#include "test_support.hpp"

#include <filesystem>

using namespace esfreport::test;

TEST_CASE("an installed esfreport finds its plugins - and an out-of-tree plugin builds against the installed SDK") {
    TempDir dir("e2e-install");
    const std::string prefix = (dir / "prefix").string();
    // umask 002 (common for users with a private group) would leave group-writable
    // files and folders, which the host refuses; the build and install set modes.
    const CommandResult install = run_command("umask 002 && cmake --install " + shell_quote(ESFREPORT_BINARY_DIR) + " --prefix " + shell_quote(prefix));
    INFO(install.out << install.err);
    REQUIRE(install.exit_code == 0);
    const std::string exe = shell_quote(prefix + "/bin/esfreport");

    const CommandResult plugins = run_command("cd / && " + exe + " plugins");
    INFO(plugins.err);
    REQUIRE(plugins.exit_code == 0);
    CHECK_THAT(plugins.out, Catch::Contains("csv"));
    CHECK_THAT(plugins.out, Catch::Contains(prefix + "/lib/esfreport/plugins/esfreport_plugin_csv.so"));

    const std::string build = (dir / "template-build").string();
    const CommandResult configure = run_command("umask 002 && cmake -S " + shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/examples/plugin-template") +
                                                " -B " + shell_quote(build) + " -DCMAKE_PREFIX_PATH=" + shell_quote(prefix));
    INFO(configure.out << configure.err);
    REQUIRE(configure.exit_code == 0);
    const CommandResult compile = run_command("umask 002 && cmake --build " + shell_quote(build));
    INFO(compile.out << compile.err);
    REQUIRE(compile.exit_code == 0);

    // esfreport_plugin_module() names the library as the host looks for it and
    // leaves it writable by its owner only, whatever the umask.
    const std::string library = build + "/esfreport_plugin_textlist.so";
    REQUIRE(std::filesystem::is_regular_file(library));
    const auto others_write = std::filesystem::perms::group_write | std::filesystem::perms::others_write;
    CHECK((std::filesystem::status(library).permissions() & others_write) == std::filesystem::perms::none);
    CHECK((std::filesystem::status(prefix + "/lib/esfreport/plugins").permissions() & others_write) == std::filesystem::perms::none);

    const CommandResult listed = run_command(exe + " plugins --plugin-dir " + shell_quote(build));
    INFO(listed.err);
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Catch::Contains("textlist        0.1.0     3    " + library));
    CHECK_THAT(listed.out, Catch::Contains("Participation periods from a white-space separated text list"));

    // 199801016685 (woman) and 199801018731 (man) are Skatteverket test numbers; line 4 is malformed.
    write_file(dir / "data/a/participants.txt",
               "# person start end status\n199801016685 2017-02-01 2017-06-30 studier\n199801018731 2017-03-01\nonly-one-field\n");
    write_file(dir / "project.toml",
               "[project]\nname = \"Template\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n\n"
               "[[subproject]]\nid = \"a\"\nname = \"A\"\nregion = \"R\"\nplugin = \"textlist\"\nsource = \"data/a\"\n");
    const CommandResult v = run_command(exe + " validate " + shell_quote((dir / "project.toml").string()) + " --quiet --plugin-dir " + shell_quote(build));
    INFO(v.out << v.err);
    REQUIRE(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("participants.txt:4: expected PERSON_ID START_DATE [END_DATE [EXIT_STATUS]]"));
    // One woman, one man accepted.
    CHECK_THAT(v.out, Catch::Matches("[\\s\\S]*\\ba\\s+1\\s+1\\s+0\\s+0\\s+2\\b[\\s\\S]*"));
}
