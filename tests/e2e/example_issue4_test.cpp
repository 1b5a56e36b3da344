// Tables 3–5 and the participant-time sheet of the bundled example, checked
// against figures this test computes itself from the example's CSV files with
// a reader of its own (no esfreport code): step movements (Kumla's
// self-assessment, Karlskoga/Degerfors' coaching ladder), attendance
// (Sydnärke) and participant time (all six subprojects).
#include <catch2/catch.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const fs::path kExample = fs::path(ESFREPORT_SOURCE_DIR) / "examples" / "orebro";
const std::string kFrom = "2016-01-01", kTo = "2018-12-31";  // esfreport.toml's period
// esfreport.toml's [project.unit_cost] (example values), in öre.
const std::map<int, long long> kUnitCostOre = {{2016, 17200}, {2017, 17600}, {2018, 18100}};

using Rows = std::vector<std::vector<std::string>>;

// A canonical-CSV file as rows of fields by header name. The example files
// have no quoted fields; the delimiter is ',' or ';', maybe after a BOM.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& file) {
    std::string text = read_file(file);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    const std::vector<std::string> lines = split_fields(text, '\n');
    REQUIRE_FALSE(lines.empty());
    const char sep = lines[0].find(';') != std::string::npos ? ';' : ',';
    const std::vector<std::string> header = split_fields(lines[0], sep);
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        const std::vector<std::string> f = split_fields(lines[i], sep);
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < header.size() && c < f.size(); ++c) row[header[c]] = f[c];
        out.push_back(row);
    }
    return out;
}

// "7,5" or "7.5" in millionths.
long long micro(std::string s) {
    for (char& c : s)
        if (c == ',') c = '.';
    return std::llround(std::stod(s) * 1e6);
}
double number(const std::string& s) { return double(micro(s)) / 1e6; }

// The person's identity without separators or century (YYMMDDNNNC), and sex
// from the second-last digit (odd: male).
std::string person_key(const std::string& id) {
    std::string digits;
    for (char c : id)
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    return digits.substr(digits.size() - 10);
}
bool is_female(const std::string& id) { return (person_key(id)[8] - '0') % 2 == 0; }

bool in_period(const std::string& date) { return date >= kFrom && date <= kTo; }

// Sheet name -> rows of TYPE:VALUE cells (tests/e2e/xlsx_dump.py).
std::map<std::string, Rows> read_xlsx(const fs::path& file) {
    const CommandResult r = run_command(std::string(ESFREPORT_PYTHON) + " " +
                                        shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/tests/e2e/xlsx_dump.py") + " " +
                                        shell_quote(file.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, Rows> sheets;
    std::string current;
    for (const std::string& line : split_fields(r.out, '\n')) {
        if (line.empty()) continue;
        if (line.rfind("## ", 0) == 0) current = line.substr(3);
        else sheets[current].push_back(split_fields(line, '\t'));
    }
    return sheets;
}

const std::vector<std::string>& row_of(const Rows& rows, const std::string& first, const std::string& second) {
    for (const auto& r : rows)
        if (r.size() > 1 && r[0] == "s:" + first && r[1] == "s:" + second) return r;
    FAIL("no row " << first << " / " << second);
    throw;
}
const std::vector<std::string>& row_starting(const Rows& rows, const std::string& first) {
    for (const auto& r : rows)
        if (!r.empty() && r[0] == "s:" + first) return r;
    FAIL("no row " << first);
    throw;
}
// The column of the n-th (1-based) header cell with this label, in the header
// row whose first cell is `first_header`.
std::size_t column_of(const Rows& rows, const std::string& label, int nth = 1, const std::string& first_header = "Delprojekt") {
    for (const auto& r : rows) {
        if (r.empty() || (r[0] != "s:" + first_header)) continue;
        int seen = 0;
        for (std::size_t c = 0; c < r.size(); ++c)
            if (r[c] == "s:" + label && ++seen == nth) return c;
    }
    FAIL("no column " << label << " #" << nth);
    throw;
}
double num(const std::vector<std::string>& row, std::size_t c) {
    REQUIRE(c < row.size());
    REQUIRE(row[c].rfind("n:", 0) == 0);
    return std::stod(row[c].substr(2));
}

struct Run {
    TempDir out{"example_issue4"};
    std::map<std::string, Rows> report;
    Rows sheet;
    Run() {
        const CommandResult r = run_esfreport("run " + shell_quote((kExample / "esfreport.toml").string()) + " --out " +
                                              shell_quote(out.path().string()) + " --quiet");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        report = read_xlsx(out / "slutrapport-orebro-lan.xlsx");
        // One workbook per subproject with recorded time, in configuration
        // order; together they are the economist's rows.
        for (const char* id : {"ljusnarsberg", "lindesberg", "kavesta-fellingsbro", "kumla", "karlskoga-degerfors", "sydnarke"}) {
            const fs::path file = out / ("deltagartid-per-deltagare-" + std::string(id) + ".xlsx");
            REQUIRE(fs::exists(file));  // every subproject of the example records hours
            sheets.push_back(file);
            const Rows rows = read_xlsx(file).at("Deltagartid");
            if (sheet.empty()) sheet.push_back(rows.at(0));
            sheet.insert(sheet.end(), rows.begin() + 1, rows.end());
        }
    }
    std::vector<fs::path> sheets;
};

}  // namespace

TEST_CASE("example: table 3 agrees with step movements computed from assessments.csv", "[example_issue4]") {
    Run run;
    const Rows& t3 = run.report.at("3 Stegförflyttningar");
    const std::vector<std::tuple<std::string, std::string, std::string>> scales = {
        {"kumla", "Kumla kommun", "Självskattning 1–10"},
        {"karlskoga-degerfors", "Karlskoga/Degerfors kommuner", "Coachingtrappan"},
    };
    for (const auto& [dir, name, scale] : scales) {
        INFO(name);
        // Per person: (date, value) of the first and last assessment in the period.
        std::map<std::string, std::vector<std::pair<std::string, int>>> by_person;
        std::map<std::string, bool> female;
        for (const auto& row : read_csv(kExample / "data" / dir / "assessments.csv")) {
            if (!in_period(row.at("date"))) continue;
            by_person[person_key(row.at("person_id"))].emplace_back(row.at("date"), std::stoi(row.at("value")));
            female[person_key(row.at("person_id"))] = is_female(row.at("person_id"));
        }
        long assessed = 0, one = 0, measured = 0, measured_women = 0, positive = 0, zero = 0, negative = 0, sum = 0;
        for (auto& [key, list] : by_person) {
            ++assessed;
            if (list.size() < 2) {
                ++one;
                continue;
            }
            std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            const int movement = list.back().second - list.front().second;  // both scales: higher is better, steps 1, 2, 3…
            ++measured;
            if (female[key]) ++measured_women;
            sum += movement;
            (movement > 0 ? positive : movement == 0 ? zero : negative)++;
        }
        REQUIRE(measured > 0);
        const auto& row = row_of(t3, name, scale);
        CHECK(num(row, column_of(t3, "Bedömda")) == assessed);
        CHECK(num(row, column_of(t3, "Ej mätta (en bedömning)")) == one);
        CHECK(num(row, column_of(t3, "Kvinnor")) == measured_women);
        CHECK(num(row, column_of(t3, "Positiv") - 1) == measured);  // "Mätta, Totalt" precedes "Positiv"
        CHECK(num(row, column_of(t3, "Positiv")) == positive);
        CHECK(num(row, column_of(t3, "Ingen")) == zero);
        CHECK(num(row, column_of(t3, "Negativ")) == negative);
        CHECK(num(row, column_of(t3, "Medel")) == Approx(double(sum) / double(measured)));
        CHECK(num(row, column_of(t3, "Totalt", 2)) == Approx(double(positive) / double(measured)));
    }
}

TEST_CASE("example: table 4 agrees with absence shares computed from attendance.csv", "[example_issue4]") {
    Run run;
    const Rows& t4 = run.report.at("4 Närvaro");
    std::map<std::string, std::vector<std::tuple<std::string, std::string, double>>> by_person;  // start, end, share
    for (const auto& row : read_csv(kExample / "data" / "sydnarke" / "attendance.csv")) {
        if (!in_period(row.at("period_end"))) continue;  // a period counts where it ends
        by_person[person_key(row.at("person_id"))].emplace_back(row.at("period_start"), row.at("period_end"),
                                                                number(row.at("absent_hours")) / number(row.at("scheduled_hours")));
    }
    long compared = 0, single = 0, above_15_first = 0, above_50_last = 0;
    double first_sum = 0, last_sum = 0;
    for (auto& [key, list] : by_person) {
        if (list.size() < 2) {
            ++single;
            continue;
        }
        std::sort(list.begin(), list.end());
        const double first = std::get<2>(list.front()), last = std::get<2>(list.back());
        ++compared;
        first_sum += first;
        last_sum += last;
        if (first > 0.15) ++above_15_first;
        if (last > 0.50) ++above_50_last;
    }
    REQUIRE(compared > 0);
    const auto& row = row_starting(t4, "Sydnärkes utbildningsförbund");
    CHECK(num(row, column_of(t4, "Ej jämförda (en period)")) == single);
    CHECK(num(row, column_of(t4, "Totalt")) == compared);
    CHECK(num(row, column_of(t4, "Första", 3)) == Approx(first_sum / double(compared)));
    CHECK(num(row, column_of(t4, "Sista", 3)) == Approx(last_sum / double(compared)));
    CHECK(num(row, column_of(t4, "Ändring", 3)) == Approx((last_sum - first_sum) / double(compared)));
    CHECK(num(row, column_of(t4, "första", 1)) == above_15_first);  // > 15 %, first period
    CHECK(num(row, column_of(t4, "sista", 3)) == above_50_last);    // > 50 %, last period
}

TEST_CASE("example: table 5 and the economist's sheet agree with hours.csv", "[example_issue4]") {
    Run run;
    // 5b: the whole period by sex, one row per subproject; 5: months × subprojects.
    const Rows& t5 = run.report.at("5b Deltagartid per kön");
    const Rows& months = run.report.at("5 Deltagartid");
    int nth_subproject = 0;
    const std::vector<std::pair<std::string, std::string>> subprojects = {
        {"ljusnarsberg", "Ljusnarsbergs kommun"},     {"lindesberg", "Lindesbergs kommun"},
        {"kavesta-fellingsbro", "Folkhögskolorna Kävesta/Fellingsbro"}, {"kumla", "Kumla kommun"},
        {"karlskoga-degerfors", "Karlskoga/Degerfors kommuner"}, {"sydnarke", "Sydnärkes utbildningsförbund"},
    };
    long long all_hours = 0, all_value_ore = 0;
    std::size_t person_months = 0;
    for (const auto& [dir, name] : subprojects) {
        INFO(name);
        // Micro-hours per person and month (YYYY-MM), summed over the days.
        std::map<std::pair<std::string, std::string>, long long> month_sum;
        for (const auto& row : read_csv(kExample / "data" / dir / "hours.csv")) {
            if (!in_period(row.at("date"))) continue;
            month_sum[{person_key(row.at("person_id")), row.at("date").substr(0, 7)}] += micro(row.at("hours"));
        }
        long long hours = 0, value_ore = 0;
        std::set<std::string> with_time;
        for (const auto& [key, m] : month_sum) {
            const long long whole = m / 1'000'000;  // rounded down, after the sum
            hours += whole;
            value_ore += whole * kUnitCostOre.at(std::stoi(key.second.substr(0, 4)));
            if (whole > 0) with_time.insert(key.first);
        }
        person_months += month_sum.size();
        all_hours += hours;
        all_value_ore += value_ore;
        const auto& row = row_starting(t5, name);
        CHECK(num(row, column_of(t5, "Totalt", 1)) == double(with_time.size()));
        CHECK(num(row, column_of(t5, "Totalt", 2)) == double(hours));
        CHECK(num(row, column_of(t5, "Totalt", 3)) == Approx(double(value_ore) / 100.0));
        // Table 5's whole-period row, under the subproject's columns.
        ++nth_subproject;
        const auto& whole = row_starting(months, "Hela perioden");
        CHECK(num(whole, column_of(months, "Deltagare", nth_subproject, "Månad")) == double(with_time.size()));
        CHECK(num(whole, column_of(months, "Timmar", nth_subproject, "Månad")) == double(hours));
    }
    const auto& total = row_starting(t5, "Örebro län");
    CHECK(num(total, column_of(t5, "Totalt", 2)) == double(all_hours));
    CHECK(num(total, column_of(t5, "Totalt", 3)) == Approx(double(all_value_ore) / 100.0));
    const auto& whole = row_starting(months, "Hela perioden");
    CHECK(num(whole, column_of(months, "Timmar", 7, "Månad")) == double(all_hours));
    CHECK(num(whole, column_of(months, "Värde, kr", 1, "Månad")) == Approx(double(all_value_ore) / 100.0));
    // The sheet: a header and one row per person month; its values add up to the table's.
    REQUIRE(run.sheet.size() == person_months + 1);
    double sheet_value = 0, sheet_hours = 0;
    for (std::size_t i = 1; i < run.sheet.size(); ++i) {
        sheet_hours += num(run.sheet[i], 5);
        sheet_value += num(run.sheet[i], 7);
    }
    CHECK(sheet_hours == double(all_hours));
    CHECK(sheet_value == Approx(double(all_value_ore) / 100.0));
    // Personal data: owner-only.
    REQUIRE_FALSE(run.sheets.empty());
    for (const fs::path& file : run.sheets)
        CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("example: --no-participant-time-sheet and participant_time_sheets = false leave the sheets out", "[example_issue4]") {
    auto sheets_in = [](const fs::path& dir) {
        int n = 0;
        for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().rfind("deltagartid-", 0) == 0;
        return n;
    };
    TempDir out("example_no_sheet");
    const CommandResult flag = run_esfreport("run " + shell_quote((kExample / "esfreport.toml").string()) + " --out " +
                                             shell_quote(out.path().string()) + " --quiet --no-participant-time-sheet");
    INFO(flag.err);
    REQUIRE(flag.exit_code == 0);
    CHECK(fs::exists(out / "slutrapport-orebro-lan.xlsx"));
    CHECK(sheets_in(out.path()) == 0);

    // The same through the configuration, in a copy of the example.
    TempDir project("example_no_sheet_config");
    fs::copy(kExample, project.path(), fs::copy_options::recursive);
    std::string config = read_file(project / "esfreport.toml");
    const auto at = config.find("[project]\n");
    REQUIRE(at != std::string::npos);
    config.insert(at + 10, "participant_time_sheets = false\n");
    write_file(project / "esfreport.toml", config);
    TempDir out2("example_no_sheet_config_out");
    const CommandResult key = run_esfreport("run " + shell_quote((project / "esfreport.toml").string()) + " --out " +
                                            shell_quote(out2.path().string()) + " --quiet");
    INFO(key.err);
    REQUIRE(key.exit_code == 0);
    CHECK(sheets_in(out2.path()) == 0);
    CHECK(fs::exists(out2 / "slutrapport-orebro-lan.xlsx"));
}
