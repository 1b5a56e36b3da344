// Step movements (stegförflyttningar) per scope, scale and sex: metrics.md,
// "Step movements". For each participant and scale the first and the last
// assessment inside the scope and the reporting period (by date) are compared;
// the movement is signed so that positive is always an improvement.
#pragma once

#include <esfreport/core/metrics.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace esfreport {

// One scale in one scope. For an ordinal scale the movement figures are
// filled; for a categorical scale only `assessed` and `last_step` (a
// categorical scale has no order, hence no movement).
struct ScaleMovements {
    std::uint16_t scale = 0;  // index into ProjectConfig::scales
    ScaleKind kind = ScaleKind::ordinal;
    BySex assessed;      // participants with at least one assessment
    BySex measured;      // two or more assessments
    BySex not_measured;  // exactly one assessment: shown, never dropped
    BySex positive;
    BySex zero;
    BySex negative;
    // Movement in steps (sign adjusted) -> measured participants.
    std::map<int, BySex> distribution;
    // Step index of each participant's last assessment -> participants; one
    // entry per step of the scale. Filled for both kinds.
    std::vector<BySex> last_step;

    // Of measured participants; nullopt when none is measured.
    // `sex` nullopt = all sexes together.
    std::optional<double> share_positive(std::optional<Sex> sex) const;
    std::optional<double> mean(std::optional<Sex> sex) const;
    // Median movement. With an even number of measured participants it is the
    // mean of the two middle movements (so it may end in .5), the usual
    // statistical definition that an evaluator recomputing it would use.
    std::optional<double> median(std::optional<Sex> sex) const;
};

// Region and programme figures combine scales only as the share with positive
// movement (metrics.md), never as averaged steps. The unit is a measurement: a
// participant measured on two ordinal scales counts once per scale, so the
// combined share is the per-scale shares weighted by their measured counts.
struct CombinedMovements {
    BySex measured;  // participant × ordinal scale pairs with two or more assessments
    BySex positive;
    std::optional<double> share_positive(std::optional<Sex> sex) const;
};

struct StepMetrics {
    // Scales with at least one assessment in the scope and period, plus scales
    // a subproject of the scope lists explicitly (empty figures then say "not
    // measured", not "not configured"); in configuration order.
    std::vector<ScaleMovements> scales;
    CombinedMovements combined;  // over the ordinal scales above
};

// Indexes the dataset's assessments by person and scale once; each scope is
// then one pass over them.
class StepMetricsEngine {
public:
    explicit StepMetricsEngine(const Dataset& data);
    StepMetrics compute(const Scope& scope, const ReportingPeriod& period) const;

private:
    const Dataset& data_;
    ScopeRows order_;  // assessment indexes by person, scale, date (read order on a tie)
    ScopeRows periods_;  // period indexes per subproject: an activity's participants
};

}  // namespace esfreport
