// Report templates are checked when they load: every figure a column or row
// names must be in the one table of figure names the report builder looks it
// up in (core/figures.hpp), so a misspelt name stops the run before any data
// is read, with the file, the line and the names that would have been valid.
#include <esfreport/export/report_template.hpp>

#include <test_support.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const fs::path kBundled = fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report";

// The bundled templates copied into `dir`, with `from` replaced by `to` in
// `file`. Returns the line of `to` in the edited file.
int copy_with_edit(const TempDir& dir, const std::string& file, const std::string& from, const std::string& to) {
    for (const auto& entry : fs::directory_iterator(kBundled)) fs::copy_file(entry.path(), dir / entry.path().filename().string());
    std::string text = read_file(dir / file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write_file(dir / file, text);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::string load_error(const fs::path& dir) {
    try {
        load_report_templates(dir);
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "(loaded without error)";
}

}  // namespace

TEST_CASE("Report templates: the bundled templates name only known figures", "[report_template]") {
    const DocumentTemplate d = load_report_templates(kBundled);
    std::vector<std::string> ids;
    for (const TableTemplate& t : d.tables) ids.push_back(t.id);
    CHECK(ids == std::vector<std::string>{"t1", "t1b", "t2", "t2b", "t3", "t4", "t5", "t5b", "t5c", "t6", "t6b"});
}

TEST_CASE("Report templates: an unknown figure in a column is an error naming file line and the valid names",
          "[report_template]") {
    TempDir dir("report-template-column");
    const int line = copy_with_edit(dir, "t3_step_movements.toml", "value = \"share_positive.total\"",
                                    "value = \"share_postive.total\"");
    CHECK(load_error(dir.path()) ==
          (dir / "t3_step_movements.toml").string() + ":" + std::to_string(line) +
              ": 'column.value': 'share_postive.total' is not known for rows = \"scales\" (expected block, scale, "
              "distribution, or <figure>.<female|male|non_binary|unknown|total> with figure one of: assessed, measured, "
              "not_measured, positive, zero, negative, share_positive, mean, median)");
}

TEST_CASE("Report templates: a figure without a sex and a sex that does not exist are errors", "[report_template]") {
    TempDir dir("report-template-sex");
    copy_with_edit(dir, "t5_participant_time.toml", "value = \"hours.total\"", "value = \"hours\"");
    CHECK_THAT(load_error(dir.path()), Catch::Contains("'hours' is not known for rows = \"months\" (expected block, month, unit_cost, or"));
    TempDir other("report-template-sex-2");
    copy_with_edit(other, "t4_attendance.toml", "value = \"first.female\"", "value = \"first.women\"");
    CHECK_THAT(load_error(other.path()), Catch::Contains("'first.women' is not known for rows = \"attendance\""));
}

TEST_CASE("Report templates: an unknown row metric and denominator are errors", "[report_template]") {
    TempDir dir("report-template-row");
    const int line = copy_with_edit(dir, "t2_status_at_exit.toml", "metric = \"status.dropout\"", "metric = \"status.drop_out\"");
    const std::string error = load_error(dir.path());
    CHECK_THAT(error, Catch::StartsWith((dir / "t2_status_at_exit.toml").string() + ":" + std::to_string(line) +
                                        ": 'metric': 'status.drop_out' is not a participant figure (expected one of: unique, "));
    CHECK_THAT(error, Catch::Contains("status.dropout, status.not_reached"));
    TempDir other("report-template-denominator");
    copy_with_edit(other, "t2_status_at_exit.toml", "denominator = \"exited\"", "denominator = \"exits\"");
    CHECK_THAT(load_error(other.path()), Catch::Contains(": 'denominator': 'exits' is not a participant figure"));
}

TEST_CASE("Report templates: an unknown kind of rows is an error listing the kinds", "[report_template]") {
    TempDir dir("report-template-rows");
    copy_with_edit(dir, "t4_attendance.toml", "\nrows = \"attendance\"", "\nrows = \"absence\"");
    CHECK_THAT(load_error(dir.path()),
               Catch::EndsWith(": 'rows': expected one of: children, metrics, scales, attendance, months, inputs, rejection_reasons"));
}

TEST_CASE("Report templates: a layout the rows do not have is an error naming file and line", "[report_template]") {
    TempDir dir("report-template-layout");
    // The key's line, not the comment above that names it.
    const int line = 1 + copy_with_edit(dir, "t2_status_at_exit.toml", "\nlayout = \"wide\"", "\nlayout = \"sideways\"");
    CHECK(load_error(dir.path()) == (dir / "t2_status_at_exit.toml").string() + ":" + std::to_string(line) +
                                        ": 'layout': expected \"long\" or \"wide\" for rows = \"metrics\"");
    TempDir months("report-template-layout-months");
    const int months_line = copy_with_edit(months, "t6_data_quality.toml", "rows = \"inputs\"", "rows = \"inputs\"\nlayout = \"wide\"");
    CHECK(load_error(months.path()) == (months / "t6_data_quality.toml").string() + ":" + std::to_string(months_line + 1) +
                                           ": 'layout': expected \"long\" for rows = \"inputs\"");
}

TEST_CASE("Report templates: a wide table's column names no sex - the blocks of rows do", "[report_template]") {
    TempDir dir("report-template-wide-column");
    const int line = copy_with_edit(dir, "t2_status_at_exit.toml", "value = \"count\"", "value = \"count.female\"");
    CHECK(load_error(dir.path()) == (dir / "t2_status_at_exit.toml").string() + ":" + std::to_string(line) +
                                        ": 'column.value': 'count.female' is not known for layout = \"wide\" (expected sex, block, "
                                        "count, share)");
}

TEST_CASE("Report templates: activity rows only where rows are per subproject", "[report_template]") {
    TempDir dir("report-template-activity-rows");
    const int line = 1 + copy_with_edit(dir, "t4_attendance.toml", "\nrows = \"attendance\"", "\nrows = \"attendance\"\nactivity_rows = true");
    CHECK(load_error(dir.path()) == (dir / "t4_attendance.toml").string() + ":" + std::to_string(line + 1) +
                                        ": 'activity_rows': only rows = \"children\", \"metrics\" or \"scales\" have rows per activity");
    // The bundled tables 1-3 ask for them.
    const DocumentTemplate bundled = load_report_templates(kBundled);
    int with_activities = 0;
    for (const TableTemplate& t : bundled.tables) with_activities += t.activity_rows;
    CHECK(with_activities == 3);
}
