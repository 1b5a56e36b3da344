// OutputSet: a command's files appear all at once or not at all, and files
// holding personnummer are never readable by others.
#include "test_support.hpp"

#include <esfreport/runtime/output_set.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

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
    CHECK(names_in(out) == std::vector<std::string>{".esfreport.lock", "report.xlsx"});
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
