// The names of figures: one table per kind of row a report table has. A
// template names each cell's figure as "<figure>.<sex>" (`unique.female`,
// `share_positive.total`); the template loader checks every name against these
// tables, so an unknown name is an error before any data is read, and the
// renderers only look figures up here instead of choosing them in code.
#pragma once

#include <esfreport/core/attendance_metrics.hpp>
#include <esfreport/core/participant_time.hpp>
#include <esfreport/core/step_metrics.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace esfreport {

enum class FigureFormat : std::uint8_t { count, percent, number };

// Decimals shown per kind of figure: the one owner of this choice for every
// table, sheet and renderer (docs/report-layout.md). The values themselves
// are never rounded; only their display.
struct FigureDecimals {
    static constexpr int participant_share = 0;  // shares of participants (status at exit, ages, positive movement): whole percent
    static constexpr int absence_share = 1;      // absence shares and their changes in percentage points
    static constexpr int row_share = 1;          // shares of input rows (data quality)
    static constexpr int steps = 1;              // mean and median movement, in steps
    static constexpr int money = 2;              // SEK with öre (unit cost, value of participant time)
};

// One figure as a cell shows it. Not `present` when it cannot be computed (no
// data): shown as missing, never as 0 (metrics.md).
struct FigureValue {
    bool present = false;
    double value = 0;  // a count, a fraction (percent), or a number
    FigureFormat format = FigureFormat::count;
    int decimals = 0;

    static FigureValue count(std::int64_t n) { return {true, double(n), FigureFormat::count, 0}; }
    static FigureValue share(std::optional<double> v, int decimals) {
        return {v.has_value(), v.value_or(0), FigureFormat::percent, decimals};
    }
    static FigureValue number(std::optional<double> v, int decimals) {
        return {v.has_value(), v.value_or(0), FigureFormat::number, decimals};
    }
};

// A figure of a row of kind Row, for one sex (nullopt: all sexes together).
template <class Row>
struct FigureDef {
    std::string_view name;
    FigureValue (*get)(const Row& row, std::optional<Sex> sex);
};
template <class Row>
using FigureTable = std::vector<FigureDef<Row>>;

// A row of the attendance table; `threshold` indexes AttendanceMetrics::above
// for the figures above_first and above_last (one column per threshold).
struct AttendanceRow {
    const AttendanceMetrics* metrics = nullptr;
    std::size_t threshold = 0;
};

// A row of the participant-time table: one month (MonthTime) or the whole
// period (ParticipantTime, each person counted once).
struct TimeRow {
    const BySex* participants = nullptr;
    const BySex* hours = nullptr;
    const BySex* value_ore = nullptr;
    static TimeRow of(const MonthTime& m) { return {&m.participants, &m.hours, &m.value_ore}; }
    static TimeRow of(const ParticipantTime& t) { return {&t.participants, &t.hours, &t.value_ore}; }
};

// Participants, exits and age (table 1 rows = "children", tables 1b and 2
// rows = "metrics"): unique, sum_of_subprojects, new, active_at_end, exited,
// into_studies_or_work, cr02, cr04, inside_target_ages, status.<status>,
// age.<under_15|15_19|20_24|over_24>, esf_age.<under_18|18_29|30_54|55_plus>.
const FigureTable<ParticipantMetrics>& participant_figures();
// Step movements on one ordinal scale (table 3): assessed, measured,
// not_measured, positive, zero, negative, share_positive, mean, median.
const FigureTable<ScaleMovements>& scale_figures();
// Ordinal scales combined (region and programme rows of table 3): measured,
// positive, share_positive only — never averaged steps across scales.
const FigureTable<CombinedMovements>& combined_scale_figures();
// Attendance (table 4): with_attendance, compared, not_compared, with_split,
// first, last, change, invalid_first, invalid_last, valid_first, valid_last,
// above_first, above_last.
const FigureTable<AttendanceRow>& attendance_figures();
// Participant time (table 5): participants, hours, value (SEK).
const FigureTable<TimeRow>& time_figures();

template <class Row>
const FigureDef<Row>* find_figure(const FigureTable<Row>& table, std::string_view name) {
    for (const FigureDef<Row>& f : table)
        if (f.name == name) return &f;
    return nullptr;
}

// A figure of participant_figures() for every sex; nullopt for an unknown name.
std::optional<BySex> metric_by_name(const ParticipantMetrics& m, std::string_view name);

// `count` (a number of the same sex, e.g. a figure of `figure`) as a share of
// `denominator`: the one rule for participant shares (table 2's shares, the
// summary's), missing when the denominator is 0, whole percent.
FigureValue participant_share(std::int64_t count, std::int64_t denominator);

// "unique.female" -> ("unique", female); "unique.total" -> ("unique", nullopt).
// False when the key has no ".<sex>" ending.
bool split_figure_key(std::string_view key, std::string_view& figure, std::optional<Sex>& sex);

// The names of a table, comma-separated, for error messages.
template <class Row>
std::string figure_names(const FigureTable<Row>& table) {
    std::string out;
    for (const FigureDef<Row>& f : table) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

}  // namespace esfreport
