// The evaluator's machine-readable outcome tables (docs/extract.md):
// outcome-tables.csv (tidy, one row per figure), outcome-tables.json (the same
// figures with the facts of the run) and the codebook (CSV and Markdown) that
// defines every measure id in Swedish and English.
#pragma once

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/export/report_table.hpp>

#include <ctime>
#include <string>
#include <vector>

namespace esfreport {

struct ProjectConfig;

// One measure of the codebook: the definitions live here only; the CSV and
// the Markdown are renderings of this table.
struct CodebookEntry {
    std::string_view table;
    std::string_view measure;
    std::string_view unit;
    std::string_view category;  // what the category column holds, empty when none
    std::string_view sv;
    std::string_view en;
};
const std::vector<CodebookEntry>& codebook();
// The entry of (table, measure, unit); nullptr when there is none.
const CodebookEntry* find_codebook_entry(std::string_view table, std::string_view measure, std::string_view unit);

// A number with full precision: the shortest text that reads back as the
// same double ("12", "0.4166666666666667"); empty for nullopt.
std::string full_precision(std::optional<double> v);

// scope_kind,region,subproject,table,measure,category,sex,value,unit,suppressed
// RFC 4180, UTF-8, LF, decimal point; a suppressed value is empty.
std::string outcome_tables_csv(const OutcomeFigures& figures);

struct ExtractFacts {
    std::string tool_version;
    std::time_t generated_at = 0;
    // The participant-level file of the same extract (pseudonymised_extract.hpp).
    std::size_t participant_rows_written = 0;
    std::size_t participant_rows_left_out = 0;  // could not be protected by generalisation
    std::string participant_generalisation;     // generalisation_text() of the level reached
};
std::string outcome_tables_json(const OutcomeFigures& figures, const ProjectConfig& config, const ExtractFacts& facts);

// table,measure,unit,category,definition_sv,definition_en
std::string codebook_csv();
// One Markdown table per report table, headings in `language`, both definitions.
std::string codebook_md(Language language);

}  // namespace esfreport
