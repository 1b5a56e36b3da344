// After `cmake --install`, the host finds its bundled plugins and templates on
// its own, and the SDK for plugins built out of tree is in place.
#include <catch2/catch.hpp>

#include "test_support.hpp"

#include <filesystem>

using namespace esfreport::test;

TEST_CASE("an installed esfreport finds its plugins - and the SDK is installed for out-of-tree plugins") {
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

    // The prefix's plugin folder is writable by its owner only although
    // the install ran under umask 002 (the host refuses anything else).
    const auto others_write = std::filesystem::perms::group_write | std::filesystem::perms::others_write;
    CHECK((std::filesystem::status(prefix + "/lib/esfreport/plugins").permissions() & others_write) == std::filesystem::perms::none);
    // The SDK for plugins built out of tree: its CMake package and esfreport::testing.
    CHECK(std::filesystem::is_regular_file(prefix + "/lib/cmake/esfreport-sdk/esfreport-sdk-config.cmake"));
    CHECK(std::filesystem::is_regular_file(prefix + "/lib/libesfreport_testing.so"));
    CHECK(std::filesystem::is_regular_file(prefix + "/include/esfreport/sdk/host_validation.hpp"));
    // A plugin built out of tree against this installation: tests/conformance
    // (the fixture "plugin template build" builds examples/plugin-template).
}
