#include <esfreport/core/identity.hpp>

#include <esfreport/core/limits.hpp>

#include <cstddef>
#include <cstdio>
// GCC 12 with -fsanitize and optimisation reports a false -Wmaybe-uninitialized
// inside libstdc++'s <regex> (std::function in the NFA states).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <stdexcept>
#include <utility>

namespace esfreport {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
constexpr char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c; }

// The letters Skatteverket uses in the first serial position of interim numbers.
constexpr bool is_interim_letter(char c) {
    switch (c) {
        case 'T': case 'R': case 'S': case 'U': case 'W': case 'X':
        case 'J': case 'K': case 'L': case 'M': case 'N':
            return true;
        default:
            return false;
    }
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

int two_digits(const char* p) { return (p[0] - '0') * 10 + (p[1] - '0'); }
int four_digits(const char* p) { return two_digits(p) * 100 + two_digits(p + 2); }

// Luhn over nine characters that are digits or interim letters (counted as 1).
int luhn(const char* p) {
    int sum = 0;
    for (int i = 0; i < 9; ++i) {
        int v = is_digit(p[i]) ? p[i] - '0' : 1;
        if (i % 2 == 0) {
            v *= 2;
            if (v > 9) v -= 9;
        }
        sum += v;
    }
    return (10 - sum % 10) % 10;
}

IdentityError error(const char* reason) { return IdentityError{reason}; }

IdentityError month_error(const char* two_chars) {
    return IdentityError{std::string("not a real date: month ") + two_chars[0] + two_chars[1]};
}

IdentityError date_error(int year, int month, int day, const char* suffix = "") {
    char buf[96];
    std::snprintf(buf, sizeof buf, "not a real date: %04d-%02d-%02d%s", year, month, day, suffix);
    return IdentityError{buf};
}

// Compiled patterns, per thread: std::regex is not safe to share between threads
// during matching in every implementation, and compiling costs far more than a
// match. Configurations hold a handful of rules, so a short list suffices.
//
// Bounded recursion: compiling recurses on the pattern, so a pattern longer
// than kMaxPatternLength is refused; matching recurses on the text in
// libstdc++'s default (backtracking) executor, so parse_identity refuses text
// longer than kMaxIdentityLength before any rule is tried. With libstdc++ the
// breadth-first executor is asked for as well (when the pattern has no
// back-reference): its time is linear in the text and its recursion depth
// bounded by the pattern, so even a pattern like (a|a)*b cannot hang a run.
//
// Counts: libstdc++ reads a repeat count ({n,m}) or a back-reference number
// into a long without checking for overflow (undefined behaviour, found by
// fuzzing), so counts of more than three digits and back-references of more
// than two are refused before the pattern reaches it.
std::optional<std::string> pattern_count_error(std::string_view pattern) {
    auto digits_at = [&](std::size_t i) {
        std::size_t n = 0;
        while (i + n < pattern.size() && is_digit(pattern[i + n])) ++n;
        return n;
    };
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
            if (digits_at(i + 1) > 2) return std::string("a back-reference number above 99");
            ++i;  // the escaped character is a literal, even '{'
        } else if (pattern[i] == '{') {
            for (std::size_t j = i + 1; j < pattern.size() && (is_digit(pattern[j]) || pattern[j] == ',');) {
                const std::size_t n = digits_at(j);
                if (n > 3) return std::string("a repeat count above 999");
                j += n == 0 ? 1 : n;
            }
        }
    }
    return std::nullopt;
}

const std::regex& compiled_pattern(const std::string& pattern) {
    thread_local std::vector<std::pair<std::string, std::regex>> cache;
    for (const auto& entry : cache)
        if (entry.first == pattern) return entry.second;
    if (pattern.size() > kMaxPatternLength)
        throw std::regex_error(std::regex_constants::error_complexity);
    if (pattern_count_error(pattern)) throw std::regex_error(std::regex_constants::error_badbrace);
    if (cache.size() >= 64) cache.clear();
    auto flags = std::regex::ECMAScript;
#if defined(__GLIBCXX__)
    flags |= std::regex_constants::__polynomial;
#endif
    std::regex re(pattern, flags);  // throws std::regex_error
    cache.emplace_back(pattern, std::move(re));
    return cache.back().second;
}

// The first matching rule, as an Identity or an error; nullopt when none matches.
std::optional<std::variant<Identity, IdentityError>> match_protected(
    std::string_view text, const std::vector<ProtectedIdentityRule>& rules) {
    for (const auto& rule : rules) {
        const std::regex* re = nullptr;
        try {
            re = &compiled_pattern(rule.pattern);
        } catch (const std::regex_error&) {
            return std::variant<Identity, IdentityError>(
                IdentityError{"protected-identity rule '" + rule.pattern + "' is not a valid regular expression"});
        }
        if (!std::regex_match(text.begin(), text.end(), *re)) continue;

        if (text.size() < 8) return std::variant<Identity, IdentityError>(error(
            "protected-identity code does not start with a birth date YYYYMMDD"));
        for (std::size_t i = 0; i < 8; ++i)
            if (!is_digit(text[i]))
                return std::variant<Identity, IdentityError>(
                    error("protected-identity code does not start with a birth date YYYYMMDD"));
        const int year = four_digits(text.data());
        const int month = two_digits(text.data() + 4);
        const int day = two_digits(text.data() + 6);
        if (year < 1) return std::variant<Identity, IdentityError>(error("not a real date: year 0000"));
        if (month < 1 || month > 12) return std::variant<Identity, IdentityError>(month_error(text.data() + 4));
        const auto birth = Date::from_ymd(year, month, day);
        if (!birth) return std::variant<Identity, IdentityError>(date_error(year, month, day));

        Identity id;
        id.canonical.assign(text.data(), text.size());
        id.kind = IdentityKind::protected_code;
        id.birth_date = *birth;
        id.sex = rule.sex;
        return std::variant<Identity, IdentityError>(std::move(id));
    }
    return std::nullopt;
}

}  // namespace

std::vector<ProtectedIdentityRule> default_protected_identity_rules() {
    // SCB's ESF instructions: ÅÅÅÅMMDDTf29 for women. No code for men is published.
    return {ProtectedIdentityRule{R"(^\d{8}Tf29$)", Sex::female}};
}

std::optional<std::string> protected_identity_rule_error(const ProtectedIdentityRule& rule) {
    if (auto e = length_error(rule.pattern, kMaxPatternLength)) return "pattern " + *e;
    if (auto e = pattern_count_error(rule.pattern))
        return "pattern '" + rule.pattern + "' is not accepted: it has " + *e;
    try {
        compiled_pattern(rule.pattern);
    } catch (const std::regex_error& e) {
        return "pattern '" + rule.pattern + "' is not a valid regular expression (" + e.what() + ")";
    }
    return std::nullopt;
}

int luhn_check_digit(std::string_view nine_chars) {
    if (nine_chars.size() != 9) throw std::invalid_argument("luhn_check_digit needs exactly nine characters");
    return luhn(nine_chars.data());
}

std::variant<Identity, IdentityError> parse_identity(std::string_view text, Date reference,
                                                     const std::vector<ProtectedIdentityRule>& rules) {
    const std::string_view t = trim_spaces(text);
    if (t.empty()) return error("empty");
    // Before anything else looks at the text, above all a regular expression.
    if (auto e = length_error(t, kMaxIdentityLength)) return IdentityError{*e};
    const std::size_t n = t.size();

    // One pass to classify: digits, separators ('-', '+') and anything else.
    std::size_t separators = 0, separator_pos = 0, others = 0, other_pos = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = t[i];
        if (is_digit(c)) continue;
        if (c == '-' || c == '+') {
            ++separators;
            separator_pos = i;
        } else {
            ++others;
            other_pos = i;
        }
    }

    bool interim = false;
    if (others > 0) {
        if (!rules.empty())
            if (auto protected_id = match_protected(t, rules)) return std::move(*protected_id);
        // An interim number: one letter, first in the four-character serial part.
        if (others == 1 && separators <= 1 && other_pos + 4 == n && is_ascii_letter(t[other_pos])) {
            const char letter = to_upper(t[other_pos]);
            if (!is_interim_letter(letter))
                return IdentityError{std::string("letter ") + letter +
                                     " is not an interim letter (T R S U W X J K L M N)"};
            interim = true;
        } else {
            return error("contains characters other than digits and one separator");
        }
    }
    if (separators > 1) return error("contains characters other than digits and one separator");
    const std::size_t length = n - separators;
    if (length != 10 && length != 12) return error("expected 10 or 12 digits");
    if (separators == 1 && separator_pos != n - 5) return error("separator must come before the last four digits");
    const char separator = separators == 1 ? t[separator_pos] : '\0';

    // body = YYYYMMDDNNNC; a ten-digit number fills from position 2, century later.
    char body[12];
    {
        std::size_t out = 12 - length;
        for (std::size_t i = 0; i < n; ++i)
            if (separators == 0 || i != separator_pos) body[out++] = t[i];
        if (interim) body[8] = to_upper(body[8]);
    }

    const int month = two_digits(body + 4);
    if (month < 1 || month > 12) return month_error(body + 4);
    const int day_field = two_digits(body + 6);
    const bool coordination = day_field > 60;  // samordningsnummer: day + 60
    const int day = coordination ? day_field - 60 : day_field;
    if (day < 1 || day > 31) return IdentityError{std::string("not a real date: day ") + body[6] + body[7]};

    int year;
    if (length == 12) {
        year = four_digits(body);
        if (year < 1) return error("not a real date: year 0000");
    } else {
        // The latest year ending in YY whose date is not after the reference:
        // younger than 100; '+' means 100 or older, one century earlier.
        const int ref_year = reference.year();
        const int yy = two_digits(body + 2);
        year = ref_year - ((ref_year % 100 - yy + 100) % 100);
        if (year == ref_year) {
            const int ref_month = reference.month();
            if (month > ref_month || (month == ref_month && day > reference.day())) year -= 100;
        }
        if (separator == '+') year -= 100;
        if (year < 1) return error("not a real date: year before 0001");
        body[0] = static_cast<char>('0' + year / 1000);
        body[1] = static_cast<char>('0' + year / 100 % 10);
    }
    if (day > days_in_month(year, month))
        return date_error(year, month, day, coordination ? " (samordningsnummer, day + 60)" : "");

    // Birth numbers run 001-999; 000 is never assigned.
    if (body[8] == '0' && body[9] == '0' && body[10] == '0') return error("serial number 000 is never assigned");

    const int expected = luhn(body + 2);
    if (body[11] - '0' != expected) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "wrong check digit (expected %d)", expected);
        return IdentityError{buf};
    }

    Identity id;
    id.canonical.assign(body, 12);
    id.kind = interim ? IdentityKind::interim
              : coordination ? IdentityKind::samordningsnummer
                             : IdentityKind::personnummer;
    id.birth_date = *Date::from_ymd(year, month, day);
    id.sex = (body[10] - '0') % 2 == 1 ? Sex::male : Sex::female;
    return id;
}

std::string format_long(const Identity& id) { return id.canonical; }

std::string format_separated_long(const Identity& id) {
    if (id.kind == IdentityKind::protected_code || id.canonical.size() != 12) return id.canonical;
    std::string s = id.canonical.substr(0, 8);
    s += '-';
    s.append(id.canonical, 8, 4);
    return s;
}

std::string format_separated_short(const Identity& id, Date reference) {
    if (id.kind == IdentityKind::protected_code || id.canonical.size() != 12) return id.canonical;
    std::string s = id.canonical.substr(2, 6);
    s += age_in_years(id.birth_date, reference) >= 100 ? '+' : '-';
    s.append(id.canonical, 8, 4);
    return s;
}

}  // namespace esfreport
