// Fuzz target "config": load_config() on a project configuration of any
// content (the input is the whole TOML file).
//
// Every mistake must be a ConfigError (any other exception escapes and is
// reported as a crash); what loads must keep the promises ProjectConfig makes.
#include "fuzz_support.hpp"

#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/errors.hpp>

#include <cmath>
#include <cstdint>
#include <regex>
#include <set>
#include <string>

namespace {

using namespace esfreport;

void check_loaded(const ProjectConfig& c) {
    FUZZ_CHECK(!c.name.empty(), "empty project name");
    FUZZ_CHECK(c.period_start <= c.period_end, "the period ends before it starts");
    FUZZ_CHECK(c.sha256.size() == 64, "sha256 of " + std::to_string(c.sha256.size()) + " characters");
    FUZZ_CHECK(c.disclosure_k >= 1, "disclosure_k " + std::to_string(c.disclosure_k));
    FUZZ_CHECK(!c.absence_thresholds.empty(), "no absence thresholds");
    for (double x : c.absence_thresholds) FUZZ_CHECK(x > 0 && x < 1, "absence threshold " + std::to_string(x));
    for (const auto& [year, cost] : c.unit_cost)
        FUZZ_CHECK(std::isfinite(cost) && cost >= 0, "unit cost " + std::to_string(cost) + " for " + std::to_string(year));
    for (const ProtectedIdentityRule& rule : c.protected_identity)
        FUZZ_CHECK(!protected_identity_rule_error(rule), "protected-identity pattern that does not compile");

    std::set<std::string> scale_ids;
    for (const ScaleConfig& s : c.scales) {
        FUZZ_CHECK(!s.id.empty() && scale_ids.insert(s.id).second, "scale id '" + s.id + "' empty or twice");
        FUZZ_CHECK(!s.steps.empty(), "scale without steps");
        FUZZ_CHECK(s.step_labels.empty() || s.step_labels.size() == s.steps.size(), "step labels do not match steps");
        FUZZ_CHECK(std::set<std::string>(s.steps.begin(), s.steps.end()).size() == s.steps.size(), "a step twice");
    }
    static const std::regex id_pattern(R"(^[A-Za-z0-9][A-Za-z0-9_.-]*$)");
    std::set<std::string> subproject_ids;
    for (const SubprojectConfig& s : c.subprojects) {
        FUZZ_CHECK(std::regex_match(s.id, id_pattern) && subproject_ids.insert(s.id).second,
                   "subproject id '" + s.id + "' not an id or twice");
        FUZZ_CHECK(!s.name.empty() && !s.region.empty() && !s.plugin.empty() && !s.source.empty(),
                   "empty name, region, plugin or source");
        FUZZ_CHECK(!s.other_affected || *s.other_affected >= 0, "other_affected below 0");
        for (const auto& range : {s.target_ages_in_school, s.target_ages_outside_school})
            FUZZ_CHECK(!range || (range->from >= 0 && range->from <= range->to), "age range " + range->text);
        for (const std::string& id : s.scales) FUZZ_CHECK(scale_ids.count(id), "unknown scale '" + id + "'");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::write_scratch_file("config/esfreport.toml", fuzz::as_text(data, size));
    try {
        check_loaded(load_config(file));
    } catch (const ConfigError& e) {
        FUZZ_CHECK(std::string(e.what()).rfind(file.string(), 0) == 0, std::string("error not naming the file: ") + e.what());
    }
    return 0;
}
