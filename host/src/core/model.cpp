#include <esfreport/core/model.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>

namespace esfreport {
namespace {

// Lower-cases ASCII and the Swedish capitals Å Ä Ö (UTF-8), trims spaces.
std::string fold(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            const unsigned char n = static_cast<unsigned char>(s[i + 1]);
            out += static_cast<char>(c);
            out += static_cast<char>((n == 0x85 || n == 0x84 || n == 0x96) ? n + 0x20 : n);  // Å Ä Ö -> å ä ö
            ++i;
        } else {
            out += static_cast<char>(std::tolower(c));
        }
    }
    return out;
}

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
    const std::string f = fold(text);
    if (f == "in_school" || f == "i skola") return Setting::in_school;
    if (f == "outside_school" || f == "utanför skola") return Setting::outside_school;
    return std::nullopt;
}

std::optional<StatusAtExit> parse_status_at_exit(std::string_view text) {
    const std::string f = fold(text);
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

}  // namespace esfreport
