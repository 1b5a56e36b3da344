// OutputSet: a command's files appear all at once or not at all, and files
// holding personnummer are never readable by others.
#include "test_support.hpp"

#include <esfreport/runtime/output_set.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// Every name in the folder, hidden ones included (the lock and the record).
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The names a user sees: not the lock, the record or a staging folder.
std::vector<std::string> visible_names(const fs::path& dir) {
    std::vector<std::string> out;
    for (const std::string& n : names_in(dir))
        if (n.front() != '.') out.push_back(n);
    return out;
}

}  // namespace

TEST_CASE("OutputSet: staged files are invisible until commit") {
    TempDir dir("output-set-commit");
    const fs::path out = dir / "out";
    OutputSet set(out, "run");
    CHECK(fs::is_directory(out));  // created by the constructor
    set.write("report.xlsx", "workbook");
    set.write("rejected.csv", "subproject,file,line,column,reason\n", /*personal=*/true);
    const fs::path staged = set.stage("manifest.json");
    write_file(staged, "{}\n");

    CHECK_FALSE(fs::exists(out / "report.xlsx"));
    CHECK_FALSE(fs::exists(out / "rejected.csv"));
    CHECK_FALSE(fs::exists(out / "manifest.json"));
    REQUIRE(set.entries().size() == 3);
    for (const OutputSet::Entry& e : set.entries()) {
        CHECK(fs::exists(e.temp));
        CHECK(e.temp.parent_path().filename().string().rfind(".esfreport-staging-", 0) == 0);  // hidden while staged
    }

    set.commit();
    CHECK(read_file(out / "report.xlsx") == "workbook");
    CHECK(read_file(out / "rejected.csv") == "subproject,file,line,column,reason\n");
    CHECK(read_file(out / "manifest.json") == "{}\n");
    CHECK(visible_names(out) == std::vector<std::string>{"manifest.json", "rejected.csv", "report.xlsx"});
}

TEST_CASE("OutputSet: an uncommitted set leaves nothing behind") {
    TempDir dir("output-set-abandon");
    const fs::path out = dir / "out";
    write_file(out / "report.xlsx", "the previous run");
    {
        OutputSet set(out, "run");
        set.write("report.xlsx", "half a new report");
        set.write("rejected.csv", "x\n", /*personal=*/true);
        // The run fails here: no commit.
    }
    CHECK(names_in(out) == std::vector<std::string>{"report.xlsx"});
    CHECK(read_file(out / "report.xlsx") == "the previous run");
}

TEST_CASE("OutputSet: committed files are kept when the set dies") {
    TempDir dir("output-set-keep");
    {
        OutputSet set(dir.path(), "run");
        set.write("a.txt", "a");
        set.commit();
    }
    CHECK(read_file(dir / "a.txt") == "a");
}

TEST_CASE("OutputSet: personal files are created 0600 - others are not") {
    TempDir dir("output-set-mode");
    const mode_t old_mask = ::umask(022);
    OutputSet set(dir.path(), "run");
    const fs::path staged_personal = set.stage("personal.csv", /*personal=*/true);
    // Restricted from creation, before a byte is written.
    CHECK(mode_of(staged_personal) == 0600);
    set.write("public.xlsx", "x");
    set.commit();
    ::umask(old_mask);
    CHECK(mode_of(dir / "personal.csv") == 0600);
    CHECK(mode_of(dir / "public.xlsx") == 0644);
}

TEST_CASE("OutputSet: staging the same name twice is a programming error") {
    TempDir dir("output-set-twice");
    OutputSet set(dir.path(), "run");
    set.stage("a.txt");
    CHECK_THROWS_AS(set.stage("a.txt"), std::logic_error);
}

TEST_CASE("write_file_atomically: replaces the file and leaves no temporary") {
    TempDir dir("write-atomically");
    const fs::path file = dir / "ledger.json";
    write_file(file, "old");
    write_file_atomically(file, "new contents");
    CHECK(read_file(file) == "new contents");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"ledger.json"});

    write_file_atomically(dir / "personal.json", "p", /*personal=*/true);
    CHECK(mode_of(dir / "personal.json") == 0600);
}

TEST_CASE("write_file_atomically: a folder that does not exist is an error and leaves nothing") {
    TempDir dir("write-atomically-fail");
    CHECK_THROWS_WITH(write_file_atomically(dir / "missing" / "f.txt", "x"), Catch::Contains("cannot create"));
    CHECK(fs::is_empty(dir.path()));
}

// --- Hostile folders, killed runs, earlier runs ---------------------------

namespace {

// Runs `body` in a child process and returns its exit status; the child
// never returns into Catch (it ends with _exit).
template <typename Body>
int in_child(const Body& body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        try {
            body();
        } catch (...) {
            ::_exit(99);
        }
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

bool is_link(const fs::path& p) { return fs::is_symlink(fs::symlink_status(p)); }

}  // namespace

TEST_CASE("OutputSet: symbolic links planted at the old predictable temporary names are not followed") {
    TempDir dir("output-set-planted");
    const fs::path out = dir / "shared";
    fs::create_directories(out);
    // Another user's files that the links point at, and the links they plant:
    // esfreport before 0.9 wrote to ".NAME.tmp-PID" and would fill "theirs".
    write_file(dir / "theirs.csv", "");
    write_file(dir / "their-rejected.csv", "");
    for (int pid = ::getpid() - 2; pid <= ::getpid() + 2; ++pid)
        fs::create_symlink(dir / "theirs.csv", out / (".rejected.csv.tmp-" + std::to_string(pid)));
    fs::create_symlink(dir / "their-rejected.csv", out / "rejected.csv");

    {
        OutputSet set(out, "run");
        const fs::path staged = set.stage("rejected.csv", /*personal=*/true);
        // Staged in a private folder no one else can enter.
        CHECK(mode_of(staged.parent_path()) == 0700);
        write_file(staged, "subproject,file,line,column,reason\nalpha,p.csv,2,,bad\n");
        set.commit();
    }
    CHECK(read_file(dir / "theirs.csv").empty());
    CHECK(read_file(dir / "their-rejected.csv").empty());
    CHECK_FALSE(is_link(out / "rejected.csv"));  // the link itself was replaced
    CHECK(mode_of(out / "rejected.csv") == 0600);
    CHECK(read_file(out / "rejected.csv") == "subproject,file,line,column,reason\nalpha,p.csv,2,,bad\n");
}

TEST_CASE("OutputSet: a second set on the same folder fails at once naming the folder") {
    TempDir dir("output-set-lock");
    const fs::path out = dir / "out";
    OutputSet first(out, "run");
    first.write("a.txt", "first");
    CHECK_THROWS_AS(OutputSet(out, "run"), OutputFolderBusy);
    CHECK_THROWS_WITH(OutputSet(out, "scb esf"),
                      "output folder " + out.string() + " is in use by another esfreport run; try again when it has finished");
    // In another process too.
    CHECK(in_child([&] {
              try {
                  OutputSet second(out, "run");
              } catch (const OutputFolderBusy&) {
                  ::_exit(3);
              }
          }) == 3);
    first.commit();
    CHECK(read_file(out / "a.txt") == "first");
}

TEST_CASE("OutputSet: a lock file planted as a symbolic link or a FIFO is refused") {
    TempDir dir("output-set-lock-link");
    const fs::path out = dir / "out";
    fs::create_directories(out);
    fs::create_symlink(dir / "elsewhere", out / ".esfreport.lock");
    CHECK_THROWS_WITH(OutputSet(out, "run"), "cannot open the lock file " + (out / ".esfreport.lock").string() +
                                                 ": Too many levels of symbolic links");
    CHECK_FALSE(fs::exists(dir / "elsewhere"));  // nothing created through the link

    fs::remove(out / ".esfreport.lock");
    REQUIRE(::mkfifo((out / ".esfreport.lock").c_str(), 0600) == 0);
    CHECK_THROWS_WITH(OutputSet(out, "run"), "cannot lock output folder " + out.string() + ": " +
                                                 (out / ".esfreport.lock").string() + " is not a regular file");
}

TEST_CASE("OutputSet: leftovers of a killed run are removed by the next set") {
    TempDir dir("output-set-leftovers");
    const fs::path out = dir / "out";
    const fs::path ledger = dir / "project.scb-ledger.toml";
    // A run killed before its commit: staging folder, an external temporary.
    CHECK(in_child([&] {
              OutputSet set(out, "run");
              set.write("rejected.csv", "x", true);
              set.write_external(ledger, "ledger", true);
              ::_exit(0);  // killed: no destructor, no cleanup
          }) == 0);
    write_file(out / ".rejected.csv.tmp-4242", "an esfreport 0.8 temporary");
    write_file(out / "notes.txt", "the user's own file");
    write_file(out / ".hidden", "the user's own hidden file");
    std::vector<std::string> before = names_in(out);
    CHECK(std::count_if(before.begin(), before.end(), [](const std::string& n) { return n.rfind(".esfreport-staging-", 0) == 0; }) == 1);
    std::size_t external_temps = 0;
    for (const auto& e : fs::directory_iterator(dir.path()))
        external_temps += e.path().filename().string().rfind(".project.scb-ledger.toml.esfreport-", 0) == 0;
    CHECK(external_temps == 1);

    { OutputSet next(out, "run"); }
    CHECK(names_in(out) == std::vector<std::string>{".hidden", "notes.txt"});
    CHECK(names_in(dir.path()) == std::vector<std::string>{"out"});
}

TEST_CASE("OutputSet: files of an earlier set that this one does not write are removed - nothing else") {
    TempDir dir("output-set-stale");
    const fs::path out = dir / "out";
    {
        OutputSet run1(out, "run");
        run1.write("slutrapport-a.xlsx", "a1");
        run1.write("deltagartid-per-deltagare.xlsx", "sheet", /*personal=*/true);
        run1.write("manifest.json", "m1");
        run1.commit();
    }
    {
        OutputSet scb(out, "scb esf 2017-03");
        scb.write("Mars2017_X.xlsx", "scb", true);
        scb.commit();
    }
    write_file(out / "notes.txt", "mine");
    {
        OutputSet run2(out, "run");
        run2.write("slutrapport-a.xlsx", "a2");
        run2.write("manifest.json", "m2");
        run2.commit();
        CHECK(run2.removed() == std::vector<std::string>{"deltagartid-per-deltagare.xlsx"});
    }
    CHECK(visible_names(out) == std::vector<std::string>{"Mars2017_X.xlsx", "manifest.json", "notes.txt", "slutrapport-a.xlsx"});
    CHECK(read_file(out / ".esfreport-outputs") == "scb esf 2017-03\tMars2017_X.xlsx\nrun\tmanifest.json\nrun\tslutrapport-a.xlsx\n");
}

TEST_CASE("OutputSet: a run killed in the middle of its commit is completed by the next set") {
    TempDir dir("output-set-killed-commit");
    const fs::path out = dir / "out";
    const fs::path ledger = dir / "ledger.toml";
    {
        OutputSet first(out, "run");
        for (const char* n : {"a.txt", "b.txt", "old-only.txt", "manifest.json"}) first.write(n, std::string("old ") + n);
        first.commit();
    }
    write_file(ledger, "old ledger");
    // Steps: remove old-only.txt, external ledger, the record, a.txt, b.txt, manifest.json.
    CHECK(in_child([&] {
              ::setenv("ESFREPORT_TEST_COMMIT_EXIT_AFTER", "4", 1);
              OutputSet second(out, "run");
              for (const char* n : {"a.txt", "b.txt", "manifest.json"}) second.write(n, std::string("new ") + n);
              second.write_external(ledger, "new ledger", true);
              second.commit();
          }) == 75);
    // The failure: a mix of new and old files, the old manifest beside them.
    CHECK(read_file(out / "a.txt") == "new a.txt");
    CHECK(read_file(out / "b.txt") == "old b.txt");
    CHECK(read_file(out / "manifest.json") == "old manifest.json");
    CHECK(read_file(ledger) == "new ledger");
    CHECK(fs::exists(out / ".esfreport-commit"));

    { OutputSet next(out, "run"); }  // completes the commit, then has nothing of its own
    CHECK(read_file(out / "a.txt") == "new a.txt");
    CHECK(read_file(out / "b.txt") == "new b.txt");
    CHECK(read_file(out / "manifest.json") == "new manifest.json");
    CHECK(mode_of(ledger) == 0600);
    CHECK(names_in(out) == std::vector<std::string>{".esfreport-outputs", "a.txt", "b.txt", "manifest.json"});
    CHECK(names_in(dir.path()) == std::vector<std::string>{"ledger.toml", "out"});
}

TEST_CASE("OutputSet: a commit record another user could have planted is refused") {
    TempDir dir("output-set-forged-journal");
    const fs::path out = dir / "out";
    fs::create_directories(out);
    write_file(dir / "victim.txt", "keep me");
    write_file(out / ".esfreport-commit", "esfreport-commit 1\nstaging\t.esfreport-staging-abc\nremove\t../victim.txt\n");
    CHECK_THROWS_WITH(OutputSet(out, "run"), (out / ".esfreport-commit").string() +
                                                 " is not a commit record esfreport wrote for you; remove it and run again"
                                                 " (line \"remove\t../victim.txt\")");
    CHECK(read_file(dir / "victim.txt") == "keep me");
}

TEST_CASE("OutputSet: an external file is committed with the set or not at all") {
    TempDir dir("output-set-external");
    const fs::path out = dir / "out";
    const fs::path ledger = dir / "ledger.toml";
    write_file(ledger, "old");
    {
        OutputSet set(out, "scb esf 2017-03");
        set.write("Mars2017.xlsx", "file", true);
        const fs::path temp = set.stage_external(ledger, true);
        CHECK(temp.parent_path() == fs::absolute(dir.path()));
        CHECK(mode_of(temp) == 0600);
        write_file(temp, "new");
        CHECK_THROWS_AS(set.stage_external(ledger), std::logic_error);
        // Not committed: neither the file nor the ledger changes.
    }
    CHECK(read_file(ledger) == "old");
    CHECK_FALSE(fs::exists(out / "Mars2017.xlsx"));
    CHECK(names_in(dir.path()) == std::vector<std::string>{"ledger.toml", "out"});
    {
        OutputSet set(out, "scb esf 2017-03");
        set.write("Mars2017.xlsx", "file", true);
        set.write_external(ledger, "new", true);
        set.commit();
    }
    CHECK(read_file(ledger) == "new");
    CHECK(read_file(out / "Mars2017.xlsx") == "file");
}

TEST_CASE("OutputSet: names that are not plain file names are refused") {
    TempDir dir("output-set-names");
    OutputSet set(dir.path(), "run");
    for (const std::string bad : {"sub/a.csv", "../a.csv", ".hidden", "", "a\tb.csv"})
        CHECK_THROWS_WITH(set.stage(bad), "output name \"" + bad + "\" is not a plain file name (no '/', no leading '.', no control characters)");
    set.stage("Rapport.xlsx");
    CHECK_THROWS_WITH(set.stage("rapport.XLSX"), "output staged twice: rapport.XLSX");
}

TEST_CASE("OutputNames: colliding names get -2 -3 deterministically") {
    OutputNames names;
    CHECK(names.claim("KAA_Orebro_2017H1.xlsx") == "KAA_Orebro_2017H1.xlsx");
    CHECK(names.claim("KAA_Orebro_2017H1.xlsx") == "KAA_Orebro_2017H1-2.xlsx");
    CHECK(names.claim("kaa_orebro_2017h1.xlsx") == "kaa_orebro_2017h1-3.xlsx");  // case-insensitive file systems
    CHECK(names.claim("manifest.json") == "manifest.json");

    OutputNames stems;
    CHECK(stems.claim_stem("slutrapport-orebro-lan", {".xlsx", ".pdf"}) == "slutrapport-orebro-lan");
    CHECK(stems.claim_stem("slutrapport-orebro-lan", {".xlsx", ".pdf"}) == "slutrapport-orebro-lan-2");
    CHECK(stems.claim("slutrapport-x-2.pdf") == "slutrapport-x-2.pdf");
    CHECK(stems.claim_stem("slutrapport-x", {".xlsx", ".pdf"}) == "slutrapport-x");
    CHECK(stems.claim_stem("slutrapport-x", {".xlsx", ".pdf"}) == "slutrapport-x-3");  // -2 has a .pdf already
}

TEST_CASE("OutputSet: a folder at an output's name stops the commit before anything changes") {
    TempDir dir("output-set-folder-in-the-way");
    const fs::path out = dir / "out";
    {
        OutputSet first(out, "run");
        first.write("a.txt", "old a");
        first.write("b.txt", "old b");
        first.commit();
    }
    fs::create_directories(out / "c.txt");
    {
        OutputSet second(out, "run");
        second.write("a.txt", "new a");
        second.write("c.txt", "new c");
        CHECK_THROWS_WITH(second.commit(), "cannot write " + (out / "c.txt").string() + ": a folder has that name");
    }
    CHECK(read_file(out / "a.txt") == "old a");
    CHECK(read_file(out / "b.txt") == "old b");  // not removed as an earlier file either
    CHECK(names_in(out) == std::vector<std::string>{".esfreport-outputs", "a.txt", "b.txt", "c.txt"});
}

TEST_CASE("OutputSet: a file's digest is the one its writer recorded, else read from the file") {
    TempDir dir("output-set-sha256");
    OutputSet set(dir / "out", "run");
    set.write("a.csv", "abc");
    write_file(set.stage("b.csv"), "abc");
    // A recorded digest is taken as it is: the writer hashed what it wrote.
    set.record_sha256("b.csv", "recorded while written");
    CHECK(OutputSet::sha256_of(set.entries()[0]) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(OutputSet::sha256_of(set.entries()[1]) == "recorded while written");
    CHECK_THROWS_WITH(set.record_sha256("c.csv", "x"), "output not staged: c.csv");
}

TEST_CASE("OutputSet: a staged file filled in pieces holds them all and keeps its mode") {
    TempDir dir("output-set-streamed");
    OutputSet set(dir / "out", "run");
    const fs::path temp = set.stage("rejected.csv", /*personal=*/true);
    OutputSet::write_staged_streamed(temp, [](const OutputSet::PieceWriter& write) {
        write("subproject,line\n");
        write("");
        write(std::string(3 << 20, 'x'));  // larger than one write() may take
        write("\nend\n");
    });
    CHECK(mode_of(temp) == 0600);
    CHECK(read_file(temp) == "subproject,line\n" + std::string(3 << 20, 'x') + "\nend\n");
    // A producer that fails leaves the error to the caller.
    CHECK_THROWS_WITH(OutputSet::write_staged_streamed(temp, [](const OutputSet::PieceWriter&) { throw std::runtime_error("no"); }), "no");
}
