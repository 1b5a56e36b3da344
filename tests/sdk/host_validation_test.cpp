// esfreport::testing (esfreport/sdk/host_validation.hpp): a plugin's records
// through the host's own validation, as a plugin author's test runs them. The
// plugin here hands over rows a test gives it, registered like any plugin, so
// its options table comes from its own descriptor. Personnummer are
// Skatteverket's test numbers: 199801016685 (woman), 199801018731 (man).
#include "test_support.hpp"

#include <esfreport/sdk/host_validation.hpp>
#include <esfreport/sdk/plugin.hpp>

#include <catch2/catch.hpp>

#include <functional>

namespace sdk = esfreport::sdk;
using sdk::testing::validate_subproject;
using sdk::testing::Validation;
using namespace esfreport::test;

namespace {

// What the scripted plugin does with the sink on read(); it sees the request.
std::function<void(const sdk::SourceRequest&, sdk::RecordSink&)> g_script;

class ScriptedSource : public sdk::SourcePluginBase {
    void do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) override { g_script(request, sink); }
};

const esfreport_option_spec kOptions[] = {{"layout", "how rows are laid out", "plain", 0}};

void period(sdk::RecordSink& sink, std::uint64_t line, const char* id, const char* start, const char* end = "",
            const char* exit_status = "") {
    sdk::Field f[sdk::period_field_count] = {};
    f[sdk::period_person_id] = {id, 1};
    f[sdk::period_start_date] = {start, 3};
    f[sdk::period_end_date] = {end, 4};
    f[sdk::period_exit_status] = {exit_status, 6};
    sink.record(line, f, sdk::period_field_count);
}

std::string project(const TempDir& dir, const std::string& extra = "") {
    return write_fixture_project(dir.path(), "scripted", extra).string();
}

Validation run(const std::string& config) {
    ScriptedSource plugin;
    return validate_subproject(plugin, *esfreport_plugin_describe(), config, "alpha");
}

}  // namespace

ESFREPORT_SOURCE_PLUGIN(ScriptedSource, "scripted", "1.0.0", "Rows a test hands over", kOptions)

TEST_CASE("Host validation: a plugin's rows are accepted or rejected by the host's rules with its messages") {
    TempDir dir("sdk-validation");
    const std::string config = project(dir);
    g_script = [&](const sdk::SourceRequest& request, sdk::RecordSink& sink) {
        CHECK(request.option("layout") == "plain");  // the descriptor's default
        CHECK(request.source == (dir / "data/alpha").string());
        sink.begin_input(sdk::RecordKind::participant_period, "/data/alpha/participants.tsv");
        period(sink, 2, "199801016685", "2017-02-01", "2017-06-30", "studier");
        period(sink, 3, "199801018731", "2017-13-01");
        period(sink, 4, "199801018731", "2017-03-01");
        sink.reject(5, 0, "", "expected 8 fields, found 3");
        sink.end_input();
    };
    const Validation v = run(config);
    INFO(v.error);
    REQUIRE(v.error.empty());
    CHECK(v.status.is_ok());
    REQUIRE(v.inputs.size() == 1);
    CHECK(v.inputs[0].path == "/data/alpha/participants.tsv");
    CHECK(v.inputs[0].rows_read == 4);
    CHECK(v.inputs[0].rows_accepted == 2);
    CHECK(v.inputs[0].rows_rejected == 2);
    REQUIRE(v.rejections.size() == 2);
    CHECK(v.rejections[0].text() ==
          "/data/alpha/participants.tsv:3, column start_date (3): not a date: '2017-13-01' (expected YYYY-MM-DD)");
    CHECK(v.rejections[1].text() == "/data/alpha/participants.tsv:5: expected 8 fields, found 3");
    // The figures by the names report templates use.
    CHECK(v.figures.at("unique.total") == 2);
    CHECK(v.figures.at("unique.female") == 1);
    CHECK(v.figures.at("unique.male") == 1);
    CHECK(v.figures.at("exited.total") == 1);
    CHECK(v.figures.at("status.studies.female") == 1);
    CHECK(v.figures.at("hours_accepted") == 0);
}

TEST_CASE("Host validation: rows of a sheet are named by their cell") {
    TempDir dir("sdk-validation-sheet");
    g_script = [](const sdk::SourceRequest&, sdk::RecordSink& sink) {
        sink.begin_sheet(sdk::RecordKind::participant_period, "/data/alpha.xlsx", "Deltagare");
        period(sink, 17, "199801018731", "2017-13-01");
        sink.end_input();
    };
    const Validation v = run(project(dir));
    REQUIRE(v.error.empty());
    REQUIRE(v.inputs.size() == 1);
    CHECK(v.inputs[0].sheet == "Deltagare");
    REQUIRE(v.rejections.size() == 1);
    CHECK(v.rejections[0].text() == "/data/alpha.xlsx!Deltagare:17, column start_date (Deltagare!C17): not a date: "
                                    "'2017-13-01' (expected YYYY-MM-DD)");
}

TEST_CASE("Host validation: the configuration's options and mapping reach the plugin and its errors are the host's") {
    TempDir dir("sdk-validation-config");
    SECTION("an option the plugin does not take") {
        const Validation v = run(project(dir, "[subproject.options]\ndelimiter = \";\"\n"));
        CHECK(v.error == (dir / "project.toml").string() +
                             ": 'subproject[alpha].options.delimiter': unknown option of plugin 'scripted' (expected "
                             "one of: layout)");
    }
    SECTION("a header mapping the source lacks, reported as the run reports it") {
        g_script = [](const sdk::SourceRequest& request, sdk::RecordSink& sink) {
            REQUIRE(request.column_count == 1);
            CHECK(request.columns[0].header == "Personnr");
            sink.begin_input(sdk::RecordKind::participant_period, "p.tsv");
            throw sdk::BadColumnMapping(std::string(request.columns[0].origin) + ": p.tsv has no column 'Personnr'");
        };
        const Validation v = run(project(dir, "[subproject.columns]\nperson_id = \"Personnr\"\n"));
        CHECK(v.status.code == sdk::StatusCode::bad_column_mapping);
        CHECK(v.error == (dir / "project.toml").string() +
                             ":13: 'subproject[alpha].columns.person_id': p.tsv has no column 'Personnr'");
    }
    SECTION("an unreadable source") {
        g_script = [](const sdk::SourceRequest&, sdk::RecordSink&) { throw sdk::SourceUnreadable("p.tsv: cannot open"); };
        const Validation v = run(project(dir));
        CHECK(v.error == "subproject 'alpha': plugin 'scripted' cannot read the source: p.tsv: cannot open");
    }
    SECTION("a record outside any input breaks the SDK contract") {
        g_script = [](const sdk::SourceRequest&, sdk::RecordSink& sink) { period(sink, 2, "199801016685", "2017-02-01"); };
        const Validation v = run(project(dir));
        CHECK(v.error == "subproject 'alpha': plugin 'scripted' broke the SDK contract: delivered a record outside any input");
    }
    SECTION("a subproject the configuration does not have") {
        ScriptedSource plugin;
        const std::string config = project(dir);
        const Validation v = validate_subproject(plugin, *esfreport_plugin_describe(), config, "beta");
        CHECK(v.error == config + ": no subproject 'beta'");
    }
}
