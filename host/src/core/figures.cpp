#include <esfreport/core/figures.hpp>

namespace esfreport {
namespace {

std::int64_t pick(const BySex& b, std::optional<Sex> sex) { return sex ? b[*sex] : b.total(); }

// Accessors are plain function pointers, instantiated per field, so a table
// is data and a lookup is one call.
template <BySex ParticipantMetrics::*Field>
FigureValue participant_count(const ParticipantMetrics& m, std::optional<Sex> sex) {
    return FigureValue::count(pick(m.*Field, sex));
}
template <int Status>
FigureValue status_count(const ParticipantMetrics& m, std::optional<Sex> sex) {
    return FigureValue::count(pick(m.status_at_exit[Status], sex));
}
template <int Band>
FigureValue age_count(const ParticipantMetrics& m, std::optional<Sex> sex) {
    return FigureValue::count(pick(m.age_band[Band], sex));
}
template <int Band>
FigureValue esf_age_count(const ParticipantMetrics& m, std::optional<Sex> sex) {
    return FigureValue::count(pick(m.esf_age_band[Band], sex));
}

constexpr int status(StatusAtExit s) { return static_cast<int>(s); }

template <BySex ScaleMovements::*Field>
FigureValue scale_count(const ScaleMovements& m, std::optional<Sex> sex) {
    return FigureValue::count(pick(m.*Field, sex));
}
template <BySex CombinedMovements::*Field>
FigureValue combined_count(const CombinedMovements& m, std::optional<Sex> sex) {
    return FigureValue::count(pick(m.*Field, sex));
}

template <BySex AttendanceMetrics::*Field>
FigureValue attendance_count(const AttendanceRow& r, std::optional<Sex> sex) {
    return FigureValue::count(pick(r.metrics->*Field, sex));
}
// Absence shares are shown with one decimal: the changes reported are often
// a few percentage points.
template <MeanBySex AttendanceMetrics::*Field>
FigureValue attendance_share(const AttendanceRow& r, std::optional<Sex> sex) {
    return FigureValue::share((r.metrics->*Field).mean(sex), FigureDecimals::absence_share);
}
template <BySex AbsenceThresholdCounts::*Field>
FigureValue above_threshold(const AttendanceRow& r, std::optional<Sex> sex) {
    if (r.threshold >= r.metrics->above.size()) return {};
    return FigureValue::count(pick(r.metrics->above[r.threshold].*Field, sex));
}

}  // namespace

const FigureTable<ParticipantMetrics>& participant_figures() {
    static const FigureTable<ParticipantMetrics> table = {
        {"unique", participant_count<&ParticipantMetrics::unique>},
        {"sum_of_subprojects", participant_count<&ParticipantMetrics::sum_of_subprojects>},
        {"new", participant_count<&ParticipantMetrics::new_participants>},
        {"active_at_end", participant_count<&ParticipantMetrics::active_at_end>},
        {"exited", participant_count<&ParticipantMetrics::exited>},
        {"into_studies_or_work", participant_count<&ParticipantMetrics::into_studies_or_work>},
        {"cr02", participant_count<&ParticipantMetrics::cr02>},
        {"cr04", participant_count<&ParticipantMetrics::cr04>},
        {"inside_target_ages", participant_count<&ParticipantMetrics::inside_target_ages>},
        {"status.studies", status_count<status(StatusAtExit::studies)>},
        {"status.work", status_count<status(StatusAtExit::work)>},
        {"status.studies_and_work", status_count<status(StatusAtExit::studies_and_work)>},
        {"status.job_seeking", status_count<status(StatusAtExit::job_seeking)>},
        {"status.other_authority", status_count<status(StatusAtExit::other_authority)>},
        {"status.other_measure", status_count<status(StatusAtExit::other_measure)>},
        {"status.dropout", status_count<status(StatusAtExit::dropout)>},
        {"status.not_reached", status_count<status(StatusAtExit::not_reached)>},
        {"status.other", status_count<status(StatusAtExit::other)>},
        {"status.unknown", status_count<status(StatusAtExit::unknown)>},
        {"age.under_15", age_count<0>},
        {"age.15_19", age_count<1>},
        {"age.20_24", age_count<2>},
        {"age.over_24", age_count<3>},
        {"esf_age.under_18", esf_age_count<0>},
        {"esf_age.18_29", esf_age_count<1>},
        {"esf_age.30_54", esf_age_count<2>},
        {"esf_age.55_plus", esf_age_count<3>},
    };
    static_assert(kStatusAtExitCount == 10, "a status at exit was added: name it in participant_figures()");
    return table;
}

const FigureTable<ScaleMovements>& scale_figures() {
    static const FigureTable<ScaleMovements> table = {
        {"assessed", scale_count<&ScaleMovements::assessed>},
        {"measured", scale_count<&ScaleMovements::measured>},
        {"not_measured", scale_count<&ScaleMovements::not_measured>},
        {"positive", scale_count<&ScaleMovements::positive>},
        {"zero", scale_count<&ScaleMovements::zero>},
        {"negative", scale_count<&ScaleMovements::negative>},
        {"share_positive", [](const ScaleMovements& m, std::optional<Sex> s) { return FigureValue::share(m.share_positive(s), FigureDecimals::participant_share); }},
        {"mean", [](const ScaleMovements& m, std::optional<Sex> s) { return FigureValue::number(m.mean(s), FigureDecimals::steps); }},
        {"median", [](const ScaleMovements& m, std::optional<Sex> s) { return FigureValue::number(m.median(s), FigureDecimals::steps); }},
    };
    return table;
}

const FigureTable<CombinedMovements>& combined_scale_figures() {
    static const FigureTable<CombinedMovements> table = {
        {"measured", combined_count<&CombinedMovements::measured>},
        {"positive", combined_count<&CombinedMovements::positive>},
        {"share_positive", [](const CombinedMovements& m, std::optional<Sex> s) { return FigureValue::share(m.share_positive(s), FigureDecimals::participant_share); }},
    };
    return table;
}

const FigureTable<AttendanceRow>& attendance_figures() {
    static const FigureTable<AttendanceRow> table = {
        {"with_attendance", attendance_count<&AttendanceMetrics::with_attendance>},
        {"compared", attendance_count<&AttendanceMetrics::compared>},
        {"not_compared", attendance_count<&AttendanceMetrics::not_compared>},
        {"with_split", attendance_count<&AttendanceMetrics::with_split>},
        {"first", attendance_share<&AttendanceMetrics::first>},
        {"last", attendance_share<&AttendanceMetrics::last>},
        {"change", attendance_share<&AttendanceMetrics::change>},
        {"invalid_first", attendance_share<&AttendanceMetrics::invalid_first>},
        {"invalid_last", attendance_share<&AttendanceMetrics::invalid_last>},
        {"valid_first", attendance_share<&AttendanceMetrics::valid_first>},
        {"valid_last", attendance_share<&AttendanceMetrics::valid_last>},
        {"above_first", above_threshold<&AbsenceThresholdCounts::first>},
        {"above_last", above_threshold<&AbsenceThresholdCounts::last>},
    };
    return table;
}

const FigureTable<TimeRow>& time_figures() {
    static const FigureTable<TimeRow> table = {
        {"participants", [](const TimeRow& r, std::optional<Sex> s) { return FigureValue::count(pick(*r.participants, s)); }},
        {"hours", [](const TimeRow& r, std::optional<Sex> s) { return FigureValue::count(pick(*r.hours, s)); }},
        // Öre to SEK, shown with öre.
        {"value", [](const TimeRow& r, std::optional<Sex> s) { return FigureValue::number(double(pick(*r.value_ore, s)) / 100.0, FigureDecimals::money); }},
    };
    return table;
}

std::optional<BySex> metric_by_name(const ParticipantMetrics& m, std::string_view name) {
    const FigureDef<ParticipantMetrics>* f = find_figure(participant_figures(), name);
    if (!f) return std::nullopt;
    BySex out;
    for (Sex s : {Sex::female, Sex::male, Sex::non_binary, Sex::unknown}) out[s] = static_cast<std::int64_t>(f->get(m, s).value);
    return out;
}

FigureValue participant_share(std::int64_t count, std::int64_t denominator) {
    if (denominator == 0) return FigureValue::share(std::nullopt, FigureDecimals::participant_share);
    return FigureValue::share(double(count) / double(denominator), FigureDecimals::participant_share);
}

bool split_figure_key(std::string_view key, std::string_view& figure, std::optional<Sex>& sex) {
    const auto dot = key.rfind('.');
    if (dot == std::string_view::npos) return false;
    figure = key.substr(0, dot);
    return parse_sex_key(key.substr(dot + 1), sex);
}

}  // namespace esfreport
