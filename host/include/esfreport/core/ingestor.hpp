// Validates the records one plugin delivers for one subproject and folds them
// into the Dataset. Every row ends up accepted or rejected with its reason;
// nothing is kept per row beyond what the model needs.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/sdk/source.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace esfreport {

class Ingestor final : public sdk::RecordSink {
public:
    Ingestor(Dataset& dataset, const ProjectConfig& config, SubprojectIndex subproject, std::string plugin);

    void begin_input(sdk::RecordKind kind, std::string_view path) noexcept override;
    void record(std::uint64_t line, const sdk::Field* fields, std::size_t field_count) noexcept override;
    void reject(std::uint64_t line, std::uint32_t column, std::string_view column_name, std::string_view reason) noexcept override;
    void end_input() noexcept override;
    void aggregate(std::string_view key, std::int64_t value) noexcept override;
    void warning(std::string_view message) noexcept override;

    // Inputs begun by this ingestor, as indexes into Dataset::inputs.
    const std::vector<std::uint32_t>& inputs() const { return inputs_; }
    // A contract violation by the plugin (e.g. a record outside an input); the
    // run treats the plugin as failed.
    const std::string& protocol_error() const { return protocol_error_; }

private:
    struct Problem {
        std::size_t field;  // index into the schema, or SIZE_MAX for the whole row
        std::string reason;
    };
    void accept_period(std::uint64_t line, const sdk::Field* f);
    void accept_assessment(std::uint64_t line, const sdk::Field* f);
    void accept_attendance(std::uint64_t line, const sdk::Field* f);
    void accept_hours(std::uint64_t line, const sdk::Field* f);
    void accept_kaa(std::uint64_t line, const sdk::Field* f);
    void reject_row(std::uint64_t line, const sdk::Field* fields, const Problem& p);
    void check_overlaps();
    // A person of this subproject (with an accepted period), or a problem.
    PersonIndex enrolled_person(const sdk::Field& id_field);

    Dataset& data_;
    const ProjectConfig& config_;
    SubprojectIndex subproject_;
    std::string plugin_;
    bool in_input_ = false;
    sdk::RecordKind kind_ = sdk::RecordKind::participant_period;
    std::uint32_t input_ = 0;
    std::size_t periods_begin_ = 0;  // first period of the current input
    std::vector<std::uint32_t> inputs_;
    std::string protocol_error_;
    // This subproject's accepted periods per person, for the other record kinds.
    std::unordered_map<PersonIndex, std::vector<std::pair<Date, std::optional<Date>>>> enrolled_;
    std::unordered_map<std::string, std::uint16_t> scale_index_;
    std::string scratch_;
};

// Parses "7", "7.5" or "7,5" into millionths; nullopt when not a plain
// non-negative decimal with at most six decimals.
std::optional<std::int64_t> parse_micro_units(std::string_view text);

}  // namespace esfreport
