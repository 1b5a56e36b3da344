// Reads an XLSX file with tests/e2e/xlsx_dump.py (openpyxl, an independent
// reader): sheet name -> rows of TYPE:VALUE cells.
#pragma once

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace esfreport::test {

inline std::map<std::string, std::vector<std::vector<std::string>>> read_xlsx(const std::filesystem::path& file) {
    const CommandResult r = run_command(std::string(ESFREPORT_PYTHON) + " " +
                                        shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/tests/e2e/xlsx_dump.py") + " " +
                                        shell_quote(file.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, std::vector<std::vector<std::string>>> sheets;
    std::string current;
    for (const std::string& line : split_fields(r.out, '\n')) {
        if (line.rfind("## ", 0) == 0) current = line.substr(3);
        else sheets[current].push_back(split_fields(line, '\t'));
    }
    return sheets;
}

// The first row of a sheet whose first cell is `first` ("s:Totalt"); nullptr if none.
inline const std::vector<std::string>* find_row(const std::vector<std::vector<std::string>>& rows, const std::string& first) {
    for (const auto& r : rows)
        if (!r.empty() && r[0] == first) return &r;
    return nullptr;
}

}  // namespace esfreport::test
