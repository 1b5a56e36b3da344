// Subprojects read concurrently (--jobs N) are folded into the dataset in
// configuration order, and `run` writes its output files concurrently (the
// same N): every output of `run` and the whole of `validate`'s report are
// byte for byte those of a single-threaded run (--jobs 1).
//
// The generated project is built to reach every part of the fold: persons in
// several subprojects (their indexes differ between a subproject's own
// dataset and the project's), overlapping periods (rejections ordered by
// person index), a person given as non-binary in one subproject and by the
// number's sex in a later one (the subproject must be read again into the
// project's dataset), contacts, assessments, hours with activities,
// duplicates and rows outside the periods, and a malformed row.

#include <catch2/catch.hpp>

#include "plugin_fixtures.hpp"
#include "test_support.hpp"

#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace esfreport;
using namespace esfreport::test;

namespace {

constexpr int kSubprojects = 7;

// Skatteverket's test personnummer born 1990–2003: participants' ages in 2017.
std::vector<std::string> test_personnummer(std::size_t count) {
    std::vector<std::string> out;
    std::size_t seen = 0;
    for (const std::string& line : split_fields(read_file(data_path("identity/skatteverket-testpersonnummer.csv")), '\n')) {
        if (line.size() != 12 || line < "1990" || line >= "2004") continue;
        // Every 23rd, so that birth dates and serials spread.
        if (seen++ % 23 == 0) out.push_back(line);
        if (out.size() == count) break;
    }
    return out;
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// Day `d` (0-based) of 2017 as YYYY-MM-DD.
std::string day_2017(int d) {
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m = 0;
    while (d >= month_days[m]) d -= month_days[m++];
    return "2017-" + two(m + 1) + "-" + two(d + 1);
}

struct Rows {
    std::string participants = "person_id,sex,start_date,end_date,setting,exit_status,email,mobile\n";
    std::string hours = "person_id,date,hours,activity\n";
    std::string assessments = "person_id,date,scale,value\n";
};

// Writes the project into `dir` and returns project.toml's path.
fs::path generate_project(const fs::path& dir) {
    const std::vector<std::string> ids = test_personnummer(240);
    REQUIRE(ids.size() == 240);
    std::vector<Rows> rows(kSubprojects);
    static const char* const statuses[] = {"studier", "arbete", "arbetssökande", "övrigt"};
    static const char* const activities[] = {"", "", "studiebesök", "praktik"};
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const std::string& id = ids[k];
        // Every fifth person also takes part in a later subproject.
        std::vector<int> in = {static_cast<int>(k % kSubprojects)};
        if (k % 5 == 0 && in[0] + 3 < kSubprojects) in.push_back(in[0] + 3);
        for (int s : in) {
            Rows& r = rows[static_cast<std::size_t>(s)];
            const int start = static_cast<int>((k * 7 + static_cast<std::size_t>(s) * 11) % 200);
            const int length = 30 + static_cast<int>(k % 120);
            const bool open = k % 9 == 4;
            // The first of these persons is non-binary in the first subproject
            // and given by the number's sex in the second: rejected there as
            // differing from an earlier row, which only the project's dataset knows.
            const std::string sex = k == 15 && s == in[0] ? "X" : "";
            r.participants += id + "," + sex + "," + day_2017(start) + "," + (open ? "" : day_2017(start + length)) + "," +
                              (k % 2 ? "in_school" : "outside_school") + "," + (open ? "" : statuses[k % 4]) + "," +
                              (k % 3 == 0 ? "deltagare" + std::to_string(k) + "@example.se" : "") + "," +
                              (k % 4 == 1 ? "070-" + std::to_string(1000000 + k) : "") + "\n";
            // Overlapping periods, of persons new to the subproject's region and of persons from earlier ones.
            if (k % 6 == 1) r.participants += id + ",," + day_2017(start + 5) + "," + day_2017(start + 20) + ",,,,\n";
            for (int h = 0; h < 12; ++h) {
                const int day = start + (h * 3) % length;
                r.hours += id + "," + day_2017(day) + "," + std::to_string(1 + (k + static_cast<std::size_t>(h)) % 7) +
                           (h % 2 ? ".5" : "") + "," + activities[(k + static_cast<std::size_t>(h)) % 4] + "\n";
            }
            if (k % 11 == 2) r.hours += id + "," + day_2017(start) + ",2,\n";         // maybe a duplicate
            if (k % 13 == 6 && !open) r.hours += id + "," + day_2017(start + length + 1) + ",3,\n";  // after the period
            r.assessments += id + "," + day_2017(start) + ",sjalvskattning," + std::to_string(1 + k % 10) + "\n";
            if (!open) r.assessments += id + "," + day_2017(start + length) + ",sjalvskattning," + std::to_string(1 + (k * 3) % 10) + "\n";
        }
    }
    rows[2].hours += ids[2] + ",2017-13-01,3,\n";  // not a date

    std::string toml = "[project]\nname = \"Concurrent read\"\nperiod_start = 2017-01-01\nperiod_end = 2017-12-31\n\n"
                       "[project.unit_cost]\n2017 = 200.0\n\n"
                       "[[scale]]\nid = \"sjalvskattning\"\nlabel = \"Självskattning 1–10\"\nkind = \"ordinal\"\n"
                       "steps = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nhigher_is_better = true\n";
    for (int s = 0; s < kSubprojects; ++s) {
        const std::string sp = "s" + std::to_string(s);
        const fs::path folder = dir / "data" / sp;
        write_file(folder / "participants.csv", rows[static_cast<std::size_t>(s)].participants);
        write_file(folder / "hours.csv", rows[static_cast<std::size_t>(s)].hours);
        write_file(folder / "assessments.csv", rows[static_cast<std::size_t>(s)].assessments);
        toml += "\n[[subproject]]\nid = \"" + sp + "\"\nname = \"Delprojekt " + std::to_string(s) + "\"\nregion = \"Region " +
                std::to_string(s % 3) + "\"\nplugin = \"csv\"\nsource = \"data/" + sp + "\"\n";
    }
    write_file(dir / "project.toml", toml);
    return dir / "project.toml";
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename().string().front() != '.') names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// SOURCE_DATE_EPOCH fixes the generation time in the reports and the manifest.
CommandResult run_esfreport_fixed_time(const std::string& arguments) {
    return run_command("SOURCE_DATE_EPOCH=1700000000 " + shell_quote(ESFREPORT_EXE) + " " + arguments);
}

std::string text(const std::optional<Date>& d) { return d ? d->iso() : "-"; }

// Everything the dataset holds, in its order, one line per element.
std::string describe(const Dataset& data) {
    std::string out;
    for (const Person& p : data.persons) out += "person " + p.id + " " + std::to_string(int(p.sex)) + "\n";
    for (const auto& [id, index] : data.person_by_id) CHECK(data.persons.at(index).id == id);
    CHECK(data.person_by_id.size() == data.persons.size());
    for (const ParticipantPeriod& p : data.periods)
        out += "period " + std::to_string(p.person) + " " + std::to_string(p.subproject) + " " + p.start.iso() + " " + text(p.end) +
               " " + std::to_string(p.exit_status ? int(*p.exit_status) : -1) + " " + std::to_string(int(p.setting)) + " " +
               std::to_string(p.input) + " " + std::to_string(p.line) + " " + std::to_string(p.contact) + "\n";
    for (const Contact& c : data.contacts) out += "contact " + c.email + " " + c.mobile + "\n";
    for (const Assessment& a : data.assessments)
        out += "assessment " + std::to_string(a.person) + " " + std::to_string(a.subproject) + " " + std::to_string(a.scale) + " " +
               std::to_string(a.step) + " " + a.date.iso() + "\n";
    for (const auto& [key, micro] : data.micro_hours)
        out += "hours " + std::to_string(key.subproject) + " " + std::to_string(key.person) + " " + std::to_string(key.month) + " " +
               std::to_string(micro) + "\n";
    for (const InputRecord& in : data.inputs)
        out += "input " + std::to_string(in.subproject) + " " + in.path + " " + in.sha256 + " " + std::to_string(in.rows_read) + " " +
               std::to_string(in.rows_accepted) + " " + std::to_string(in.rows_rejected) + "\n";
    for (const Rejection& r : data.rejections)
        out += "rejection " + std::to_string(r.subproject) + " " + std::to_string(r.input) + " " + std::to_string(r.line) + " " +
               r.column + " " + r.reason + "\n";
    for (const std::string& w : data.warnings) out += "warning " + w + "\n";
    for (const auto& n : data.other_affected) out += "other_affected " + (n ? std::to_string(*n) : "-") + "\n";
    return out;
}

// Adds subproject `id` read by the fixture plugin `plugin` after the third
// generated one, and `project_extra` to [project].
void add_fixture_subproject(const fs::path& config, const std::string& id, const std::string& plugin,
                            const std::string& project_extra = "") {
    std::string text = read_file(config);
    const std::string third = "\n[[subproject]]\nid = \"s3\"";
    REQUIRE(text.find(third) != std::string::npos);
    text.insert(text.find(third), "\n[[subproject]]\nid = \"" + id + "\"\nname = \"" + id +
                                       "\"\nregion = \"Region 0\"\nplugin = \"" + plugin + "\"\nsource = \"data/" + id + "\"\n");
    const std::string period_end = "period_end = 2017-12-31\n";
    text.insert(text.find(period_end) + period_end.size(), project_extra);
    write_file(config, text);
}

}  // namespace

TEST_CASE("a plugin crashing on one of several threads is reported with its own subproject", "[e2e][jobs]") {
    TempDir dir("e2e_concurrent_crash");
    const fs::path config = generate_project(dir.path());
    add_fixture_subproject(config, "broken", "crashing");
    const fs::path out = dir / "out";
    const CommandResult r = run_esfreport("run " + shell_quote(config.string()) + " --out " + shell_quote(out.string()) +
                                          " --jobs 3 --plugin-dir " + shell_quote(fixture_dir("crashing").string()));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("esfreport: error: plugin 'crashing' crashed while reading for subproject 'broken' (signal SIGSEGV); "
                     "the run stopped and wrote nothing\n") != std::string::npos);
    CHECK(holds_no_output(out));
}

TEST_CASE("a plugin hanging on one of several threads is stopped by its own time limit", "[e2e][jobs]") {
    TempDir dir("e2e_concurrent_hang");
    const fs::path config = generate_project(dir.path());
    add_fixture_subproject(config, "stuck", "hanging", "plugin_timeout_seconds = 1\n");
    const fs::path out = dir / "out";
    const CommandResult r = run_esfreport("run " + shell_quote(config.string()) + " --out " + shell_quote(out.string()) +
                                          " --jobs 3 --plugin-dir " + shell_quote(fixture_dir("hanging").string()));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("esfreport: error: plugin 'hanging' did not finish reading for subproject 'stuck' within 1 second "
                     "([project] plugin_timeout_seconds); the run stopped and wrote nothing\n") != std::string::npos);
    CHECK(holds_no_output(out));
}

TEST_CASE("a dataset read with several jobs equals the one read with one in every element and order", "[e2e][jobs]") {
    TempDir dir("e2e_concurrent_dataset");
    const ProjectConfig config = load_config(generate_project(dir.path()));
    LoadOptions options;
    options.plugin_dirs.emplace_back(std::string(ESFREPORT_BINARY_DIR) + "/lib/esfreport/plugins");
    options.jobs = 1;
    const std::string one = describe(load_project(config, options).dataset);
    // Persons of earlier subprojects overlap again in later ones: their rejections
    // come in the order of the project's person indexes.
    CHECK(one.find("overlaps the period of the same person") != std::string::npos);
    for (std::size_t jobs : {2, 4, 7}) {
        INFO("jobs " << jobs);
        options.jobs = jobs;
        CHECK(describe(load_project(config, options).dataset) == one);
    }
}

TEST_CASE("run with subprojects read and outputs written concurrently writes the same bytes as --jobs 1", "[e2e][jobs]") {
    TempDir dir("e2e_concurrent_read");
    const fs::path config = generate_project(dir.path());
    const std::string project = shell_quote(config.string());

    const CommandResult one = run_esfreport_fixed_time("run " + project + " --out " + shell_quote((dir / "out1").string()) + " --jobs 1");
    REQUIRE(one.exit_code == 0);
    // The project reaches the fold's special cases (see the top of the file).
    const std::string rejected = read_file(dir / "out1" / "rejected.csv");
    CHECK(rejected.find("overlaps the period of the same person on line") != std::string::npos);
    CHECK(rejected.find("differs from an earlier row of the same person (non-binary)") != std::string::npos);
    CHECK(rejected.find("duplicate of line") != std::string::npos);
    CHECK(rejected.find("is outside the person's participation periods") != std::string::npos);
    CHECK(rejected.find("not a date") != std::string::npos);

    for (const std::string jobs : {"2", "3", "16"}) {
        INFO("--jobs " << jobs);
        const fs::path out = dir / ("out" + jobs);
        const CommandResult many = run_esfreport_fixed_time("run " + project + " --out " + shell_quote(out.string()) + " --jobs " + jobs);
        INFO(many.err);  // under ThreadSanitizer: its report
        REQUIRE(many.exit_code == 0);
        // The same log, but for the closing line's output folder.
        std::string err = many.err;
        const std::size_t at = err.find(out.string());
        REQUIRE(at != std::string::npos);
        err.replace(at, out.string().size(), (dir / "out1").string());
        CHECK(err == one.err);
        const std::vector<std::string> names = files_in(dir / "out1");
        REQUIRE(files_in(out) == names);
        // Per subproject time workbooks, the reports in XLSX and PDF, rejected.csv and the manifest.
        CHECK(names.size() >= 2 * 4 + kSubprojects + 2);
        for (const std::string& name : names) {
            INFO(name);
            CHECK(read_file(out / name) == read_file(dir / "out1" / name));
        }
    }
}

TEST_CASE("validate reports the same with --jobs 1 and --jobs 4", "[e2e][jobs]") {
    TempDir dir("e2e_concurrent_validate");
    const std::string project = shell_quote(generate_project(dir.path()).string());
    const CommandResult one = run_esfreport("validate " + project + " --jobs 1");
    const CommandResult four = run_esfreport("validate " + project + " --jobs 4");
    REQUIRE(one.exit_code == 0);
    CHECK(four.exit_code == 0);
    CHECK(four.out == one.out);
    CHECK(four.err == one.err);
    // Not a terminal: no progress line, only the log lines.
    CHECK(one.err.find('\r') == std::string::npos);
    CHECK(one.err.find("esfreport: reading subproject 's0' with plugin 'csv' from ") != std::string::npos);
}

TEST_CASE("jobs option takes a whole number from 1 to 9999", "[e2e][jobs]") {
    TempDir dir("e2e_jobs_usage");
    const std::string project = shell_quote(generate_project(dir.path()).string());
    for (const std::string bad : {"0", "two", "-1", "99999"}) {
        INFO(bad);
        const CommandResult r = run_esfreport("validate " + project + " --jobs " + bad);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--jobs must be a whole number from 1 to 9999, not '" + bad + "'") != std::string::npos);
    }
}
