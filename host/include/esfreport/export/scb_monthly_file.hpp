// The monthly ESF participant file for SCB: which period events a month
// reports, in which order, and how they are written.
//
// Rules (SCB: "a new participant is reported in the month they start; the end
// date in the month the participant leaves"):
// - each participation period gives a start event in the month of its start
//   and, once ended, an end event in the month of its end; both in one row
//   when they fall in the same month. A re-entry is a new period, so a new start;
// - a period that started before the project period is reported as starting
//   on the project's first day, in its first month (nobody takes part in a
//   project before it exists); an end after the project period is reported on
//   its last day, in its last month. Periods wholly outside are not reported;
// - rows are sorted by identity, then start date, then end, so the same data
//   give the same file.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/export/scb_file.hpp>
#include <esfreport/export/scb_template.hpp>

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace esfreport {

struct ScbMonthlyRow {
    std::uint32_t period = 0;   // index into Dataset::periods
    PersonIndex person = 0;
    Date start;                 // as reported (clamped to the project period)
    std::optional<Date> end;    // as reported, when the period ends in this month
    bool starts_in_month = false;
};

// Every month's rows for a whole dataset, computed in one pass.
struct ScbSchedule {
    int first_month = 0;  // month indexes of the project period (inclusive)
    int last_month = -1;
    std::map<int, std::vector<ScbMonthlyRow>> rows;  // months with events only
    std::size_t start_events = 0;
    std::size_t end_events = 0;
    std::size_t starts_moved_to_project_start = 0;
    std::size_t ends_moved_to_project_end = 0;
    std::size_t periods_outside_project = 0;

    const std::vector<ScbMonthlyRow>& rows_for(int month) const;
    std::vector<int> project_months() const;  // first..last
};

// Without a configuration (dataset.config == nullptr) nothing is clamped and
// the months span the data.
ScbSchedule scb_schedule(const Dataset& dataset);
std::vector<int> months_with_events(const Dataset& dataset);
std::vector<ScbMonthlyRow> rows_for_month(const Dataset& dataset, int month_index);
std::vector<ScbMonthlyRow> rows_for_month(const Dataset& dataset, std::string_view month);  // "YYYY-MM"

// The rows as canonical text (identity, start, end, e-mail, mobile; one line a
// row): what the ledger digests, so that a changed template or output format
// does not count as changed data. Holds personnummer: never log it.
std::string scb_monthly_canonical_text(const Dataset& dataset, const std::vector<ScbMonthlyRow>& rows);

// The rows laid out per the template's columns.
ScbTable scb_monthly_table(const ScbTemplate& tmpl, const Dataset& dataset, const std::vector<ScbMonthlyRow>& rows);

// The file name for a month, with the template's extension.
std::string scb_monthly_file_name(const ScbTemplate& tmpl, const std::string& project, int month_index);

// The creation time written into a month's XLSX file: midnight UTC on the
// first day of the following month, when SCB opens reporting for the month.
// Derived from the month, never from the clock, so re-runs are byte-identical.
std::time_t scb_monthly_created_time(int month_index);

}  // namespace esfreport
