// Every figure of a run, computed once per scope (each subproject, each region,
// the programme) and then only looked up: the reports, the economist's sheet
// and any other output read the same numbers, so two outputs can never
// disagree, and no figure is computed twice (a region is both a report of its
// own and a row of the programme's report).
//
// The engines index the dataset once (persons, assessments, attendance,
// person-months); each scope is then one pass over its own subprojects' rows.
#pragma once

#include <esfreport/core/attendance_metrics.hpp>
#include <esfreport/core/metrics.hpp>
#include <esfreport/core/participant_time.hpp>
#include <esfreport/core/step_metrics.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace esfreport {

struct ScopeResults {
    Scope scope;
    ParticipantMetrics participants;
    StepMetrics steps;
    AttendanceMetrics attendance;
    ParticipantTime time;
};

// Read-only once constructed (no figure is filled in later): the output
// files are written on several threads, each reading it at the same time.
class ProjectResults {
public:
    // Runs independent tasks, perhaps at the same time (run_ordered_tasks
    // with --jobs); each writes only its own results. Empty: one after another.
    using TaskRunner = std::function<void(const std::vector<std::function<void()>>&)>;

    // Computes every scope of the dataset's configuration over `period`:
    // first the engines' indexes, then the scopes (largest first), each set
    // of tasks through `run_tasks`. The results do not depend on how the tasks
    // are run. Throws MissingUnitCost when a month with whole hours has no
    // unit cost (the earliest such year of the programme).
    ProjectResults(const Dataset& data, const ReportingPeriod& period, const TaskRunner& run_tasks = {});
    ~ProjectResults();
    ProjectResults(const ProjectResults&) = delete;
    ProjectResults& operator=(const ProjectResults&) = delete;

    const Dataset& data() const { return data_; }
    const ReportingPeriod& period() const { return period_; }
    // In configuration order.
    const std::vector<ScopeResults>& subprojects() const { return subprojects_; }
    // In order of first appearance in the configuration.
    const std::vector<ScopeResults>& regions() const { return regions_; }
    const ScopeResults& programme() const { return programme_; }
    // The activities of subproject `s` (activity_scopes), empty when it has
    // none. Only participants and steps are filled: attendance and time are
    // recorded per subproject, not per activity.
    const std::vector<ScopeResults>& activities(SubprojectIndex s) const { return activities_.at(s); }
    // The results of a scope made by subproject_scopes, region_scopes or
    // programme_scope (matched by kind and id). Throws std::out_of_range for
    // a scope of another configuration.
    const ScopeResults& of(const Scope& scope) const;
    // Person-months, indexed once; the economist's sheet reads its rows.
    const ParticipantTimeIndex& time_index() const { return *time_index_; }

private:
    const Dataset& data_;
    ReportingPeriod period_;
    std::unique_ptr<ParticipantTimeIndex> time_index_;
    std::vector<ScopeResults> subprojects_;
    std::vector<std::vector<ScopeResults>> activities_;  // per subproject
    std::vector<ScopeResults> regions_;
    ScopeResults programme_;
};

}  // namespace esfreport
