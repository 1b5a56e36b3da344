// Attendance per scope and sex: metrics.md, "Attendance". Absence share of a
// participant's period = absent hours / scheduled hours; each participant's
// first and last period (by start date) inside the scope and reporting period
// are compared.
//
// Decisions where metrics.md is silent:
// - An attendance period belongs to the reporting period in which it ends, so
//   consecutive reporting periods never count one period twice.
// - The first/last means, the change and the threshold counts are over the
//   participants with two or more periods ("compared"): with one period there
//   is nothing to compare, and mixing them in would dilute the change. They
//   are counted as "not compared", never dropped silently.
// - "Above a threshold" is strictly above (more than 15 %), as in "more than
//   20 % absence".
// - Valid and invalid absence are reported for compared participants whose
//   first and last periods both give invalid absence; valid = absent − invalid.
#pragma once

#include <esfreport/core/metrics.hpp>

#include <array>
#include <optional>
#include <vector>

namespace esfreport {

// A mean of fractions per sex, kept as sums so scopes and sexes add up.
struct MeanBySex {
    std::array<double, kSexCount> sum{};
    BySex n;
    void add(Sex sex, double value) {
        sum[static_cast<int>(sex)] += value;
        ++n[sex];
    }
    // nullopt when there is no value; `sex` nullopt = all sexes together.
    std::optional<double> mean(std::optional<Sex> sex) const;
};

struct AbsenceThresholdCounts {
    double threshold = 0;  // fraction, e.g. 0.15
    BySex first;           // compared participants above it in their first period
    BySex last;            // ... and in their last period
};

struct AttendanceMetrics {
    BySex with_attendance;  // participants with at least one period
    BySex compared;         // two or more periods
    BySex not_compared;     // exactly one period
    MeanBySex first;        // absence share, first period
    MeanBySex last;         // absence share, last period
    MeanBySex change;       // last − first, per participant (a fall in absence is negative)
    std::vector<AbsenceThresholdCounts> above;  // one per configured threshold, in order
    BySex with_split;       // compared participants with valid/invalid absence given
    MeanBySex invalid_first, invalid_last;
    MeanBySex valid_first, valid_last;
};

class AttendanceMetricsEngine {
public:
    explicit AttendanceMetricsEngine(const Dataset& data);
    AttendanceMetrics compute(const Scope& scope, const ReportingPeriod& period) const;

private:
    const Dataset& data_;
    ScopeRows order_;  // attendance indexes by person, start, end (read order on a tie)
};

}  // namespace esfreport
