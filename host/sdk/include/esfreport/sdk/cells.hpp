// Spreadsheet addresses, as Excel writes them: the one spelling of a cell in
// the messages of the host and of every plugin that reads sheets.
//
//   column_letters(3)                      -> "C"
//   cell_reference(3, 17)                  -> "C17"
//   sheet_cell_reference("Deltagare", 3, 17)      -> "Deltagare!C17"
//   sheet_cell_reference("Deltagare 2024", 3, 17) -> "'Deltagare 2024'!C17"
//   sheet_input_name("/data/kumla.xlsx", "Deltagare") -> "/data/kumla.xlsx!Deltagare"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace esfreport::sdk {

// "C" for 3, "AA" for 27, "XFD" for 16384; empty for 0.
inline std::string column_letters(std::uint32_t column) {
    std::string out;
    while (column > 0) {
        const std::uint32_t digit = (column - 1) % 26;
        out.insert(out.begin(), static_cast<char>('A' + digit));
        column = (column - 1) / 26;
    }
    return out;
}

// "C17".
inline std::string cell_reference(std::uint32_t column, std::uint64_t row) {
    return column_letters(column) + std::to_string(row);
}

namespace detail {
inline bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A sheet name Excel writes without quotes in a reference: letters (also
// non-ASCII ones), digits, '_' and '.', not starting with a digit, and not
// readable as a cell (C17) or as R1C1 (R, C, R2, C3, R2C3).
inline bool sheet_name_needs_quotes(std::string_view name) {
    if (name.empty() || is_digit(name.front()) || name.front() == '.') return true;
    for (char c : name) {
        const bool plain = is_ascii_letter(c) || is_digit(c) || c == '_' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
        if (!plain) return true;
    }
    std::size_t letters = 0;
    while (letters < name.size() && is_ascii_letter(name[letters])) ++letters;
    bool digits_only_after = letters < name.size();
    for (std::size_t i = letters; i < name.size(); ++i) digits_only_after = digits_only_after && is_digit(name[i]);
    if (letters <= 3 && digits_only_after) return true;  // A1 style
    std::size_t i = 0;
    const auto r1c1_part = [&](char letter) {
        if (i < name.size() && (name[i] == letter || name[i] == letter + ('a' - 'A'))) {
            ++i;
            while (i < name.size() && is_digit(name[i])) ++i;
            return true;
        }
        return false;
    };
    const bool r = r1c1_part('R');
    const bool c = r1c1_part('C');
    return (r || c) && i == name.size();
}
}  // namespace detail

// "Deltagare!C17"; a sheet name Excel would quote is quoted as Excel does
// ("'Deltagare 2024'!C17", a quote inside doubled), so the reference can be
// pasted into Excel's Go To box.
inline std::string sheet_cell_reference(std::string_view sheet, std::uint32_t column, std::uint64_t row) {
    std::string out;
    if (detail::sheet_name_needs_quotes(sheet)) {
        out.push_back('\'');
        for (char c : sheet) {
            if (c == '\'') out.push_back('\'');
            out.push_back(c);
        }
        out.push_back('\'');
    } else {
        out = std::string(sheet);
    }
    return out + "!" + cell_reference(column, row);
}

// What the host lists and names in messages for one sheet of a workbook:
// "<workbook>!<sheet>" (RecordSink::begin_sheet).
inline std::string sheet_input_name(std::string_view workbook, std::string_view sheet) {
    return std::string(workbook) + "!" + std::string(sheet);
}

}  // namespace esfreport::sdk
