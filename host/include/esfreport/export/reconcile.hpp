// `esfreport reconcile`: figures a report states (a CSV written by hand from
// the printed report) against the computed ones, and the stated table against
// itself. See docs/reconcile.md.
#pragma once

#include <esfreport/core/results.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace esfreport {

// A stated file that cannot be read; the message names file, line and column.
class StatedFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One row of the stated file.
struct StatedFigure {
    std::uint64_t line = 0;
    Scope::Kind scope_kind = Scope::Kind::subproject;
    std::string scope_id;  // subproject id, region name, or "programme"
    std::string measure;   // a measure id (stated_measure_ids())
    std::string category;  // exit status or age band; empty when the measure has none
    std::optional<Sex> sex;  // nullopt: total
    double value = 0;        // a count, or percent when `share`
    bool share = false;      // written with "%"
    int decimals = 0;        // decimals as written: the rounding a stated share may have
    std::string text;        // as written
};

// The measure ids a stated file may use, comma-separated (for messages).
std::string stated_measure_ids();

// Parses the stated file `text` (named `file` in messages) against the
// configuration: header `scope,subproject,measure,category,sex,value` (or the
// same with ';'), one figure per row. Throws StatedFileError
// "FILE:LINE: column N (NAME): what was expected, got '...'" for any row it
// cannot read.
std::vector<StatedFigure> read_stated_figures(const std::string& text, const std::string& file, const ProjectConfig& config);

enum class Verdict : std::uint8_t { agrees, differs, not_computed, not_checked };
std::string_view to_string(Verdict v);

// One line of reconcile.csv: a stated figure against the computed one
// (check = "computed"), or a check of the stated table against itself
// ("sum_of_subprojects", "sum_of_regions", "sum_of_sexes", "share_of_counts").
struct ReconcileRow {
    std::string check;
    std::string lines;  // the stated file's line(s) involved
    std::string scope;  // "subproject", "region", "programme"
    std::string scope_id;
    std::string measure;
    std::string category;
    std::string sex;   // "female", "male", ..., "total"
    std::string unit;  // "count" or "percent"
    std::string stated;
    std::string expected;    // computed, or derived from other stated rows
    std::string difference;  // stated - expected
    Verdict verdict = Verdict::agrees;
    std::string detail;  // how `expected` came about, for a person reading it
};

// Every stated figure against `results`, then the internal checks.
std::vector<ReconcileRow> reconcile(const std::vector<StatedFigure>& stated, const ProjectResults& results);

std::string reconcile_csv(const std::vector<ReconcileRow>& rows);

// One line for a person: "stated.csv:9: region Örebro län, participants, male: stated 156, computed 146 (difference 10)".
std::string describe(const ReconcileRow& row, const std::string& file);

}  // namespace esfreport
