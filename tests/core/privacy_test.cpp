// The one masking policy (core/privacy.hpp) and the one length table
// (core/limits.hpp).
#include <esfreport/core/limits.hpp>
#include <esfreport/core/privacy.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;

TEST_CASE("mask_digit_runs removes every run of six or more digits") {
    // Seen: an exit status "199801022394 Anna" was shown as '199801022394 ****'.
    CHECK(mask_digit_runs("199801022394 Anna") == "************ Anna");
    CHECK(mask_digit_runs("19980102-2394") == "********-2394");
    CHECK(mask_digit_runs("980102-2394") == "******-2394");
    CHECK(mask_digit_runs("9801022394") == "**********");
    CHECK(mask_digit_runs("a199801022394b19980102c") == "a************b********c");
    // Shorter runs are dates, years, amounts and line numbers.
    CHECK(mask_digit_runs("2017-02-30, line 12345, 7,5 hours") == "2017-02-30, line 12345, 7,5 hours");
    CHECK(mask_digit_runs("123456") == "******");
    CHECK(mask_digit_runs("12345") == "12345");
    CHECK(mask_digit_runs("") == "");
    CHECK(mask_digit_runs("åsa 199801022394") == "åsa ************");
}

TEST_CASE("mask_digit_runs leaves the configured source path as it is") {
    const std::string source = "/srv/esf/projekt-2017123456/data";
    CHECK(mask_digit_runs(source + "/participants.csv: column 9 '199801022394' is not used", source) ==
          source + "/participants.csv: column 9 '************' is not used");
    CHECK(mask_digit_runs("199801022394 " + source + " 199801022394", source) == "************ " + source + " ************");
    CHECK(mask_digit_runs("no path 199801022394", source) == "no path ************");
    CHECK(shown_text(source + ": 1234567", 100, source) == source + ": *******");
}

TEST_CASE("quote_data_value masks before it cuts") {
    CHECK(quote_data_value("199801022394 Anna") == "'************ Anna'");
    // A run straddling the cut is masked whole: no five digits left before "…".
    CHECK(quote_data_value(std::string(36, 'x') + "199801022394") == "'" + std::string(36, 'x') + "****…'");
    // Characters, not bytes: the cut never splits "å".
    CHECK(quote_data_value(std::string(3, 'a') + "åäö", 4) == "'aaaå…'");
    CHECK(shown_text("ok", 10) == "ok");
}

TEST_CASE("length limits count characters as Excel does") {
    CHECK(text_length("abc") == 3);
    CHECK(text_length("åäö") == 3);
    CHECK(text_length("\xF0\x9F\x98\x80") == 2);  // U+1F600: two UTF-16 units
    CHECK_FALSE(length_error(std::string(254, 'a'), kMaxEmailLength).has_value());
    CHECK(length_error(std::string(255, 'a'), kMaxEmailLength) == std::optional<std::string>("too long: 255 characters (at most 254)"));
    // 200 two-byte characters are 400 bytes but 200 characters.
    std::string swedish;
    for (int i = 0; i < 200; ++i) swedish += "ö";
    CHECK_FALSE(length_error(swedish, kMaxNameLength).has_value());
}

TEST_CASE("id_error checks ids with a character loop") {
    CHECK_FALSE(id_error("alpha-2.x_1").has_value());
    CHECK(id_error("") == std::optional<std::string>("must not be empty"));
    CHECK(id_error("-alpha") == std::optional<std::string>("must start with a letter or digit"));
    CHECK(id_error("alpha/beta") == std::optional<std::string>("must be letters, digits, '.', '_' or '-'"));
    CHECK(id_error(std::string(64, 'a')) == std::nullopt);
    // Seen: a subproject id of 40,000 characters crashed std::regex.
    CHECK(id_error(std::string(40000, 'a')) == std::optional<std::string>("too long: 40000 characters (at most 64)"));
}
