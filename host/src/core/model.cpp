#include <esfreport/core/model.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>

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

}  // namespace esfreport
