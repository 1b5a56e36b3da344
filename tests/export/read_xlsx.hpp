// Runs tests/export/read_xlsx.py (openpyxl, an independent reader) on a file
// and returns its records: one vector of unescaped fields per output line
// ("prop", "sheet", "cell", "freeze", ...; see the script).
#pragma once

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace esfreport::test {

inline std::vector<std::vector<std::string>> read_xlsx_records(const std::filesystem::path& file) {
    const CommandResult r = run_command(std::string(ESFREPORT_PYTHON) + " " +
                                        shell_quote((std::filesystem::path(ESFREPORT_SOURCE_DIR) / "tests/export/read_xlsx.py").string()) +
                                        " " + shell_quote(file.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The script escapes tab, line break and backslash inside values.
    const auto unescape = [](const std::string& s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) {
                const char n = s[++i];
                out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
            } else {
                out += s[i];
            }
        }
        return out;
    };
    std::vector<std::vector<std::string>> records;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> fields = split_fields(line, '\t');
        for (std::string& f : fields) f = unescape(f);
        records.push_back(std::move(fields));
    }
    return records;
}

}  // namespace esfreport::test
