// Ingestor: rows from a sheet of a workbook (RecordSink::begin_sheet). A
// rejection names the value's cell as Excel does ("Deltagare!C17"), in its
// column text and in Rejection::cell; rows from a file keep the column's
// number. Personnummer are Skatteverket's test numbers.
#include <esfreport/core/ingestor.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace esfreport;
using sdk::RecordKind;

namespace {

struct SheetFixture {
    ProjectConfig config;
    Dataset data;
    SheetFixture() {
        config.period_start = *Date::parse("2023-01-01");
        config.period_end = *Date::parse("2025-12-31");
        config.subprojects.push_back(SubprojectConfig{});
        config.subprojects[0].id = "kumla";
        config.protected_identity = default_protected_identity_rules();
        data.config = &config;
    }
};

// A participant row on sheet row `row`, its fields in the sheet's columns
// A (person_id), C (start_date) and E (end_date); the other fields absent.
void period_row(Ingestor& in, std::uint64_t row, const std::string& id, const std::string& start,
                const std::string& end = "") {
    std::vector<sdk::Field> fields(sdk::period_field_count);
    fields[sdk::period_person_id] = {id, 1};
    fields[sdk::period_start_date] = {start, 3};
    fields[sdk::period_end_date] = {end, 5};
    in.record(row, fields.data(), fields.size());
}

}  // namespace

TEST_CASE("Ingestor names the cell of a rejected value read from a sheet") {
    SheetFixture f;
    Ingestor in(f.data, f.config, 0, "xlsx");
    in.begin_sheet(RecordKind::participant_period, "/data/kumla.xlsx", "Deltagare");
    period_row(in, 16, "199501012380", "2024-01-10");
    period_row(in, 17, "199501012398", "2024-13-01");
    period_row(in, 18, "199603152381", "2024-02-01", "2024-01-01");
    in.end_input();

    REQUIRE(f.data.inputs.size() == 1);
    CHECK(f.data.inputs[0].path == "/data/kumla.xlsx!Deltagare");
    CHECK(f.data.inputs[0].sheet == "Deltagare");
    CHECK(f.data.inputs[0].rows_read == 3);
    CHECK(f.data.inputs[0].rows_accepted == 1);
    REQUIRE(f.data.rejections.size() == 2);
    const Rejection& bad_date = f.data.rejections[0];
    CHECK(bad_date.line == 17);
    CHECK(bad_date.column == "start_date (Deltagare!C17)");
    CHECK(bad_date.cell == "Deltagare!C17");
    CHECK(bad_date.reason == "not a date: '2024-13-01' (expected YYYY-MM-DD)");
    const Rejection& end_first = f.data.rejections[1];
    CHECK(end_first.column == "end_date (Deltagare!E18)");
    CHECK(end_first.cell == "Deltagare!E18");
    CHECK(end_first.reason == "end date 2024-01-01 is before start date 2024-02-01");
}

TEST_CASE("Ingestor names the cell of a row the plugin rejects on a sheet and quotes a sheet name as Excel") {
    SheetFixture f;
    Ingestor in(f.data, f.config, 0, "xlsx");
    in.begin_sheet(RecordKind::participant_period, "/data/kumla.xlsx", "Deltagare 2024");
    in.reject(6, 5, "end_date", "holds the error value #DIV/0!");
    in.reject(7, 0, "", "a row the plugin could not split");
    period_row(in, 8, "199501012380", "");
    in.end_input();

    REQUIRE(f.data.rejections.size() == 3);
    CHECK(f.data.rejections[0].column == "end_date ('Deltagare 2024'!E6)");
    CHECK(f.data.rejections[0].cell == "'Deltagare 2024'!E6");
    CHECK(f.data.rejections[0].reason == "holds the error value #DIV/0!");
    // No column: the row as a whole, named by the input and the line.
    CHECK(f.data.rejections[1].column.empty());
    CHECK(f.data.rejections[1].cell.empty());
    CHECK(f.data.rejections[2].column == "start_date ('Deltagare 2024'!C8)");
    CHECK(f.data.rejections[2].reason == "start_date is missing");
}

TEST_CASE("Ingestor keeps the column number for rows of a file after a sheet") {
    SheetFixture f;
    Ingestor in(f.data, f.config, 0, "mixed");
    in.begin_sheet(RecordKind::participant_period, "/data/kumla.xlsx", "Deltagare");
    period_row(in, 2, "199501012380", "2024-01-10");
    in.begin_input(RecordKind::participant_period, "/data/more.csv");
    period_row(in, 17, "199501012398", "2024-13-01");
    in.reject(18, 5, "end_date", "expected 8 fields as in the header, found 9");
    in.end_input();

    REQUIRE(f.data.inputs.size() == 2);
    CHECK(f.data.inputs[1].sheet.empty());
    REQUIRE(f.data.rejections.size() == 2);
    CHECK(f.data.rejections[0].column == "start_date (3)");
    CHECK(f.data.rejections[0].cell.empty());
    CHECK(f.data.rejections[1].column == "end_date (5)");
    CHECK(f.data.rejections[1].cell.empty());
}
