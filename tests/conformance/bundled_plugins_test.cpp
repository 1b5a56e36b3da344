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
#include <esfreport/runtime/plugin_host.hpp>
#include <esfreport/sdk/testing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// The canonical CSV folder as the plugin's source (written under `work`).
using SourceOf = std::function<std::string(const fs::path& csv_folder, const fs::path& work)>;

struct BundledPlugin {
    const char* name;
    std::function<std::shared_ptr<sdk::SourcePlugin>()> create;
    SourceOf source_of;
    // Added to the plugin's line numbers to give the CSV file's: a file or
    // sheet counts its header line, a database counts result rows from 1.
    std::uint64_t line_offset = 0;
};

template <class Plugin>
std::shared_ptr<sdk::SourcePlugin> create() {
    return std::make_shared<Plugin>();
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

// A rejection's column as a file names it, "start_date (3)": a sheet's
// "start_date (Deltagare!C5)" must name the cell of that column and row.
std::string column_by_number(const Dataset& data, const Rejection& r) {
    const std::string& sheet = data.inputs[r.input].sheet;
    if (r.cell.empty()) return r.column;
    std::uint32_t column = 0;
    for (std::size_t i = r.cell.rfind('!') + 1; i < r.cell.size() && r.cell[i] >= 'A' && r.cell[i] <= 'Z'; ++i)
        column = column * 26 + static_cast<std::uint32_t>(r.cell[i] - 'A' + 1);
    CHECK(r.cell == sdk::sheet_cell_reference(sheet, column, r.line));
    const std::string suffix = " (" + r.cell + ")";
    REQUIRE(r.column.size() > suffix.size());
    CHECK(r.column.substr(r.column.size() - suffix.size()) == suffix);
    return r.column.substr(0, r.column.size() - suffix.size()) + " (" + std::to_string(column) + ")";
}

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
        out.rejections.push_back(std::to_string(r.line + plugin.line_offset) + " " + column_by_number(data, r) + ": " +
                                 r.reason);
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

// Every plugin of `plugins` against the csv plugin on one folder; returns the csv plugin's.
Outcome check_conformance(const std::vector<BundledPlugin>& plugins, const ProjectConfig& config, SubprojectIndex index,
                          const fs::path& csv_folder, const std::vector<sdk::ColumnMapping>& columns = {}) {
    TempDir work("conformance");
    const Outcome reference = read_with(kPlugins[0], config, index, kPlugins[0].source_of(csv_folder, work.path()), columns);
    INFO(csv_folder.string() << ": " << reference.status.message);
    REQUIRE(reference.status.is_ok());
    for (const BundledPlugin& plugin : plugins) {
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

const std::vector<BundledPlugin> kBundled(std::begin(kPlugins), std::end(kPlugins));

// The example's subprojects, each read by every plugin of `plugins`.
void check_example(const std::vector<BundledPlugin>& plugins) {
    const ProjectConfig config = load_config(fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro/esfreport.toml");
    for (std::size_t i = 0; i < config.subprojects.size(); ++i) {
        const fs::path folder = fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro/data" / config.subprojects[i].id;
        check_conformance(plugins, config, static_cast<SubprojectIndex>(i), folder);
    }
}

// Rows the host must reject, under the subproject's own headers and words.
void check_rejections(const std::vector<BundledPlugin>& plugins) {
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
    const Outcome reference = check_conformance(plugins, config, 0, dir / "data", columns);
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

// A canonical CSV folder as the template's tab-separated files (the fixtures
// hold no quoted fields; a byte order mark is kept for the plugin to skip).
std::string as_tsv(const fs::path& csv_folder, const fs::path& work) {
    const fs::path out = work / (csv_folder.filename().string() + "-tsv");
    fs::create_directories(out);
    for (const fs::directory_entry& e : fs::directory_iterator(csv_folder)) {
        if (e.path().extension() != ".csv") continue;
        std::string text = read_file(e.path());
        REQUIRE(text.find('"') == std::string::npos);
        REQUIRE(text.find('\t') == std::string::npos);
        const std::string first_line = text.substr(0, text.find('\n'));
        const char delimiter = std::count(first_line.begin(), first_line.end(), ';') >
                                       std::count(first_line.begin(), first_line.end(), ',') ? ';' : ',';
        std::replace(text.begin(), text.end(), delimiter, '\t');
        write_file(out / e.path().filename().replace_extension(".tsv"), text);
    }
    return out.string();
}

}  // namespace

TEST_CASE("Conformance: every bundled plugin gives the example's records - rejections and figures") {
    check_example(kBundled);
}

TEST_CASE("Conformance: every bundled plugin gives the same rejections - own headers and words mapped") {
    check_rejections(kBundled);
}

// The fixture "plugin template build" (build_plugin_template.sh) installed
// this build into a fresh prefix and built examples/plugin-template against it.
TEST_CASE("Conformance: the plugin template built out of tree against the installed SDK conforms") {
    const fs::path work = ESFREPORT_PLUGIN_TEMPLATE_WORK;
    const fs::path library = work / "build/esfreport_plugin_tsv.so";
    REQUIRE(fs::is_regular_file(library));
    // The SDK's helper left the plugin and its folder writable by their owner
    // only although the build ran under umask 002.
    const auto others_write = fs::perms::group_write | fs::perms::others_write;
    CHECK((fs::status(library).permissions() & others_write) == fs::perms::none);
    CHECK((fs::status(work / "build").permissions() & others_write) == fs::perms::none);

    // Loaded by the host as any plugin: trusted folder, section, ABI, build identity.
    auto host = std::make_shared<PluginHost>(std::vector<fs::path>{work / "build"});
    PluginInfo info;
    std::shared_ptr<sdk::SourcePlugin> loaded = host->create_source("tsv", &info);
    CHECK(info.abi_version == ESFREPORT_PLUGIN_ABI_VERSION);
    CHECK(info.version == "1.0.0");
    loaded.reset();

    // Each read gets a new object from the library the host loaded.
    const std::vector<BundledPlugin> tsv = {{"tsv", [host] { return host->create_source("tsv"); }, as_tsv}};
    check_example(tsv);
    check_rejections(tsv);

    // The installed esfreport lists it from its section without loading it.
    const CommandResult listed = run_command(shell_quote((work / "prefix/bin/esfreport").string()) + " plugins --plugin-dir " +
                                             shell_quote((work / "build").string()));
    INFO(listed.err);
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Catch::Contains("tsv             1.0.0     " + std::to_string(ESFREPORT_PLUGIN_ABI_VERSION) +
                                           "    " + library.string()));
    CHECK_THAT(listed.out, Catch::Contains("Tab-separated files, one per record kind, in the subproject's folder"));
}
