// Outcome metrics per scope (a subproject, a region, the programme) over a
// reporting period, by sex and in total. Definitions: metrics.md. Every figure
// is computed from the participation periods; none is typed in.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/core/scope_rows.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace esfreport {

struct BySex {
    std::array<std::int64_t, kSexCount> n{};
    std::int64_t& operator[](Sex s) { return n[static_cast<int>(s)]; }
    std::int64_t operator[](Sex s) const { return n[static_cast<int>(s)]; }
    std::int64_t total() const { return n[0] + n[1] + n[2] + n[3]; }
    BySex& operator+=(const BySex& o) {
        for (int i = 0; i < kSexCount; ++i) n[i] += o.n[i];
        return *this;
    }
    friend BySex operator-(BySex a, const BySex& b) {
        for (int i = 0; i < kSexCount; ++i) a.n[i] -= b.n[i];
        return a;
    }
};

struct Scope {
    enum class Kind { subproject, region, programme } kind = Kind::subproject;
    std::string id;     // subproject id, region name, or "programme"
    std::string label;  // for tables
    std::vector<SubprojectIndex> subprojects;
    // Not 0: only the periods of this activity (Dataset::activities) of the
    // scope's one subproject count, and a person's assessments in that
    // subproject count when the person took part in the activity.
    std::uint16_t activity = 0;
};

// in_scope[s] != 0 for each subproject s of the scope: one lookup per record.
std::vector<char> scope_mask(const Scope& scope, std::size_t subproject_count);

struct ReportingPeriod {
    Date from;
    Date to;  // inclusive
};

// Age bands of metrics.md. "youth" bands are 15–19 and 20–24 (under 15 and 25+
// kept apart so rows add up); ESF+ bands are under 18, 18–29, 30–54, 55+.
enum class AgeBand : std::uint8_t { under_15, y15_19, y20_24, over_24 };
enum class EsfAgeBand : std::uint8_t { under_18, y18_29, y30_54, y55_plus };

struct ParticipantMetrics {
    BySex unique;            // distinct persons in scope
    BySex sum_of_subprojects;  // plain sum of each subproject's unique count
    // Persons counted in more than one subproject, by the set of subprojects
    // they appear in ("kumla + lindesberg" -> 2). Empty for a subproject scope.
    std::map<std::string, std::int64_t> overlaps;
    BySex new_participants;  // first start inside the period
    BySex active_at_end;     // a period containing the period's last day
    BySex exited;            // last period in scope ended on or before the period's end
    std::array<BySex, kStatusAtExitCount> status_at_exit{};  // of exited; a missing status counts as unknown
    BySex into_studies_or_work;
    BySex cr02;
    BySex cr04;
    std::array<BySex, 4> age_band{};      // AgeBand, age on first start in scope
    std::array<BySex, 4> esf_age_band{};  // EsfAgeBand
    BySex inside_target_ages;  // age on the first start in scope within that subproject's target range for its setting
    std::optional<std::int64_t> other_affected;  // sum over subprojects that report it; nullopt if none does
};

// Scopes of a configuration: each subproject, each region (in order of first
// appearance), and the programme.
std::vector<Scope> subproject_scopes(const ProjectConfig& config);
std::vector<Scope> region_scopes(const ProjectConfig& config);
Scope programme_scope(const ProjectConfig& config);
// The activities of subproject `s` as scopes of their own (none when its
// periods name no activity), in order of first appearance; labelled with the
// activity's name.
std::vector<Scope> activity_scopes(const Dataset& data, SubprojectIndex s);

// Indexes the dataset's periods by person once; every scope is then one pass.
class MetricsEngine {
public:
    explicit MetricsEngine(const Dataset& data);
    ParticipantMetrics participants(const Scope& scope, const ReportingPeriod& period) const;
    // The unique participants of every subproject and of the programme, as
    // participants() counts them (`unique` of each subproject scope; `unique`
    // and `sum_of_subprojects` of the programme scope), in one pass over the
    // persons instead of one per scope (what `esfreport validate` prints).
    struct UniqueParticipants {
        std::vector<BySex> per_subproject;  // in configuration order
        BySex programme;
        BySex sum_of_subprojects;
    };
    UniqueParticipants unique_participants(const ReportingPeriod& period) const;
    const Dataset& data() const { return data_; }

private:
    const Dataset& data_;
    ScopeRows by_person_;  // period indexes sorted by person, start, subproject
};

// Shares are rounded half-up to whole percent in tables (metrics.md).
int percent_half_up(std::int64_t count, std::int64_t denominator);

}  // namespace esfreport

namespace esfreport {

// "female", "male", "non_binary", "unknown" -> that sex; "total" -> nullopt
// with *is_total set. Returns false for anything else.
bool parse_sex_key(std::string_view key, std::optional<Sex>& sex);

}  // namespace esfreport
