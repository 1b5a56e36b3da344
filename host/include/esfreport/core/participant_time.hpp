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

// Every person-month with recorded time, indexed once per run: sorted by
// subproject (configuration order), person id and month, with the offsets of
// each subproject. A scope then reads only its own subprojects' rows, so a
// report of regions, subprojects and the programme costs a few passes over
// the person-months instead of one pass per scope.
class ParticipantTimeIndex {
public:
    explicit ParticipantTimeIndex(const Dataset& data);
    // Rows of subproject `s` (unit cost and value not yet set).
    const ParticipantMonth* begin(SubprojectIndex s) const { return rows_.data() + offsets_[s]; }
    const ParticipantMonth* end(SubprojectIndex s) const { return rows_.data() + offsets_[s + 1]; }
    std::size_t size() const { return rows_.size(); }

private:
    std::vector<ParticipantMonth> rows_;
    std::vector<std::size_t> offsets_;  // subproject count + 1
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
