// load_scb_template on templates that used to load but could not be used as
// loaded. Caught by the checks of the scb_template fuzz target (inputs in
// tests/fuzz/corpus/scb_template/regress-*).
#include "test_support.hpp"

#include <esfreport/export/scb_template.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// An ESF template of one personnummer column with `column_extra` in the
// column and `extra` tables after it; returns the error's text.
std::string error_of(const TempDir& dir, const std::string& column_extra, const std::string& extra = "") {
    const fs::path file = dir / "scb.toml";
    write_file(file, "kind = \"esf_monthly\"\n[[columns]]\nfield = \"personnummer\"\nheader = \"P\"\n" + column_extra + "\n" + extra);
    try {
        (void)load_scb_template(file);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    FAIL("load_scb_template accepted: " << column_extra << extra);
    return {};
}

}  // namespace

TEST_CASE("SCB template: nan and inf are not a width or a block") {
    TempDir dir("scb-template-not-finite");
    const std::string file = (dir / "scb.toml").string();
    // nan passed the range check of width, and made the block check convert nan to int.
    CHECK(error_of(dir, "width = nan") == file + ": columns[1].width: expected a finite number");
    CHECK(error_of(dir, "block = nan") == file + ": columns[1].block: expected a finite number");
    CHECK(error_of(dir, "width = -inf") == file + ": columns[1].width: expected a finite number");
}

TEST_CASE("SCB template: the file name replacement must itself be safe in a file name") {
    TempDir dir("scb-template-replacement");
    const std::string file = (dir / "scb.toml").string();
    // "/" loaded, then turned the project "Jag / Med" into the path "Maj2017_Jag/Med".
    CHECK(error_of(dir, "", "[file_name]\nreplacement = \"/\"") ==
          file + ": file_name.replacement: expected letters, digits, '-', '_' or '.' (or nothing), got \"/\"");
    CHECK(error_of(dir, "", "[file_name]\nreplacement = \" \"") ==
          file + ": file_name.replacement: expected letters, digits, '-', '_' or '.' (or nothing), got \" \"");
}
