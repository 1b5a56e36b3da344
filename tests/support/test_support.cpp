#include "test_support.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace esfreport::test {

fs::path data_path(const std::string& relative) { return fs::path(ESFREPORT_TEST_DATA_DIR) / relative; }

TempDir::TempDir(const std::string& name) {
    path_ = fs::path(ESFREPORT_BINARY_DIR) / "test-tmp" / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void write_file(const fs::path& path, const std::string& bytes) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << bytes;
    if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

std::vector<std::string> split_fields(const std::string& s, char sep) {
    std::vector<std::string> out(1);
    for (char c : s) {
        if (c == sep) out.emplace_back();
        else if (c != '\r') out.back() += c;
    }
    return out;
}

fs::path write_fixture_project(const fs::path& dir, const std::string& plugin, const std::string& extra, const std::string& source) {
    const fs::path file = dir / "project.toml";
    write_file(file, "[project]\n"
                     "name = \"Fixture project\"\n"
                     "period_start = 2017-01-01\n"
                     "period_end = 2017-12-31\n"
                     "\n"
                     "[[subproject]]\n"
                     "id = \"alpha\"\n"
                     "name = \"Alpha\"\n"
                     "region = \"Örebro län\"\n"
                     "plugin = \"" + plugin + "\"\n"
                     "source = \"" + source + "\"\n" + extra);
    return file;
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

CommandResult run_command(const std::string& command_line) {
    static int counter = 0;
    const fs::path dir = fs::path(ESFREPORT_BINARY_DIR) / "test-tmp";
    fs::create_directories(dir);
    const std::string stem = (dir / ("cmd-" + std::to_string(::getpid()) + "-" + std::to_string(++counter))).string();
    const std::string full = command_line + " >" + shell_quote(stem + ".out") + " 2>" + shell_quote(stem + ".err") + " </dev/null";
    const int status = std::system(full.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(stem + ".out");
    r.err = read_file(stem + ".err");
    fs::remove(stem + ".out");
    fs::remove(stem + ".err");
    return r;
}

CommandResult run_esfreport(const std::string& arguments) {
    return run_command(shell_quote(ESFREPORT_EXE) + " " + arguments);
}

bool holds_no_output(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) return true;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename() != ".esfreport.lock") return false;
    return true;
}

}  // namespace esfreport::test
