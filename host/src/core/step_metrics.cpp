#include <esfreport/core/step_metrics.hpp>

#include <algorithm>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace esfreport {
namespace {

std::int64_t pick(const BySex& b, std::optional<Sex> sex) { return sex ? b[*sex] : b.total(); }

std::optional<double> share(const BySex& part, const BySex& whole, std::optional<Sex> sex) {
    const std::int64_t d = pick(whole, sex);
    if (d == 0) return std::nullopt;
    return double(pick(part, sex)) / double(d);
}

}  // namespace

std::optional<double> ScaleMovements::share_positive(std::optional<Sex> sex) const { return share(positive, measured, sex); }

std::optional<double> ScaleMovements::mean(std::optional<Sex> sex) const {
    std::int64_t n = 0, sum = 0;
    for (const auto& [movement, count] : distribution) {
        n += pick(count, sex);
        sum += std::int64_t(movement) * pick(count, sex);
    }
    if (n == 0) return std::nullopt;
    return double(sum) / double(n);
}

std::optional<double> ScaleMovements::median(std::optional<Sex> sex) const {
    std::int64_t n = 0;
    for (const auto& entry : distribution) n += pick(entry.second, sex);
    if (n == 0) return std::nullopt;
    // The k-th smallest movement (0-based) from the cumulative distribution.
    auto kth = [&](std::int64_t k) {
        std::int64_t seen = 0;
        for (const auto& [movement, count] : distribution) {
            seen += pick(count, sex);
            if (k < seen) return movement;
        }
        return distribution.rbegin()->first;
    };
    if (n % 2 == 1) return double(kth(n / 2));
    return (double(kth(n / 2 - 1)) + double(kth(n / 2))) / 2.0;
}

std::optional<double> CombinedMovements::share_positive(std::optional<Sex> sex) const { return share(positive, measured, sex); }

namespace {

std::vector<std::uint32_t> assessments_by_person(const Dataset& data) {
    // Two assessments on the same date keep the order they were read in, so
    // the later row is the "last" one.
    // By person, scale and date.
    return ScopeRows::sorted_by_key(data.assessments.size(), [&](std::uint32_t row) {
        const Assessment& a = data.assessments[row];
        return std::pair<std::uint64_t, std::uint32_t>{std::uint64_t(a.person) << 32 | a.scale, ScopeRows::ordered(a.date.days())};
    });
}

}  // namespace

StepMetricsEngine::StepMetricsEngine(const Dataset& data)
    : data_(data), order_(assessments_by_person(data), data.config ? data.config->subprojects.size() : 0,
                          [&](std::uint32_t a) { return data.assessments[a].subproject; }),
      periods_(ScopeRows::in_order(data.periods.size()),
               data.config ? data.config->subprojects.size() : 0, [&](std::uint32_t p) { return data.periods[p].subproject; }) {}

StepMetrics StepMetricsEngine::compute(const Scope& scope, const ReportingPeriod& period) const {
    const ProjectConfig& config = *data_.config;
    const std::vector<char> in_scope = scope_mask(scope, config.subprojects.size());

    std::vector<ScaleMovements> per_scale(config.scales.size());
    std::vector<char> shown(config.scales.size(), 0);
    for (std::size_t i = 0; i < config.scales.size(); ++i) {
        per_scale[i].scale = static_cast<std::uint16_t>(i);
        per_scale[i].kind = config.scales[i].kind;
        per_scale[i].last_step.resize(config.scales[i].steps.size());
    }
    // By id through a hash map: a configuration may list thousands of scales.
    std::unordered_map<std::string_view, std::size_t> scale_by_id;
    for (std::size_t i = 0; i < config.scales.size(); ++i) scale_by_id.emplace(config.scales[i].id, i);
    for (SubprojectIndex s : scope.subprojects)
        for (const std::string& id : config.subprojects[s].scales)
            if (auto it = scale_by_id.find(id); it != scale_by_id.end()) shown[it->second] = 1;

    // An activity's participants (sorted): assessments belong to the person's
    // work in the subproject, not to one activity, so a person's movement
    // counts in every activity the person took part in during the period.
    std::vector<PersonIndex> activity_persons;
    if (scope.activity) {
        for (std::uint32_t index : periods_.of(scope)) {
            const ParticipantPeriod& p = data_.periods[index];
            if (p.activity == scope.activity && p.start <= period.to && (!p.end || *p.end >= period.from)) activity_persons.push_back(p.person);
        }
        std::sort(activity_persons.begin(), activity_persons.end());
    }
    auto counts = [&](const Assessment& a) {
        return in_scope[a.subproject] && a.date >= period.from && a.date <= period.to && a.scale < per_scale.size() &&
               (!scope.activity || std::binary_search(activity_persons.begin(), activity_persons.end(), a.person));
    };
    const std::vector<std::uint32_t> rows = order_.of(scope);  // the scope's assessments only
    std::size_t i = 0;
    while (i < rows.size()) {
        const Assessment& head = data_.assessments[rows[i]];
        std::size_t j = i;
        const Assessment* first = nullptr;
        const Assessment* last = nullptr;
        std::int64_t n = 0;
        for (; j < rows.size(); ++j) {
            const Assessment& a = data_.assessments[rows[j]];
            if (a.person != head.person || a.scale != head.scale) break;
            if (!counts(a)) continue;
            if (!first) first = &a;
            last = &a;
            ++n;
        }
        i = j;
        if (n == 0) continue;

        ScaleMovements& m = per_scale[head.scale];
        shown[head.scale] = 1;
        const Sex sex = data_.persons[head.person].sex;
        ++m.assessed[sex];
        if (last->step < m.last_step.size()) ++m.last_step[last->step][sex];
        if (m.kind == ScaleKind::categorical) continue;
        if (n < 2) {
            ++m.not_measured[sex];
            continue;
        }
        ++m.measured[sex];
        int movement = int(last->step) - int(first->step);  // steps are in scale order
        if (!config.scales[head.scale].higher_is_better) movement = -movement;
        ++m.distribution[movement][sex];
        if (movement > 0) ++m.positive[sex];
        else if (movement == 0) ++m.zero[sex];
        else ++m.negative[sex];
    }

    StepMetrics out;
    for (std::size_t s = 0; s < per_scale.size(); ++s) {
        if (!shown[s]) continue;
        if (per_scale[s].kind == ScaleKind::ordinal) {
            out.combined.measured += per_scale[s].measured;
            out.combined.positive += per_scale[s].positive;
        }
        out.scales.push_back(std::move(per_scale[s]));
    }
    return out;
}

}  // namespace esfreport
