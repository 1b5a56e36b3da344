// load_config on numbers that TOML accepts but no figure of a report can be:
// nan and inf, and whole numbers beyond what the setting holds. Caught by the
// checks of the config fuzz target (inputs in tests/fuzz/corpus/config/regress-*).
#include "test_support.hpp"

#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/errors.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// A configuration whose [project] table ends with `project_extra` (from line 5).
std::string error_of(const TempDir& dir, const std::string& project_extra) {
    const fs::path file = dir / "config.toml";
    write_file(file, "[project]\nname = \"P\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n" + project_extra +
                         "\n[[subproject]]\nid = \"a\"\nname = \"A\"\nregion = \"R\"\nplugin = \"csv\"\nsource = \"d\"\n");
    try {
        load_config(file);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("load_config accepted: " << project_extra);
    return {};
}

}  // namespace

TEST_CASE("Config: nan and inf are not a share or a cost") {
    TempDir dir("config-not-finite");
    const std::string file = (dir / "config.toml").string();
    CHECK(error_of(dir, "absence_thresholds = [0.2, nan]") ==
          file + ":5: 'project.absence_thresholds': expected a finite number");
    CHECK(error_of(dir, "absence_thresholds = [-nan]") ==
          file + ":5: 'project.absence_thresholds': expected a finite number");
    CHECK(error_of(dir, "[project.unit_cost]\n2017 = inf") ==
          file + ":6: 'project.unit_cost.2017': expected a finite number");
    CHECK(error_of(dir, "[project.unit_cost]\n2017 = nan") ==
          file + ":6: 'project.unit_cost.2017': expected a finite number");
}

TEST_CASE("Config: disclosure_k beyond a whole number the report can hold") {
    TempDir dir("config-disclosure-k");
    const std::string file = (dir / "config.toml").string();
    // 2^32 was read as 0: no disclosure control at all.
    CHECK(error_of(dir, "disclosure_k = 4294967296") ==
          file + ":5: 'project.disclosure_k': must be at most 2147483647");
}
