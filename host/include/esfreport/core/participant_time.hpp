// Participant time and its value: metrics.md, "Participant time and
// co-financing". Hours are summed per subproject, participant and month (in
// millionths of an hour, so decimal hours add up exactly) and only then
// rounded down to whole hours; value = whole hours × the unit cost the
// configuration gives for the month's year.
//
// Decisions where metrics.md is silent:
// - A month belongs to the reporting period when it overlaps it (hours are
//   kept per month, not per day).
// - Rounding is per subproject, participant and month: that is the figure
//   certified in the attendance report, and sums add those figures.
// - "Participants with time" are those with at least one whole hour in the
//   month (the hours that can be reported). Recorded time under one hour is
//   shown in the economist's sheet, not lost.
// - Months without recorded time are not listed and need no unit cost; a
//   month whose recorded time is under one hour per participant is listed
//   with 0 whole hours (and needs no unit cost either).
// - A person with time in two subprojects of a region counts once among the
//   region's participants; their hours are the sum of both subprojects'.
#pragma once

#include <esfreport/core/metrics.hpp>

#include <stdexcept>
#include <vector>

namespace esfreport {

// A month with reportable time but no unit cost for its year.
class MissingUnitCost : public std::runtime_error {
public:
    explicit MissingUnitCost(int year);
    int year() const { return year_; }

private:
    int year_;
};

// Unit cost for a year in öre (hundredths of SEK) per hour, so values are
// exact. Throws MissingUnitCost.
std::int64_t unit_cost_ore(const ProjectConfig& config, int year);

// "2017-03" for a Date::month_index().
std::string month_text(int month_index);

struct MonthTime {
    int month = 0;                // Date::month_index()
    std::int64_t unit_cost_ore = 0;  // per hour, for the month's year
    BySex participants;           // with at least one whole hour
    BySex hours;                  // whole hours
    BySex value_ore;              // hours × unit cost
};

struct ParticipantTime {
    std::vector<MonthTime> months;  // months with recorded time, in order
    BySex participants;             // distinct persons with a whole hour in some month
    BySex hours;
    BySex value_ore;
};

// One participant's month, as certified: the rows of the economist's sheet.
struct ParticipantMonth {
    SubprojectIndex subproject = 0;
    PersonIndex person = 0;
    int month = 0;
    std::int64_t micro_hours = 0;  // as recorded (sum of the days)
    std::int64_t whole_hours = 0;  // rounded down
    std::int64_t unit_cost_ore = 0;
    std::int64_t value_ore = 0;
};

// Every person-month with recorded time, indexed once per run: for each
// subproject (configuration order) the positions of its person-months in
// Dataset::micro_hours, ordered by person id and month as the economist's
// sheet lists them, and the range of micro_hours it spans. A scope then reads
// only its own subprojects' rows, so a report of regions, subprojects and the
// programme costs a few passes over the person-months instead of one pass per
// scope; the index is 4 bytes per person-month (positions, not copies), and
// the order by id comes from one sort of the persons, not of the rows.
// The dataset must outlive the index and not change while it is used.
class ParticipantTimeIndex {
public:
    explicit ParticipantTimeIndex(const Dataset& data);
    // Positions in Dataset::micro_hours of subproject `s`'s person-months with
    // recorded time, by person id and month; read them with row().
    const std::uint32_t* begin(SubprojectIndex s) const { return order_.data() + offsets_[s]; }
    const std::uint32_t* end(SubprojectIndex s) const { return order_.data() + offsets_[s + 1]; }
    bool empty(SubprojectIndex s) const { return offsets_[s] == offsets_[s + 1]; }
    // The person-month at a position (unit cost and value not yet set).
    ParticipantMonth row(std::uint32_t position) const;
    // Subproject `s`'s entries of Dataset::micro_hours in their own order (by
    // person index and month), including any without time (micro-hours <= 0):
    // for sums, which need no order.
    PersonMonthHours::const_iterator entries_begin(SubprojectIndex s) const { return hours_->begin() + entry_offsets_[s]; }
    PersonMonthHours::const_iterator entries_end(SubprojectIndex s) const { return hours_->begin() + entry_offsets_[s + 1]; }
    std::size_t size() const { return order_.size(); }

private:
    const PersonMonthHours* hours_;
    std::vector<std::uint32_t> order_;
    std::vector<std::size_t> offsets_;        // into order_, subproject count + 1
    std::vector<std::size_t> entry_offsets_;  // into micro_hours, subproject count + 1
};

ParticipantTime participant_time(const ParticipantTimeIndex& index, const Dataset& data, const Scope& scope,
                                 const ReportingPeriod& period);
// Every participant month with recorded time in the scope and period, ordered
// by subproject (configuration order), person id and month. Throws
// MissingUnitCost for a month with whole hours and no unit cost.
std::vector<ParticipantMonth> participant_months(const ParticipantTimeIndex& index, const Dataset& data, const Scope& scope,
                                                 const ReportingPeriod& period);

// The same for a single scope, building the index on the way.
ParticipantTime participant_time(const Dataset& data, const Scope& scope, const ReportingPeriod& period);
std::vector<ParticipantMonth> participant_months(const Dataset& data, const Scope& scope, const ReportingPeriod& period);

}  // namespace esfreport
