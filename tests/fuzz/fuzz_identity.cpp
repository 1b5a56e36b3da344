// Fuzz target "identity": parse_identity() and the formats and mask of what it
// accepts.
//
// Input: byte 0 chooses the protected-identity rules (none; the default rule;
// the default and a permissive rule as a project might configure), bytes 1-2
// the reference date (a signed number of days from 2024-07-01, so about
// 1934-2114), the rest is the text.
// What is accepted must be well formed, must read back the same from each of
// its formats, and its mask must not show the number.
#include "fuzz_support.hpp"

#include <esfreport/core/identity.hpp>
#include <esfreport/core/privacy.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace esfreport;

const std::vector<ProtectedIdentityRule>& rules_for(std::uint8_t choice) {
    static const std::vector<ProtectedIdentityRule> none;
    static const std::vector<ProtectedIdentityRule> defaults = default_protected_identity_rules();
    static const std::vector<ProtectedIdentityRule> permissive = [] {
        std::vector<ProtectedIdentityRule> r = default_protected_identity_rules();
        r.push_back({R"(^\d{8}[A-Z][a-z]\d{2}$)", Sex::unknown});
        return r;
    }();
    switch (choice % 3) {
    case 0: return none;
    case 1: return defaults;
    default: return permissive;
    }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const Identity* as_identity(const std::variant<Identity, IdentityError>& r) { return std::get_if<Identity>(&r); }

bool same(const Identity& a, const Identity& b) {
    return a.canonical == b.canonical && a.kind == b.kind && a.birth_date == b.birth_date && a.sex == b.sex;
}

// The twelve characters of a number (not a protected code) as documented.
void check_number(const Identity& id) {
    const std::string& c = id.canonical;
    FUZZ_CHECK(c.size() == 12, "canonical of " + std::to_string(c.size()) + " characters");
    for (std::size_t i = 0; i < 12; ++i)
        FUZZ_CHECK(is_digit(c[i]) || (i == 8 && id.kind == IdentityKind::interim && c[i] >= 'A' && c[i] <= 'Z'),
                   "character " + std::to_string(i) + " of the canonical form");
    FUZZ_CHECK(c.compare(8, 3, "000") != 0, "serial number 000");
    FUZZ_CHECK(luhn_check_digit(std::string_view(c).substr(2, 9)) == c[11] - '0', "check digit");
    const int year = std::stoi(c.substr(0, 4));
    const int month = std::stoi(c.substr(4, 2));
    int day = std::stoi(c.substr(6, 2));
    // An interim number may carry either day; the others say which by their kind.
    FUZZ_CHECK(id.kind == IdentityKind::interim || (day > 60) == (id.kind == IdentityKind::samordningsnummer),
               "day + 60 and kind disagree");
    if (day > 60) day -= 60;
    const auto birth = Date::from_ymd(year, month, day);
    FUZZ_CHECK(birth && *birth == id.birth_date, "birth date " + id.birth_date.iso());
    FUZZ_CHECK(id.sex == ((c[10] - '0') % 2 == 1 ? Sex::male : Sex::female), "sex from the serial number");
}

void check_reads_back(const Identity& id, const std::string& text, Date reference,
                      const std::vector<ProtectedIdentityRule>& rules, const char* format) {
    // An interim number's letter could match a permissive rule; it is a number
    // in its own right, so read it back without rules.
    const auto again = parse_identity(text, reference, id.kind == IdentityKind::protected_code ? rules
                                                                                                : std::vector<ProtectedIdentityRule>{});
    const Identity* back = as_identity(again);
    FUZZ_CHECK(back && same(*back, id), std::string(format) + " does not read back as the same identity");
}

void check_mask(const Identity& id, const std::string& shown) {
    const std::string masked = mask_digit_runs(shown);
    FUZZ_CHECK(masked != shown, "mask_digit_runs left the text as it was");
    if (id.kind != IdentityKind::protected_code)
        FUZZ_CHECK(masked.find(id.canonical.substr(2)) == std::string::npos, "the mask shows the whole number");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const std::vector<ProtectedIdentityRule>& rules = rules_for(data[0]);
    const auto offset = static_cast<std::int16_t>(static_cast<std::uint16_t>(data[1] | (data[2] << 8)));
    const Date reference = Date::from_days(Date::from_ymd(2024, 7, 1)->days() + offset);
    const std::string_view text = fuzz::as_text(data + 3, size - 3);

    (void)mask_digit_runs(text);
    const auto result = parse_identity(text, reference, rules);
    const Identity* id = as_identity(result);
    if (!id) {
        FUZZ_CHECK(!std::get<IdentityError>(result).reason.empty(), "an error without a reason");
        return 0;
    }
    if (id->kind == IdentityKind::protected_code) {
        FUZZ_CHECK(!rules.empty(), "a protected code without rules");
        FUZZ_CHECK(format_long(*id) == id->canonical && format_separated_long(*id) == id->canonical &&
                       format_separated_short(*id, reference) == id->canonical,
                   "a protected code is written as it is");
    } else {
        check_number(*id);
        check_reads_back(*id, format_long(*id), reference, rules, "format_long");
        check_reads_back(*id, format_separated_long(*id), reference, rules, "format_separated_long");
        // The short form carries the century only as '-' or '+': it reads back
        // for a person born by the reference date and younger than 200.
        if (id->birth_date <= reference && age_in_years(id->birth_date, reference) < 200)
            check_reads_back(*id, format_separated_short(*id, reference), reference, rules, "format_separated_short");
        check_mask(*id, format_separated_long(*id));
    }
    check_mask(*id, format_long(*id));
    return 0;
}
