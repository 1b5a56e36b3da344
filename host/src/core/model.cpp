#include <esfreport/core/model.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <stdexcept>

namespace esfreport {
namespace {

struct StatusName {
    StatusAtExit status;
    std::string_view token;
    std::string_view swedish;
};
constexpr StatusName kStatuses[] = {
    {StatusAtExit::studies, "studies", "studier"},
    {StatusAtExit::work, "work", "arbete"},
    {StatusAtExit::studies_and_work, "studies_and_work", "studier och arbete"},
    {StatusAtExit::job_seeking, "job_seeking", "arbetssökande"},
    {StatusAtExit::other_authority, "other_authority", "annan myndighet"},
    {StatusAtExit::other_measure, "other_measure", "annan insats"},
    {StatusAtExit::dropout, "dropout", "avbrott"},
    {StatusAtExit::not_reached, "not_reached", "ej nådd"},
    {StatusAtExit::other, "other", "övrigt"},
    {StatusAtExit::unknown, "unknown", "okänd"},
};

}  // namespace

// Lower-cases ASCII and the UTF-8 Latin-1 capitals (À..Þ but ×), trims spaces.
std::string fold_label(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            const unsigned char n = static_cast<unsigned char>(s[i + 1]);
            out += static_cast<char>(c);
            out += static_cast<char>((n >= 0x80 && n <= 0x9E && n != 0x97) ? n + 0x20 : n);
            ++i;
        } else {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    return out;
}

bool takes_labels(std::string_view field) { return field == "sex" || field == "setting" || field == "exit_status"; }

bool is_builtin_label(std::string_view field, std::string_view value) {
    if (field == "sex") return parse_sex(value).has_value();
    if (field == "setting") return parse_setting(value).has_value();
    if (field == "exit_status") return parse_status_at_exit(value).has_value();
    return false;
}

std::string builtin_labels(std::string_view field) {
    if (field == "sex") return "K, kvinna, F, female, M, man, male, X, icke-binär or non_binary";
    if (field == "setting") return "i skola, in_school, utanför skola or outside_school";
    if (field != "exit_status") return {};
    std::string out;
    for (std::size_t i = 0; i < std::size(kStatuses); ++i) {
        out += i == 0 ? "" : i + 1 == std::size(kStatuses) ? " or " : ", ";
        out += std::string(kStatuses[i].swedish) + ", " + std::string(kStatuses[i].token);
    }
    return out;
}

std::string_view to_string(Setting s) {
    switch (s) {
    case Setting::in_school: return "in_school";
    case Setting::outside_school: return "outside_school";
    case Setting::unspecified: break;
    }
    return "";
}

std::string_view to_string(StatusAtExit s) { return kStatuses[static_cast<int>(s)].token; }

std::optional<Setting> parse_setting(std::string_view text) {
    const std::string f = fold_label(text);
    if (f == "in_school" || f == "i skola") return Setting::in_school;
    if (f == "outside_school" || f == "utanför skola") return Setting::outside_school;
    return std::nullopt;
}

std::optional<StatusAtExit> parse_status_at_exit(std::string_view text) {
    const std::string f = fold_label(text);
    for (const StatusName& n : kStatuses)
        if (f == n.token || f == n.swedish) return n.status;
    return std::nullopt;
}

std::string_view input_kind_name(std::uint32_t kind) {
    static constexpr std::string_view kNames[] = {"participants", "assessments", "attendance", "hours", "kaa"};
    return kind < std::size(kNames) ? kNames[kind] : "unknown";
}

bool is_studies_or_work(StatusAtExit s) {
    return s == StatusAtExit::studies || s == StatusAtExit::work || s == StatusAtExit::studies_and_work;
}
bool counts_for_cr02(StatusAtExit s) { return s == StatusAtExit::studies || s == StatusAtExit::studies_and_work; }
bool counts_for_cr04(StatusAtExit s) { return s == StatusAtExit::work || s == StatusAtExit::studies_and_work; }

std::string rejection_text(const std::string& input_path, const Rejection& r) {
    return input_path + ":" + std::to_string(r.line) + (r.column.empty() ? "" : ", column " + r.column) + ": " + r.reason;
}

bool has_activities(const Dataset& data, SubprojectIndex s) {
    return s < data.activities.size() && data.activities[s].size() > 1;
}

void PersonMonthHours::add(std::vector<Entry> run) {
    if (run.empty()) return;
    const auto by_key = [](const Entry& a, const Entry& b) { return a.first < b.first; };
    if (!std::is_sorted(run.begin(), run.end(), by_key)) std::sort(run.begin(), run.end(), by_key);
    const bool after = entries_.empty() || entries_.back().first < run.front().first;
    const auto old_size = static_cast<std::ptrdiff_t>(entries_.size());
    entries_.insert(entries_.end(), run.begin(), run.end());
    // Runs come in key order (subproject after subproject): a merge only when not.
    if (!after) std::inplace_merge(entries_.begin(), entries_.begin() + old_size, entries_.end(), by_key);
    // One entry per key: equal keys summed (the entries before an appended
    // run are unique and all below it).
    auto out = entries_.begin() + (after ? old_size : 0);
    for (auto in = out; in != entries_.end(); ++in) {
        if (out != entries_.begin() && std::prev(out)->first == in->first)
            std::prev(out)->second += in->second;
        else
            *out++ = *in;
    }
    entries_.erase(out, entries_.end());
}

std::size_t PersonIdIndex::hash(std::string_view id) {
    // Eight bytes at a time, each step mixed (an identity is 12 bytes).
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ id.size();
    for (std::size_t i = 0; i < id.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, id.data() + i, std::min<std::size_t>(8, id.size() - i));
        h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
}

std::string_view PersonIdIndex::text_of(const Slot& slot) const {
    if (slot.length <= kInline) return std::string_view(slot.text, slot.length);
    std::size_t long_id = 0;
    std::memcpy(&long_id, slot.text, sizeof long_id);
    return long_ids_[long_id];
}

std::size_t PersonIdIndex::slot_of(std::string_view id) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash(id) & mask;
    for (;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.index == kEmpty) return i;
        if (slot.length != id.size()) continue;
        if (id.size() <= kInline ? std::memcmp(slot.text, id.data(), id.size()) == 0 : text_of(slot) == id) return i;
    }
}

void PersonIdIndex::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    for (const Slot& s : old)
        if (s.index != kEmpty) slots_[slot_of(text_of(s))] = s;
}

PersonIdIndex::const_iterator PersonIdIndex::find(std::string_view id) const {
    if (slots_.empty()) return end();
    const Slot* const slot = slots_.data() + slot_of(id);
    return slot->index == kEmpty ? end() : const_iterator(this, slot);
}

PersonIdIndex::Slot& PersonIdIndex::insert(std::string_view id, PersonIndex index, bool& inserted) {
    if (index == kEmpty) throw std::length_error("too many persons");
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    Slot& slot = slots_[slot_of(id)];
    inserted = slot.index == kEmpty;
    if (!inserted) return slot;
    if (id.size() <= kInline) {
        std::memcpy(slot.text, id.data(), id.size());
    } else {
        const std::size_t long_id = long_ids_.size();
        long_ids_.emplace_back(id);
        std::memcpy(slot.text, &long_id, sizeof long_id);
    }
    slot.length = static_cast<std::uint32_t>(id.size());
    slot.index = index;
    ++size_;
    return slot;
}

std::pair<PersonIdIndex::const_iterator, bool> PersonIdIndex::try_emplace(std::string_view id, PersonIndex index) {
    bool inserted = false;
    const Slot& slot = insert(id, index, inserted);
    return {const_iterator(this, &slot), inserted};
}

PersonIndex& PersonIdIndex::operator[](std::string_view id) {
    bool inserted = false;
    return insert(id, 0, inserted).index;
}

PersonIndex PersonIdIndex::at(std::string_view id) const {
    const auto it = find(id);
    if (it == end()) throw std::out_of_range("no person with this identity");
    return it->second;
}

std::int64_t& PersonMonthHours::operator[](const PersonMonthKey& key) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const Entry& e, const PersonMonthKey& k) { return e.first < k; });
    if (it == entries_.end() || !(it->first == key)) it = entries_.insert(it, Entry{key, 0});
    return it->second;
}

std::int64_t PersonMonthHours::at(const PersonMonthKey& key) const {
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                                     [](const Entry& e, const PersonMonthKey& k) { return e.first < k; });
    if (it == entries_.end() || !(it->first == key)) throw std::out_of_range("no hours for this person and month");
    return it->second;
}

}  // namespace esfreport
