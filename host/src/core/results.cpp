#include <esfreport/core/results.hpp>

#include <optional>
#include <stdexcept>

namespace esfreport {

namespace {

void run_all(const ProjectResults::TaskRunner& run_tasks, const std::vector<std::function<void()>>& tasks) {
    if (run_tasks) run_tasks(tasks);
    else for (const auto& task : tasks) task();
}

}  // namespace

ProjectResults::ProjectResults(const Dataset& data, const ReportingPeriod& period, const TaskRunner& run_tasks)
    : data_(data), period_(period) {
    const ProjectConfig& config = *data.config;
    std::optional<MetricsEngine> participants;
    std::optional<StepMetricsEngine> steps;
    std::optional<AttendanceMetricsEngine> attendance;
    run_all(run_tasks, {
                           [&] { time_index_ = std::make_unique<ParticipantTimeIndex>(data); },
                           [&] { participants.emplace(data); },
                           [&] { steps.emplace(data); },
                           [&] { attendance.emplace(data); },
                       });

    auto compute = [&](Scope& scope, ScopeResults& r) {
        r.participants = participants->participants(scope, period);
        r.steps = steps->compute(scope, period);
        r.attendance = attendance->compute(scope, period);
        r.time = participant_time(*time_index_, data, scope, period);
        r.scope = std::move(scope);
    };
    // Each task fills a slot of its own. The programme and the regions, the
    // largest, start first, so that two threads end at about the same time;
    // the programme also meets a missing unit cost first.
    std::vector<Scope> programme = {programme_scope(config)};
    std::vector<Scope> regions = region_scopes(config);
    std::vector<Scope> subprojects = subproject_scopes(config);
    std::vector<std::vector<Scope>> activities(config.subprojects.size());
    regions_.resize(regions.size());
    subprojects_.resize(subprojects.size());
    activities_.resize(config.subprojects.size());
    std::vector<std::function<void()>> tasks;
    tasks.push_back([&] { compute(programme[0], programme_); });
    for (std::size_t i = 0; i < regions.size(); ++i) tasks.push_back([&, i] { compute(regions[i], regions_[i]); });
    for (std::size_t i = 0; i < subprojects.size(); ++i) tasks.push_back([&, i] { compute(subprojects[i], subprojects_[i]); });
    for (std::size_t s = 0; s < config.subprojects.size(); ++s) {
        activities[s] = activity_scopes(data, static_cast<SubprojectIndex>(s));
        activities_[s].resize(activities[s].size());
        // Participants and steps only: attendance and time are per subproject.
        for (std::size_t a = 0; a < activities[s].size(); ++a)
            tasks.push_back([&, s, a] {
                ScopeResults& r = activities_[s][a];
                r.participants = participants->participants(activities[s][a], period);
                r.steps = steps->compute(activities[s][a], period);
                r.scope = std::move(activities[s][a]);
            });
    }
    run_all(run_tasks, tasks);
}

ProjectResults::~ProjectResults() = default;

const ScopeResults& ProjectResults::of(const Scope& scope) const {
    const std::vector<ScopeResults>* list = nullptr;
    switch (scope.kind) {
    case Scope::Kind::programme: return programme_;
    case Scope::Kind::region: list = &regions_; break;
    case Scope::Kind::subproject: list = &subprojects_; break;
    }
    for (const ScopeResults& r : *list)
        if (r.scope.id == scope.id) return r;
    throw std::out_of_range("no results for scope '" + scope.id + "'");
}

}  // namespace esfreport
