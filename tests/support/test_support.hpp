// Helpers shared by the test suites: temporary folders, files, running the CLI.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace esfreport::test {

// Path of a file under tests/data.
std::filesystem::path data_path(const std::string& relative);

// A fresh, empty folder under the build tree, removed when the object dies.
class TempDir {
public:
    explicit TempDir(const std::string& name);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& bytes);
std::string read_file(const std::filesystem::path& path);

struct CommandResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Splits at every `sep`, keeping empty fields; a '\r' is dropped (CRLF text).
std::vector<std::string> split_fields(const std::string& s, char sep);

// Writes `dir`/project.toml: project "Fixture project" over 2017 with one
// subproject "alpha" ("Alpha", region "Örebro län") read by `plugin` from
// `source`, then `extra` TOML (e.g. "[subproject.options]\n..."). Returns its path.
std::filesystem::path write_fixture_project(const std::filesystem::path& dir, const std::string& plugin,
                                            const std::string& extra = "", const std::string& source = "data/alpha");

// True when a failed run left no output in `dir`: the folder is absent or
// holds at most the output set's lock file (a run killed by a signal cannot
// remove it; it is unlocked and reused by the next run).
bool holds_no_output(const std::filesystem::path& dir);

// Runs a command line through /bin/sh, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);
// Runs the esfreport executable with the given arguments (already quoted).
CommandResult run_esfreport(const std::string& arguments);
// Quotes a string for /bin/sh.
std::string shell_quote(const std::string& s);

}  // namespace esfreport::test
