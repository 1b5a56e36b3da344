// A hand-built Dataset for the step-movement, attendance and participant-time
// tests: two subprojects in one region, scales and unit costs as a project
// configuration would give them. Identities are Skatteverket's published test
// personnummer (tests/data/identity/skatteverket-testpersonnummer.csv); the
// sex is set explicitly (it matches the numbers' second-last digit).
#pragma once

#include <esfreport/core/metrics.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace esfreport::test {

inline Date day(const std::string& iso) { return *Date::parse(iso); }

// Women: second-last digit even; men: odd.
inline constexpr const char* kAnna = "200001012384";   // female
inline constexpr const char* kBerit = "200101282382";  // female
inline constexpr const char* kCecilia = "200203012380";  // female
inline constexpr const char* kDavid = "200007122393";  // male
inline constexpr const char* kErik = "200108142399";   // male
inline constexpr const char* kFilip = "200301012399";  // male

class Issue4Data {
public:
    Issue4Data() {
        config_->name = "Unga till arbete";
        config_->period_start = day("2017-01-01");
        config_->period_end = day("2018-12-31");
        SubprojectConfig kumla;
        kumla.id = "kumla";
        kumla.name = "Kumla kommun";
        kumla.region = "Örebro län";
        SubprojectConfig karlskoga;
        karlskoga.id = "karlskoga";
        karlskoga.name = "Karlskoga/Degerfors";
        karlskoga.region = "Örebro län";
        config_->subprojects = {kumla, karlskoga};
        dataset.config = config_.get();
    }
    Issue4Data(const Issue4Data&) = delete;

    ProjectConfig& config() { return *config_; }

    PersonIndex person(const std::string& id) {
        auto found = dataset.person_by_id.find(id);
        if (found != dataset.person_by_id.end()) return found->second;
        Person p;
        p.id = id;
        p.birth_date = day(id.substr(0, 8));
        p.sex = (id[10] - '0') % 2 == 1 ? Sex::male : Sex::female;
        dataset.persons.push_back(p);
        const auto index = static_cast<PersonIndex>(dataset.persons.size() - 1);
        dataset.person_by_id[id] = index;
        return index;
    }

    // Adds a scale with steps "1".."n" (or the given steps) and returns its index.
    std::uint16_t scale(const std::string& id, std::vector<std::string> steps, bool higher_is_better = true,
                        ScaleKind kind = ScaleKind::ordinal) {
        ScaleConfig s;
        s.id = id;
        s.label = id;
        s.kind = kind;
        s.steps = std::move(steps);
        s.higher_is_better = higher_is_better;
        config_->scales.push_back(s);
        return static_cast<std::uint16_t>(config_->scales.size() - 1);
    }

    // An assessment with the step given as written in the data ("7").
    void assess(const std::string& id, const std::string& date, std::uint16_t scale, const std::string& value,
                SubprojectIndex subproject = 0) {
        const ScaleConfig& s = config_->scales.at(scale);
        const auto step = std::find(s.steps.begin(), s.steps.end(), value);
        if (step == s.steps.end()) throw std::invalid_argument("test data: no step " + value);
        Assessment a;
        a.person = person(id);
        a.subproject = subproject;
        a.scale = scale;
        a.step = static_cast<std::uint16_t>(step - s.steps.begin());
        a.date = day(date);
        dataset.assessments.push_back(a);
    }

    void attend(const std::string& id, const std::string& start, const std::string& end, double scheduled, double absent,
                std::optional<double> invalid = std::nullopt, SubprojectIndex subproject = 0) {
        AttendancePeriod a;
        a.person = person(id);
        a.subproject = subproject;
        a.start = day(start);
        a.end = day(end);
        a.scheduled_hours = scheduled;
        a.absent_hours = absent;
        a.invalid_absent_hours = invalid;
        dataset.attendance.push_back(a);
    }

    // A participation period; an empty `end` leaves it open.
    void period(const std::string& id, SubprojectIndex subproject, const std::string& start, const std::string& end,
                std::optional<StatusAtExit> status) {
        ParticipantPeriod p;
        p.person = person(id);
        p.subproject = subproject;
        p.start = day(start);
        if (!end.empty()) p.end = day(end);
        p.exit_status = status;
        dataset.periods.push_back(p);
    }

    // Hours on one day, folded into the person-month sum as the ingestor does.
    void hours(const std::string& id, const std::string& date, std::int64_t micro_hours, SubprojectIndex subproject = 0) {
        dataset.micro_hours[{subproject, person(id), day(date).month_index()}] += micro_hours;
    }

    Scope kumla() const { return subproject_scopes(*config_)[0]; }
    Scope karlskoga() const { return subproject_scopes(*config_)[1]; }
    Scope region() const { return region_scopes(*config_)[0]; }
    ReportingPeriod whole() const { return {config_->period_start, config_->period_end}; }

private:
    std::unique_ptr<ProjectConfig> config_ = std::make_unique<ProjectConfig>();

public:
    Dataset dataset;
};

}  // namespace esfreport::test
