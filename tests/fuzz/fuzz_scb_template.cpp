// Fuzz target "scb_template": load_scb_template() on a template of any content
// (the input is the whole TOML file), then the file names and dates it writes.
//
// Every mistake must be a std::runtime_error naming the file; a template that
// loads must name files and write dates without failing later, when the data
// have been read.
#include "fuzz_support.hpp"

#include <esfreport/export/scb_template.hpp>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace {

using namespace esfreport;

void check_loaded(const ScbTemplate& t) {
    FUZZ_CHECK(!t.columns.empty(), "no columns");
    const std::size_t blocks = std::max<std::size_t>(t.block_labels.size(), 1);
    for (const ScbColumn& c : t.columns) {
        FUZZ_CHECK(c.block >= 0 && static_cast<std::size_t>(c.block) <= blocks, "block " + std::to_string(c.block));
        FUZZ_CHECK(c.width == 0 || (c.width > 0 && c.width <= 255), "width " + std::to_string(c.width));
    }
    FUZZ_CHECK(!t.sheet_name.empty() && t.sheet_name.size() <= 31, "sheet name '" + t.sheet_name + "'");
    FUZZ_CHECK(t.delimiter.size() == 1 && t.delimiter != "\"" && t.delimiter != "\n" && t.delimiter != "\r",
               "delimiter '" + t.delimiter + "'");
    FUZZ_CHECK(t.line_ending == "\r\n" || t.line_ending == "\n", "line ending");

    // Names from values a project really has: spaces, slashes, Swedish letters.
    std::map<std::string, std::string> values{{"project", "Jag / Med: 2.0"}, {"year", "2017"}};
    if (t.kind == ScbFileKind::esf_monthly) {
        values["month_name"] = "Maj";
        values["month"] = "05";
    } else {
        values["municipality"] = "Örebro kommun";
        values["half"] = "1";
    }
    std::string name;
    try {
        name = scb_file_name(t, values);
    } catch (const std::runtime_error& e) {
        FUZZ_CHECK(false, std::string("a loaded template cannot name a file: ") + e.what());
    }
    FUZZ_CHECK(!name.empty() && name.find('/') == std::string::npos && name.find('\0') == std::string::npos &&
                   name != "." && name != "..",
               "file name '" + name + "'");
    const std::string date = format_scb_date(t, *Date::from_ymd(2017, 5, 31));
    FUZZ_CHECK(date.find("2017") != std::string::npos || date.find("17") != std::string::npos, "date '" + date + "'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::write_scratch_file("scb/template.toml", fuzz::as_text(data, size));
    try {
        check_loaded(load_scb_template(file));
    } catch (const std::runtime_error& e) {
        FUZZ_CHECK(std::string(e.what()).rfind(file.string(), 0) == 0, std::string("error not naming the file: ") + e.what());
    }
    return 0;
}
