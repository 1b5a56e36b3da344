// The interface between the host and a source plugin.
//
// A source plugin reads whatever a subproject keeps (CSV files, a workbook, a
// database) and hands the host one record at a time as text fields in the
// canonical layout of canonical-csv.md. The host parses and validates every
// field, so all sources get identical rules and identical error messages, and
// nothing is held per row: the host folds records into its aggregates as they
// stream in.
//
// Every call across the boundary is noexcept. Plugin authors derive from
// SourcePluginBase (plugin.hpp), which turns exceptions into a Status inside
// the plugin.
#pragma once

#include <esfreport/sdk/cells.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace esfreport::sdk {

enum class StatusCode : std::uint32_t {
    ok = 0,
    source_unreadable = 1,  // a file is missing, unreadable, or lacks a required column
    bad_option = 2,         // the subproject's plugin options are wrong
    plugin_error = 3,       // anything else that went wrong inside the plugin
    bad_column_mapping = 4, // a header the configuration maps a field to is not in the source
};

struct Status {
    StatusCode code = StatusCode::ok;
    std::string message;

    static Status ok() { return {}; }
    bool is_ok() const { return code == StatusCode::ok; }
};

// The kinds of record a source can deliver. Within one subproject the host
// expects participant periods first: the other kinds refer to them.
enum class RecordKind : std::uint32_t {
    participant_period = 0,
    assessment = 1,
    attendance = 2,
    hours = 3,
    kaa = 4,  // the municipality's activity-responsibility register (KAA); need not be participants
};

struct ColumnSpec {
    std::string_view name;
    bool required;
};

// Canonical columns per kind, in the order of the fields the plugin hands
// over (canonical-csv.md). Index into these with the *Field enums below.
inline constexpr ColumnSpec kPeriodColumns[] = {
    {"person_id", true}, {"sex", false},         {"start_date", true}, {"end_date", false},
    {"setting", false},  {"exit_status", false}, {"email", false},     {"mobile", false},
    {"activity", false},
};
enum PeriodField : std::size_t {
    period_person_id, period_sex, period_start_date, period_end_date,
    period_setting, period_exit_status, period_email, period_mobile, period_activity, period_field_count
};

inline constexpr ColumnSpec kAssessmentColumns[] = {
    {"person_id", true}, {"date", true}, {"scale", true}, {"value", true},
};
enum AssessmentField : std::size_t {
    assessment_person_id, assessment_date, assessment_scale, assessment_value, assessment_field_count
};

inline constexpr ColumnSpec kAttendanceColumns[] = {
    {"person_id", true},       {"period_start", true}, {"period_end", true},
    {"scheduled_hours", true}, {"absent_hours", true}, {"invalid_absent_hours", false},
};
enum AttendanceField : std::size_t {
    attendance_person_id, attendance_period_start, attendance_period_end,
    attendance_scheduled_hours, attendance_absent_hours, attendance_invalid_absent_hours,
    attendance_field_count
};

inline constexpr ColumnSpec kHoursColumns[] = {
    {"person_id", true}, {"date", true}, {"hours", true}, {"activity", false},
};
enum HoursField : std::size_t { hours_person_id, hours_date, hours_hours, hours_activity, hours_field_count };

inline constexpr ColumnSpec kKaaColumns[] = {
    {"person_id", true},    {"municipality", false},  {"responsibility_start", true}, {"responsibility_end", false},
    {"occupation", false},  {"measure", false},       {"measure_start", false},       {"measure_end", false},
    {"address", false},     {"email", false},         {"phone", false},
};
enum KaaField : std::size_t {
    kaa_person_id, kaa_municipality, kaa_responsibility_start, kaa_responsibility_end, kaa_occupation,
    kaa_measure, kaa_measure_start, kaa_measure_end, kaa_address, kaa_email, kaa_phone, kaa_field_count
};

struct Schema {
    const ColumnSpec* columns;
    std::size_t count;
    std::string_view default_file;  // file name in a canonical CSV folder
};

inline constexpr Schema schema_of(RecordKind kind) {
    switch (kind) {
    case RecordKind::participant_period: return {kPeriodColumns, period_field_count, "participants.csv"};
    case RecordKind::assessment: return {kAssessmentColumns, assessment_field_count, "assessments.csv"};
    case RecordKind::attendance: return {kAttendanceColumns, attendance_field_count, "attendance.csv"};
    case RecordKind::hours: return {kHoursColumns, hours_field_count, "hours.csv"};
    case RecordKind::kaa: return {kKaaColumns, kaa_field_count, "kaa.csv"};
    }
    return {nullptr, 0, {}};
}

// One field of a record. `column` is the 1-based column in the source (0 when
// the source has no such column); it goes into error messages.
struct Field {
    std::string_view text;
    std::uint32_t column = 0;
};

// Where a plugin sends what it reads. Implemented by the host.
class RecordSink {
public:
    // Starts one input (a file, a table). `path` is what the manifest lists and
    // what error messages name; when it is a readable file the host digests it.
    virtual void begin_input(RecordKind kind, std::string_view path) noexcept = 0;
    // Starts one sheet of a workbook as an input. The input is named
    // "<workbook>!<sheet>" (sheet_input_name(), cells.hpp) and the host digests
    // the workbook; `line` is the sheet's row and Field::column its column
    // (A = 1), so the host names a rejected value by its cell, as Excel does:
    // "Deltagare!C17". A sink that has no use for cells may keep this default.
    virtual void begin_sheet(RecordKind kind, std::string_view workbook, std::string_view sheet) noexcept {
        try {
            begin_input(kind, sheet_input_name(workbook, sheet));
        } catch (...) {
            begin_input(kind, workbook);  // no memory for the name: the workbook alone
        }
    }
    // One record of the current input; `fields` has schema_of(kind).count
    // entries in canonical order. `line` is the 1-based line (or row) where
    // the record starts.
    virtual void record(std::uint64_t line, const Field* fields, std::size_t field_count) noexcept = 0;
    // A row of the current input the plugin could not turn into a record
    // (e.g. wrong number of fields). Counted as read and rejected.
    virtual void reject(std::uint64_t line, std::uint32_t column, std::string_view column_name,
                        std::string_view reason) noexcept = 0;
    virtual void end_input() noexcept = 0;
    // An aggregate figure of the subproject that is not about persons, e.g.
    // "other_affected". The configuration's value, when given, wins.
    virtual void aggregate(std::string_view key, std::int64_t value) noexcept = 0;
    // Something the user should know that is not an error (an unknown column
    // ignored, a file read as Windows-1252). Never put a personnummer here.
    virtual void warning(std::string_view message) noexcept = 0;

protected:
    ~RecordSink() = default;
};

struct Option {
    std::string_view key;
    std::string_view value;
};

// One line of the subproject's [subproject.columns]: the canonical `field`
// (a column name of the schemas above) stands in the source under `header`
// (matched after normalize_header(), columns.hpp). `origin` says where the
// configuration says so ("<file>:<line>: 'subproject[id].columns.<field>'"),
// for the error when the source has no such column.
struct ColumnMapping {
    std::string_view field;
    std::string_view header;
    std::string_view origin;
};

struct SourceRequest {
    std::string_view subproject_id;
    // The subproject's `source`: a path made absolute by the host (relative
    // paths are relative to the configuration file), or a connection string.
    std::string_view source;
    const Option* options = nullptr;  // every option of the plugin's table, defaults filled in
    std::size_t option_count = 0;
    // The configured header of each mapped field (every kind's fields; none
    // when the configuration maps nothing). Plugins apply it with
    // HeaderMatcher (columns.hpp), which also knows the built-in aliases.
    const ColumnMapping* columns = nullptr;
    std::size_t column_count = 0;

    std::string_view option(std::string_view key, std::string_view fallback = {}) const noexcept {
        for (std::size_t i = 0; i < option_count; ++i)
            if (options[i].key == key) return options[i].value;
        return fallback;
    }
};

// What the host sees of a source plugin. Threads (esfreport --jobs N): the
// host never calls one instance from two threads at once, but it may call
// several instances of the same plugin at the same time, one per thread, each
// reading another subproject. A plugin therefore keeps its state in the
// instance, not in globals or function statics (docs/performance.md).
class SourcePlugin {
public:
    virtual ~SourcePlugin() = default;
    virtual Status read(const SourceRequest& request, RecordSink& sink) noexcept = 0;
};

}  // namespace esfreport::sdk
