// Validates the records one plugin delivers for one subproject and folds them
// into the Dataset. Every row ends up accepted or rejected with its reason;
// nothing is kept per row beyond what the model needs.
//
// Checked for every row, before its meaning: the number of fields, no NUL
// byte in any field, every field within its length (core/limits.hpp). Then,
// across the rows of the subproject (docs/validation.md):
// - periods of one person in one activity must not overlap (sorted per
//   person: n log n); periods in different activities may;
// - an assessment of the same person, scale and date as an accepted one, an
//   attendance row of the same person and period, and an hours row of the
//   same person, date and activity are duplicates ("duplicate of line N");
// - a person's hours on one day add up to at most 24.
// Every text a plugin hands over for a message (warnings, its own rejection
// reasons, aggregate keys) is masked (core/privacy.hpp) before it is stored.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/sdk/source.hpp>

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace esfreport {

class Ingestor final : public sdk::RecordSink {
public:
    Ingestor(Dataset& dataset, const ProjectConfig& config, SubprojectIndex subproject, std::string plugin);

    void begin_input(sdk::RecordKind kind, std::string_view path) noexcept override;
    void begin_sheet(sdk::RecordKind kind, std::string_view workbook, std::string_view sheet) noexcept override;
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

    // A rejection made by the overlap check when a participants input ended:
    // those come in order of (person index, start, line) within one check.
    // A subproject read into a Dataset of its own has other person indexes
    // than the project's; the loader puts these back in the project's order
    // when it folds the subproject in (runtime/project_loader.cpp).
    struct OverlapRejection {
        std::size_t rejection = 0;  // index into Dataset::rejections
        PersonIndex person = 0;
        std::int32_t start = 0;  // Date::days()
        std::uint32_t check = 0;  // which end of input made it
    };
    const std::vector<OverlapRejection>& overlap_rejections() const { return overlap_rejections_; }

private:
    struct Problem {
        std::size_t field;  // index into the schema, or SIZE_MAX for the whole row
        std::string reason;
    };
    void accept_period(std::uint64_t line, const sdk::Field* f);
    void accept_assessment(std::uint64_t line, const sdk::Field* f);
    void accept_attendance(std::uint64_t line, const sdk::Field* f);
    // The problem with an hours row, or nullopt when it was accepted. A value,
    // not an exception: at national scale hundreds of thousands of hours rows
    // are duplicates, and a throw per row cost more than the row's checks.
    // (A row of a person without a period still throws, from enrolled_person.)
    std::optional<Problem> accept_hours(std::uint64_t line, const sdk::Field* f);
    void accept_kaa(std::uint64_t line, const sdk::Field* f);
    void reject_row(std::uint64_t line, const sdk::Field* fields, const Problem& p);
    // Names the column of a rejection: "<name> (3)" in a file; in a sheet its
    // cell, "<name> (Deltagare!C17)", also kept in Rejection::cell.
    void name_column(Rejection& r, std::string name, std::uint32_t column) const;
    // The label a period's field holds: the subproject's value map first
    // ([subproject.values.<field>]), else the text for the built-in labels.
    std::string_view label_of(std::size_t period_field, std::string_view text) const;
    // "unknown <what> '<text>' (expected ...)": the subproject's words, then
    // the built-in labels in Swedish and English.
    std::string unknown_label(std::size_t period_field, std::string_view what, std::string_view text) const;
    void check_overlaps();
    // A person of this subproject (with an accepted period), or a problem.
    struct EnrolledPerson;
    EnrolledPerson enrolled_person(const sdk::Field& id_field);
    static bool enrolled_on(const EnrolledPerson& person, Date date);

    // Where an accepted row came from, for "duplicate of line N".
    struct RowRef {
        std::uint32_t input = 0;
        std::uint64_t line = 0;
    };
    // "line 7", or "line 7 of <file>" when the row came from another input.
    std::string line_text(const RowRef& ref) const;
    // A row's identity for duplicate checks: two 64-bit halves.
    struct RowKey {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        friend bool operator==(const RowKey& a, const RowKey& b) { return a.high == b.high && a.low == b.low; }
    };
    struct RowKeyHash {
        std::size_t operator()(const RowKey& k) const noexcept;
        std::size_t operator()(std::uint64_t k) const noexcept { return (*this)(RowKey{k, 0}); }
    };
    // A row counted in a person's day, with its activity (activity_id()).
    struct DayRow {
        std::uint64_t line = 0;
        std::uint32_t input = 0;
        std::uint32_t activity = 0;
    };
    // A person's hours on one day: the sum and the first row counted, whose
    // activity is the duplicate check of the day's next row: one probe per
    // row for the common day of one row. A day's later rows are in
    // more_hours_rows_ (by activity), its second and third also in
    // listed_day_rows_ (for the message of a day over 24 hours). 32 bytes a
    // slot with the key: two to a cache line, where three rows inline took
    // one line each and twice the memory to fill as the table grows.
    struct DayHours {
        std::int32_t micro = 0;  // at most 24 hours
        std::uint32_t rows = 0;
        DayRow first;
    };
    // An open-addressing table from K (RowKey, or a 64-bit person and day)
    // to V for the per-row checks: one probe in a flat array instead of a
    // node allocated per row. The key of all one bits marks an empty slot (no
    // row key takes it: person indexes and day numbers are far below).
    template <class V, class K = RowKey>
    class FlatKeyMap {
    public:
        // The value of `key`, and whether it was inserted (default-constructed).
        std::pair<V*, bool> try_emplace(const K& key);
        V* find(const K& key);
        template <class F>
        void for_each(F f) const {
            for (const Slot& s : slots_)
                if (!(s.key == kEmpty)) f(s.key, s.value);
        }
        std::size_t size() const { return size_; }
        void clear() {
            slots_.clear();
            size_ = 0;
        }

    private:
        static K empty() {
            K key;
            std::memset(static_cast<void*>(&key), 0xff, sizeof key);  // both key types are trivially copyable
            return key;
        }
        inline static const K kEmpty = empty();
        struct Slot {
            K key = kEmpty;
            V value{};
        };
        void grow();
        std::vector<Slot> slots_;
        std::size_t size_ = 0;
    };
    // A person's accepted periods in this subproject (from inputs already
    // ended), for the overlap check of later inputs and the other record kinds.
    struct PersonPeriods {
        struct Span {
            std::uint16_t activity = 0;
            Date start;
            std::optional<Date> end;  // open
        };
        // By activity, then start: disjoint within an activity, so the one
        // starting last on or before a date is the only one of its activity
        // that can contain it.
        std::vector<Span> spans;
        // Their union by start, disjoint: the days the person takes part,
        // whatever the activity.
        std::vector<std::pair<Date, std::optional<Date>>> days;
    };
    // A person this subproject enrolled, found from the identity's text.
    struct EnrolledPerson {
        PersonIndex person = 0;
        const PersonPeriods* periods = nullptr;
        // Most persons take part in one unbroken span: kept here (Date::days(),
        // `last` INT32_MAX when open), an hours row is checked without reading
        // the person's periods, two cache misses at national scale.
        bool single_span = false;
        std::int32_t first = 0;
        std::int32_t last = 0;
    };
    // The activity a period's field names, as an index into
    // Dataset::activities[subproject]: names are matched folded (trimmed, lower case).
    std::uint16_t activity_index(std::string_view text);
    // The identity text of a row as a key, when it has at most 15 bytes.
    static std::optional<RowKey> text_key(std::string_view text);
    // Adds the hours summed per person-month to Dataset::micro_hours.
    void flush_month_hours();

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
    std::vector<OverlapRejection> overlap_rejections_;
    std::uint32_t overlap_checks_ = 0;
    // This subproject's accepted periods per person.
    std::unordered_map<PersonIndex, PersonPeriods> enrolled_;
    // Folded activity name -> index into Dataset::activities[subproject_].
    std::unordered_map<std::string, std::uint16_t> activity_by_name_;
    std::unordered_map<std::string, std::uint16_t> scale_index_;
    // Per label field (sex, setting, exit_status): the subproject's folded
    // word -> canonical value, and its words as configured, for messages.
    struct ValueMap {
        std::unordered_map<std::string, std::string_view> value_of;
        std::string words;
    };
    ValueMap value_maps_[3];
    // Accepted rows by what makes them duplicates.
    FlatKeyMap<RowRef> assessment_rows_;  // person and date, scale
    FlatKeyMap<RowRef> attendance_rows_;  // person and start, end
    // Per canonical identity, the first participant row of the person that
    // was rejected (its file:line and reason): named when a later row of the
    // person is rejected for want of a participation period.
    struct RejectedPeriod {
        std::string where;
        std::string reason;
    };
    std::unordered_map<std::string, RejectedPeriod> rejected_periods_;
    FlatKeyMap<DayHours, std::uint64_t> day_hours_;  // person and date (pack())
    FlatKeyMap<RowRef> more_hours_rows_;   // person and date, activity: a day's rows after its first
    FlatKeyMap<RowRef> listed_day_rows_;   // person and date, 1 or 2: a day's second and third rows
    // Activities of the hours rows by number, the empty one being 0: by the
    // text packed into a key (text_key) when it has at most 15 bytes, so that
    // a row makes no std::string; longer ones by their text.
    std::uint32_t activity_id(std::string_view text);
    FlatKeyMap<std::uint32_t> activity_by_key_;
    std::unordered_map<std::string, std::uint32_t> activity_by_text_;
    std::uint32_t activity_count_ = 0;
    // Hours per person and month of this subproject, added to the Dataset
    // when the input ends: one hash-map update per person-month, not per row.
    FlatKeyMap<std::int64_t> month_hours_;  // person, month index
    // Identity texts already found enrolled: an hours row of a known person
    // is not parsed again.
    FlatKeyMap<EnrolledPerson> enrolled_by_text_;
    // Per field of the current input's record kind: the longest value allowed.
    std::vector<std::size_t> max_lengths_;
};

// Parses "7", "7.5" or "7,5" into millionths; nullopt when not a plain
// non-negative decimal with at most six decimals.
std::optional<std::int64_t> parse_micro_units(std::string_view text);
// Millionths as a Swedish decimal without trailing zeros: "26", "7,5", "0,25".
std::string format_micro_units(std::int64_t micro);

}  // namespace esfreport
