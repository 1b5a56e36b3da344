#include <esfreport/core/identity.hpp>
#include <esfreport/core/privacy.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>
#include <test_support.hpp>

#include <sstream>
#include <stdexcept>

using namespace esfreport;

namespace {

// A fixed reference date, so the century of ten-digit numbers never depends on
// the day the tests run.
const Date kReference = *Date::from_ymd(2026, 6, 1);

std::string reason_of(const std::variant<Identity, IdentityError>& r) {
    return std::holds_alternative<IdentityError>(r) ? std::get<IdentityError>(r).reason : std::string("(valid)");
}

Identity must_parse(std::string_view text, Date reference = kReference,
                    const std::vector<ProtectedIdentityRule>& rules = {}) {
    auto r = parse_identity(text, reference, rules);
    INFO("text: " << text << ", reason: " << reason_of(r));
    REQUIRE(std::holds_alternative<Identity>(r));
    return std::get<Identity>(r);
}

std::string error_for(std::string_view text, Date reference = kReference,
                      const std::vector<ProtectedIdentityRule>& rules = {}) {
    auto r = parse_identity(text, reference, rules);
    INFO("text: " << text);
    REQUIRE(std::holds_alternative<IdentityError>(r));
    return std::get<IdentityError>(r).reason;
}

Poco::JSON::Array::Ptr load_json_array(const std::string& relative) {
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(test::read_file(test::data_path(relative)));
    auto array = parsed.extract<Poco::JSON::Array::Ptr>();
    REQUIRE(array);
    return array;
}

IdentityKind kind_from_type(const std::string& type) {
    if (type == "ssn") return IdentityKind::personnummer;
    if (type == "con") return IdentityKind::samordningsnummer;
    if (type == "interim") return IdentityKind::interim;
    throw std::runtime_error("unknown type in test data: " + type);
}

// Runs every case of one of the personnummer projects' lists (see
// tests/data/identity/SOURCES.md) through parse_identity and the formatters.
void check_personnummer_list(const std::string& relative, std::size_t expected_cases) {
    const auto cases = load_json_array(relative);
    REQUIRE(cases->size() == expected_cases);
    for (std::size_t i = 0; i < cases->size(); ++i) {
        const auto c = cases->getObject(static_cast<unsigned>(i));
        const auto long_format = c->getValue<std::string>("long_format");
        const auto short_format = c->getValue<std::string>("short_format");
        const auto separated = c->getValue<std::string>("separated_format");
        const auto separated_long = c->getValue<std::string>("separated_long");
        const bool valid = c->getValue<bool>("valid");
        const auto kind = kind_from_type(c->getValue<std::string>("type"));
        const bool is_male = c->getValue<bool>("isMale");
        const bool is_female = c->getValue<bool>("isFemale");
        const auto integer = c->getValue<Poco::Int64>("integer");
        INFO(relative << " case " << i << ": " << separated_long);
        REQUIRE(is_male != is_female);

        // Without a separator a ten-digit number cannot say '100 or older', so
        // the projects skip the short format for those.
        std::vector<std::string> forms{long_format, separated, separated_long};
        if (separated.find('+') == std::string::npos) forms.push_back(short_format);

        for (const auto& form : forms) {
            INFO("form: " << form);
            const auto result = parse_identity(form, kReference);
            INFO("reason: " << reason_of(result));
            CHECK(std::holds_alternative<Identity>(result) == valid);
            if (!valid || !std::holds_alternative<Identity>(result)) continue;
            const auto& id = std::get<Identity>(result);
            CHECK(id.canonical == long_format);
            CHECK(id.kind == kind);
            CHECK(id.sex == (is_male ? Sex::male : Sex::female));
            if (integer != 0) CHECK(id.canonical == std::to_string(integer));
            CHECK(format_long(id) == long_format);
            CHECK(format_separated_short(id, kReference) == separated);
            // Our long separated form always uses '-': the century is explicit.
            if (separated_long.find('+') == std::string::npos) CHECK(format_separated_long(id) == separated_long);
        }
    }
}

}  // namespace

TEST_CASE("personnummer project list: every case and format", "[identity]") {
    check_personnummer_list("identity/personnummer-list.json", 14);
}

TEST_CASE("personnummer project interim list: every case and format", "[identity]") {
    check_personnummer_list("identity/personnummer-interim.json", 12);
}

TEST_CASE("all of Skatteverket's test personnummer are valid", "[identity]") {
    std::istringstream in(test::read_file(test::data_path("identity/skatteverket-testpersonnummer.csv")));
    std::string line;
    REQUIRE(std::getline(in, line));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    REQUIRE(line == "Testpersonnummer");

    std::size_t count = 0, mismatches = 0, round_trips = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        ++count;
        const auto result = parse_identity(line, kReference);
        const auto* id = std::get_if<Identity>(&result);
        const auto expected_birth = Date::parse(line.substr(0, 8));
        const Sex expected_sex = (line[10] - '0') % 2 == 1 ? Sex::male : Sex::female;
        const bool ok = id && expected_birth && id->canonical == line && id->kind == IdentityKind::personnummer &&
                        id->sex == expected_sex && id->birth_date == *expected_birth;
        if (!ok) {
            ++mismatches;
            FAIL_CHECK("number " << mask_digit_runs(line) << ": " << reason_of(result));
            continue;
        }
        // The short form ('+' from 100) names the same person again, for
        // everyone born by the reference date.
        if (id->birth_date <= kReference) {
            const auto again = parse_identity(format_separated_short(*id, kReference), kReference);
            const auto* id2 = std::get_if<Identity>(&again);
            if (!id2 || id2->canonical != line) {
                ++mismatches;
                FAIL_CHECK("short form of " << mask_digit_runs(line) << " does not parse back");
            }
            ++round_trips;
        }
    }
    CHECK(count == 41493);
    CHECK(mismatches == 0);
    // Birth years run 1890-2029; those born after the reference are skipped.
    CHECK(round_trips > 40000);
}

TEST_CASE("personnummer: forms - century and sex", "[identity]") {
    // 900101-123: Luhn 2*9->9, 0, 0, 1, 0, 1, 2*1, 2, 2*3 = 21 -> check 9.
    const auto id = must_parse("900101-1239");
    CHECK(id.canonical == "199001011239");
    CHECK(id.kind == IdentityKind::personnummer);
    CHECK(id.birth_date == *Date::from_ymd(1990, 1, 1));
    CHECK(id.sex == Sex::male);
    CHECK(must_parse("9001011239").canonical == "199001011239");
    CHECK(must_parse("19900101-1239").canonical == "199001011239");
    CHECK(must_parse("  199001011239 \t").canonical == "199001011239");
    CHECK(format_separated_long(id) == "19900101-1239");
    CHECK(format_separated_short(id, kReference) == "900101-1239");

    // '+' moves the birth a century back.
    const auto old = must_parse("900101+1239");
    CHECK(old.canonical == "189001011239");
    CHECK(old.birth_date == *Date::from_ymd(1890, 1, 1));
    CHECK(format_separated_short(old, kReference) == "900101+1239");
    // A twelve-digit number may carry '+'; the century is already explicit.
    CHECK(must_parse("18900101+1239").canonical == "189001011239");

    // Turning 100 exactly on the reference date switches the short form to '+'.
    const auto centenarian = must_parse("19260601-1233");
    CHECK(format_separated_short(centenarian, kReference) == "260601+1233");
    CHECK(format_separated_short(centenarian, *Date::from_ymd(2026, 5, 31)) == "260601-1233");

    // Ten digits: the latest date not after the reference (260601-123 -> 3, 260602-123 -> 2).
    CHECK(must_parse("260601-1233").canonical == "202606011233");
    CHECK(must_parse("260602-1232").canonical == "192606021232");
    CHECK(must_parse("2606021232").canonical == "192606021232");
    CHECK(must_parse("260602+1232").canonical == "182606021232");
    CHECK(must_parse("260601-1233", *Date::from_ymd(2026, 5, 31)).canonical == "192606011233");
}

TEST_CASE("samordningsnummer: day + 60", "[identity]") {
    // 900161-123: as 900101-123 but the day digit 6 doubles to 12 -> 3: sum 24 -> check 6.
    const auto id = must_parse("900161-1236");
    CHECK(id.canonical == "199001611236");
    CHECK(id.kind == IdentityKind::samordningsnummer);
    CHECK(id.birth_date == *Date::from_ymd(1990, 1, 1));
    CHECK(id.sex == Sex::male);
    CHECK(format_separated_long(id) == "19900161-1236");
    CHECK(format_separated_short(id, kReference) == "900161-1236");
    // The same serial with the plain day is another number with another check digit.
    CHECK(error_for("900161-1239") == "wrong check digit (expected 6)");
    CHECK(error_for("19900192-1234") == "not a real date: day 92");
    CHECK(error_for("20170290-1234") == "not a real date: 2017-02-30 (samordningsnummer, day + 60)");
}

TEST_CASE("29 February only in leap years", "[identity]") {
    // 240229-123: 4, 4, 0, 2, 4, 9, 2, 2, 6 = 33 -> check 7.
    const auto leap = must_parse("20240229-1237");
    CHECK(leap.birth_date == *Date::from_ymd(2024, 2, 29));
    CHECK(must_parse("20000229-2399").birth_date == *Date::from_ymd(2000, 2, 29));
    CHECK(error_for("20010229-1234") == "not a real date: 2001-02-29");
    CHECK(error_for("19000229-2399") == "not a real date: 1900-02-29");
    // 000229 with '+' is 1900, which is not a leap year; with '-' it is 2000.
    CHECK(error_for("000229+2399") == "not a real date: 1900-02-29");
    CHECK(must_parse("000229-2399").canonical == "200002292399");
}

TEST_CASE("interim numbers", "[identity]") {
    // 000101T22: 0, 0, 0, 1, 0, 1, 2*1, 2, 2*2 = 10 -> check 0.
    const auto id = must_parse("20000101-t220");
    CHECK(id.canonical == "20000101T220");
    CHECK(id.kind == IdentityKind::interim);
    CHECK(id.sex == Sex::female);
    CHECK(id.birth_date == *Date::from_ymd(2000, 1, 1));
    CHECK(error_for("20000101E221") == "letter E is not an interim letter (T R S U W X J K L M N)");
    CHECK(error_for("20000101T221") == "wrong check digit (expected 0)");
    CHECK(error_for("2000010T1220") == "contains characters other than digits and one separator");
}

TEST_CASE("each error reason", "[identity]") {
    CHECK(error_for("") == "empty");
    CHECK(error_for("   ") == "empty");
    CHECK(error_for("19900101 1239") == "contains characters other than digits and one separator");
    CHECK(error_for("19900101--1239") == "contains characters other than digits and one separator");
    CHECK(error_for("1990-0101-1239") == "contains characters other than digits and one separator");
    CHECK(error_for("1990.01.01-1239") == "contains characters other than digits and one separator");
    CHECK(error_for("19900101-123") == "expected 10 or 12 digits");
    CHECK(error_for("199001011") == "expected 10 or 12 digits");
    CHECK(error_for("1990010112390") == "expected 10 or 12 digits");
    CHECK(error_for("1990-01011239") == "separator must come before the last four digits");
    CHECK(error_for("900101123-9") == "separator must come before the last four digits");
    CHECK(error_for("19901301-1239") == "not a real date: month 13");
    CHECK(error_for("19900001-1239") == "not a real date: month 00");
    CHECK(error_for("19900100-1239") == "not a real date: day 00");
    CHECK(error_for("19900145-1239") == "not a real date: day 45");
    CHECK(error_for("19900132-1239") == "not a real date: day 32");
    CHECK(error_for("19900431-1239") == "not a real date: 1990-04-31");
    CHECK(error_for("00000101-1239") == "not a real date: year 0000");
    CHECK(error_for("900101-1230") == "wrong check digit (expected 9)");
    // 900101-000: 9, 0, 0, 1, 0, 1, 0, 0, 0 = 11 -> check 9, but 000 is no birth number.
    CHECK(error_for("900101-0009") == "serial number 000 is never assigned");
    // A changed serial digit changes the check digit (Skatteverket's 189001019802).
    CHECK(error_for("189001019803") == "wrong check digit (expected 2)");
    // No reason repeats the number.
    const auto reason = error_for("900101-1230");
    CHECK(reason.find("1230") == std::string::npos);
    CHECK(reason.find("900101") == std::string::npos);
}

TEST_CASE("protected identity codes", "[identity]") {
    const auto defaults = default_protected_identity_rules();
    REQUIRE(defaults.size() == 1);
    CHECK(defaults[0].sex == Sex::female);

    const auto woman = must_parse("20010101Tf29", kReference, defaults);
    CHECK(woman.canonical == "20010101Tf29");
    CHECK(woman.kind == IdentityKind::protected_code);
    CHECK(woman.sex == Sex::female);
    CHECK(woman.birth_date == *Date::from_ymd(2001, 1, 1));
    CHECK(must_parse(" 20010101Tf29 ", kReference, defaults).canonical == "20010101Tf29");
    CHECK(format_long(woman) == "20010101Tf29");
    CHECK(format_separated_long(woman) == "20010101Tf29");
    CHECK(format_separated_short(woman, kReference) == "20010101Tf29");

    // Not configured: just a malformed number.
    CHECK(error_for("20010101Tf29") == "contains characters other than digits and one separator");
    // The default rule is exact: case and shape matter.
    CHECK(error_for("20010101TF29", kReference, defaults) == "contains characters other than digits and one separator");
    CHECK(error_for("010101Tf29", kReference, defaults) == "contains characters other than digits and one separator");
    // The rule matches, but the birth date in it is not real.
    CHECK(error_for("20011301Tf29", kReference, defaults) == "not a real date: month 13");
    CHECK(error_for("20010229Tf29", kReference, defaults) == "not a real date: 2001-02-29");

    // A configured rule for men, next to the default one.
    auto rules = defaults;
    rules.push_back({R"(\d{8}Tm29)", Sex::male});
    const auto man = must_parse("19991231Tm29", kReference, rules);
    CHECK(man.kind == IdentityKind::protected_code);
    CHECK(man.sex == Sex::male);
    CHECK(man.birth_date == *Date::from_ymd(1999, 12, 31));
    CHECK(must_parse("20010101Tf29", kReference, rules).sex == Sex::female);

    // A rule whose match does not start with a date.
    const std::vector<ProtectedIdentityRule> no_date{{R"(SKYDD\d{3})", Sex::unknown}};
    CHECK(error_for("SKYDD123", kReference, no_date) ==
          "protected-identity code does not start with a birth date YYYYMMDD");

    // Rules are never tried on purely numeric text.
    const std::vector<ProtectedIdentityRule> digits_rule{{R"(\d{12})", Sex::non_binary}};
    const auto numeric = must_parse("199001011239", kReference, digits_rule);
    CHECK(numeric.kind == IdentityKind::personnummer);
    CHECK(numeric.sex == Sex::male);
    CHECK(error_for("199001011230", kReference, digits_rule) == "wrong check digit (expected 9)");

    // A broken pattern is reported, both when checked and when used.
    const ProtectedIdentityRule broken{"\\d{8}(Tf29", Sex::female};
    const auto problem = protected_identity_rule_error(broken);
    REQUIRE(problem.has_value());
    CHECK(problem->rfind("pattern '\\d{8}(Tf29' is not a valid regular expression", 0) == 0);
    CHECK_FALSE(protected_identity_rule_error(defaults[0]).has_value());
    CHECK(error_for("20010101Tf29", kReference, {broken}) ==
          "protected-identity rule '\\d{8}(Tf29' is not a valid regular expression");
}

TEST_CASE("Luhn check digit", "[identity]") {
    CHECK(luhn_check_digit("900101123") == 9);
    CHECK(luhn_check_digit("900161123") == 6);
    CHECK(luhn_check_digit("000101T22") == 0);
    CHECK(luhn_check_digit("000101K22") == 0);  // every interim letter counts as 1
    // 010301789: 0, 1, 0, 3, 0, 1, 14->5, 8, 18->9 = 27 -> 3.
    CHECK(luhn_check_digit("010301789") == 3);
    CHECK(luhn_check_digit("000000000") == 0);
    CHECK_THROWS_AS(luhn_check_digit("90010112"), std::invalid_argument);
    CHECK_THROWS_AS(luhn_check_digit("9001011239"), std::invalid_argument);
}

TEST_CASE("an identity longer than 32 characters is refused before any rule is tried", "[identity]") {
    // Seen: 50,000 characters under a permissive rule killed the process with
    // SIGSEGV (std::regex recursing once per character).
    const std::vector<ProtectedIdentityRule> permissive{{R"(\d{8}.*)", Sex::unknown}};
    const std::string huge = "19900101" + std::string(50000 - 8, 'x');
    CHECK(error_for(huge, kReference, permissive) == "too long: 50000 characters (at most 32)");
    CHECK(error_for(std::string(100000, '1')) == "too long: 100000 characters (at most 32)");
    // Exactly 32 characters still reach the rule; spaces around do not count.
    const std::string longest = "19900101" + std::string(24, 'x');
    CHECK(must_parse("  " + longest + "  ", kReference, permissive).canonical == longest);
    CHECK(error_for(longest + "x", kReference, permissive) == "too long: 33 characters (at most 32)");
}

TEST_CASE("a protected-identity rule cannot hang or crash the match", "[identity]") {
    // (a|a)* backtracks exponentially in a depth-first matcher; the rule is
    // run by the breadth-first one, so this returns at once.
    const std::vector<ProtectedIdentityRule> exponential{{R"(\d{8}(a|a)*b)", Sex::unknown}};
    CHECK(error_for("19900101" + std::string(24, 'a'), kReference, exponential) ==
          "contains characters other than digits and one separator");
    // A pattern longer than 256 characters is refused: compiling recurses on it.
    const ProtectedIdentityRule long_pattern{std::string(300, 'a'), Sex::unknown};
    CHECK(protected_identity_rule_error(long_pattern) == std::optional<std::string>("pattern too long: 300 characters (at most 256)"));
}

TEST_CASE("a repeat count or back-reference too large for the regex engine is refused", "[identity]") {
    // Seen in CI's config fuzzing: libstdc++ overflowed a long reading
    // {88888888888888888888} (undefined behaviour) before any check of ours.
    const ProtectedIdentityRule huge_count{R"(\d{88888888888888888888}Tf29)", Sex::female};
    CHECK(protected_identity_rule_error(huge_count) ==
          std::optional<std::string>("pattern '\\d{88888888888888888888}Tf29' is not accepted: it has a repeat count above 999"));
    CHECK(protected_identity_rule_error({R"(\d{8,12345}x)", Sex::female}) ==
          std::optional<std::string>("pattern '\\d{8,12345}x' is not accepted: it has a repeat count above 999"));
    CHECK(protected_identity_rule_error({R"((a)\123)", Sex::female}) ==
          std::optional<std::string>("pattern '(a)\\123' is not accepted: it has a back-reference number above 99"));
    CHECK(error_for("20010101Tf29", kReference, {huge_count}) ==
          "protected-identity rule '\\d{88888888888888888888}Tf29' is not a valid regular expression");
    // Counts up to 999, escaped braces and long literal digit runs stay fine.
    CHECK_FALSE(protected_identity_rule_error({R"(\d{8,999}Tf29)", Sex::female}).has_value());
    CHECK_FALSE(protected_identity_rule_error({R"(\{12345\}\d{8})", Sex::female}).has_value());
    CHECK_FALSE(protected_identity_rule_error({R"(19900101\d{4})", Sex::female}).has_value());
}
