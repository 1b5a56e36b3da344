// What the ESF and KAA files for SCB have in common: a table of texts written
// as XLSX or CSV by the template, identities and contact details written the
// way the template says.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/export/scb_template.hpp>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace esfreport {

// Every cell is text: personnummer and dates must keep their leading zeros
// and exact form, which numeric cells would not.
struct ScbTable {
    std::vector<std::string> headers;
    std::vector<int> blocks;      // per column, 0 = none
    std::vector<double> widths;   // per column, 0 = fitted to the header
    std::vector<std::vector<std::string>> rows;
    // The project's ESF Council registration number, in an XLSX file's
    // properties (subject); empty: not configured. CSV has no place for it.
    std::string registration_number;
};

// The person's identity as the template writes it; a protected-identity code
// is written as it is.
std::string scb_identity_text(const ScbTemplate& tmpl, const Person& person);
// The contact detail, or the template's unknown text when it is blank.
std::string scb_contact_text(const ScbTemplate& tmpl, const std::string& value);

// The headers and column metadata of `tmpl`, no rows.
ScbTable scb_table_frame(const ScbTemplate& tmpl);

// CSV bytes per the template (delimiter, line ending, byte order mark),
// quoted per RFC 4180 where needed. A cell starting with = + - @ tab or
// carriage return (OWASP CSV injection) is written as "'..." so that a
// spreadsheet reads it as text; personnummer and dates start with a digit.
std::string render_scb_csv(const ScbTemplate& tmpl, const ScbTable& table);

// Writes the table to `path` (a file the output set staged as personal, with
// its mode: no temporary-file or mode work here) in the template's format. An
// XLSX file gets `created` as its creation time, so the same rows give the
// same bytes; libxlsxwriter's scratch files go to `path`'s folder. A cell
// longer than Excel's 32,767 characters is an error naming sheet and column.
void write_scb_file(const ScbTemplate& tmpl, const ScbTable& table, std::time_t created,
                    const std::filesystem::path& path);

// "2017-03" <-> month index (year * 12 + month - 1, as Date::month_index()).
std::optional<int> parse_scb_month(std::string_view text);
std::string scb_month_text(int month_index);

}  // namespace esfreport
