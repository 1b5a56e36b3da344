// What a project configuration says, independent of its file format
// (runtime/config_loader reads it from TOML).
#pragma once

#include <esfreport/core/date.hpp>
#include <esfreport/core/identity.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace esfreport {

// A target age range as written in the final report ("16–19"); absent = "—".
struct AgeRange {
    int from = 0;
    int to = 0;
    std::string text;  // as configured, for display
};

struct PluginOption {
    std::string key;
    std::string value;
};

// [subproject.columns]: the canonical `field` stands under `header` in the
// source. `origin` names the configuration's file, line and key, for errors
// found when the source is read.
struct ColumnMappingConfig {
    std::string field;
    std::string header;
    std::string origin;
};

// [subproject.values.<field>]: the source's `word` means the canonical `value`
// (one of the field's built-in labels). `word` is kept as written; it is
// matched after fold_label() (core/model.hpp).
struct ValueMappingConfig {
    std::string field;  // sex, setting or exit_status
    std::string word;
    std::string value;
};

struct SubprojectConfig {
    std::string id;
    std::string name;
    std::string region;
    std::string plugin;
    std::string source;  // absolute path, or the connection string as given
    std::optional<std::int64_t> other_affected;
    std::optional<AgeRange> target_ages_in_school;
    std::optional<AgeRange> target_ages_outside_school;
    std::vector<PluginOption> options;
    std::vector<std::string> scales;  // ids of the scales this subproject uses (empty = all)
    std::vector<ColumnMappingConfig> columns;
    std::vector<ValueMappingConfig> values;
};

enum class ScaleKind : std::uint8_t { ordinal, categorical };

struct ScaleConfig {
    std::string id;
    std::string label;
    ScaleKind kind = ScaleKind::ordinal;
    std::vector<std::string> steps;        // values as written in the data ("1", "A", "fully")
    std::vector<std::string> step_labels;  // same length as steps, or empty
    bool higher_is_better = true;
};

struct ProjectConfig {
    std::filesystem::path file;  // the configuration file, absolute
    std::string sha256;          // of the configuration file's bytes
    std::string name;
    // The project's registration number at the ESF Council (ärendenummer,
    // e.g. "2016/00234"); empty when not configured. Every report and SCB
    // workbook carries it so a file can be matched to its project's case.
    std::string registration_number;
    Date period_start;
    Date period_end;
    std::vector<SubprojectConfig> subprojects;
    std::vector<ScaleConfig> scales;
    std::vector<ProtectedIdentityRule> protected_identity;
    std::map<int, double> unit_cost;                       // year -> SEK per hour
    bool unit_cost_is_example = false;                     // marked as example values
    std::vector<double> absence_thresholds{0.15, 0.20, 0.50};
    int disclosure_k = 3;
    // How long one plugin may take to read one subproject; 0: no limit.
    unsigned plugin_timeout_seconds = 3600;
    // The economist's per-participant time workbooks (one per subproject).
    // Off for national-scale runs where nobody signs attendance certificates.
    bool participant_time_sheets = true;
    // The key of the evaluators' pseudonyms (absolute; default "pseudonym.key"
    // beside the configuration). Only the path: the key itself is read by
    // runtime/pseudonym_key_file when an output needs it.
    std::filesystem::path pseudonym_key_file;
};

}  // namespace esfreport
