// esfreport extract on the bundled example: the outcome tables read back and
// compared figure by figure with the XLSX that `run` writes (k = 1, no
// suppression), the JSON's facts, the codebook's coverage, and disclosure
// control with the default k = 3 checked on every group it protects.
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsx_dump.hpp"

#include <Poco/JSON/Parser.h>

#include <cmath>
#include <map>
#include <set>
#include <sys/stat.h>
#include <tuple>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

// A copy of the example, made once: extract creates the pseudonym key beside
// the configuration, which must never be the source tree.
const std::string& example_config() {
    static TempDir copy("extract-example");
    static const std::string config = [] {
        fs::copy(fs::path(ESFREPORT_SOURCE_DIR) / "examples" / "orebro", copy.path(), fs::copy_options::recursive);
        return (copy.path() / "esfreport.toml").string();
    }();
    return config;
}
const std::string kRegion = "Örebro län";
// The example's subprojects and scales as the report labels them.
const std::map<std::string, std::string> kSubprojectIds = {
    {"Ljusnarsbergs kommun", "ljusnarsberg"},
    {"Lindesbergs kommun", "lindesberg"},
    {"Folkhögskolorna Kävesta/Fellingsbro", "kavesta-fellingsbro"},
    {"Kumla kommun", "kumla"},
    {"Karlskoga/Degerfors kommuner", "karlskoga-degerfors"},
    {"Sydnärkes utbildningsförbund", "sydnarke"},
};
const std::map<std::string, std::string> kScaleIds = {{"Självskattning 1–10", "sjalvskattning"}, {"Coachingtrappan", "coachingtrappa"}};

struct Row {
    std::map<std::string, std::string> f;  // column name -> field
};

std::vector<std::string> parse_csv_line(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else out.back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') out.emplace_back();
        else out.back() += c;
    }
    return out;
}

std::vector<Row> read_csv(const fs::path& file) {
    const std::vector<std::string> lines = split_fields(read_file(file), '\n');
    REQUIRE(!lines.empty());
    const std::vector<std::string> header = parse_csv_line(lines[0]);
    std::vector<Row> rows;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        const std::vector<std::string> fields = parse_csv_line(lines[i]);
        REQUIRE(fields.size() == header.size());
        Row r;
        for (std::size_t c = 0; c < header.size(); ++c) r.f[header[c]] = fields[c];
        rows.push_back(std::move(r));
    }
    return rows;
}

// Figures by "scope_kind|region|subproject|table|measure|category|sex|unit".
std::string key(const std::string& kind, const std::string& subproject, const std::string& table, const std::string& measure,
                const std::string& category, const std::string& sex, const std::string& unit) {
    return kind + "|" + (kind == "programme" ? "" : kRegion) + "|" + subproject + "|" + table + "|" + measure + "|" + category + "|" + sex + "|" +
           unit;
}
std::map<std::string, const Row*> index_rows(const std::vector<Row>& rows) {
    std::map<std::string, const Row*> out;
    for (const Row& r : rows) {
        const std::string k = r.f.at("scope_kind") + "|" + r.f.at("region") + "|" + r.f.at("subproject") + "|" + r.f.at("table") + "|" +
                              r.f.at("measure") + "|" + r.f.at("category") + "|" + r.f.at("sex") + "|" + r.f.at("unit");
        REQUIRE(out.emplace(k, &r).second);  // one row per figure
    }
    return out;
}

// The row metrics of a report template, in order (its `metric = "..."` lines).
std::vector<std::string> template_metrics(const std::string& file) {
    std::vector<std::string> out;
    for (const std::string& line : split_fields(read_file(fs::path(ESFREPORT_SOURCE_DIR) / "templates/report" / file), '\n'))
        if (line.rfind("metric = \"", 0) == 0) out.push_back(line.substr(10, line.size() - 11));
    return out;
}

class Comparison {
public:
    explicit Comparison(const std::map<std::string, const Row*>& figures) : figures_(figures) {}
    // A report cell ("n:12", "n:0.5", "e:", ".." when suppressed) against the extract's figure.
    void check(const std::string& cell, const std::string& figure_key) {
        INFO("figure " << figure_key << ", report cell " << cell);
        const auto it = figures_.find(figure_key);
        REQUIRE(it != figures_.end());
        const Row& row = *it->second;
        ++compared_;
        if (cell == "s:..") {
            CHECK(row.f.at("suppressed") == "true");
            ++suppressed_;
            return;
        }
        CHECK(row.f.at("suppressed") == "false");
        if (cell == "e:" || cell == "s:–") {
            CHECK(row.f.at("value").empty());
        } else {
            REQUIRE(cell.rfind("n:", 0) == 0);
            REQUIRE(!row.f.at("value").empty());
            CHECK(std::fabs(std::stod(cell.substr(2)) - std::stod(row.f.at("value"))) < 1e-12);
        }
    }
    int compared() const { return compared_; }
    int suppressed() const { return suppressed_; }
    bool has(const std::string& figure_key) const { return figures_.count(figure_key) > 0; }

private:
    const std::map<std::string, const Row*>& figures_;
    int compared_ = 0;
    int suppressed_ = 0;
};

// "n:5" -> the block label's scope: a subproject, or the region ("Totalt" or its name).
std::pair<std::string, std::string> block_scope(const std::string& label) {
    const std::string text = label.substr(2);
    const auto sp = kSubprojectIds.find(text);
    if (sp != kSubprojectIds.end()) return {"subproject", sp->second};
    return {"region", ""};
}

bool is_data_row(const std::vector<std::string>& row, std::size_t width) {
    if (row.size() < width || row[0].rfind("s:", 0) != 0) return false;
    const std::string first = row[0].substr(2);
    return kSubprojectIds.count(first) || first == kRegion || first == "Totalt";
}

// Every figure cell of the region's report (tables 1–5) against the extract.
void compare_report(const std::map<std::string, std::vector<std::vector<std::string>>>& sheets, Comparison& cmp) {
    // Table 1: girls, boys, total, other affected per subproject; the
    // "Totalt" row is the plain sum of the subprojects.
    int t1_rows = 0;
    for (const auto& row : sheets.at("1 Deltagare")) {
        if (!is_data_row(row, 7)) continue;
        const auto [kind, sp] = block_scope(row[0]);
        const std::string unique = kind == "subproject" ? "unique" : "sum_of_subprojects";
        cmp.check(row[3], key(kind, sp, "t1", unique, "", "female", "count"));
        cmp.check(row[4], key(kind, sp, "t1", unique, "", "male", "count"));
        cmp.check(row[5], key(kind, sp, "t1", unique, "", "total", "count"));
        cmp.check(row[6], key(kind, sp, "t1", "other_affected", "", "total", "count"));
        ++t1_rows;
    }
    CHECK(t1_rows == 7);

    // Tables 1b, 2 and 2b (wide): one row per sex and subproject, then the
    // region; per template metric a count column ("Antal") and, except for
    // the denominator and rows without a share, a share column ("%").
    const std::tuple<const char*, const char*, const char*> metric_tables[] = {
        {"1b Ålder och inflöde", "t1b_age_and_inflow.toml", "t1b"},
        {"2 Status vid avslut", "t2_status_at_exit.toml", "t2"},
        {"2b Till studier eller arbete", "t2b_into_studies_or_work.toml", "t2"}};
    const std::map<std::string, std::string> sex_of = {{"Kvinnor", "female"}, {"Män", "male"}, {"Totalt", "total"}};
    for (const auto& [sheet, file, table] : metric_tables) {
        INFO(sheet);
        const std::vector<std::string> metrics = template_metrics(file);
        const auto& rows = sheets.at(sheet);
        const std::vector<std::string>* header = nullptr;
        for (const auto& row : rows)
            if (!row.empty() && row[0] == "s:Kön") header = &row;
        REQUIRE(header != nullptr);
        int checked = 0;
        for (const auto& row : rows) {
            if (row.size() < header->size() || row[0].rfind("s:", 0) != 0 || !sex_of.count(row[0].substr(2))) continue;
            // An activity's row (Karlskoga/Degerfors' "– lovplugg") is no published figure: not in the extract.
            if (row[1].rfind("s:– ", 0) == 0) continue;
            const std::string sex = sex_of.at(row[0].substr(2));
            const auto [kind, sp] = block_scope(row[1]);
            std::size_t m = 0;
            std::string measure, category;
            for (std::size_t c = 2; c < header->size(); ++c) {
                const bool count = (*header)[c] == "s:Antal";
                if (count) {
                    const std::string metric = metrics.at(m++);
                    const auto dot = metric.find('.');
                    measure = metric.substr(0, dot);
                    category = dot == std::string::npos ? "" : metric.substr(dot + 1);
                }
                // Table 1b repeats table 1's participants as its first column.
                const std::string figure_table = measure == "unique" ? "t1" : table;
                cmp.check(row[c], key(kind, sp, figure_table, measure, category, sex, count ? "count" : "share"));
            }
            CHECK(m == metrics.size());
            ++checked;
        }
        CHECK(checked == 3 * 7);
    }

    // Table 3: per subproject and scale; the region row combines the scales.
    int t3_rows = 0;
    for (const auto& row : sheets.at("3 Stegförflyttningar")) {
        if (!is_data_row(row, 15)) continue;
        const auto [kind, sp] = block_scope(row[0]);
        const auto scale_it = kScaleIds.find(row[1].substr(2));
        const std::string scale = scale_it == kScaleIds.end() ? "" : scale_it->second;
        if (!scale.empty()) {
            cmp.check(row[2], key(kind, sp, "t3", "assessed", scale, "total", "count"));
            cmp.check(row[3], key(kind, sp, "t3", "not_measured", scale, "total", "count"));
            cmp.check(row[8], key(kind, sp, "t3", "zero", scale, "total", "count"));
            cmp.check(row[9], key(kind, sp, "t3", "negative", scale, "total", "count"));
            cmp.check(row[13], key(kind, sp, "t3", "mean", scale, "total", "steps"));
            cmp.check(row[14], key(kind, sp, "t3", "median", scale, "total", "steps"));
        }
        cmp.check(row[4], key(kind, sp, "t3", "measured", scale, "female", "count"));
        cmp.check(row[5], key(kind, sp, "t3", "measured", scale, "male", "count"));
        cmp.check(row[6], key(kind, sp, "t3", "measured", scale, "total", "count"));
        cmp.check(row[7], key(kind, sp, "t3", "positive", scale, "total", "count"));
        cmp.check(row[10], key(kind, sp, "t3", "share_positive", scale, "female", "share"));
        cmp.check(row[11], key(kind, sp, "t3", "share_positive", scale, "male", "share"));
        cmp.check(row[12], key(kind, sp, "t3", "share_positive", scale, "total", "share"));
        ++t3_rows;
    }
    CHECK(t3_rows == 5);  // two subproject-scale rows, the region per scale (two), the region combined

    // Table 4: absence, first and last period, per sex; thresholds 15, 20, 50 %.
    int t4_rows = 0;
    for (const auto& row : sheets.at("4 Närvaro")) {
        if (!is_data_row(row, 22)) continue;
        const auto [kind, sp] = block_scope(row[0]);
        cmp.check(row[1], key(kind, sp, "t4", "not_compared", "", "total", "count"));
        const char* sexes[] = {"female", "male", "total"};
        for (int s = 0; s < 3; ++s) {
            cmp.check(row[2 + s], key(kind, sp, "t4", "compared", "", sexes[s], "count"));
            cmp.check(row[5 + 3 * s], key(kind, sp, "t4", "first", "", sexes[s], "share"));
            cmp.check(row[6 + 3 * s], key(kind, sp, "t4", "last", "", sexes[s], "share"));
            cmp.check(row[7 + 3 * s], key(kind, sp, "t4", "change", "", sexes[s], "share_difference"));
        }
        const char* thresholds[] = {"0.15", "0.2", "0.5"};
        for (int t = 0; t < 3; ++t) {
            cmp.check(row[14 + 2 * t], key(kind, sp, "t4", "above_first", thresholds[t], "total", "count"));
            cmp.check(row[15 + 2 * t], key(kind, sp, "t4", "above_last", thresholds[t], "total", "count"));
        }
        cmp.check(row[20], key(kind, sp, "t4", "invalid_first", "", "total", "share"));
        cmp.check(row[21], key(kind, sp, "t4", "invalid_last", "", "total", "share"));
        ++t4_rows;
    }
    CHECK(t4_rows == 2);

    // Table 5 (months × subprojects): per month and the whole period, each
    // subproject's (and the region's) participants and hours, the region's value.
    int t5_cells = 0;
    {
        const auto& rows = sheets.at("5 Deltagartid");
        std::size_t label_row = 0;
        while (label_row < rows.size() && (rows[label_row].empty() || rows[label_row][0] != "s:Månad")) ++label_row;
        REQUIRE(label_row > 0);
        REQUIRE(label_row < rows.size());
        const auto& labels = rows[label_row];
        const auto& groups = rows[label_row - 1];
        std::vector<std::string> group_of(labels.size());
        for (std::size_t c = 0; c < labels.size(); ++c)
            group_of[c] = c < groups.size() && groups[c].rfind("s:", 0) == 0 ? groups[c].substr(2) : c > 0 ? group_of[c - 1] : "";
        for (std::size_t r = label_row + 1; r < rows.size(); ++r) {
            const auto& row = rows[r];
            if (row.size() < labels.size() || row[0].rfind("s:", 0) != 0) continue;
            const std::string first = row[0].substr(2);
            if (first != "Hela perioden" && (first.size() != 7 || first[4] != '-')) continue;
            const std::string month = first == "Hela perioden" ? "" : first;
            if (!month.empty()) cmp.check(row[1], key("region", "", "t5", "unit_cost", month, "total", "SEK_per_hour"));
            for (std::size_t c = 2; c < labels.size(); ++c) {
                const auto [kind, sp] = block_scope("s:" + group_of[c]);
                const std::string label = labels[c].substr(2);
                const std::string measure = label == "Deltagare" ? "participants" : label == "Timmar" ? "hours" : "value";
                const std::string unit = label == "Deltagare" ? "count" : label == "Timmar" ? "hours" : "SEK";
                // A subproject without time in a month shows 0 hours (".." in a
                // public report); the extract has no row for it.
                if (!month.empty() && kind == "subproject" && (row[c] == "n:0" || row[c] == "s:..") &&
                    !cmp.has(key(kind, sp, "t5", measure, month, "total", unit)))
                    continue;
                cmp.check(row[c], key(kind, sp, "t5", measure, month, "total", unit));
                ++t5_cells;
            }
        }
    }
    CHECK(t5_cells > 400);
    // Table 5b: the whole period by sex, per subproject and the region.
    int t5b_rows = 0;
    for (const auto& row : sheets.at("5b Deltagartid per kön")) {
        if (!is_data_row(row, 10)) continue;
        const auto [kind, sp] = block_scope(row[0]);
        const char* sexes[] = {"female", "male", "total"};
        for (int s = 0; s < 3; ++s) {
            cmp.check(row[1 + s], key(kind, sp, "t5", "participants", "", sexes[s], "count"));
            cmp.check(row[4 + s], key(kind, sp, "t5", "hours", "", sexes[s], "hours"));
            cmp.check(row[7 + s], key(kind, sp, "t5", "value", "", sexes[s], "SEK"));
        }
        ++t5b_rows;
    }
    CHECK(t5b_rows == 7);
    // Table 5c (the workbook's detail sheet): every month and the whole period,
    // per subproject and the region, by sex.
    int t5c_rows = 0;
    for (const auto& row : sheets.at("5c Deltagartid per månad")) {
        if (!is_data_row(row, 12)) continue;
        const auto [kind, sp] = block_scope(row[0]);
        const std::string month = row[1] == "s:Hela perioden" ? "" : row[1].substr(2);
        if (!month.empty()) cmp.check(row[2], key(kind, sp, "t5", "unit_cost", month, "total", "SEK_per_hour"));
        const char* sexes[] = {"female", "male", "total"};
        for (int s = 0; s < 3; ++s) {
            cmp.check(row[3 + s], key(kind, sp, "t5", "participants", month, sexes[s], "count"));
            cmp.check(row[6 + s], key(kind, sp, "t5", "hours", month, sexes[s], "hours"));
            cmp.check(row[9 + s], key(kind, sp, "t5", "value", month, sexes[s], "SEK"));
        }
        ++t5c_rows;
    }
    CHECK(t5c_rows > 100);
}

// The example run into DIR/run (with `run_options`) and extracted into DIR/extract.
std::vector<Row> run_and_extract(const TempDir& dir, const std::string& run_options, const std::string& extract_options) {
    const std::string env = "SOURCE_DATE_EPOCH=1551830400 ";
    const CommandResult run = run_command(env + shell_quote(ESFREPORT_EXE) + " run " + shell_quote(example_config()) + " --out " +
                                          shell_quote((dir / "run").string()) + " --quiet --no-participant-time-sheet " + run_options);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const CommandResult ex = run_command(env + shell_quote(ESFREPORT_EXE) + " extract " + shell_quote(example_config()) + " --out " +
                                         shell_quote((dir / "extract").string()) + " --quiet " + extract_options);
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    return read_csv(dir / "extract" / "outcome-tables.csv");
}

}  // namespace

TEST_CASE("extract with k = 1 agrees figure by figure with the XLSX of run on the example") {
    TempDir dir("e2e-extract-vs-run");
    const std::vector<Row> rows = run_and_extract(dir, "", "--k 1");
    const auto figures = index_rows(rows);
    for (const Row& r : rows) CHECK(r.f.at("suppressed") == "false");
    Comparison cmp(figures);
    compare_report(read_xlsx(dir / "run" / "slutrapport-orebro-lan.xlsx"), cmp);
    CHECK(cmp.compared() > 2000);
    CHECK(cmp.suppressed() == 0);
}

TEST_CASE("run --public shows as .. exactly the figures extract suppresses with the same k on the example") {
    TempDir dir("e2e-public-vs-extract");
    const std::vector<Row> rows = run_and_extract(dir, "--public", "");  // both k = 3, the default
    const auto figures = index_rows(rows);
    Comparison cmp(figures);
    compare_report(read_xlsx(dir / "run" / "slutrapport-orebro-lan.xlsx"), cmp);
    CHECK(cmp.compared() > 2000);
    CHECK(cmp.suppressed() > 100);
}


TEST_CASE("extract writes the JSON facts and a codebook entry for every measure") {
    TempDir dir("e2e-extract-json");
    const CommandResult ex = run_command("SOURCE_DATE_EPOCH=1551830400 " + shell_quote(ESFREPORT_EXE) + " extract " + shell_quote(example_config()) +
                                         " --out " + shell_quote(dir.path().string()) + " --lang en --quiet");
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    for (const char* name : {"outcome-tables.csv", "outcome-tables.json", "codebook.csv", "codebook.md", "manifest.json"})
        CHECK(fs::exists(dir / name));

    Poco::JSON::Parser parser;
    const auto json = parser.parse(read_file(dir / "outcome-tables.json")).extract<Poco::JSON::Object::Ptr>();
    CHECK(json->getValue<std::string>("project") == "#jagmed Örebro län");
    CHECK(json->getObject("period")->getValue<std::string>("from") == "2016-01-01");
    CHECK(json->getObject("period")->getValue<std::string>("to") == "2018-12-31");
    CHECK(json->getValue<std::string>("generated_at") == "2019-03-06T00:00:00Z");
    const CommandResult version = run_esfreport("--version");
    CHECK(version.out == "esfreport " + json->getObject("tool")->getValue<std::string>("version") + "\n");
    // The configuration digest is the manifest's.
    const auto manifest = parser.parse(read_file(dir / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
    CHECK(json->getValue<std::string>("configuration_sha256") == manifest->getObject("configuration")->getValue<std::string>("sha256"));
    CHECK(manifest->getValue<std::string>("command") == "extract");
    // The example sets no disclosure_k: the default 3 applies.
    CHECK(json->getObject("disclosure")->getValue<int>("k") == 3);
    CHECK(json->getObject("disclosure")->getValue<bool>("suppression"));

    // The JSON holds the CSV's figures, in the same order.
    const std::vector<Row> rows = read_csv(dir / "outcome-tables.csv");
    const auto figures = json->getArray("figures");
    REQUIRE(figures->size() == rows.size());
    std::size_t suppressed = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto f = figures->getObject(static_cast<unsigned>(i));
        INFO("figure " << i);
        CHECK(f->getValue<std::string>("measure") == rows[i].f.at("measure"));
        CHECK(f->getValue<std::string>("sex") == rows[i].f.at("sex"));
        CHECK(f->getValue<bool>("suppressed") == (rows[i].f.at("suppressed") == "true"));
        if (rows[i].f.at("value").empty()) CHECK(f->isNull("value"));
        else CHECK(f->getValue<double>("value") == std::stod(rows[i].f.at("value")));
        suppressed += rows[i].f.at("suppressed") == "true" ? 1 : 0;
    }
    CHECK(json->getObject("disclosure")->getValue<std::size_t>("suppressed_figures") == suppressed);
    CHECK(suppressed > 0);

    // Every (table, measure, unit) of the figures has exactly one codebook row.
    std::set<std::string> codebook;
    for (const Row& r : read_csv(dir / "codebook.csv")) {
        CHECK(!r.f.at("definition_sv").empty());
        CHECK(!r.f.at("definition_en").empty());
        CHECK(codebook.insert(r.f.at("table") + "|" + r.f.at("measure") + "|" + r.f.at("unit")).second);
    }
    std::set<std::string> used;
    for (const Row& r : rows) used.insert(r.f.at("table") + "|" + r.f.at("measure") + "|" + r.f.at("unit"));
    for (const std::string& u : used) {
        INFO(u);
        CHECK(codebook.count(u) == 1);
    }
    CHECK_THAT(read_file(dir / "codebook.md"), Catch::Contains("# Codebook of outcome-tables.csv"));
    CHECK_THAT(read_file(dir / "codebook.md"), Catch::Contains("| `into_studies_or_work` | count |"));
}

TEST_CASE("extract with the default k leaves no small count shown and no group with a single suppressed cell") {
    TempDir dir("e2e-extract-k3");
    const CommandResult ex = run_esfreport("extract " + shell_quote(example_config()) + " --out " + shell_quote(dir.path().string()) + " --quiet");
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    const std::vector<Row> rows = read_csv(dir / "outcome-tables.csv");
    const auto figures = index_rows(rows);
    // Primary: no count of 1 or 2 persons is shown; a suppressed value is empty.
    for (const Row& r : rows) {
        if (r.f.at("suppressed") == "true") CHECK(r.f.at("value").empty());
        if (r.f.at("unit") != "count" || r.f.at("value").empty()) continue;
        const double v = std::stod(r.f.at("value"));
        INFO(r.f.at("subproject") << " " << r.f.at("measure") << " " << r.f.at("category") << " " << r.f.at("sex"));
        CHECK(!(v >= 1 && v <= 2));
    }
    const auto hidden = [&](const std::string& k) {
        const auto it = figures.find(k);
        REQUIRE(it != figures.end());
        return it->second->f.at("suppressed") == "true";
    };
    // The sexes of every count: never exactly one of female, male, other, total hidden.
    int groups = 0;
    for (const Row& r : rows) {
        if (r.f.at("unit") != "count" || r.f.at("sex") != "total" || r.f.at("measure") == "other_affected") continue;
        const std::string base = r.f.at("scope_kind") + "|" + r.f.at("region") + "|" + r.f.at("subproject") + "|" + r.f.at("table") + "|" +
                                 r.f.at("measure") + "|" + r.f.at("category") + "|";
        int n = 0;
        for (const char* sex : {"female", "male", "other", "total"}) n += hidden(base + sex + "|count") ? 1 : 0;
        INFO(base);
        CHECK(n != 1);
        ++groups;
    }
    CHECK(groups > 500);
    // Statuses at exit with the exited total, per scope and sex.
    const char* statuses[] = {"studies", "work", "studies_and_work", "job_seeking", "other_authority",
                              "other_measure", "dropout", "not_reached", "other", "unknown"};
    for (const auto& [label, sp] : kSubprojectIds)
        for (const char* sex : {"female", "male", "other", "total"}) {
            int n = hidden(key("subproject", sp, "t2", "exited", "", sex, "count")) ? 1 : 0;
            for (const char* s : statuses) n += hidden(key("subproject", sp, "t2", "status", s, sex, "count")) ? 1 : 0;
            INFO(sp << " " << sex);
            CHECK(n != 1);
        }
    // Subprojects with the region, for table 1's participants per sex.
    for (const char* sex : {"female", "male", "other", "total"}) {
        int n = hidden(key("region", "", "t1", "unique", "", sex, "count")) ? 1 : 0;
        for (const auto& [label, sp] : kSubprojectIds) n += hidden(key("subproject", sp, "t1", "unique", "", sex, "count")) ? 1 : 0;
        CHECK(n != 1);
    }
    // The example's Ljusnarsberg: 1 man in the age band 20–24 (table 1b), suppressed.
    CHECK(hidden(key("subproject", "ljusnarsberg", "t1b", "age", "20_24", "male", "count")));
    CHECK(hidden(key("subproject", "ljusnarsberg", "t1b", "age", "20_24", "male", "share")));
    // Table 1's headline figures are large enough and stay shown.
    CHECK_FALSE(hidden(key("subproject", "ljusnarsberg", "t1", "unique", "", "total", "count")));
}

TEST_CASE("extract refuses a bad k and needs --out") {
    TempDir dir("e2e-extract-usage");
    CommandResult r = run_esfreport("extract " + shell_quote(example_config()) + " --out " + shell_quote(dir.path().string()) + " --k 0");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: --k must be a whole number from 1 (1 turns suppression off), not '0' (see esfreport extract --help)\n");
    r = run_esfreport("extract " + shell_quote(example_config()) + " --out " + shell_quote(dir.path().string()) + " --k 3x");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: --k must be a whole number from 1 (1 turns suppression off), not '3x' (see esfreport extract --help)\n");
    r = run_esfreport("extract " + shell_quote(example_config()));
    CHECK(r.exit_code == 2);
    CHECK(r.err == "esfreport: error: 'extract' needs --out DIR (see esfreport extract --help)\n");
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("no output of extract holds a personnummer of the input nor a contact detail") {
    TempDir dir("e2e-extract-no-pnr");
    const CommandResult ex = run_esfreport("extract " + shell_quote(example_config()) + " --out " + shell_quote(dir.path().string()) + " --k 1 --quiet");
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    std::string outputs;
    for (const auto& e : fs::directory_iterator(dir.path()))
        if (e.is_regular_file()) outputs += read_file(e.path()) + "\n";
    REQUIRE(outputs.size() > 100000);
    int persons = 0;
    for (const auto& sub : fs::directory_iterator(fs::path(example_config()).parent_path() / "data")) {
        if (!fs::exists(sub.path() / "participants.csv")) continue;
        const std::vector<std::string> lines = split_fields(read_file(sub.path() / "participants.csv"), '\n');
        // Two of the example's subprojects write ';'-separated files.
        const char separator = lines.at(0).find(';') != std::string::npos ? ';' : ',';
        const std::size_t columns = split_fields(lines.at(0), separator).size();  // 9 with the activity
        for (std::size_t i = 1; i < lines.size(); ++i) {
            if (lines[i].empty()) continue;
            const std::vector<std::string> f = split_fields(lines[i], separator);
            REQUIRE(f.size() == columns);
            std::string digits;  // the input writes 19970315-2398 or 199710052391
            for (char c : f[0])
                if (c >= '0' && c <= '9') digits += c;
            REQUIRE(digits.size() == 12);
            const std::string ten = digits.substr(2);
            for (const std::string& form : {digits, ten, ten.substr(0, 6) + "-" + ten.substr(6), digits.substr(0, 8) + "-" + digits.substr(8),
                                            f[6], f[7]}) {
                if (form.empty()) continue;  // no e-mail or phone given
                INFO(sub.path().filename().string() << " line " << i + 1 << ": " << form.substr(0, 4) << "…");
                CHECK(outputs.find(form) == std::string::npos);
            }
            ++persons;
        }
    }
    CHECK(persons == 270);  // every participation period of the example
}

TEST_CASE("extract: the pseudonymised participant file and the key are owner-only and counted in the JSON") {
    TempDir dir("extract-participants");
    const CommandResult ex = run_esfreport("extract " + shell_quote(example_config()) + " --out " + shell_quote(dir.path().string()) + " --quiet");
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    const auto mode = [](const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; };
    const fs::perms owner_only = fs::perms::owner_read | fs::perms::owner_write;
    CHECK(mode(dir / "participants-pseudonymised.csv") == owner_only);
    CHECK(mode(fs::path(example_config()).parent_path() / "pseudonym.key") == owner_only);
    const std::string csv = read_file(dir / "participants-pseudonymised.csv");
    const std::size_t rows = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) - 1;
    const std::string json = read_file(dir / "outcome-tables.json");
    CHECK_THAT(json, Catch::Contains("\"participants_file\": {\"rows_written\": " + std::to_string(rows) + ", \"rows_left_out\": "));
}
