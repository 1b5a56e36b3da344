#include <esfreport/core/attendance_metrics.hpp>

#include <algorithm>
#include <numeric>

namespace esfreport {

std::optional<double> MeanBySex::mean(std::optional<Sex> sex) const {
    std::int64_t count = 0;
    double total = 0;
    if (sex) {
        count = n[*sex];
        total = sum[static_cast<int>(*sex)];
    } else {
        count = n.total();
        for (double s : sum) total += s;
    }
    if (count == 0) return std::nullopt;
    return total / double(count);
}

namespace {

std::vector<std::uint32_t> attendance_by_person(const Dataset& data) {
    // By person, start and end.
    return ScopeRows::sorted_by_key(data.attendance.size(), [&](std::uint32_t row) {
        const AttendancePeriod& a = data.attendance[row];
        return std::pair<std::uint64_t, std::uint32_t>{std::uint64_t(a.person) << 32 | ScopeRows::ordered(a.start.days()),
                                                      ScopeRows::ordered(a.end.days())};
    });
}

}  // namespace

AttendanceMetricsEngine::AttendanceMetricsEngine(const Dataset& data)
    : data_(data), order_(attendance_by_person(data), data.config ? data.config->subprojects.size() : 0,
                          [&](std::uint32_t a) { return data.attendance[a].subproject; }) {}

AttendanceMetrics AttendanceMetricsEngine::compute(const Scope& scope, const ReportingPeriod& period) const {
    const ProjectConfig& config = *data_.config;
    const std::vector<char> in_scope = scope_mask(scope, config.subprojects.size());

    AttendanceMetrics m;
    for (double t : config.absence_thresholds) m.above.push_back({t, {}, {}});

    // The ingestor guarantees scheduled hours > 0; a zero would have no share.
    auto counts = [&](const AttendancePeriod& a) {
        return in_scope[a.subproject] && a.end >= period.from && a.end <= period.to && a.scheduled_hours > 0;
    };
    const std::vector<std::uint32_t> rows = order_.of(scope);  // the scope's attendance rows only
    std::size_t i = 0;
    while (i < rows.size()) {
        const PersonIndex person = data_.attendance[rows[i]].person;
        const AttendancePeriod* first = nullptr;
        const AttendancePeriod* last = nullptr;
        std::int64_t n = 0;
        for (; i < rows.size() && data_.attendance[rows[i]].person == person; ++i) {
            const AttendancePeriod& a = data_.attendance[rows[i]];
            if (!counts(a)) continue;
            if (!first) first = &a;
            last = &a;
            ++n;
        }
        if (n == 0) continue;
        const Sex sex = data_.persons[person].sex;
        ++m.with_attendance[sex];
        if (n < 2) {
            ++m.not_compared[sex];
            continue;
        }
        ++m.compared[sex];
        const double f = first->absent_hours / first->scheduled_hours;
        const double l = last->absent_hours / last->scheduled_hours;
        m.first.add(sex, f);
        m.last.add(sex, l);
        m.change.add(sex, l - f);
        for (AbsenceThresholdCounts& t : m.above) {
            if (f > t.threshold) ++t.first[sex];
            if (l > t.threshold) ++t.last[sex];
        }
        if (first->invalid_absent_hours && last->invalid_absent_hours) {
            ++m.with_split[sex];
            m.invalid_first.add(sex, *first->invalid_absent_hours / first->scheduled_hours);
            m.invalid_last.add(sex, *last->invalid_absent_hours / last->scheduled_hours);
            m.valid_first.add(sex, (first->absent_hours - *first->invalid_absent_hours) / first->scheduled_hours);
            m.valid_last.add(sex, (last->absent_hours - *last->invalid_absent_hours) / last->scheduled_hours);
        }
    }
    return m;
}

}  // namespace esfreport
