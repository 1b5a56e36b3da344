#include <esfreport/core/ingestor.hpp>

#include <esfreport/core/limits.hpp>
#include <esfreport/core/privacy.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_set>

namespace esfreport {
namespace {

constexpr std::size_t kWholeRow = std::numeric_limits<std::size_t>::max();

// Thrown inside Ingestor to reject the current row; never leaves record().
struct RowProblem {
    std::size_t field;
    std::string reason;
};
// A row rejected only because its person's participant row was (`cause`: that row's reason).
struct CascadeProblem : RowProblem {
    std::string cause;
};

// A value quoted in a reason. Any value may be a personnummer in the wrong
// column (swapped columns are a common mistake), and reasons reach logs and
// the terminal: masked and cut (core/privacy.hpp).
std::string quoted(std::string_view s) { return quote_data_value(s); }

// How much of a plugin's own text (a warning, a rejection reason, a column
// name) is kept: enough to explain, never a whole file.
constexpr std::size_t kMaxPluginText = 500;

// The longest value a column may hold, by its canonical name (the SDK's
// schemas). Identity and contact fields have their own bounds; free text
// that may reach a cell has Excel's; everything else is a short token, date,
// number or name.
std::size_t max_length(std::string_view column) {
    if (column == "person_id") return kMaxIdentityLength;
    if (column == "email") return kMaxEmailLength;
    if (column == "mobile" || column == "phone") return kMaxPhoneLength;
    if (column == "occupation" || column == "measure" || column == "address") return kMaxCellText;
    return kMaxNameLength;
}

// Most fields are a few bytes: a plain loop, where memchr's call and set-up
// cost more than the search (40 million fields at national scale).
bool has_nul(std::string_view text) {
    if (text.size() > 64) return std::memchr(text.data(), '\0', text.size()) != nullptr;
    for (const char c : text)
        if (c == '\0') return true;
    return false;
}

std::uint64_t pack(std::uint32_t high, std::int32_t low) {
    return (std::uint64_t(high) << 32) | std::uint32_t(low);
}

// The date in field i, or nullopt with `problem` set.
// `month_index`, when given, receives the date's Date::month_index().
std::optional<Date> date_or_problem(const sdk::Field* f, std::size_t i, const char* what, RowProblem& problem,
                                    int* month_index = nullptr) {
    if (f[i].text.empty()) {
        problem = {i, std::string(what) + " is missing"};
        return std::nullopt;
    }
    int month = 0;
    if (auto d = Date::parse(f[i].text, month)) {
        if (month_index) *month_index = month;
        return d;
    }
    problem = {i, "not a date: " + quoted(f[i].text) + " (expected YYYY-MM-DD)"};
    return std::nullopt;
}

Date parse_date(const sdk::Field* f, std::size_t i, const char* what) {
    RowProblem problem{};
    if (auto d = date_or_problem(f, i, what, problem)) return *d;
    throw problem;
}

std::optional<Date> parse_optional_date(const sdk::Field* f, std::size_t i) {
    if (f[i].text.empty()) return std::nullopt;
    if (auto d = Date::parse(f[i].text)) return d;
    throw RowProblem{i, "not a date: " + quoted(f[i].text) + " (expected YYYY-MM-DD)"};
}

double parse_hours(const sdk::Field* f, std::size_t i, const char* what) {
    if (f[i].text.empty()) throw RowProblem{i, std::string(what) + " is missing"};
    auto v = parse_micro_units(f[i].text);
    if (!v) throw RowProblem{i, "not a number of hours: " + quoted(f[i].text) + " (expected e.g. 7 or 7,5)"};
    return static_cast<double>(*v) / 1e6;
}

// The identity in `field` of a record, or the row is rejected with its reason.
Identity identity_of(const sdk::Field* f, std::size_t field, const ProjectConfig& config) {
    if (f[field].text.empty()) throw RowProblem{field, "person_id is missing"};
    auto parsed = parse_identity(f[field].text, config.period_end, config.protected_identity);
    if (auto* err = std::get_if<IdentityError>(&parsed)) throw RowProblem{field, err->reason};
    return std::move(std::get<Identity>(parsed));
}

std::string_view sex_word(Sex s) {
    switch (s) {
    case Sex::female: return "female";
    case Sex::male: return "male";
    case Sex::non_binary: return "non-binary";
    case Sex::unknown: break;
    }
    return "unknown";
}

// The slot in Ingestor::value_maps_ of a period field that takes labels.
int label_slot(std::size_t period_field) {
    switch (period_field) {
    case sdk::period_sex: return 0;
    case sdk::period_setting: return 1;
    case sdk::period_exit_status: return 2;
    default: return -1;
    }
}

}  // namespace

std::string format_micro_units(std::int64_t micro) {
    std::string s = std::to_string(micro / 1'000'000);
    std::int64_t frac = micro % 1'000'000;
    if (frac == 0) return s;
    std::string digits = std::to_string(frac);
    digits.insert(0, 6 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    return s + "," + digits;
}

std::optional<std::int64_t> parse_micro_units(std::string_view t) {
    std::int64_t whole = 0;
    std::size_t i = 0;
    bool any = false;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
        if (whole > 1'000'000'000) return std::nullopt;
        whole = whole * 10 + (t[i] - '0');
        any = true;
    }
    std::int64_t frac = 0;
    int decimals = 0;
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
        ++i;
        for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
            if (++decimals > 6) return std::nullopt;
            frac = frac * 10 + (t[i] - '0');
            any = true;
        }
    }
    if (!any || i != t.size()) return std::nullopt;
    while (decimals++ < 6) frac *= 10;
    return whole * 1'000'000 + frac;
}

Ingestor::Ingestor(Dataset& dataset, const ProjectConfig& config, SubprojectIndex subproject, std::string plugin)
    : data_(dataset), config_(config), subproject_(subproject), plugin_(std::move(plugin)) {
    const SubprojectConfig& sp = config_.subprojects.at(subproject_);
    const std::unordered_set<std::string_view> used(sp.scales.begin(), sp.scales.end());
    for (std::size_t i = 0; i < config_.scales.size(); ++i) {
        const std::string& id = config_.scales[i].id;
        if (used.empty() || used.count(id)) scale_index_.emplace(id, static_cast<std::uint16_t>(i));
    }
    if (data_.other_affected.size() < config_.subprojects.size()) data_.other_affected.resize(config_.subprojects.size());
    if (data_.activities.size() < config_.subprojects.size()) data_.activities.resize(config_.subprojects.size());
    std::vector<std::string>& activities = data_.activities[subproject_];
    if (activities.empty()) activities.emplace_back();
    for (std::size_t i = 1; i < activities.size(); ++i) activity_by_name_.emplace(fold_label(activities[i]), static_cast<std::uint16_t>(i));
    for (const ValueMappingConfig& v : sp.values) {
        int slot = -1;
        for (std::size_t k = 0; k < sdk::period_field_count; ++k)
            if (sdk::kPeriodColumns[k].name == v.field) slot = label_slot(k);
        if (slot < 0) continue;  // the configuration loader allows only label fields
        ValueMap& map = value_maps_[slot];
        map.value_of.emplace(fold_label(v.word), v.value);
        map.words += (map.words.empty() ? "'" : ", '") + v.word + "'";
    }
}

std::string_view Ingestor::label_of(std::size_t period_field, std::string_view text) const {
    const int slot = label_slot(period_field);
    if (slot < 0 || value_maps_[slot].value_of.empty()) return text;
    const auto it = value_maps_[slot].value_of.find(fold_label(text));
    return it == value_maps_[slot].value_of.end() ? text : it->second;
}

std::string Ingestor::unknown_label(std::size_t period_field, std::string_view what, std::string_view text) const {
    const int slot = label_slot(period_field);
    const std::string builtin = builtin_labels(sdk::kPeriodColumns[period_field].name);
    const std::string& words = slot < 0 ? std::string() : value_maps_[slot].words;
    return "unknown " + std::string(what) + " " + quoted(text) + " (expected " +
           (words.empty() ? builtin : "this subproject's " + words + ", or " + builtin) + ")";
}

void Ingestor::begin_input(sdk::RecordKind kind, std::string_view path) noexcept {
    try {
        if (in_input_) end_input();
        in_input_ = true;
        kind_ = kind;
        InputRecord in;
        in.subproject = subproject_;
        in.plugin = plugin_;
        in.kind = static_cast<std::uint32_t>(kind);
        in.path = std::string(path);
        input_ = static_cast<std::uint32_t>(data_.inputs.size());
        data_.inputs.push_back(std::move(in));
        inputs_.push_back(input_);
        periods_begin_ = data_.periods.size();
        const sdk::Schema schema = sdk::schema_of(kind);
        max_lengths_.clear();
        for (std::size_t i = 0; i < schema.count; ++i) max_lengths_.push_back(max_length(schema.columns[i].name));
    } catch (const std::exception& e) {
        protocol_error_ = e.what();
    }
}

void Ingestor::begin_sheet(sdk::RecordKind kind, std::string_view workbook, std::string_view sheet) noexcept {
    try {
        begin_input(kind, sdk::sheet_input_name(workbook, sheet));
        if (in_input_) data_.inputs[input_].sheet = std::string(sheet);
    } catch (const std::exception& e) {
        protocol_error_ = e.what();
    }
}

void Ingestor::name_column(Rejection& r, std::string name, std::uint32_t column) const {
    r.column = std::move(name);
    if (column == 0) return;
    const std::string& sheet = data_.inputs[input_].sheet;
    std::string position;
    if (sheet.empty()) {
        position = std::to_string(column);
    } else {
        r.cell = sdk::sheet_cell_reference(sheet, column, r.line);
        position = r.cell;
    }
    r.column += (r.column.empty() ? "(" : " (") + position + ")";
}

void Ingestor::record(std::uint64_t line, const sdk::Field* fields, std::size_t field_count) noexcept {
    if (!in_input_) {
        protocol_error_ = "delivered a record outside any input";
        return;
    }
    InputRecord& in = data_.inputs[input_];
    ++in.rows_read;
    const sdk::Schema schema = sdk::schema_of(kind_);
    try {
        if (field_count != schema.count) {
            reject_row(line, fields, {kWholeRow, "the plugin delivered " + std::to_string(field_count) + " fields, expected " +
                                                     std::to_string(schema.count)});
            return;
        }
        // Before any field is parsed: a NUL would cut the value wherever it
        // becomes a C string, and no length reaches a parser unbounded.
        for (std::size_t i = 0; i < field_count; ++i) {
            if (has_nul(fields[i].text)) {
                reject_row(line, fields, {i, "contains a NUL byte"});
                return;
            }
            if (fields[i].text.size() <= max_lengths_[i]) continue;  // bytes bound characters: no count needed
            if (auto e = length_error(fields[i].text, max_lengths_[i])) {
                reject_row(line, fields, {i, *e});
                return;
            }
        }
        switch (kind_) {
        case sdk::RecordKind::participant_period: accept_period(line, fields); break;
        case sdk::RecordKind::assessment: accept_assessment(line, fields); break;
        case sdk::RecordKind::attendance: accept_attendance(line, fields); break;
        case sdk::RecordKind::hours:
            if (std::optional<Problem> problem = accept_hours(line, fields)) {
                reject_row(line, fields, *problem);
                return;
            }
            break;
        case sdk::RecordKind::kaa: accept_kaa(line, fields); break;
        }
        ++data_.inputs[input_].rows_accepted;
    } catch (const CascadeProblem& p) {
        reject_row(line, fields, {p.field, p.reason});
        data_.rejections.back().cause = p.cause;
    } catch (const RowProblem& p) {
        reject_row(line, fields, {p.field, p.reason});
    } catch (const std::exception& e) {
        reject_row(line, fields, {kWholeRow, std::string("could not be stored: ") + e.what()});
    }
}

void Ingestor::reject_row(std::uint64_t line, const sdk::Field* fields, const Problem& p) {
    Rejection r;
    r.subproject = subproject_;
    r.input = input_;
    r.line = line;
    if (p.field != kWholeRow) {
        const sdk::Schema schema = sdk::schema_of(kind_);
        name_column(r, std::string(schema.columns[p.field].name), fields ? fields[p.field].column : 0);
    }
    r.reason = p.reason;
    if (kind_ == sdk::RecordKind::participant_period && fields) {
        auto id = parse_identity(fields[sdk::period_person_id].text, config_.period_end, config_.protected_identity);
        if (auto* person = std::get_if<Identity>(&id))
            rejected_periods_.try_emplace(person->canonical, RejectedPeriod{data_.inputs[input_].path + ":" + std::to_string(line), r.reason});
    }
    data_.rejections.push_back(std::move(r));
    ++data_.inputs[input_].rows_rejected;
}

void Ingestor::reject(std::uint64_t line, std::uint32_t column, std::string_view column_name, std::string_view reason) noexcept {
    if (!in_input_) {
        protocol_error_ = "rejected a row outside any input";
        return;
    }
    try {
        ++data_.inputs[input_].rows_read;
        Rejection r;
        r.subproject = subproject_;
        r.input = input_;
        r.line = line;
        // A plugin may name a column by its header cell and quote a value.
        name_column(r, shown_text(column_name, kMaxNameLength), column);
        r.reason = shown_text(reason, kMaxPluginText, config_.subprojects[subproject_].source);
        data_.rejections.push_back(std::move(r));
        ++data_.inputs[input_].rows_rejected;
    } catch (const std::exception& e) {
        protocol_error_ = e.what();
    }
}

void Ingestor::end_input() noexcept {
    if (!in_input_) return;
    try {
        if (kind_ == sdk::RecordKind::participant_period) check_overlaps();
        flush_month_hours();
    } catch (const std::exception& e) {
        protocol_error_ = e.what();
    }
    in_input_ = false;
}

void Ingestor::aggregate(std::string_view key, std::int64_t value) noexcept {
    try {
        if (key == "other_affected") {
            if (value < 0) {
                warning("other_affected from the source is negative and was ignored");
                return;
            }
            data_.other_affected[subproject_] = value;
        } else {
            warning("unknown aggregate " + quoted(key) + " ignored");
        }
    } catch (...) {
    }
}

void Ingestor::warning(std::string_view message) noexcept {
    try {
        // Warnings quote header cells and values: masked like every message.
        const SubprojectConfig& sp = config_.subprojects[subproject_];
        data_.warnings.push_back(sp.id + ": " + shown_text(message, kMaxPluginText, sp.source));
    } catch (...) {
    }
}

void Ingestor::accept_period(std::uint64_t line, const sdk::Field* f) {
    using namespace sdk;
    const Identity id = identity_of(f, period_person_id, config_);

    Sex sex = id.sex;
    if (!f[period_sex].text.empty()) {
        auto given = parse_sex(label_of(period_sex, f[period_sex].text));
        if (!given) throw RowProblem{period_sex, unknown_label(period_sex, "sex", f[period_sex].text)};
        // Non-binary is self-reported (ESF+) and may differ from legal sex; K/M must agree with the number.
        if (*given != Sex::non_binary && id.sex != Sex::unknown && *given != id.sex)
            throw RowProblem{period_sex, "sex " + quoted(f[period_sex].text) + " contradicts the identity number (" +
                                             std::string(sex_word(id.sex)) + ")"};
        sex = *given;
    }

    ParticipantPeriod p;
    p.subproject = subproject_;
    p.input = input_;
    p.line = line;
    p.start = parse_date(f, period_start_date, "start_date");
    p.end = parse_optional_date(f, period_end_date);
    if (p.end && *p.end < p.start)
        throw RowProblem{period_end_date, "end date " + p.end->iso() + " is before start date " + p.start.iso()};
    if (!f[period_setting].text.empty()) {
        auto s = parse_setting(label_of(period_setting, f[period_setting].text));
        if (!s) throw RowProblem{period_setting, unknown_label(period_setting, "setting", f[period_setting].text)};
        p.setting = *s;
    }
    if (!f[period_exit_status].text.empty()) {
        auto s = parse_status_at_exit(label_of(period_exit_status, f[period_exit_status].text));
        if (!s) throw RowProblem{period_exit_status, unknown_label(period_exit_status, "exit status", f[period_exit_status].text)};
        if (!p.end) throw RowProblem{period_exit_status, "an exit status is given but no end date"};
        p.exit_status = *s;
    }

    if (!f[period_activity].text.empty()) p.activity = activity_index(f[period_activity].text);

    auto [it, inserted] = data_.person_by_id.try_emplace(id.canonical, static_cast<PersonIndex>(data_.persons.size()));
    if (inserted) {
        data_.persons.push_back({id.canonical, id.kind, id.birth_date, sex});
    } else {
        Person& person = data_.persons[it->second];
        if (person.sex != sex) {
            throw RowProblem{f[period_sex].text.empty() ? kWholeRow : std::size_t(period_sex),
                             "sex " + std::string(sex_word(sex)) + " differs from an earlier row of the same person (" +
                                 std::string(sex_word(person.sex)) + ")"};
        }
    }
    p.person = it->second;
    if (!f[period_email].text.empty() || !f[period_mobile].text.empty()) {
        p.contact = static_cast<std::uint32_t>(data_.contacts.size());
        data_.contacts.push_back({std::string(f[period_email].text), std::string(f[period_mobile].text)});
    }
    data_.periods.push_back(p);
}

std::uint16_t Ingestor::activity_index(std::string_view text) {
    std::string key = fold_label(text);
    if (key.empty()) return 0;  // only spaces: no activity
    if (const auto known = activity_by_name_.find(key); known != activity_by_name_.end()) return known->second;
    std::vector<std::string>& names = data_.activities[subproject_];
    if (names.size() > 0xfffe) throw RowProblem{sdk::period_activity, "too many activities in one subproject (at most 65,534)"};
    // Shown in the report's rows: trimmed, and masked like any text from the
    // data, since an activity may be named after a person by mistake.
    std::string_view name = text;
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    names.push_back(mask_digit_runs(name));
    const auto index = static_cast<std::uint16_t>(names.size() - 1);
    activity_by_name_.emplace(std::move(key), index);
    return index;
}

// Periods of one person in one activity of one subproject must not overlap
// (in two activities at once is allowed: a group and individual support). Of
// two that do, the one starting later (or, on the same day, on the later line)
// is rejected. Sorted by person, activity and start, the kept periods of a
// person's activity are disjoint and in order, so only the last one kept can
// reach into the next: one sort and one pass, n log n.
void Ingestor::check_overlaps() {
    auto first = data_.periods.begin() + static_cast<std::ptrdiff_t>(periods_begin_);
    const auto by_person_start_line = [](const ParticipantPeriod& a, const ParticipantPeriod& b) {
        if (a.person != b.person) return a.person < b.person;
        if (a.start != b.start) return a.start < b.start;
        return a.line < b.line;
    };
    std::sort(first, data_.periods.end(), [](const ParticipantPeriod& a, const ParticipantPeriod& b) {
        if (a.person != b.person) return a.person < b.person;
        if (a.activity != b.activity) return a.activity < b.activity;
        if (a.start != b.start) return a.start < b.start;
        return a.line < b.line;
    });
    std::vector<ParticipantPeriod> kept;
    kept.reserve(static_cast<std::size_t>(data_.periods.end() - first));
    struct Clash {
        ParticipantPeriod period;
        std::string reason;
    };
    std::vector<Clash> clashes;
    const std::vector<std::string>& names = data_.activities[subproject_];
    for (auto it = first; it != data_.periods.end(); ++it) {
        const ParticipantPeriod* clash = nullptr;
        if (!kept.empty() && kept.back().person == it->person && kept.back().activity == it->activity &&
            (!kept.back().end || *kept.back().end >= it->start))
            clash = &kept.back();
        // Periods of this subproject accepted from earlier inputs take part too:
        // of the person's activity, the one starting last on or before this
        // period's end is the only one that can reach into it.
        const PersonPeriods::Span* prior_clash = nullptr;
        if (!clash) {
            if (const auto prior = enrolled_.find(it->person); prior != enrolled_.end()) {
                const auto& spans = prior->second.spans;
                const auto of_activity = std::equal_range(spans.begin(), spans.end(), PersonPeriods::Span{it->activity, {}, {}},
                                                          [](const PersonPeriods::Span& a, const PersonPeriods::Span& b) { return a.activity < b.activity; });
                auto next = it->end ? std::upper_bound(of_activity.first, of_activity.second, *it->end,
                                                       [](Date d, const PersonPeriods::Span& s) { return d < s.start; })
                                    : of_activity.second;
                if (next != of_activity.first) {
                    const PersonPeriods::Span& candidate = *std::prev(next);
                    if (!candidate.end || *candidate.end >= it->start) prior_clash = &candidate;
                }
            }
        }
        if (clash || prior_clash) {
            const std::string same = it->activity ? "same person in activity " + quote_data_value(names[it->activity]) : std::string("same person");
            clashes.push_back({*it, clash ? "overlaps the period of the " + same + " on line " + std::to_string(clash->line) + " (" +
                                                clash->start.iso() + " – " + (clash->end ? clash->end->iso() : std::string("open")) + ")"
                                          : "overlaps a period of the " + same + " in an earlier input (from " + prior_clash->start.iso() + ")"});
            continue;
        }
        kept.push_back(*it);
    }
    // Rejections and periods in (person, start, line) order, whatever the
    // activities: the order a subproject read on its own is folded back in
    // (runtime/project_loader.cpp).
    std::stable_sort(clashes.begin(), clashes.end(), [&](const Clash& a, const Clash& b) { return by_person_start_line(a.period, b.period); });
    for (Clash& c : clashes) {
        Rejection r;
        r.subproject = subproject_;
        r.input = c.period.input;
        r.line = c.period.line;
        r.column = "start_date";
        r.reason = std::move(c.reason);
        overlap_rejections_.push_back({data_.rejections.size(), c.period.person, c.period.start.days(), overlap_checks_});
        data_.rejections.push_back(std::move(r));
        --data_.inputs[c.period.input].rows_accepted;
        ++data_.inputs[c.period.input].rows_rejected;
    }
    ++overlap_checks_;
    std::sort(kept.begin(), kept.end(), by_person_start_line);
    data_.periods.erase(first, data_.periods.end());
    for (std::size_t i = 0; i < kept.size();) {
        std::size_t j = i;
        PersonPeriods& person = enrolled_[kept[i].person];
        for (; j < kept.size() && kept[j].person == kept[i].person; ++j)
            person.spans.push_back({kept[j].activity, kept[j].start, kept[j].end});
        std::sort(person.spans.begin(), person.spans.end(), [](const PersonPeriods::Span& a, const PersonPeriods::Span& b) {
            return a.activity != b.activity ? a.activity < b.activity : a.start < b.start;
        });
        // The union, rebuilt from every span of the person (a few, as a rule).
        std::vector<std::pair<Date, std::optional<Date>>> days;
        for (const PersonPeriods::Span& span : person.spans) days.emplace_back(span.start, span.end);
        std::sort(days.begin(), days.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        person.days.clear();
        for (const auto& [start, end] : days) {
            auto& last = person.days;
            if (!last.empty() && (!last.back().second || start.days() <= last.back().second->days() + 1)) {
                if (last.back().second && (!end || *end > *last.back().second)) last.back().second = end;
            } else {
                last.emplace_back(start, end);
            }
        }
        for (; i < j; ++i) data_.periods.push_back(kept[i]);
    }
    // The persons found by their text hold copies of their spans: found again after new periods.
    enrolled_by_text_.clear();
}

Ingestor::EnrolledPerson Ingestor::enrolled_person(const sdk::Field& id_field) {
    // The same text always parses to the same identity, and a person once
    // enrolled stays enrolled: the text alone finds a person seen before.
    const std::optional<RowKey> key = text_key(id_field.text);
    if (key)
        if (const EnrolledPerson* known = enrolled_by_text_.find(*key)) return *known;
    const Identity id = identity_of(&id_field, 0, config_);
    auto it = data_.person_by_id.find(id.canonical);
    const auto enrolled = it == data_.person_by_id.end() ? enrolled_.end() : enrolled_.find(it->second);
    if (enrolled == enrolled_.end()) {
        const std::string no_period = "no participation period in subproject '" + config_.subprojects[subproject_].id + "'";
        const auto cause = rejected_periods_.find(id.canonical);
        if (cause == rejected_periods_.end()) throw RowProblem{0, "the person has " + no_period};
        throw CascadeProblem{{0, "the person's participant row " + cause->second.where + " was rejected (" + cause->second.reason +
                                     "), so the person has " + no_period},
                             cause->second.reason};
    }
    // unordered_map nodes stay where they are: the pointer outlives rehashing.
    EnrolledPerson found{it->second, &enrolled->second};
    if (const auto& days = enrolled->second.days; days.size() == 1) {
        found.single_span = true;
        found.first = days.front().first.days();
        found.last = days.front().second ? days.front().second->days() : std::numeric_limits<std::int32_t>::max();
    }
    if (key) *enrolled_by_text_.try_emplace(*key).first = found;
    return found;
}

bool Ingestor::enrolled_on(const EnrolledPerson& person, Date date) {
    if (person.single_span) return date.days() >= person.first && date.days() <= person.last;
    const auto& days = person.periods->days;
    auto next = std::upper_bound(days.begin(), days.end(), date, [](Date d, const auto& span) { return d < span.first; });
    if (next == days.begin()) return false;
    const auto& end = std::prev(next)->second;
    return !end || date <= *end;
}

std::string Ingestor::line_text(const RowRef& ref) const {
    std::string s = "line " + std::to_string(ref.line);
    if (ref.input != input_) s += " of " + data_.inputs[ref.input].path;
    return s;
}

std::size_t Ingestor::RowKeyHash::operator()(const RowKey& k) const noexcept {
    std::uint64_t h = k.high * 0x9E3779B97F4A7C15ULL ^ k.low;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return static_cast<std::size_t>(h);
}

template <class V, class K>
void Ingestor::FlatKeyMap<V, K>::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (Slot& s : old) {
        if (s.key == kEmpty) continue;
        std::size_t i = RowKeyHash{}(s.key) & mask;
        while (!(slots_[i].key == kEmpty)) i = (i + 1) & mask;
        slots_[i] = std::move(s);
    }
}

template <class V, class K>
std::pair<V*, bool> Ingestor::FlatKeyMap<V, K>::try_emplace(const K& key) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();  // at most three quarters full
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = RowKeyHash{}(key) & mask;
    while (!(slots_[i].key == kEmpty)) {
        if (slots_[i].key == key) return {&slots_[i].value, false};
        i = (i + 1) & mask;
    }
    slots_[i].key = key;
    ++size_;
    return {&slots_[i].value, true};
}

template <class V, class K>
V* Ingestor::FlatKeyMap<V, K>::find(const K& key) {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = RowKeyHash{}(key) & mask; !(slots_[i].key == kEmpty); i = (i + 1) & mask)
        if (slots_[i].key == key) return &slots_[i].value;
    return nullptr;
}

std::optional<Ingestor::RowKey> Ingestor::text_key(std::string_view text) {
    if (text.size() > 15) return std::nullopt;
    char bytes[16] = {};
    std::memcpy(bytes, text.data(), text.size());
    bytes[15] = static_cast<char>(text.size());  // "1" and "1\0" differ
    RowKey key;
    std::memcpy(&key.high, bytes, 8);
    std::memcpy(&key.low, bytes + 8, 8);
    return key;
}

void Ingestor::flush_month_hours() {
    std::vector<PersonMonthHours::Entry> run;
    run.reserve(month_hours_.size());
    month_hours_.for_each([&](const RowKey& key, std::int64_t micro) {
        run.push_back({{subproject_, static_cast<PersonIndex>(key.high), static_cast<std::int32_t>(key.low)}, micro});
    });
    month_hours_.clear();
    // Put in key order here (one subproject: person, then month), so that
    // add() need not sort.
    const auto by_month = [](const PersonMonthHours::Entry& a, const PersonMonthHours::Entry& b) { return a.first.month < b.first.month; };
    const std::size_t persons = data_.persons.size();
    if (persons <= 4 * run.size() + 4096) {
        // Person indexes are dense (a subproject read into a Dataset of its
        // own counts from 0): a counting sort by person, then each person's
        // few months in order; no comparison sort of the whole run.
        std::vector<std::uint32_t> first(persons + 1, 0);
        for (const auto& e : run) ++first[e.first.person + 1];
        for (std::size_t p = 1; p <= persons; ++p) first[p] += first[p - 1];
        std::vector<PersonMonthHours::Entry> sorted(run.size());
        std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
        for (const auto& e : run) sorted[next[e.first.person]++] = e;
        for (std::size_t p = 0; p < persons; ++p)
            if (first[p + 1] - first[p] > 1) std::sort(sorted.begin() + first[p], sorted.begin() + first[p + 1], by_month);
        run = std::move(sorted);
    } else {
        // Compared as one 64-bit number.
        const auto packed = [](const PersonMonthHours::Entry& e) {
            return (std::uint64_t(e.first.person) << 32) | (std::uint32_t(e.first.month) ^ 0x80000000u);
        };
        std::sort(run.begin(), run.end(), [&](const auto& a, const auto& b) { return packed(a) < packed(b); });
    }
    data_.micro_hours.add(std::move(run));
}

void Ingestor::accept_assessment(std::uint64_t line, const sdk::Field* f) {
    using namespace sdk;
    Assessment a;
    a.subproject = subproject_;
    a.person = enrolled_person(f[assessment_person_id]).person;
    a.date = parse_date(f, assessment_date, "date");
    auto s = scale_index_.find(std::string(f[assessment_scale].text));
    if (s == scale_index_.end()) {
        std::string list;
        for (std::size_t i = 0; i < config_.scales.size(); ++i)
            if (scale_index_.count(config_.scales[i].id)) list += (list.empty() ? "" : ", ") + config_.scales[i].id;
        throw RowProblem{assessment_scale, "unknown scale " + quoted(f[assessment_scale].text) +
                                               (list.empty() ? " (no scale is configured for this subproject)" : " (expected " + list + ")")};
    }
    a.scale = s->second;
    const ScaleConfig& scale = config_.scales[a.scale];
    const auto step = std::find(scale.steps.begin(), scale.steps.end(), f[assessment_value].text);
    if (step == scale.steps.end())
        throw RowProblem{assessment_value, "value " + quoted(f[assessment_value].text) + " is not a step of scale '" + scale.id +
                                               "' (" + scale.steps.front() + " … " + scale.steps.back() + ")"};
    a.step = static_cast<std::uint16_t>(step - scale.steps.begin());
    // Two assessments of one person on one scale and day cannot both be true.
    const auto [earlier, inserted] = assessment_rows_.try_emplace(RowKey{pack(a.person, a.date.days()), a.scale});
    if (!inserted) throw RowProblem{kWholeRow, "duplicate of " + line_text(*earlier) + " (same person, scale and date)"};
    *earlier = RowRef{input_, line};
    data_.assessments.push_back(a);
}

void Ingestor::accept_attendance(std::uint64_t line, const sdk::Field* f) {
    using namespace sdk;
    AttendancePeriod a;
    a.subproject = subproject_;
    a.person = enrolled_person(f[attendance_person_id]).person;
    a.start = parse_date(f, attendance_period_start, "period_start");
    a.end = parse_date(f, attendance_period_end, "period_end");
    if (a.end < a.start)
        throw RowProblem{attendance_period_end, "period end " + a.end.iso() + " is before period start " + a.start.iso()};
    a.scheduled_hours = parse_hours(f, attendance_scheduled_hours, "scheduled_hours");
    a.absent_hours = parse_hours(f, attendance_absent_hours, "absent_hours");
    if (a.scheduled_hours <= 0) throw RowProblem{attendance_scheduled_hours, "scheduled hours must be more than 0"};
    if (a.absent_hours > a.scheduled_hours)
        throw RowProblem{attendance_absent_hours, "absent hours exceed scheduled hours"};
    if (!f[attendance_invalid_absent_hours].text.empty()) {
        a.invalid_absent_hours = parse_hours(f, attendance_invalid_absent_hours, "invalid_absent_hours");
        if (*a.invalid_absent_hours > a.absent_hours)
            throw RowProblem{attendance_invalid_absent_hours, "invalid absent hours exceed absent hours"};
    }
    // The same period of the same person twice would count its hours twice.
    const auto [earlier, inserted] = attendance_rows_.try_emplace(RowKey{pack(a.person, a.start.days()), std::uint32_t(a.end.days())});
    if (!inserted) throw RowProblem{kWholeRow, "duplicate of " + line_text(*earlier) + " (same person and period)"};
    *earlier = RowRef{input_, line};
    data_.attendance.push_back(a);
}

std::uint32_t Ingestor::activity_id(std::string_view text) {
    if (text.empty()) return 0;
    if (const std::optional<RowKey> key = text_key(text)) {
        const auto [id, inserted] = activity_by_key_.try_emplace(*key);
        if (inserted) *id = ++activity_count_;
        return *id;
    }
    const auto [it, inserted] = activity_by_text_.try_emplace(std::string(text), activity_count_ + 1);
    if (inserted) ++activity_count_;
    return it->second;
}

std::optional<Ingestor::Problem> Ingestor::accept_hours(std::uint64_t line, const sdk::Field* f) {
    using namespace sdk;
    const EnrolledPerson enrolled = enrolled_person(f[hours_person_id]);
    const PersonIndex person = enrolled.person;
    RowProblem bad_date{};
    int month = 0;
    const std::optional<Date> parsed_date = date_or_problem(f, hours_date, "date", bad_date, &month);
    if (!parsed_date) return Problem{bad_date.field, std::move(bad_date.reason)};
    const Date date = *parsed_date;
    if (f[hours_hours].text.empty()) return Problem{hours_hours, "hours is missing"};
    auto micro = parse_micro_units(f[hours_hours].text);
    if (!micro) return Problem{hours_hours, "not a number of hours: " + quoted(f[hours_hours].text) + " (expected e.g. 3 or 2,5)"};
    if (*micro > 24'000'000) return Problem{hours_hours, "more than 24 hours in one day"};
    if (!enrolled_on(enrolled, date)) return Problem{hours_date, "date " + date.iso() + " is outside the person's participation periods"};

    // Identical in person, date and activity: the same time reported twice.
    // Rows of one day with different activities are parts of that day.
    const std::uint64_t person_day = pack(person, date.days());
    const std::uint32_t activity = activity_id(f[hours_activity].text);
    DayHours& day = *day_hours_.try_emplace(person_day).first;
    if (day.rows > 0) {
        if (day.first.activity == activity)
            return Problem{kWholeRow, "duplicate of " + line_text({day.first.input, day.first.line}) + " (same person, date and activity)"};
        if (day.rows > 1)
            if (const RowRef* earlier = more_hours_rows_.find(RowKey{person_day, activity}))
                return Problem{kWholeRow, "duplicate of " + line_text(*earlier) + " (same person, date and activity)"};
    }

    // A day has 24 hours, whatever the number of rows it is reported in.
    if (day.micro + *micro > 24'000'000) {
        const std::uint32_t listed = std::min<std::uint32_t>(day.rows, 3);
        std::string counted = line_text({day.first.input, day.first.line});
        for (std::uint32_t k = 1; k < listed; ++k)
            if (const RowRef* row = listed_day_rows_.find(RowKey{person_day, k})) counted += ", " + line_text(*row);
        if (day.rows > listed) counted += " and " + std::to_string(day.rows - listed) + " more";
        return Problem{hours_hours, "takes the person's hours on " + date.iso() + " to " + format_micro_units(day.micro + *micro) +
                                        " (at most 24 a day; already counted: " + counted + ")"};
    }
    if (day.rows == 0) {
        day.first = DayRow{line, input_, activity};
    } else {
        *more_hours_rows_.try_emplace(RowKey{person_day, activity}).first = RowRef{input_, line};
        if (day.rows < 3) *listed_day_rows_.try_emplace(RowKey{person_day, day.rows}).first = RowRef{input_, line};
    }
    ++day.rows;
    day.micro = static_cast<std::int32_t>(day.micro + *micro);
    *month_hours_.try_emplace(RowKey{person, static_cast<std::uint64_t>(month)}).first += *micro;
    return std::nullopt;
}

// A register row: the identity must be valid, but the young person need not
// take part in the project (the municipality reports everyone it is
// responsible for), so no participation period is required.
void Ingestor::accept_kaa(std::uint64_t, const sdk::Field* f) {
    using namespace sdk;
    const Identity id = identity_of(f, kaa_person_id, config_);

    KaaRecord k;
    k.subproject = subproject_;
    k.responsibility_start = parse_date(f, kaa_responsibility_start, "responsibility_start");
    k.responsibility_end = parse_optional_date(f, kaa_responsibility_end);
    if (k.responsibility_end && *k.responsibility_end < k.responsibility_start)
        throw RowProblem{kaa_responsibility_end, "responsibility end " + k.responsibility_end->iso() +
                                                     " is before responsibility start " + k.responsibility_start.iso()};
    k.measure_start = parse_optional_date(f, kaa_measure_start);
    k.measure_end = parse_optional_date(f, kaa_measure_end);
    if (k.measure_end && !k.measure_start) throw RowProblem{kaa_measure_end, "a measure end is given but no measure start"};
    if (k.measure_end && *k.measure_end < *k.measure_start)
        throw RowProblem{kaa_measure_end, "measure end " + k.measure_end->iso() + " is before measure start " + k.measure_start->iso()};
    k.municipality = std::string(f[kaa_municipality].text);
    k.occupation = std::string(f[kaa_occupation].text);
    k.measure = std::string(f[kaa_measure].text);
    k.address = std::string(f[kaa_address].text);
    k.email = std::string(f[kaa_email].text);
    k.phone = std::string(f[kaa_phone].text);

    auto [it, inserted] = data_.person_by_id.try_emplace(id.canonical, static_cast<PersonIndex>(data_.persons.size()));
    if (inserted) data_.persons.push_back({id.canonical, id.kind, id.birth_date, id.sex});
    k.person = it->second;
    data_.kaa.push_back(std::move(k));
}

}  // namespace esfreport
