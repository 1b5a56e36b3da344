// Swedish identity numbers: personnummer, samordningsnummer, interim numbers
// and the coded identities used for people with protected identity.
#pragma once

#include <esfreport/core/date.hpp>
#include <esfreport/core/sex.hpp>

#include <cstdint>
#include <optional>
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
    // Short human text that never holds the whole number, e.g.
    // "wrong check digit (expected 8)", "not a real date: 2017-02-30".
    std::string reason;
};

// Why a rule cannot be used (its pattern is longer than kMaxPatternLength or
// not a valid ECMAScript regular expression), or nullopt when it can. For checking configuration when it is read.
std::optional<std::string> protected_identity_rule_error(const ProtectedIdentityRule& rule);

// Parses YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDD-NNNC, YYMMDDNNNC, YYMMDD+NNNC (and
// YYYYMMDD+NNNC). A ten-digit number gets the century that makes the person
// younger than 100 on `reference` ('-' or none) or 100 or older ('+').
// Checked: a real date, the Luhn check digit, serial number not 000.
// Text longer than kMaxIdentityLength (core/limits.hpp) is refused before any
// rule is tried ("too long: 50000 characters (at most 32)").
// Surrounding spaces are ignored. Interim letters may be lower case. The
// protected-identity rules are tried only on text that is not purely digits and
// a separator, so the ordinary numeric path costs no regular expression; a
// protected code's canonical form is its text as given (spaces trimmed).
std::variant<Identity, IdentityError> parse_identity(std::string_view text, Date reference,
                                                     const std::vector<ProtectedIdentityRule>& rules = {});

// Luhn check digit over the nine characters YYMMDDNNN (interim letters count as
// 1). Throws std::invalid_argument unless given exactly nine characters.
int luhn_check_digit(std::string_view nine_chars);

// Formats for people and for SCB: "YYYYMMDDNNNC", "YYYYMMDD-NNNC", "YYMMDD-NNNC"
// ('+' when 100 or older on `reference`). A protected code has no serial part
// and is returned as it is in all three.
std::string format_long(const Identity& id);
std::string format_separated_long(const Identity& id);
std::string format_separated_short(const Identity& id, Date reference);

}  // namespace esfreport
