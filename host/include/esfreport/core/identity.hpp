// Swedish identity numbers: personnummer, samordningsnummer, interim numbers
// and the coded identities used for people with protected identity.
#pragma once

#include <esfreport/core/date.hpp>
#include <esfreport/core/sex.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace esfreport {

enum class IdentityKind : std::uint8_t {
    personnummer,
    samordningsnummer,  // day of birth + 60
    interim,            // a letter (T R S U W X J K L M N) in the first serial position
    protected_code,     // matched a configured protected-identity rule
};

struct Identity {
    // Twelve characters, no separator: YYYYMMDDNNNC (serial letters upper case,
    // samordningsnummer keep their day + 60). The key persons are joined on.
    std::string canonical;
    IdentityKind kind = IdentityKind::personnummer;
    Date birth_date;         // the real date (samordningsnummer: day - 60)
    Sex sex = Sex::unknown;  // legal sex from the second-to-last digit, or the rule's sex
};

// A code used instead of a personnummer for a person with protected identity,
// e.g. SCB's ÅÅÅÅMMDDTf29 for women. `pattern` is an ECMAScript regular
// expression matched against the whole text; its first eight characters must be
// the birth date YYYYMMDD.
struct ProtectedIdentityRule {
    std::string pattern;
    Sex sex = Sex::unknown;
};

// The default rules: SCB's published code for women.
std::vector<ProtectedIdentityRule> default_protected_identity_rules();

struct IdentityError {
    std::string reason;  // e.g. "wrong check digit", "no such date 2017-02-30 in the number"
};

// Parses YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDD-NNNC, YYMMDDNNNC, YYMMDD+NNNC (and
// YYYYMMDD+NNNC). A ten-digit number gets the century that makes the person
// younger than 100 on `reference` ('-' or none) or 100 or older ('+').
// Surrounding spaces are ignored.
std::variant<Identity, IdentityError> parse_identity(std::string_view text, Date reference,
                                                     const std::vector<ProtectedIdentityRule>& rules = {});

// Luhn check digit over the ten digits YYMMDDNNN (interim letters count as 1).
int luhn_check_digit(std::string_view nine_chars);

// Formats for people and for SCB: "YYYYMMDDNNNC", "YYYYMMDD-NNNC", "YYMMDD-NNNC"
// ('+' when 100 or older on `reference`).
std::string format_long(const Identity& id);
std::string format_separated_long(const Identity& id);
std::string format_separated_short(const Identity& id, Date reference);

// What logs and messages may show: the last four characters masked
// ("19900101-****"). Works on any text, valid number or not: text shorter than
// five characters is masked whole.
std::string mask_identity(std::string_view text);

}  // namespace esfreport
