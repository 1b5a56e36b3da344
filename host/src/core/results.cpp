#include <esfreport/core/results.hpp>

#include <stdexcept>

namespace esfreport {

ProjectResults::ProjectResults(const Dataset& data, const ReportingPeriod& period)
    : data_(data), period_(period), time_index_(std::make_unique<ParticipantTimeIndex>(data)) {
    const ProjectConfig& config = *data.config;
    const MetricsEngine participants(data);
    const StepMetricsEngine steps(data);
    const AttendanceMetricsEngine attendance(data);
    auto compute = [&](Scope scope) {
        ScopeResults r;
        r.participants = participants.participants(scope, period);
        r.steps = steps.compute(scope, period);
        r.attendance = attendance.compute(scope, period);
        r.time = participant_time(*time_index_, data, scope, period);
        r.scope = std::move(scope);
        return r;
    };
    for (Scope& s : subproject_scopes(config)) subprojects_.push_back(compute(std::move(s)));
    activities_.resize(config.subprojects.size());
    for (std::size_t s = 0; s < config.subprojects.size(); ++s)
        for (Scope& a : activity_scopes(data, static_cast<SubprojectIndex>(s))) {
            ScopeResults r;
            r.participants = participants.participants(a, period);
            r.steps = steps.compute(a, period);
            r.scope = std::move(a);
            activities_[s].push_back(std::move(r));
        }
    for (Scope& s : region_scopes(config)) regions_.push_back(compute(std::move(s)));
    programme_ = compute(programme_scope(config));
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
