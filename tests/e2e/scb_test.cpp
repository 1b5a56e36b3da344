// `esfreport scb` on a copy of the example project (the ledger is written
// beside the configuration, so never into the source tree).
#include "test_support.hpp"

#include <esfreport/runtime/scb_ledger.hpp>

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

// The files a folder shows its user (not the output set's hidden records).
std::vector<std::string> visible_files(const fs::path& dir) {
    std::vector<std::string> names;
    if (!fs::exists(dir)) return names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string()[0] != '.') names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string month_2017(int m) { return std::string("2017-") + (m < 10 ? "0" : "") + std::to_string(m); }

std::string scb_esf(const fs::path& config, const std::string& month, const fs::path& out, const std::string& extra = "") {
    return "scb esf " + shell_quote(config.string()) + " --month " + month + " --quiet --out " + shell_quote(out.string()) +
           " --template " + shell_quote(csv_template()) + extra;
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
    for (const std::string& name : visible_files(out)) {
        names.insert(name);
        bytes[name] = read_file(out / name);
        rows += data_lines(bytes[name]);
        struct stat st {};
        REQUIRE(::stat((out / name).c_str(), &st) == 0);
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
    // Only subprojects the example reads from CSV (Kumla and Lindesberg come
    // from workbooks, Sydnärke from a database made of its CSV files).
    for (const char* sub : {"ljusnarsberg", "kavesta-fellingsbro", "karlskoga-degerfors"}) {
        if (changed) break;
        const fs::path file = dir / "orebro/data" / sub / "participants.csv";
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
    const std::vector<std::string> names = visible_files(dir / "out");
    CHECK(names == std::vector<std::string>{"KAA_Degerfors_2017H1.xlsx", "KAA_Karlskoga_2017H1.xlsx"});
    for (const std::string& n : names) CHECK((fs::status(dir / "out" / n).permissions() & fs::perms::all) ==
                                             (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("e2e scb ledger: 12 concurrent --mark-sent runs into one folder all record their month") {
    TempDir dir("e2e_scb_concurrent");
    const fs::path config = copy_example(dir);
    const fs::path out = dir / "out";
    std::string script;
    for (int m = 1; m <= 12; ++m) {
        const std::string month = month_2017(m);
        script += "(" + shell_quote(ESFREPORT_EXE) + " " + scb_esf(config, month, out, " --mark-sent") + " 2>" +
                  shell_quote((dir / ("err-" + month)).string()) + "; echo $? >" + shell_quote((dir / ("rc-" + month)).string()) +
                  ") &\n";
    }
    script += "wait\n";
    const CommandResult all = run_command("/bin/sh -c " + shell_quote(script));
    REQUIRE(all.exit_code == 0);

    const esfreport::ScbLedger ledger = esfreport::ScbLedger::load(dir / "orebro/esfreport.scb-ledger.json");
    std::vector<std::string> expected_files;
    for (int m = 1; m <= 12; ++m) {
        const std::string month = month_2017(m);
        INFO(month << ": " << read_file(dir / ("err-" + month)));
        CHECK(read_file(dir / ("rc-" + month)) == "0\n");
        CHECK_THAT(read_file(dir / ("err-" + month)), !Catch::Contains("error"));
        REQUIRE(ledger.months().count(month) == 1);
        const auto& record = ledger.months().at(month);
        REQUIRE(record.produced);
        REQUIRE(record.sent);
        CHECK(record.sent->digest == record.produced->digest);
        expected_files.push_back(record.produced->file);
    }
    CHECK(ledger.months().size() == 12);
    std::sort(expected_files.begin(), expected_files.end());
    CHECK(visible_files(out) == expected_files);
}

TEST_CASE("e2e scb ledger: a read-only ledger stops scb esf before any SCB file is written and stays as it was") {
    TempDir dir("e2e_scb_readonly");
    const fs::path config = copy_example(dir);
    const fs::path ledger = dir / "orebro/esfreport.scb-ledger.json";
    REQUIRE(run_esfreport(scb_esf(config, "2017-01", dir / "out1", " --mark-sent")).exit_code == 0);
    fs::permissions(ledger, fs::perms::owner_read);
    const std::string before = read_file(ledger);

    const CommandResult r = run_esfreport(scb_esf(config, "2017-02", dir / "out2", " --mark-sent"));
    CHECK(r.exit_code == 1);
    CHECK(r.err == "esfreport: error: " + ledger.string() +
                       ": the ledger is read-only (mode 0400) and is never replaced when its mode forbids writing: "
                       "make it writable (chmod u+w) to record SCB files; nothing was written\n");
    CHECK(visible_files(dir / "out2").empty());
    CHECK(read_file(ledger) == before);
    CHECK((fs::status(ledger).permissions() & fs::perms::all) == fs::perms::owner_read);
    // Reading it is fine.
    CHECK(run_esfreport("scb status " + shell_quote(config.string()) + " --quiet").exit_code == 0);
}

TEST_CASE("e2e scb ledger: a read-only ledger folder stops scb esf and scb kaa before any SCB file is written") {
    TempDir dir("e2e_scb_readonly_folder");
    const fs::path config = copy_example(dir);
    const fs::path folder = dir / "orebro";
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    const std::string expected = "esfreport: error: " + (folder / "esfreport.scb-ledger.json").string() +
                                 ": the ledger's folder " + folder.string() +
                                 " is read-only: it must be writable to record SCB files; nothing was written\n";
    const CommandResult esf = run_esfreport(scb_esf(config, "2017-01", dir / "out", " --mark-sent"));
    CHECK(esf.exit_code == 1);
    CHECK(esf.err == expected);
    const CommandResult kaa = run_esfreport("scb kaa " + shell_quote(config.string()) + " --half 2017-H1 --quiet --out " +
                                            shell_quote((dir / "out").string()));
    CHECK(kaa.exit_code == 1);
    CHECK(kaa.err == expected);
    CHECK(visible_files(dir / "out").empty());
    CHECK_FALSE(fs::exists(folder / "esfreport.scb-ledger.json"));
    CHECK(run_esfreport("scb status " + shell_quote(config.string()) + " --quiet").exit_code == 0);
    fs::permissions(folder, fs::perms::owner_write, fs::perm_options::add);
}

TEST_CASE("e2e scb ledger: a deleted ledger whose backup exists stops every scb command until restored or --new-ledger") {
    TempDir dir("e2e_scb_deleted");
    const fs::path config = copy_example(dir);
    const fs::path ledger = dir / "orebro/esfreport.scb-ledger.json";
    const fs::path backup = dir / "orebro/esfreport.scb-ledger.json.bak";
    REQUIRE(run_esfreport(scb_esf(config, "2017-01", dir / "out", " --mark-sent")).exit_code == 0);
    REQUIRE(run_esfreport(scb_esf(config, "2017-02", dir / "out", " --mark-sent")).exit_code == 0);
    REQUIRE(fs::exists(backup));
    CHECK((fs::status(backup).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    const std::string backup_bytes = read_file(backup);
    fs::remove(ledger);

    const std::string expected =
        "esfreport: error: " + ledger.string() + " is missing, but its backup " + backup.string() +
        " shows that SCB files were recorded (1 month(s), 1 sent; 0 KAA file(s)): restore the ledger from the backup (it holds "
        "the ledger as it was before its last change; run that change again) or start a new ledger with --new-ledger\n";
    const CommandResult esf = run_esfreport(scb_esf(config, "2017-03", dir / "out", " --mark-sent"));
    CHECK(esf.exit_code == 1);
    CHECK(esf.err == expected);
    CHECK(visible_files(dir / "out").size() == 2);  // January and February only
    CHECK_FALSE(fs::exists(ledger));
    const CommandResult status = run_esfreport("scb status " + shell_quote(config.string()) + " --quiet");
    CHECK(status.exit_code == 1);
    CHECK(status.err == expected);

    SECTION("restored from the backup") {
        fs::copy_file(backup, ledger);
        const CommandResult again = run_esfreport(scb_esf(config, "2017-03", dir / "out", " --mark-sent"));
        INFO(again.err);
        CHECK(again.exit_code == 0);
        const esfreport::ScbLedger restored = esfreport::ScbLedger::load(ledger);
        CHECK(restored.months().at("2017-01").sent);
        CHECK(restored.months().at("2017-03").sent);
    }
    SECTION("started afresh with --new-ledger: the old backup is kept aside") {
        const CommandResult fresh = run_esfreport(scb_esf(config, "2017-03", dir / "out", " --mark-sent --new-ledger"));
        INFO(fresh.err);
        CHECK(fresh.exit_code == 0);
        const esfreport::ScbLedger started = esfreport::ScbLedger::load(ledger);
        CHECK(started.months().size() == 1);
        CHECK(started.months().count("2017-03") == 1);
        CHECK(read_file(backup.string() + ".old") == backup_bytes);
        const CommandResult refused = run_esfreport(scb_esf(config, "2017-04", dir / "out", " --new-ledger"));
        CHECK(refused.exit_code == 1);
        CHECK(refused.err == "esfreport: error: " + ledger.string() +
                                 " exists: --new-ledger starts a ledger only where none is; leave it out to use this one\n");
    }
}

TEST_CASE("e2e scb ledger: a run killed in the middle of its commit - the next command puts the SCB file and its record in place together") {
    // The commit of one month: the ledger, the folder's record, the SCB file.
    for (const int steps_done : {1, 2, 3}) {
        INFO("killed after " << steps_done << " step(s) of the commit");
        TempDir dir("e2e_scb_killed");
        const fs::path config = copy_example(dir);
        const fs::path out = dir / "out";
        const fs::path ledger = dir / "orebro/esfreport.scb-ledger.json";
        const CommandResult killed = run_command("ESFREPORT_TEST_COMMIT_EXIT_AFTER=" + std::to_string(steps_done) + " " +
                                                 shell_quote(ESFREPORT_EXE) + " " + scb_esf(config, "2017-05", out, " --mark-sent"));
        REQUIRE(killed.exit_code == 75);

        // The next command, into another folder, first completes that commit.
        const CommandResult next = run_esfreport(scb_esf(config, "2017-06", dir / "other", " --mark-sent"));
        INFO(next.err);
        REQUIRE(next.exit_code == 0);
        const esfreport::ScbLedger recorded = esfreport::ScbLedger::load(ledger);
        REQUIRE(recorded.months().count("2017-05") == 1);
        REQUIRE(recorded.months().at("2017-05").produced);
        CHECK(recorded.months().at("2017-05").sent);
        CHECK(visible_files(out) == std::vector<std::string>{recorded.months().at("2017-05").produced->file});
        CHECK(recorded.months().count("2017-06") == 1);
        CHECK_FALSE(fs::exists(ledger.string() + ".pending"));
    }
}

TEST_CASE("e2e scb ledger: scb status after a killed commit shows the month sent and its file in place") {
    TempDir dir("e2e_scb_killed_status");
    const fs::path config = copy_example(dir);
    const fs::path out = dir / "out";
    const CommandResult killed = run_command("ESFREPORT_TEST_COMMIT_EXIT_AFTER=1 " + shell_quote(ESFREPORT_EXE) + " " +
                                             scb_esf(config, "2017-05", out, " --mark-sent"));
    REQUIRE(killed.exit_code == 75);
    const CommandResult status = run_esfreport("scb status " + shell_quote(config.string()) + " --quiet");
    INFO(status.err);
    REQUIRE(status.exit_code == 0);
    CHECK_THAT(status.out, Catch::Contains("\n2017-05  "));
    const std::size_t line = status.out.find("\n2017-05  ");
    CHECK(status.out.substr(line, status.out.find('\n', line + 1) - line).find("  sent") != std::string::npos);
    CHECK(visible_files(out).size() == 1);
}

TEST_CASE("e2e scb: the project's registration number is in the SCB workbook's properties") {
    TempDir dir("e2e_scb_registration");
    const fs::path config = copy_example(dir);
    const CommandResult r = run_esfreport("scb esf " + shell_quote(config.string()) + " --month 2017-03 --quiet --out " +
                                          shell_quote((dir / "out").string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Read by openpyxl, an independent reader.
    const CommandResult subject = run_command(
        std::string(ESFREPORT_PYTHON) + " -c 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).properties.subject)' " +
        shell_quote((dir / "out/Mars2017_jagmed_Örebro_län.xlsx").string()));
    INFO(subject.err);
    REQUIRE(subject.exit_code == 0);
    CHECK(subject.out == "Ärendenummer 2016/00000\n");
}
