// The layout of a file for SCB, read from a TOML template under templates/scb/.
// SCB's formats are only partly published, so every detail a user may need to
// correct (columns, header texts, value formats, file naming, output kind) is
// data, not code.
#pragma once

#include <esfreport/core/date.hpp>

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport {

// Which file the template describes; decides which fields its columns may use.
enum class ScbFileKind { esf_monthly, kaa_halfyear };

enum class ScbOutputFormat { xlsx, csv };

// How a personnummer is written: "YYYYMMDDNNNC" or "YYYYMMDD-NNNC".
enum class ScbIdentityForm { long_form, separated_long };

// What a column holds. The template names them in snake_case.
enum class ScbField {
    personnummer,     // the person's identity in the template's form (a protected code as is)
    start_date,       // start of the participation period
    end_date,         // end of the period, when the file reports it
    email,            // or the template's unknown text
    mobile,           // or the template's unknown text
    // KAA only:
    municipality,     // the municipality reporting (see ScbTemplate::municipality_from)
    half_year,        // "2017H1"
    measure_started,  // start date when it falls in the half-year
    measure_ended,    // end date when it falls in the half-year
    exit_status,      // the template's code for the status at exit (register rows: the occupation), when it ended in the half-year
    occupation,       // register rows: past/current/planned occupation
    measure,          // register rows: the individual measure
    address,          // register rows: the address
};

std::string_view to_string(ScbField field);

struct ScbColumn {
    ScbField field = ScbField::personnummer;
    std::string header;  // the column's header text, as SCB's template writes it
    int block = 0;       // KAA form block (1..5), 0 = none
    double width = 0;    // XLSX column width, 0 = fitted to the header
};

struct ScbTemplate {
    std::filesystem::path file;  // where it was read from (for messages)
    ScbFileKind kind = ScbFileKind::esf_monthly;
    ScbOutputFormat format = ScbOutputFormat::xlsx;
    std::string sheet_name = "Deltagare";
    std::vector<ScbColumn> columns;
    bool header_row = true;
    // KAA: block labels (index 0 = block 1); when not empty, XLSX files get a
    // row above the headers naming each column's block.
    std::vector<std::string> block_labels;

    ScbIdentityForm identity_form = ScbIdentityForm::long_form;
    std::string date_format = "YYYY-MM-DD";  // tokens YYYY, YY, MM, DD
    std::string unknown_text = "okänt";      // email / mobile not known

    // File name without extension. Placeholders: {month_name} {month} {year}
    // {project} (ESF); {municipality} {half} {year} {project} (KAA).
    std::string file_name_pattern = "{month_name}{year}_{project}";
    std::array<std::string, 12> month_names{"Januari", "Februari", "Mars",      "April",   "Maj",      "Juni",
                                            "Juli",    "Augusti",  "September", "Oktober", "November", "December"};
    // Characters other than letters, digits, '-', '_' and '.' in placeholder
    // values are replaced by this text (spaces too), so names are portable.
    std::string file_name_replacement = "_";

    // ESF: write a file for a month with no start and no end (SCB expects one a month).
    bool empty_months = true;
    // ESF: a row reporting an end date in a later month than the start also
    // repeats the start date, so the period it closes is identifiable.
    bool repeat_start_on_end_row = true;

    // CSV only.
    std::string delimiter = ";";
    std::string line_ending = "\r\n";
    bool byte_order_mark = true;  // what Swedish Excel needs to read UTF-8

    // KAA: "name", "region" or "id" of the subproject.
    std::string municipality_from = "name";
    // KAA: code written for each status at exit (canonical token -> code).
    std::map<std::string, std::string> exit_status_codes;

    std::string extension() const { return format == ScbOutputFormat::xlsx ? ".xlsx" : ".csv"; }
};

// Reads and checks a template. Any mistake is a std::runtime_error naming the
// file and the key (and, for syntax errors, line and column).
ScbTemplate load_scb_template(const std::filesystem::path& file);

// The template shipped in `template_dir` for a kind: scb/esf_monthly.toml or
// scb/kaa_halfyear.toml.
std::filesystem::path default_scb_template(const std::filesystem::path& template_dir, ScbFileKind kind);

// Writes `date` in the template's date format.
std::string format_scb_date(const ScbTemplate& tmpl, Date date);

// Replaces {name} placeholders in the template's file-name pattern; values are
// made safe for file names. Throws std::runtime_error on an unknown placeholder.
std::string scb_file_name(const ScbTemplate& tmpl, const std::map<std::string, std::string>& values);

}  // namespace esfreport
