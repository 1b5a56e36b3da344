// The SDK's header matching (esfreport/sdk/columns.hpp): one table of names
// for every plugin, and the subproject's own [subproject.columns].
#include <esfreport/sdk/columns.hpp>

#include <catch2/catch.hpp>

#include <vector>

namespace sdk = esfreport::sdk;
using sdk::RecordKind;

TEST_CASE("SDK columns: header names are normalised for matching") {
    CHECK(sdk::normalize_header("  Start   Date ") == "start_date");
    CHECK(sdk::normalize_header("KÖN") == "kön");
    CHECK(sdk::normalize_header("FRÅNVAROTIMMAR") == "frånvarotimmar");
    CHECK(sdk::normalize_header("I skola/Utanför skola") == "i_skola/utanför_skola");
    CHECK(sdk::normalize_header(" \t ") == "");
}

TEST_CASE("SDK columns: canonical names and Swedish aliases per kind") {
    CHECK(sdk::builtin_field(RecordKind::attendance, "Frånvarotimmar") == sdk::attendance_absent_hours);
    CHECK(sdk::builtin_field(RecordKind::assessment, "Värde") == sdk::assessment_value);
    CHECK(sdk::builtin_field(RecordKind::hours, "Timmar") == sdk::hours_hours);
    CHECK(sdk::builtin_field(RecordKind::hours, "start_date") == -1);
    CHECK(sdk::builtin_field(RecordKind::kaa, "Personnummer") == sdk::kaa_person_id);
    CHECK(sdk::builtin_field(RecordKind::participant_period, "I skola/utanför skola") == sdk::period_setting);
    CHECK(sdk::builtin_field(RecordKind::participant_period, "Miljö") == sdk::period_setting);
    CHECK(sdk::builtin_field(RecordKind::participant_period, "Status vid avslut") == sdk::period_exit_status);
    CHECK(sdk::builtin_field(RecordKind::participant_period, "setting") == sdk::period_setting);
}

TEST_CASE("SDK columns: a configured header wins and takes the field from its built-in names") {
    const std::vector<sdk::ColumnMapping> columns = {
        {"person_id", "Personnr", "esfreport.toml:7: 'subproject[a].columns.person_id'"},
        {"exit_status", "Status", "esfreport.toml:8: 'subproject[a].columns.exit_status'"},
        {"scale", "Mått", "esfreport.toml:9: 'subproject[a].columns.scale'"},
    };
    sdk::SourceRequest request;
    request.columns = columns.data();
    request.column_count = columns.size();
    const sdk::HeaderMatcher periods(request, RecordKind::participant_period);
    CHECK(periods.field_of(" PERSONNR ") == sdk::period_person_id);
    CHECK(periods.field_of("Status") == sdk::period_exit_status);
    // The built-in names of a mapped field no longer stand for it ...
    CHECK(periods.field_of("Personnummer") == -1);
    CHECK(periods.field_of("person_id") == -1);
    CHECK(periods.field_of("Avslutsorsak") == -1);
    // ... those of the other fields still do; a field of another kind is not used here.
    CHECK(periods.field_of("Startdatum") == sdk::period_start_date);
    CHECK(periods.field_of("Mått") == -1);
    const sdk::HeaderMatcher assessments(request, RecordKind::assessment);
    CHECK(assessments.field_of("mått") == sdk::assessment_scale);
    CHECK(assessments.field_of("personnr") == sdk::assessment_person_id);
}

TEST_CASE("SDK columns: a configured header absent from the input is a mapping error naming the configuration") {
    const std::vector<sdk::ColumnMapping> columns = {
        {"exit_status", "Status vid avslut", "/p/esfreport.toml:12: 'subproject[kumla].columns.exit_status'"}};
    sdk::SourceRequest request;
    request.columns = columns.data();
    request.column_count = columns.size();
    const sdk::HeaderMatcher periods(request, RecordKind::participant_period);
    std::uint32_t column_of[sdk::period_field_count] = {1, 0, 2, 0, 0, 0, 0, 0};
    CHECK_THROWS_WITH(periods.check_mapped(column_of, "/data/kumla.xlsx!Deltagare"),
                      "/p/esfreport.toml:12: 'subproject[kumla].columns.exit_status': /data/kumla.xlsx!Deltagare has "
                      "no column 'Status vid avslut' (mapped to exit_status)");
    column_of[sdk::period_exit_status] = 5;
    CHECK_NOTHROW(periods.check_mapped(column_of, "/data/kumla.xlsx!Deltagare"));
    // Hours have no exit status: the mapping does not concern them.
    const sdk::HeaderMatcher hours(request, RecordKind::hours);
    const std::uint32_t hours_columns[sdk::hours_field_count] = {1, 2, 3, 0};
    CHECK_NOTHROW(hours.check_mapped(hours_columns, "/data/kumla.xlsx!Timmar"));
}
