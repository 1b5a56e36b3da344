// Conformance: every bundled source plugin, reading the same logical data,
// gives the host the same records, and the host's own validation (the
// Ingestor) then gives the same rejections and the same figures. The data are
// the example's CSV folders and a folder of rows every plugin must reject;
// each plugin gets them in its own form (kPlugins). Adding a plugin is one
// line there.
#include "test_support.hpp"

#include "csv_source.hpp"
#include "sql_source.hpp"
#include "xlsx_source.hpp"

#include <esfreport/core/ingestor.hpp>
#include <esfreport/core/metrics.hpp>
#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/sdk/testing.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// The canonical CSV folder as the plugin's source (written under `work`).
using SourceOf = std::function<std::string(const fs::path& csv_folder, const fs::path& work)>;

struct BundledPlugin {
    const char* name;
    std::function<std::unique_ptr<sdk::SourcePlugin>()> create;
    SourceOf source_of;
    // Added to the plugin's line numbers to give the CSV file's: a file or
    // sheet counts its header line, a database counts result rows from 1.
    std::uint64_t line_offset = 0;
};

template <class Plugin>
std::unique_ptr<sdk::SourcePlugin> create() {
    return std::make_unique<Plugin>();
}

std::string as_workbook(const fs::path& csv_folder, const fs::path& work) {
    const fs::path book = work / (csv_folder.filename().string() + ".xlsx");
    const CommandResult r = run_command(shell_quote(ESFREPORT_PYTHON) + " " +
                                        shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/tests/plugins/xlsx_workbooks.py") +
                                        " csv " + shell_quote(csv_folder.string()) + " " + shell_quote(book.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return book.string();
}

// An SQLite database with the canonical tables, made by the example's script.
std::string as_sqlite(const fs::path& csv_folder, const fs::path& work) {
    const fs::path db = work / (csv_folder.filename().string() + ".db");
    const CommandResult r = run_command(shell_quote(ESFREPORT_PYTHON) + " " +
                                        shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/examples/orebro/build_sqlite.py") + " " +
                                        shell_quote(csv_folder.string()) + " " + shell_quote(db.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return "sqlite:" + db.string();
}

const BundledPlugin kPlugins[] = {
    {"csv", create<plugins::csv::CsvSource>, [](const fs::path& folder, const fs::path&) { return folder.string(); }},
    {"xlsx", create<plugins::xlsx::XlsxSource>, as_workbook},
    {"sql", create<plugins::sql::SqlSource>, as_sqlite, 1},
};

// What the host made of one subproject read by one plugin, without the input
// names (a folder's file and a workbook's sheet differ by design).
struct Outcome {
    sdk::Status status;
    std::vector<std::string> records;     // kind, line, fields
    std::vector<std::string> rejections;  // line, column, reason
    std::vector<std::string> figures;     // per sex: unique, exited, each status; hours
};

Outcome read_with(const BundledPlugin& plugin, const ProjectConfig& config, SubprojectIndex index,
                  const std::string& source, const std::vector<sdk::ColumnMapping>& columns) {
    Outcome out;
    Dataset data;
    data.config = &config;
    data.other_affected.resize(config.subprojects.size());
    sdk::SourceRequest request;
    request.subproject_id = config.subprojects[index].id;
    request.source = source;
    request.columns = columns.data();
    request.column_count = columns.size();

    // The records as handed over ...
    sdk::testing::RecordingSink sink;
    out.status = plugin.create()->read(request, sink);
    for (const auto& in : sink.inputs)
        for (const auto& row : in.rows) {
            std::string text = std::to_string(static_cast<int>(in.kind)) + ":" + std::to_string(row.line + plugin.line_offset);
            for (const std::string& field : row.text) text += "|" + field;
            out.records.push_back(text);
        }
    // ... and through the host's validation.
    Ingestor ingestor(data, config, index, plugin.name);
    const sdk::Status status = plugin.create()->read(request, ingestor);
    ingestor.end_input();
    REQUIRE(status.code == out.status.code);
    for (const Rejection& r : data.rejections)
        out.rejections.push_back(std::to_string(r.line + plugin.line_offset) + " " + r.column + ": " + r.reason);
    const MetricsEngine engine(data);
    const ParticipantMetrics m = engine.participants(programme_scope(config), {config.period_start, config.period_end});
    const auto by_sex = [](const BySex& b) {
        return std::to_string(b[Sex::female]) + "/" + std::to_string(b[Sex::male]) + "/" + std::to_string(b.total());
    };
    out.figures.push_back("unique " + by_sex(m.unique));
    out.figures.push_back("exited " + by_sex(m.exited));
    for (int s = 0; s < kStatusAtExitCount; ++s)
        out.figures.push_back(std::string(to_string(static_cast<StatusAtExit>(s))) + " " + by_sex(m.status_at_exit[s]));
    std::int64_t micro_hours = 0;
    for (const auto& [key, micro] : data.micro_hours) micro_hours += micro;
    out.figures.push_back("hours " + std::to_string(micro_hours));
    return out;
}

// Every plugin against the first (csv) on one folder; returns the first's.
Outcome check_conformance(const ProjectConfig& config, SubprojectIndex index, const fs::path& csv_folder,
                       const std::vector<sdk::ColumnMapping>& columns = {}) {
    TempDir work("conformance");
    const Outcome reference = read_with(kPlugins[0], config, index, kPlugins[0].source_of(csv_folder, work.path()), columns);
    INFO(csv_folder.string() << ": " << reference.status.message);
    REQUIRE(reference.status.is_ok());
    for (const BundledPlugin& plugin : kPlugins) {
        INFO("plugin " << plugin.name);
        const Outcome got = read_with(plugin, config, index, plugin.source_of(csv_folder, work.path()), columns);
        INFO(got.status.message);
        REQUIRE(got.status.is_ok());
        CHECK(got.records == reference.records);
        CHECK(got.rejections == reference.rejections);
        CHECK(got.figures == reference.figures);
    }
    return reference;
}

}  // namespace

TEST_CASE("Conformance: every bundled plugin gives the example's records - rejections and figures") {
    const ProjectConfig config = load_config(fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro/esfreport.toml");
    for (std::size_t i = 0; i < config.subprojects.size(); ++i) {
        const fs::path folder = fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro/data" / config.subprojects[i].id;
        check_conformance(config, static_cast<SubprojectIndex>(i), folder);
    }
}

TEST_CASE("Conformance: every bundled plugin gives the same rejections - own headers and words mapped") {
    TempDir dir("conformance-rejections");
    const fs::path config_file = dir / "esfreport.toml";
    write_file(config_file, "[project]\nname = \"Conformance\"\nperiod_start = 2016-01-01\nperiod_end = 2018-12-31\n"
                            "[[subproject]]\nid = \"alpha\"\nname = \"Alpha\"\nregion = \"Örebro län\"\nplugin = \"csv\"\n"
                            "source = \"data\"\n"
                            "[subproject.columns]\nperson_id = \"Personnr\"\nexit_status = \"Resultat\"\n"
                            "[subproject.values.exit_status]\n\"Fått jobb\" = \"work\"\n");
    const ProjectConfig config = load_config(config_file);
    fs::create_directories(dir / "data");
    write_file(dir / "data/participants.csv",
               "Personnr,Kön,Startdatum,Slutdatum,Resultat\n"
               "199710052391,M,2016-01-16,2016-05-13,Fått jobb\n"  // accepted through the value map
               "199905222387,K,2016-02-06,2016-09-08,studier\n"    // a built-in label
               "199905222388,K,2016-02-06,,\n"                     // a bad check digit
               "199710052391,M,2016-13-01,,\n"                     // no date
               "199611302390,X,2016-03-01,2016-04-01,Slutat\n");   // a word nobody knows
    write_file(dir / "data/hours.csv", "Personnr,Datum,Timmar\n199710052391,2016-01-18,2\n199710052391,2016-01-19,x\n");
    std::vector<sdk::ColumnMapping> columns;
    for (const ColumnMappingConfig& m : config.subprojects[0].columns) columns.push_back({m.field, m.header, m.origin});
    const Outcome reference = check_conformance(config, 0, dir / "data", columns);
    // The reference itself is what the host's rules say.
    CHECK(reference.records.size() == 7);
    REQUIRE(reference.rejections.size() == 4);
    CHECK(reference.rejections[0].rfind("4 person_id (1): ", 0) == 0);
    CHECK(reference.rejections[1] == "5 start_date (3): not a date: '2016-13-01' (expected YYYY-MM-DD)");
    INFO(reference.rejections[2]);
    CHECK(reference.rejections[2].rfind("6 exit_status (5): unknown exit status 'Slutat' (expected this subproject's "
                                        "'Fått jobb', or studier, studies,", 0) == 0);
    CHECK(reference.rejections[3] == "3 hours (3): not a number of hours: 'x' (expected e.g. 3 or 2,5)");
    CHECK(reference.figures.at(0) == "unique 1/1/2");
    CHECK(reference.figures.at(1) == "exited 1/1/2");
    CHECK(reference.figures.back() == "hours 2000000");
}
