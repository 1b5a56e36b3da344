#include "esfreport/export/number_format.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace esfreport;

namespace {
const std::string nbsp = "\u00A0";
}

TEST_CASE("format_integer groups thousands by language", "[number_format]") {
    CHECK(format_integer(0, Language::sv) == "0");
    CHECK(format_integer(999, Language::sv) == "999");
    CHECK(format_integer(1366, Language::sv) == "1" + nbsp + "366");
    CHECK(format_integer(1366, Language::en) == "1,366");
    CHECK(format_integer(1234567, Language::sv) == "1" + nbsp + "234" + nbsp + "567");
    CHECK(format_integer(1234567, Language::en) == "1,234,567");
    CHECK(format_integer(100000, Language::en) == "100,000");
    CHECK(format_integer(-1366, Language::en) == "\u22121,366");  // U+2212, the report's one minus sign
    CHECK(format_integer(-1366, Language::sv) == "\u22121" + nbsp + "366");
}

TEST_CASE("format_integer rounds half away from zero", "[number_format]") {
    CHECK(format_integer(2.5, Language::en) == "3");
    CHECK(format_integer(2.4999, Language::en) == "2");
    CHECK(format_integer(-2.5, Language::en) == "\u22123");
    CHECK(format_integer(-0.4, Language::en) == "0");  // never "-0"
    CHECK(format_integer(999.5, Language::en) == "1,000");
}

TEST_CASE("format_number uses the language's decimal mark", "[number_format]") {
    CHECK(format_number(1366.5, 2, Language::sv) == "1" + nbsp + "366,50");
    CHECK(format_number(1366.5, 2, Language::en) == "1,366.50");
    CHECK(format_number(2.5, 1, Language::sv) == "2,5");
    CHECK(format_number(0.05, 1, Language::en) == "0.1");   // 0.05 is stored just below; rounds up as written
    CHECK(format_number(1.005, 2, Language::en) == "1.01");  // likewise 1.00499999999999989...
    CHECK(format_number(0.004, 2, Language::en) == "0.00");
    CHECK(format_number(-0.004, 2, Language::en) == "0.00");
    CHECK(format_number(12.0, 0, Language::sv) == "12");
    CHECK(format_number(0.5, 3, Language::sv) == "0,500");
    CHECK_THROWS_AS(format_number(1, 12, Language::sv), std::invalid_argument);
}

TEST_CASE("format_percent: space before the sign in Swedish - half-up rounding", "[number_format]") {
    CHECK(format_percent(0.6, 0, Language::sv) == "60" + nbsp + "%");
    CHECK(format_percent(0.6, 0, Language::en) == "60%");
    CHECK(format_percent(0.605, 0, Language::sv) == "61" + nbsp + "%");
    CHECK(format_percent(0.605, 0, Language::en) == "61%");
    CHECK(format_percent(0.6049, 0, Language::en) == "60%");
    CHECK(format_percent(0.5125, 1, Language::sv) == "51,3" + nbsp + "%");
    CHECK(format_percent(0.5125, 1, Language::en) == "51.3%");
    CHECK(format_percent(0.015, 0, Language::en) == "2%");
    CHECK(format_percent(0.145, 0, Language::en) == "15%");
    CHECK(format_percent(1, 0, Language::sv) == "100" + nbsp + "%");
    CHECK(format_percent(0, 1, Language::en) == "0.0%");
    CHECK(format_percent(-0.125, 0, Language::en) == "\u221213%");
}

TEST_CASE("format_cell shows missing and suppressed figures as marks", "[number_format]") {
    CHECK(format_cell(Cell::of_missing(), Language::sv) == "\u2013");
    CHECK(format_cell(Cell::of_integer(std::nan("")), Language::sv) == "\u2013");
    CHECK(format_cell(Cell::of_suppressed(".."), Language::sv) == "..");
    CHECK(format_cell(Cell::of_text("=SUM(A1)"), Language::en) == "=SUM(A1)");
    CHECK(format_cell(Cell::blank(), Language::en).empty());
    CHECK(format_cell(Cell::of_number(3.14159, 2), Language::sv) == "3,14");
    CHECK(format_cell(Cell::of_percent(0.25), Language::en) == "25%");
    CHECK(format_cell(Cell::of_integer(2282), Language::en) == "2,282");
}
