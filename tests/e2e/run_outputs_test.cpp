// esfreport run and its output folder: names that collide, a second run into
// the same folder, a run killed in the middle of its commit, files of an
// earlier run, links planted by another user (docs/outputs.md).
#include <catch2/catch.hpp>

#include "test_support.hpp"

#include <esfreport/runtime/sha256.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <regex>
#include <set>

using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

const char* kParticipants =
    "person_id,sex,start_date,end_date,setting,exit_status\n"
    "199801016685,K,2017-02-01,2017-06-30,i skola,studier\n";

// A subproject `id` in `region`, with one valid participant.
std::string subproject(const TempDir& dir, const std::string& id, const std::string& region) {
    write_file(dir / ("data/" + id + "/participants.csv"), kParticipants);
    return "\n[[subproject]]\nid = \"" + id + "\"\nname = \"" + id + "\"\nregion = \"" + region +
           "\"\nplugin = \"csv\"\nsource = \"data/" + id + "\"\n";
}

// alpha in "Örebro län" plus `extra` subprojects.
fs::path project(const TempDir& dir, const std::string& extra) {
    write_file(dir / "data/alpha/participants.csv", kParticipants);
    return write_fixture_project(dir.path(), "csv", extra);
}

CommandResult run_esfreport_env(const std::string& env, const std::string& arguments) {
    return run_command(env + " " + shell_quote(ESFREPORT_EXE) + " " + arguments);
}

CommandResult run(const fs::path& config, const fs::path& out, const std::string& more = "", const std::string& env = "") {
    return run_esfreport_env(env, "run " + shell_quote(config.string()) + " --out " + shell_quote(out.string()) + " " + more);
}

std::vector<std::string> visible_names(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().front() != '.') out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The manifest's outputs; each digest must equal its file, and with the
// manifest they must be every file in the folder.
std::vector<std::string> check_manifest_matches_folder(const fs::path& out) {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(read_file(out / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
    const auto outputs = root->getArray("outputs");
    std::vector<std::string> listed;
    for (std::size_t i = 0; i < outputs->size(); ++i) {
        const auto o = outputs->getObject(static_cast<unsigned>(i));
        const std::string name = o->getValue<std::string>("path");
        INFO(name);
        REQUIRE(fs::exists(out / name));
        CHECK(o->getValue<std::string>("sha256") == esfreport::sha256_file(out / name));
        listed.push_back(name);
    }
    listed.push_back("manifest.json");
    std::sort(listed.begin(), listed.end());
    CHECK(listed == visible_names(out));
    return listed;
}

}  // namespace

TEST_CASE("e2e run: regions whose names give the same file name get distinct reports with -2") {
    TempDir dir("e2e-run-collide");
    // "Örebro län" and "Orebro lan" both slug to orebro-lan; a region named
    // like the project collides with the programme report.
    const fs::path config = project(dir, subproject(dir, "beta", "Orebro lan") + subproject(dir, "gamma", "Fixture project"));
    const CommandResult r = run(config, dir / "out");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(visible_names(dir / "out") ==
          std::vector<std::string>{"manifest.json", "rejected.csv", "slutrapport-fixture-project-2.html", "slutrapport-fixture-project-2.pdf",
                                   "slutrapport-fixture-project-2.xlsx", "slutrapport-fixture-project.html", "slutrapport-fixture-project.pdf",
                                   "slutrapport-fixture-project.xlsx", "slutrapport-orebro-lan-2.html", "slutrapport-orebro-lan-2.pdf",
                                   "slutrapport-orebro-lan-2.xlsx", "slutrapport-orebro-lan.html", "slutrapport-orebro-lan.pdf",
                                   "slutrapport-orebro-lan.xlsx"});
    check_manifest_matches_folder(dir / "out");
    // The second Örebro file is Orebro lan's report, not a copy of the first.
    CHECK(esfreport::sha256_file(dir / "out/slutrapport-orebro-lan.xlsx") != esfreport::sha256_file(dir / "out/slutrapport-orebro-lan-2.xlsx"));
}

TEST_CASE("e2e run: a second run into a folder in use fails at once naming the folder") {
    TempDir dir("e2e-run-busy");
    const fs::path config = project(dir, "");
    const fs::path out = dir / "out";
    fs::create_directories(out);
    // The first run holds the folder's lock as esfreport does.
    const int fd = ::open((out / ".esfreport.lock").c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    // At once: before any data is read (this source would be a data error).
    fs::remove(dir / "data/alpha/participants.csv");
    const CommandResult r = run(config, out);
    ::close(fd);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "esfreport: error: output folder " + out.string() +
                       " is in use by another esfreport run; try again when it has finished\n");
    CHECK(visible_names(out).empty());
}

TEST_CASE("e2e run: a run killed in the middle of its commit is completed by the next run into the folder") {
    TempDir dir("e2e-run-killed");
    const fs::path config = project(dir, subproject(dir, "beta", "Värmland"));
    const fs::path out = dir / "out";
    REQUIRE(run(config, out, "--quiet").exit_code == 0);
    const auto swedish = check_manifest_matches_folder(out);

    // The English run is killed after 7 steps of its commit: the 6 Swedish
    // reports English does not write are removed, the record is replaced.
    const CommandResult killed = run(config, out, "--quiet --lang en", "ESFREPORT_TEST_COMMIT_EXIT_AFTER=7");
    REQUIRE(killed.exit_code == 75);
    // The failure the journal repairs: a manifest that no longer matches.
    CHECK(fs::exists(out / ".esfreport-commit"));
    CHECK_FALSE(fs::exists(out / "slutrapport-orebro-lan.xlsx"));
    CHECK(read_file(out / "manifest.json").find("slutrapport-orebro-lan.xlsx") != std::string::npos);

    // The next run completes the English set before it reads anything, even
    // though it stops on its own data error.
    fs::rename(dir / "data/beta/participants.csv", dir / "data/beta/moved.csv");
    const CommandResult next = run(config, out, "--quiet --strict");
    INFO(next.err);
    CHECK(next.exit_code != 0);
    CHECK_FALSE(fs::exists(out / ".esfreport-commit"));
    const auto english = check_manifest_matches_folder(out);
    CHECK(std::find(english.begin(), english.end(), "final-report-orebro-lan.xlsx") != english.end());
    CHECK(std::find(english.begin(), english.end(), "final-report-fixture-project.pdf") != english.end());
    CHECK(std::none_of(english.begin(), english.end(), [](const std::string& n) { return n.rfind("slutrapport-", 0) == 0; }));
    CHECK(swedish.size() == english.size());
    for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().filename().string().rfind(".esfreport-staging-", 0) != 0);
}

TEST_CASE("e2e run: files of an earlier run that this run does not write are removed - the user's own are kept") {
    TempDir dir("e2e-run-stale");
    const fs::path config = project(dir, subproject(dir, "beta", "Värmland"));
    const fs::path out = dir / "out";
    REQUIRE(run(config, out, "--quiet").exit_code == 0);
    CHECK(fs::exists(out / "slutrapport-varmland.pdf"));
    write_file(out / "anteckningar.txt", "the user's own notes");

    // Värmland leaves the project: its reports and the programme's go.
    project(dir, "");
    const CommandResult r = run(config, out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("esfreport: removed the earlier run's slutrapport-fixture-project.html slutrapport-fixture-project.pdf "
                                      "slutrapport-fixture-project.xlsx slutrapport-varmland.html slutrapport-varmland.pdf "
                                      "slutrapport-varmland.xlsx (not written by this run)\n"));
    CHECK(visible_names(out) == std::vector<std::string>{"anteckningar.txt", "manifest.json", "rejected.csv", "slutrapport-orebro-lan.html",
                                                         "slutrapport-orebro-lan.pdf", "slutrapport-orebro-lan.xlsx"});
    CHECK(read_file(out / "anteckningar.txt") == "the user's own notes");
}

TEST_CASE("e2e run: links another user planted in a shared output folder are replaced - never written through") {
    TempDir dir("e2e-run-planted");
    const fs::path config = project(dir, "");
    const fs::path out = dir / "out";
    fs::create_directories(out);
    write_file(dir / "theirs.csv", "");
    fs::create_symlink(dir / "theirs.csv", out / "rejected.csv");
    fs::create_symlink(dir / "theirs.csv", out / "manifest.json");
    // esfreport before 0.9 wrote to ".NAME.tmp-PID": links at the next process
    // ids (a window: another process may take the id esfreport would get).
    const int last_pid = std::stoi(read_file("/proc/sys/kernel/ns_last_pid"));
    for (int pid = last_pid + 1; pid <= last_pid + 300; ++pid)
        for (const char* name : {".rejected.csv.tmp-", ".manifest.json.tmp-"})
            fs::create_symlink(dir / "theirs.csv", out / (name + std::to_string(pid)));
    const CommandResult r = run(config, out, "--quiet");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(dir / "theirs.csv").empty());
    CHECK_FALSE(fs::is_symlink(fs::symlink_status(out / "rejected.csv")));
    CHECK_FALSE(fs::is_symlink(fs::symlink_status(out / "manifest.json")));
    struct stat st {};
    REQUIRE(::stat((out / "rejected.csv").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(st.st_uid == ::geteuid());
    check_manifest_matches_folder(out);
}

TEST_CASE("e2e scb kaa: two subprojects in one municipality give two files - the second with -2") {
    TempDir dir("e2e-kaa-collide");
    const std::string beta = "\n[[subproject]]\nid = \"beta\"\nname = \"Beta\"\nregion = \"Örebro län\"\nplugin = \"csv\"\nsource = \"data/beta\"\n";
    const fs::path config = write_fixture_project(dir.path(), "csv", beta);
    for (const std::string s : {"alpha", "beta"}) {
        write_file(dir / ("data/" + s + "/participants.csv"), "person_id,start_date,setting\n189001019802,2017-02-01,outside_school\n");
        write_file(dir / ("data/" + s + "/kaa.csv"),
                   "person_id,municipality,responsibility_start,responsibility_end,occupation,measure,measure_start,measure_end\n"
                   "189001019802,Karlskoga,2017-01-10,,,Coachning,2017-02-01,\n");
    }
    const CommandResult r = run_esfreport("scb kaa " + shell_quote(config.string()) + " --half 2017-H1 --out " +
                                          shell_quote((dir / "out").string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(visible_names(dir / "out") == std::vector<std::string>{"KAA_Karlskoga_2017H1-2.xlsx", "KAA_Karlskoga_2017H1.xlsx"});
    CHECK_THAT(r.err, Catch::Contains("wrote 2 KAA file(s) for 2017-H1"));
}

TEST_CASE("e2e run and validate: --timings prints one line with each phase's wall and CPU time") {
    TempDir dir("e2e_timings");
    const fs::path config = project(dir, "");
    const std::string phase = " [0-9]+\\.[0-9]{2} s \\(CPU [0-9]+\\.[0-9]{2} s\\)";
    const CommandResult r = run(config, dir / "out", "--quiet --timings");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(std::regex_match(r.err, std::regex("esfreport: timings: read and validate" + phase + ", figures" + phase + ", outputs" + phase +
                                             ", manifest" + phase + "(, other" + phase + ")?; total" + phase + "\n")));
    const CommandResult v = run_esfreport("validate " + shell_quote(config.string()) + " --quiet --timings");
    CHECK(std::regex_search(v.err, std::regex("^esfreport: timings: read and validate" + phase + ", summary" + phase)));
    // Without the option, nothing of it.
    const CommandResult quiet = run(config, dir / "out2", "--quiet");
    CHECK(quiet.err.empty());
}
