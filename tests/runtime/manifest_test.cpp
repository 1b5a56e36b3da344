// manifest.json read back as JSON, and rejected.csv's quoting and order, for a
// Dataset filled through the real Ingestor.
#include "test_support.hpp"

#include <esfreport/core/ingestor.hpp>
#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/manifest.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace esfreport;
using namespace esfreport::test;
using Poco::JSON::Array;
using Poco::JSON::Object;
namespace fs = std::filesystem;

namespace {

// Skatteverket test personnummer (tests/data/identity).
constexpr const char* kAnna = "189001019802";
constexpr const char* kBo = "189001029819";

void period(Ingestor& in, std::uint64_t line, const char* id, const char* start, const char* end) {
    const sdk::Field f[sdk::period_field_count] = {{id, 1}, {"", 2}, {start, 3}, {end, 4}, {"", 5}, {"", 6}, {"", 7}, {"", 8}};
    in.record(line, f, sdk::period_field_count);
}

struct Fixture {
    TempDir dir{"manifest"};
    ProjectConfig config;
    Dataset data;
    std::string participants;  // path with a comma: must be quoted in rejected.csv
    std::string hours;

    Fixture() {
        config = load_config(write_fixture_project(dir.path(), "csv", "", "data"));
        data.config = &config;
        participants = (dir / "data/alpha, ungdom/participants.csv").string();
        hours = (dir / "data/hours.csv").string();

        Ingestor in(data, config, 0, "csv");
        in.begin_input(sdk::RecordKind::participant_period, participants);
        period(in, 2, kAnna, "2017-01-01", "2017-06-30");  // accepted
        period(in, 3, kAnna, "2017-03-01", "");            // overlaps line 2: rejected when the input ends
        in.reject(4, 0, "", "the row has 3 fields, expected 8");
        period(in, 5, kBo, "2017,\"x\"", "");  // a date with a comma and a quote
        in.end_input();
        in.begin_input(sdk::RecordKind::hours, hours);
        const sdk::Field h[sdk::hours_field_count] = {{kAnna, 1}, {"2017-02-01", 2}, {"3,5", 3}, {"", 4}};
        in.record(2, h, sdk::hours_field_count);
        in.end_input();
        in.warning("hours.csv was read as Windows-1252");
        REQUIRE(in.protocol_error().empty());
        data.inputs[1].sha256 = std::string(64, 'c');
    }
};

PluginInfo csv_plugin() {
    PluginInfo p;
    p.name = "csv";
    p.version = "1.0.0";
    p.kind = "source";
    p.abi_version = 1;
    p.path = "/opt/esfreport/lib/esfreport/plugins/esfreport_plugin_csv.so";
    return p;
}

Object::Ptr parse(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Object::Ptr>();
}

}  // namespace

TEST_CASE("Manifest: the dataset fixture is what the tests below assume") {
    Fixture f;
    REQUIRE(f.data.inputs.size() == 2);
    CHECK(f.data.inputs[0].rows_read == 4);
    CHECK(f.data.inputs[0].rows_accepted == 1);
    CHECK(f.data.inputs[0].rows_rejected == 3);
    CHECK(f.data.inputs[1].rows_read == 1);
    CHECK(f.data.inputs[1].rows_accepted == 1);
    CHECK(f.data.rejections.size() == 3);
}

TEST_CASE("Manifest: manifest_json names the tool - the configuration - inputs - outputs - plugins and warnings") {
    Fixture f;
    ManifestFacts facts;
    facts.tool_version = "0.1.0";
    facts.command = "run";
    facts.generated_at = 1489449600;  // 2017-03-14 00:00:00 UTC
    facts.outputs = {{"slutrapport.xlsx", std::string(64, 'a')}, {"rejected.csv", std::string(64, 'b')}};
    const std::string json = manifest_json(f.data, {csv_plugin()}, facts);
    CHECK(json.back() == '\n');
    const Object::Ptr root = parse(json);

    const Object::Ptr tool = root->getObject("tool");
    REQUIRE(tool);
    CHECK(tool->getValue<std::string>("name") == "esfreport");
    CHECK(tool->getValue<std::string>("version") == "0.1.0");
    CHECK(root->getValue<std::string>("command") == "run");
    CHECK(root->getValue<std::string>("generated_at") == "2017-03-14T00:00:00Z");

    const Object::Ptr cfg = root->getObject("configuration");
    REQUIRE(cfg);
    CHECK(cfg->getValue<std::string>("path") == f.config.file.string());
    CHECK(cfg->getValue<std::string>("sha256") == f.config.sha256);
    CHECK(cfg->getValue<std::string>("project") == "Fixture project");
    CHECK(cfg->getValue<std::string>("period_start") == "2017-01-01");
    CHECK(cfg->getValue<std::string>("period_end") == "2017-12-31");

    const Array::Ptr inputs = root->getArray("inputs");
    REQUIRE(inputs);
    REQUIRE(inputs->size() == 2);
    const Object::Ptr p = inputs->getObject(0);
    CHECK(p->getValue<std::string>("subproject") == "alpha");
    CHECK(p->getValue<std::string>("plugin") == "csv");
    CHECK(p->getValue<std::string>("kind") == "participants");
    CHECK(p->getValue<std::string>("path") == f.participants);
    CHECK(p->isNull("sha256"));  // not a file that was digested
    CHECK(p->getValue<std::uint64_t>("rows_read") == 4);
    CHECK(p->getValue<std::uint64_t>("rows_accepted") == 1);
    CHECK(p->getValue<std::uint64_t>("rows_rejected") == 3);
    const Object::Ptr h = inputs->getObject(1);
    CHECK(h->getValue<std::string>("kind") == "hours");
    CHECK(h->getValue<std::string>("path") == f.hours);
    CHECK(h->getValue<std::string>("sha256") == std::string(64, 'c'));
    CHECK(h->getValue<std::uint64_t>("rows_read") == 1);
    for (std::size_t i = 0; i < inputs->size(); ++i) {
        const Object::Ptr in = inputs->getObject(static_cast<unsigned>(i));
        CHECK(in->getValue<std::uint64_t>("rows_read") ==
              in->getValue<std::uint64_t>("rows_accepted") + in->getValue<std::uint64_t>("rows_rejected"));
    }

    const Array::Ptr outputs = root->getArray("outputs");
    REQUIRE(outputs);
    REQUIRE(outputs->size() == 2);
    CHECK(outputs->getObject(0)->getValue<std::string>("path") == "slutrapport.xlsx");
    CHECK(outputs->getObject(0)->getValue<std::string>("sha256") == std::string(64, 'a'));
    CHECK(outputs->getObject(1)->getValue<std::string>("path") == "rejected.csv");

    const Array::Ptr plugins = root->getArray("plugins");
    REQUIRE(plugins);
    REQUIRE(plugins->size() == 1);
    CHECK(plugins->getObject(0)->getValue<std::string>("name") == "csv");
    CHECK(plugins->getObject(0)->getValue<std::string>("version") == "1.0.0");
    CHECK(plugins->getObject(0)->getValue<unsigned>("abi_version") == 1);
    CHECK(plugins->getObject(0)->getValue<std::string>("path") == "/opt/esfreport/lib/esfreport/plugins/esfreport_plugin_csv.so");

    const Array::Ptr warnings = root->getArray("warnings");
    REQUIRE(warnings);
    REQUIRE(warnings->size() == 1);
    CHECK(warnings->getElement<std::string>(0) == "alpha: hours.csv was read as Windows-1252");  // prefixed with the subproject
}

TEST_CASE("Manifest: no personnummer in manifest.json") {
    Fixture f;
    const std::string json = manifest_json(f.data, {csv_plugin()}, ManifestFacts{});
    CHECK(json.find(kAnna) == std::string::npos);
    CHECK(json.find(kBo) == std::string::npos);
}

TEST_CASE("Manifest: a personnummer in a header cell or an aggregate key reaches manifest.json masked") {
    // Seen: a header cell holding a personnummer landed in manifest.json as an
    // ignored column; an aggregates.csv key was printed whole.
    Fixture f;
    Ingestor in(f.data, f.config, 0, "csv");
    in.warning(f.participants + ": column 9 '199801022394' is not used; ignored");
    in.aggregate("19980102-2394", 3);
    const std::string json = manifest_json(f.data, {csv_plugin()}, ManifestFacts{});
    CHECK(json.find("199801022394") == std::string::npos);
    CHECK(json.find("19980102") == std::string::npos);
    const Array::Ptr warnings = parse(json)->getArray("warnings");
    REQUIRE(warnings->size() == 3);
    CHECK(warnings->getElement<std::string>(1) == "alpha: " + f.participants + ": column 9 '************' is not used; ignored");
    CHECK(warnings->getElement<std::string>(2) == "alpha: unknown aggregate '********-2394' ignored");
}

TEST_CASE("Manifest: rejected.csv is RFC 4180 - one row per rejection in input order") {
    Fixture f;
    // In the Dataset the overlap (line 3) comes last: it is found when the input ends.
    REQUIRE(f.data.rejections.back().line == 3);
    const std::string q = "\"" + f.participants + "\"";
    const std::string expected =
        "subproject,file,line,column,reason\n"
        "alpha," + q + ",3,start_date,overlaps the period of the same person on line 2 (2017-01-01 – 2017-06-30)\n"
        "alpha," + q + ",4,,\"the row has 3 fields, expected 8\"\n"
        "alpha," + q + ",5,start_date (3),\"not a date: '2017,\"\"x\"\"' (expected YYYY-MM-DD)\"\n";
    CHECK(rejected_csv(f.data) == expected);
}

TEST_CASE("Manifest: rejected.csv is handed over in pieces of about a megabyte that make the whole text") {
    Fixture f;
    // 40,000 rows of about 80 bytes: three pieces or so, each cut after a whole row.
    for (std::uint64_t line = 10; line < 40'010; ++line) f.data.rejections.push_back({0, 0, line, "hours (3)", "not a number: '" + std::string(40, 'x') + "'", "", ""});
    std::vector<std::string> pieces;
    write_rejected_csv(f.data, [&](std::string_view piece) { pieces.emplace_back(piece); });
    REQUIRE(pieces.size() >= 3);
    std::string joined;
    for (const std::string& p : pieces) {
        CHECK(p.size() < (std::size_t{1} << 20) + 4096);
        CHECK(p.back() == '\n');
        joined += p;
    }
    CHECK(joined == rejected_csv(f.data));
    CHECK(joined.rfind("subproject,file,line,column,reason\n", 0) == 0);
    CHECK(joined.find("\nalpha,\"" + f.participants + "\",40009,hours (3),not a number: '" + std::string(40, 'x') + "'\n") != std::string::npos);
}

TEST_CASE("Manifest: run_time honours SOURCE_DATE_EPOCH") {
    ::setenv("SOURCE_DATE_EPOCH", "1489449600", 1);
    CHECK(run_time() == 1489449600);
    CHECK(iso_utc(run_time()) == "2017-03-14T00:00:00Z");
    ::setenv("SOURCE_DATE_EPOCH", "not a number", 1);
    const std::time_t now = std::time(nullptr);
    CHECK(run_time() >= now);
    ::unsetenv("SOURCE_DATE_EPOCH");
}
