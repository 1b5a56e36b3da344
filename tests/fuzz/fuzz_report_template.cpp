// Fuzz target "report_template": load_report_templates() on a template folder
// whose document.toml and table.toml both hold the input, so one file drives
// the document's keys and, when it lists "table.toml", a table's.
//
// Every mistake must be a TemplateError; what loads must keep the promises of
// report_template.hpp.
#include "fuzz_support.hpp"

#include <esfreport/export/report_template.hpp>

#include <cstdint>
#include <set>
#include <string>

namespace {

using namespace esfreport;

void check_loaded(const DocumentTemplate& d) {
    static const std::set<std::string> kRowKinds = {"children",        "metrics", "inputs", "rejection_reasons",
                                                    "scales",          "attendance", "months"};
    for (const TableTemplate& t : d.tables) {
        FUZZ_CHECK(!t.id.empty(), "a table without an id");
        FUZZ_CHECK(kRowKinds.count(t.rows), "rows = '" + t.rows + "'");
        FUZZ_CHECK(!t.columns.empty(), "a table without columns");
        for (const TemplateColumn& c : t.columns) FUZZ_CHECK(!c.value.empty(), "a column without a value");
        FUZZ_CHECK(t.rows != "metrics" || !t.row_defs.empty(), "rows = metrics without [[row]]");
        FUZZ_CHECK(t.layout == "long" || (t.layout == "wide" && (t.rows == "metrics" || t.rows == "months")) ||
                       (t.layout == "period" && t.rows == "months"),
                   "layout = '" + t.layout + "' for rows = '" + t.rows + "'");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    fuzz::write_scratch_file("report/table.toml", text);
    const auto document = fuzz::write_scratch_file("report/document.toml", text);
    try {
        check_loaded(load_report_templates(document.parent_path()));
    } catch (const TemplateError& e) {
        // The file it names may be any the document lists, so only ask for a message.
        FUZZ_CHECK(*e.what() != '\0', "a TemplateError without a message");
    }
    return 0;
}
