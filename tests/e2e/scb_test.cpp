// `esfreport scb` on a copy of the example project (the ledger is written
// beside the configuration, so never into the source tree).
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

fs::path copy_example(const TempDir& dir) {
    fs::copy(fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro", dir / "orebro", fs::copy_options::recursive);
    return dir / "orebro/esfreport.toml";
}

std::string csv_template() { return (fs::path(ESFREPORT_SOURCE_DIR) / "templates/scb/esf_monthly_csv.toml").string(); }

// Starts and ends in the example's participants.csv files, counted from the
// text with no help from esfreport: every row starts once; a row with an end
// date ends once, in the same file row when both fall in one month.
struct Events {
    std::size_t starts = 0, ends = 0, same_month = 0;
};
Events count_events(const fs::path& data_dir) {
    Events e;
    for (const auto& sub : fs::directory_iterator(data_dir)) {
        std::ifstream in(sub.path() / "participants.csv");
        std::string line;
        std::getline(in, line);
        if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        // The example's files use ',' or ';' (the generator varies them on purpose).
        const char delimiter = line.find(';') != std::string::npos ? ';' : ',';
        REQUIRE(line.rfind(std::string("person_id") + delimiter + "sex" + delimiter + "start_date" + delimiter + "end_date", 0) == 0);
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            REQUIRE(line.find('"') == std::string::npos);  // no quoted fields: a plain split is exact
            std::vector<std::string> f;
            std::stringstream ss(line);
            std::string cell;
            while (std::getline(ss, cell, delimiter)) f.push_back(cell);
            ++e.starts;
            if (f.size() > 3 && !f[3].empty()) {
                ++e.ends;
                if (f[2].substr(0, 7) == f[3].substr(0, 7)) ++e.same_month;
            }
        }
    }
    return e;
}

std::size_t data_lines(const std::string& csv) {
    std::size_t n = 0;
    for (char c : csv) n += c == '\n';
    return n - 1;  // the header
}

}  // namespace

TEST_CASE("e2e scb esf --all: one file per month of 2016-2018 - rows = starts + ends - re-run changes nothing") {
    TempDir dir("e2e_scb");
    const fs::path config = copy_example(dir);
    const fs::path out = dir / "out";
    const std::string args = "scb esf " + shell_quote(config.string()) + " --all --out " + shell_quote(out.string()) +
                             " --template " + shell_quote(csv_template());
    const CommandResult r = run_esfreport(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    std::set<std::string> names;
    std::size_t rows = 0;
    std::map<std::string, std::string> bytes;
    for (const auto& f : fs::directory_iterator(out)) {
        if (f.path().filename().string().front() == '.') continue;  // esfreport's record of what it wrote
        names.insert(f.path().filename().string());
        bytes[f.path().filename().string()] = read_file(f.path());
        rows += data_lines(bytes[f.path().filename().string()]);
        struct stat st {};
        REQUIRE(::stat(f.path().c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
    }
    CHECK(names.size() == 36);
    CHECK(names.count("Januari2016_jagmed_Örebro_län.csv") == 1);
    CHECK(names.count("December2018_jagmed_Örebro_län.csv") == 1);
    const Events e = count_events(dir / "orebro/data");
    CHECK(e.starts > 0);
    CHECK(rows == e.starts + e.ends - e.same_month);
    // No personnummer in what the command printed.
    CHECK(r.err.find("2388") == std::string::npos);

    const fs::path ledger = dir / "orebro/esfreport.scb-ledger.json";
    const std::string ledger_bytes = read_file(ledger);
    const CommandResult again = run_esfreport(args);
    REQUIRE(again.exit_code == 0);
    CHECK(read_file(ledger) == ledger_bytes);
    for (const auto& [name, content] : bytes) CHECK(read_file(out / name) == content);
}

TEST_CASE("e2e scb status: sent months - then a corrected end date lists that month and every later one") {
    TempDir dir("e2e_scb_status");
    const fs::path config = copy_example(dir);
    const CommandResult sent = run_esfreport("scb esf " + shell_quote(config.string()) + " --all --mark-sent --quiet --out " +
                                             shell_quote((dir / "out").string()));
    INFO(sent.err);
    REQUIRE(sent.exit_code == 0);
    CommandResult s = run_esfreport("scb status " + shell_quote(config.string()) + " --quiet");
    REQUIRE(s.exit_code == 0);
    CHECK(s.out.find("no sent month has changed") != std::string::npos);
    CHECK(s.out.find("2017-03    ") != std::string::npos);

    // Move the first end date in March 2017 (before the 28th) one day later.
    bool changed = false;
    for (const auto& sub : fs::directory_iterator(dir / "orebro/data")) {
        if (changed) break;
        const fs::path file = sub.path() / "participants.csv";
        const std::string original = read_file(file);
        const char delimiter = original.substr(0, original.find('\n')).find(';') != std::string::npos ? ';' : ',';
        std::istringstream in(original);
        std::string line, text;
        while (std::getline(in, line)) {
            std::vector<std::string> f;
            std::stringstream ss(line);
            std::string cell;
            while (std::getline(ss, cell, delimiter)) f.push_back(cell);
            if (!changed && f.size() > 3 && f[3].rfind("2017-03-", 0) == 0 && std::stoi(f[3].substr(8)) < 28) {
                const int day = std::stoi(f[3].substr(8)) + 1;
                const std::string moved = "2017-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
                const std::string d(1, delimiter);
                line.replace(line.find(d + f[3] + d), f[3].size() + 2, d + moved + d);
                changed = true;
            }
            text += line + "\n";
        }
        if (changed) write_file(file, text);
    }
    REQUIRE(changed);
    s = run_esfreport("scb status " + shell_quote(config.string()) + " --quiet");
    REQUIRE(s.exit_code == 0);
    INFO(s.out);
    CHECK(s.out.find("first changed month: 2017-03") != std::string::npos);
    std::string expected = "send again:";
    for (int y = 2017; y <= 2018; ++y)
        for (int m = (y == 2017 ? 3 : 1); m <= 12; ++m) expected += " " + std::to_string(y) + (m < 10 ? "-0" : "-") + std::to_string(m);
    CHECK(s.out.find(expected + "\n") != std::string::npos);
    CHECK(s.out.find("2017-02    ") != std::string::npos);
}

TEST_CASE("e2e scb kaa from a kaa.csv register: one file per municipality it names") {
    TempDir dir("e2e-scb-kaa-register");
    const fs::path config = write_fixture_project(dir.path(), "csv");
    // 189001019802 takes part in the project; the register also holds two young people who do not.
    write_file(dir / "data/alpha/participants.csv", "person_id,start_date,setting\n189001019802,2017-02-01,outside_school\n");
    write_file(dir / "data/alpha/kaa.csv",
               "person_id,municipality,responsibility_start,responsibility_end,occupation,measure,measure_start,measure_end\n"
               "189001019802,Karlskoga,2017-01-10,,,Coachning,2017-02-01,\n"
               "189001029819,Degerfors,2016-11-01,2017-05-31,studier,,,\n"
               "189001039800,Karlskoga,2017-08-01,,,,,\n");
    const CommandResult v = run_esfreport("validate " + shell_quote(config.string()) + " --quiet");
    INFO(v.err);
    REQUIRE(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("data/alpha/kaa.csv"));
    CHECK_THAT(v.out, !Catch::Contains("rejected rows"));
    const CommandResult r = run_esfreport("scb kaa " + shell_quote(config.string()) + " --half 2017-H1 --quiet --out " +
                                          shell_quote((dir / "out").string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir / "out"))
        if (e.path().filename().string().front() != '.') names.push_back(e.path().filename().string());  // not the record
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"KAA_Degerfors_2017H1.xlsx", "KAA_Karlskoga_2017H1.xlsx"});
    for (const std::string& n : names) CHECK((fs::status(dir / "out" / n).permissions() & fs::perms::all) ==
                                             (fs::perms::owner_read | fs::perms::owner_write));
}
