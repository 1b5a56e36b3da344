// The validated participant data of one run. Built by Ingestor from plugin
// records; read by metrics and exporters. Sized for national scale: one small
// struct per person and per participation period; hours are folded into
// person-month sums as they arrive, never kept per row.
#pragma once

#include <esfreport/core/config.hpp>
#include <esfreport/core/date.hpp>
#include <esfreport/core/identity.hpp>
#include <esfreport/core/sex.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <unordered_map>
#include <vector>

namespace esfreport {

using PersonIndex = std::uint32_t;
using SubprojectIndex = std::uint16_t;

enum class Setting : std::uint8_t { unspecified, in_school, outside_school };

enum class StatusAtExit : std::uint8_t {
    studies, work, studies_and_work, job_seeking, other_authority,
    other_measure, dropout, not_reached, other, unknown,
};
inline constexpr int kStatusAtExitCount = 10;

std::string_view to_string(Setting s);
std::string_view to_string(StatusAtExit s);  // the canonical English token
// Canonical token or Swedish label, case-insensitive; nullopt otherwise.
std::optional<Setting> parse_setting(std::string_view text);
std::optional<StatusAtExit> parse_status_at_exit(std::string_view text);

// Labels: the values of the fields sex, setting and exit_status, which a
// subproject may map from its own words ([subproject.values.<field>]).
// A label as it is matched: trimmed, lower case (ASCII and Latin-1 capitals).
std::string fold_label(std::string_view text);
// Whether the field (a canonical column name) takes labels.
bool takes_labels(std::string_view field);
// Whether `value` is one of the field's built-in labels (parse_sex,
// parse_setting, parse_status_at_exit).
bool is_builtin_label(std::string_view field, std::string_view value);
// The field's built-in labels for a message, Swedish and English:
// "i skola, in_school, utanför skola or outside_school".
std::string builtin_labels(std::string_view field);

bool is_studies_or_work(StatusAtExit s);  // studies, work, studies_and_work
bool counts_for_cr02(StatusAtExit s);     // studies, studies_and_work
bool counts_for_cr04(StatusAtExit s);     // work, studies_and_work

struct Person {
    std::string id;  // Identity::canonical
    IdentityKind kind = IdentityKind::personnummer;
    Date birth_date;
    Sex sex = Sex::unknown;
};

struct ParticipantPeriod {
    PersonIndex person = 0;
    SubprojectIndex subproject = 0;
    Date start;
    std::optional<Date> end;               // open while active
    std::optional<StatusAtExit> exit_status;  // given when the period has ended
    Setting setting = Setting::unspecified;
    // The activity (insats) within the subproject: an index into
    // Dataset::activities[subproject]; 0 when the period names none.
    std::uint16_t activity = 0;
    std::uint32_t input = 0;  // index into Dataset::inputs
    std::uint64_t line = 0;
    std::uint32_t contact = kNoContact;  // index into Dataset::contacts
    static constexpr std::uint32_t kNoContact = 0xffffffffu;
};

struct Contact {
    std::string email;
    std::string mobile;
};

struct Assessment {
    PersonIndex person = 0;
    SubprojectIndex subproject = 0;
    std::uint16_t scale = 0;  // index into ProjectConfig::scales
    std::uint16_t step = 0;   // index into the scale's steps
    Date date;
};

struct AttendancePeriod {
    PersonIndex person = 0;
    SubprojectIndex subproject = 0;
    Date start;
    Date end;
    double scheduled_hours = 0;
    double absent_hours = 0;
    std::optional<double> invalid_absent_hours;
};

// One row of a municipality's activity-responsibility register (KAA): a young
// person the municipality is responsible for, with their occupation and the
// measure offered. Not necessarily a participant of the project.
struct KaaRecord {
    PersonIndex person = 0;
    SubprojectIndex subproject = 0;
    std::string municipality;  // empty: the subproject stands for the municipality
    Date responsibility_start;
    std::optional<Date> responsibility_end;
    std::string occupation;  // past/current/planned occupation, as the register codes it
    std::string measure;     // the individual measure
    std::optional<Date> measure_start;
    std::optional<Date> measure_end;
    std::string address;
    std::string email;
    std::string phone;
};

// Participant time summed per subproject, person and month, in micro-hours so
// that decimal hours add up exactly before the month is rounded down.
struct PersonMonthKey {
    SubprojectIndex subproject;
    PersonIndex person;
    std::int32_t month;  // Date::month_index()
    friend bool operator==(const PersonMonthKey& a, const PersonMonthKey& b) {
        return a.subproject == b.subproject && a.person == b.person && a.month == b.month;
    }
    friend bool operator<(const PersonMonthKey& a, const PersonMonthKey& b) {
        if (a.subproject != b.subproject) return a.subproject < b.subproject;
        if (a.person != b.person) return a.person < b.person;
        return a.month < b.month;
    }
};

// "participants", "assessments", "attendance", "hours", "kaa" for sdk::RecordKind values.
std::string_view input_kind_name(std::uint32_t kind);

// One input a plugin read (a file or a table), with its accounting.
struct InputRecord {
    SubprojectIndex subproject = 0;
    std::string plugin;
    std::uint32_t kind = 0;  // sdk::RecordKind
    std::string path;
    std::string sha256;  // empty when the input is not a file
    // For an input that is not a file (a database table or query): SHA-256 of
    // the records as the plugin delivered them (see project_loader.cpp).
    std::string rows_sha256;
    std::uint64_t rows_read = 0;
    std::uint64_t rows_accepted = 0;
    std::uint64_t rows_rejected = 0;
    // The sheet, when the input is a sheet of a workbook (RecordSink::begin_sheet);
    // `path` is then "<workbook>!<sheet>". Empty for a file or a table.
    std::string sheet;
};

struct Rejection {
    SubprojectIndex subproject = 0;
    std::uint32_t input = 0;
    std::uint64_t line = 0;
    // The column's name and where it is: "start_date (3)" in a file,
    // "start_date (Deltagare!C17)" in a sheet; empty for the whole row.
    std::string column;
    std::string reason;  // never holds a whole personnummer
    // In a sheet, the rejected value's cell ("Deltagare!C17"); else empty.
    std::string cell;
    // A row rejected only because its person's participant row was: that
    // row's reason (table 6b counts the row under it). Empty otherwise.
    std::string cause;
};

// Persons taking part in two subprojects at the same time, per pair of
// subprojects (core/concurrent_participation.hpp).
struct ConcurrentParticipation {
    SubprojectIndex first = 0;  // first < second, in configuration order
    SubprojectIndex second = 0;
    std::uint64_t persons = 0;  // each person once per pair
};

// The micro-hours per person-month, sorted by key: 24 bytes an entry in one
// array, where a node-based hash map took about 56 and an allocation each
// (at a million persons, ten million person-months). The ingestor adds each
// subproject's sums once its input ends.
class PersonMonthHours {
public:
    using Entry = std::pair<PersonMonthKey, std::int64_t>;
    using const_iterator = std::vector<Entry>::const_iterator;

    // Adds the entries of `run` (in any order, a key any number of times).
    void add(std::vector<Entry> run);
    // The micro-hours of `key`; std::out_of_range when it has none.
    std::int64_t at(const PersonMonthKey& key) const;
    // The entry of `key`, inserted with 0 when it has none: one insertion
    // into the array, for datasets built by hand (tests); ingestion uses add().
    std::int64_t& operator[](const PersonMonthKey& key);
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }

private:
    std::vector<Entry> entries_;
};

// Persons by their identity's canonical text. An open-addressing table of
// 24-byte slots holding the text (up to 16 bytes; a longer one, a protected
// code, is kept apart) and the index: a lookup reads one slot, where
// std::unordered_map read a bucket, the node before and the node (at a million
// persons each a cache miss; two lookups per person and subproject), and the
// table takes less memory than the map's nodes. The interface is the part of
// std::unordered_map<std::string, PersonIndex> the code uses, with the text
// as a std::string_view; iteration order is unspecified, and an insertion
// invalidates iterators.
class PersonIdIndex {
    struct Slot {
        char text[16];  // the text up to 16 bytes; else the index into long_ids_
        std::uint32_t length = 0;
        PersonIndex index = kEmpty;
    };

public:
    // Named as std::pair's members, for code written for a map.
    struct Entry {
        std::string_view first;
        PersonIndex second;
    };
    class const_iterator {
    public:
        const_iterator(const PersonIdIndex* table, const Slot* at) : table_(table), at_(at) { skip_empty(); }
        Entry operator*() const { return {table_->text_of(*at_), at_->index}; }
        struct Arrow {
            Entry entry;
            const Entry* operator->() const { return &entry; }
        };
        Arrow operator->() const { return {**this}; }
        const_iterator& operator++() {
            ++at_;
            skip_empty();
            return *this;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.at_ == b.at_; }
        friend bool operator!=(const const_iterator& a, const const_iterator& b) { return a.at_ != b.at_; }

    private:
        void skip_empty() {
            const Slot* const end = table_->slots_.data() + table_->slots_.size();
            while (at_ != end && at_->index == kEmpty) ++at_;
        }
        const PersonIdIndex* table_;
        const Slot* at_;
    };
    using iterator = const_iterator;

    const_iterator begin() const { return {this, slots_.data()}; }
    const_iterator end() const { return {this, slots_.data() + slots_.size()}; }
    const_iterator find(std::string_view id) const;
    // Inserts id -> index unless the id is there; the entry, and whether it was inserted.
    std::pair<const_iterator, bool> try_emplace(std::string_view id, PersonIndex index);
    std::pair<const_iterator, bool> emplace(std::string_view id, PersonIndex index) { return try_emplace(id, index); }
    // The index of `id`, inserted as 0 when absent.
    PersonIndex& operator[](std::string_view id);
    // std::out_of_range when absent.
    PersonIndex at(std::string_view id) const;
    // Asks the processor to fetch the slot where `id` is looked up first: a
    // loop over many ids calls it a few ids ahead, so that the lookups, each
    // a cache miss in a table of a million persons, overlap instead of
    // waiting one after another.
    void prefetch(std::string_view id) const {
        if (!slots_.empty()) __builtin_prefetch(slots_.data() + (hash(id) & (slots_.size() - 1)));
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

private:
    static constexpr PersonIndex kEmpty = 0xffffffffu;  // no person has this index
    static constexpr std::size_t kInline = sizeof(Slot::text);
    static std::size_t hash(std::string_view id);
    std::string_view text_of(const Slot& slot) const;
    // The slot of `id`, or the empty slot where it would go.
    std::size_t slot_of(std::string_view id) const;
    Slot& insert(std::string_view id, PersonIndex index, bool& inserted);
    void grow();
    std::vector<Slot> slots_;  // a power of two in size, at most three quarters full
    std::vector<std::string> long_ids_;
    std::size_t size_ = 0;
};

struct Dataset {
    const ProjectConfig* config = nullptr;
    std::vector<Person> persons;
    PersonIdIndex person_by_id;
    std::vector<ParticipantPeriod> periods;
    std::vector<Contact> contacts;
    std::vector<Assessment> assessments;
    std::vector<AttendancePeriod> attendance;
    std::vector<KaaRecord> kaa;
    PersonMonthHours micro_hours;
    std::vector<std::optional<std::int64_t>> other_affected;  // per subproject
    std::vector<InputRecord> inputs;
    std::vector<Rejection> rejections;
    std::vector<std::string> warnings;
    std::vector<ConcurrentParticipation> concurrent;  // filled once every subproject is read
    // Per subproject, the activities its periods name: [0] is "" (no
    // activity), then each name as first written (trimmed, long digit runs
    // masked), in order of first appearance. Empty or {""} when it has none.
    std::vector<std::vector<std::string>> activities;
};

// Whether subproject `s` has periods with an activity (tables 1-3 then show
// its rows per activity).
bool has_activities(const Dataset& data, SubprojectIndex s);

// A rejection as `esfreport validate` lists it:
// "<input>:<line>, column <column>: <reason>" (no column: the row as a whole).
std::string rejection_text(const std::string& input_path, const Rejection& r);

}  // namespace esfreport
