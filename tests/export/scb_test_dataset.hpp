// A hand-built Dataset for the SCB file tests. Identities are Skatteverket's
// published test personnummer; "19990312Tf29" is a protected-identity code in
// SCB's published form (ÅÅÅÅMMDDTf29).
#pragma once

#include <esfreport/core/model.hpp>

#include <memory>
#include <optional>
#include <string>

namespace esfreport::test {

inline Date ymd(const std::string& iso) { return *Date::parse(iso); }

class ScbTestData {
public:
    ScbTestData() {
        config_->name = "Unga till arbete";
        config_->period_start = ymd("2016-01-01");
        config_->period_end = ymd("2018-12-31");
        config_->subprojects.push_back({"kumla", "Kumla kommun", "Örebro län", "csv", "", {}, {}, {}, {}, {}, {}, {}});
        config_->subprojects.push_back({"karlskoga", "Karlskoga/Degerfors kommuner", "Örebro län", "csv", "", {}, {}, {}, {}, {}, {}, {}});
        dataset.config = config_.get();
    }
    ScbTestData(const ScbTestData&) = delete;

    PersonIndex person(const std::string& id) {
        const auto found = dataset.person_by_id.find(id);
        if (found != dataset.person_by_id.end()) return found->second;
        Person p;
        p.id = id;
        p.kind = id.find('T') != std::string::npos ? IdentityKind::protected_code : IdentityKind::personnummer;
        p.birth_date = ymd(id.substr(0, 8));
        const auto index = static_cast<PersonIndex>(dataset.persons.size());
        dataset.persons.push_back(p);
        dataset.person_by_id[id] = index;
        return index;
    }

    // Adds a period and returns its index.
    std::uint32_t period(const std::string& id, const std::string& start, const std::string& end = "",
                         const std::string& email = "", const std::string& mobile = "",
                         Setting setting = Setting::unspecified, SubprojectIndex subproject = 0,
                         std::optional<StatusAtExit> exit = std::nullopt) {
        ParticipantPeriod p;
        p.person = person(id);
        p.subproject = subproject;
        p.start = ymd(start);
        if (!end.empty()) p.end = ymd(end);
        p.setting = setting;
        p.exit_status = exit;
        if (!email.empty() || !mobile.empty()) {
            p.contact = static_cast<std::uint32_t>(dataset.contacts.size());
            dataset.contacts.push_back({email, mobile});
        }
        dataset.periods.push_back(p);
        return static_cast<std::uint32_t>(dataset.periods.size() - 1);
    }

    ProjectConfig& config() { return *config_; }

private:
    std::unique_ptr<ProjectConfig> config_ = std::make_unique<ProjectConfig>();

public:
    Dataset dataset;
};

}  // namespace esfreport::test
