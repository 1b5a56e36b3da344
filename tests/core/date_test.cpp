#include <esfreport/core/date.hpp>

#include <catch2/catch.hpp>

#include <cstdio>

using namespace esfreport;

namespace {
Date ymd(int y, int m, int d) {
    const auto date = Date::from_ymd(y, m, d);
    INFO(y << "-" << m << "-" << d);
    REQUIRE(date.has_value());
    return *date;
}
}  // namespace

TEST_CASE("Date counts days from 1970-01-01", "[date]") {
    CHECK(Date().days() == 0);
    CHECK(ymd(1970, 1, 1).days() == 0);
    CHECK(ymd(1970, 1, 2).days() == 1);
    CHECK(ymd(1969, 12, 31).days() == -1);
    // 30 years of 365 days plus the leap days of 1972..1996 (7).
    CHECK(ymd(2000, 1, 1).days() == 10957);
    CHECK(Date::from_days(10957) == ymd(2000, 1, 1));
    CHECK(ymd(2000, 1, 1) < ymd(2000, 1, 2));
    CHECK(ymd(2000, 1, 2) > ymd(1999, 12, 31));
    CHECK(ymd(2000, 1, 1) <= ymd(2000, 1, 1));
    CHECK(ymd(2000, 1, 1) >= ymd(2000, 1, 1));
    CHECK(ymd(2000, 1, 1) != ymd(2000, 1, 2));
}

TEST_CASE("from_ymd accepts only real dates", "[date]") {
    CHECK(Date::from_ymd(2024, 2, 29).has_value());
    CHECK(Date::from_ymd(2000, 2, 29).has_value());
    CHECK_FALSE(Date::from_ymd(2023, 2, 29).has_value());
    CHECK_FALSE(Date::from_ymd(1900, 2, 29).has_value());
    CHECK_FALSE(Date::from_ymd(2024, 4, 31).has_value());
    CHECK_FALSE(Date::from_ymd(2024, 13, 1).has_value());
    CHECK_FALSE(Date::from_ymd(2024, 0, 1).has_value());
    CHECK_FALSE(Date::from_ymd(2024, 1, 0).has_value());
    CHECK_FALSE(Date::from_ymd(2024, 1, 32).has_value());
    CHECK_FALSE(Date::from_ymd(0, 1, 1).has_value());
    CHECK_FALSE(Date::from_ymd(10000, 1, 1).has_value());
    CHECK(Date::from_ymd(1, 1, 1).has_value());
    CHECK(Date::from_ymd(9999, 12, 31).has_value());
}

TEST_CASE("leap years and month lengths", "[date]") {
    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2000));
    CHECK(is_leap_year(1896));
    CHECK_FALSE(is_leap_year(2023));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2100));
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2023, 2) == 28);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2024, 1) == 31);
    CHECK(days_in_month(2024, 4) == 30);
    CHECK(days_in_month(2024, 12) == 31);
}

TEST_CASE("year - month and day round-trip every day from 1600 to 2400", "[date]") {
    std::int32_t expected_days = ymd(1600, 1, 1).days();
    int mismatches = 0;
    for (int y = 1600; y <= 2400; ++y)
        for (int m = 1; m <= 12; ++m)
            for (int d = 1; d <= days_in_month(y, m); ++d) {
                const auto date = Date::from_ymd(y, m, d);
                if (!date || date->days() != expected_days || date->year() != y || date->month() != m ||
                    date->day() != d) {
                    ++mismatches;
                    FAIL_CHECK(y << "-" << m << "-" << d);
                }
                ++expected_days;
            }
    CHECK(mismatches == 0);
    // 801 years: 400-year cycles hold 146097 days; 2400-01-01..2400-12-31 is a leap year.
    CHECK(expected_days - ymd(1600, 1, 1).days() == 2 * 146097 + 366);
}

TEST_CASE("parse accepts YYYY-MM-DD and YYYYMMDD", "[date]") {
    CHECK(Date::parse("2024-02-29") == ymd(2024, 2, 29));
    CHECK(Date::parse("20240229") == ymd(2024, 2, 29));
    CHECK(Date::parse("1890-01-01") == ymd(1890, 1, 1));
    CHECK_FALSE(Date::parse("2023-02-29").has_value());
    CHECK_FALSE(Date::parse("2017-02-30").has_value());
    CHECK_FALSE(Date::parse("20230229").has_value());
    CHECK_FALSE(Date::parse("2024-2-29").has_value());
    CHECK_FALSE(Date::parse("2024/02/29").has_value());
    CHECK_FALSE(Date::parse("2024-0229").has_value());
    CHECK_FALSE(Date::parse("240229").has_value());
    CHECK_FALSE(Date::parse(" 2024-02-29").has_value());
    CHECK_FALSE(Date::parse("2024-02-29T00").has_value());
    CHECK_FALSE(Date::parse("2024-1a-01").has_value());
    CHECK_FALSE(Date::parse("").has_value());
}

TEST_CASE("iso formats YYYY-MM-DD", "[date]") {
    CHECK(ymd(2024, 2, 29).iso() == "2024-02-29");
    CHECK(ymd(1970, 1, 1).iso() == "1970-01-01");
    CHECK(ymd(1, 1, 1).iso() == "0001-01-01");
    CHECK(ymd(9999, 12, 31).iso() == "9999-12-31");
    CHECK(Date::parse(ymd(1999, 12, 31).iso()) == ymd(1999, 12, 31));
}

TEST_CASE("age_in_years counts whole years", "[date]") {
    const Date birth = ymd(1990, 6, 15);
    CHECK(age_in_years(birth, ymd(2026, 6, 14)) == 35);
    CHECK(age_in_years(birth, ymd(2026, 6, 15)) == 36);
    CHECK(age_in_years(birth, ymd(2026, 12, 31)) == 36);
    CHECK(age_in_years(birth, ymd(1990, 6, 15)) == 0);
    CHECK(age_in_years(birth, ymd(1991, 6, 14)) == 0);
    // Born on 29 February: the birthday counts on 1 March in common years.
    const Date leapling = ymd(2000, 2, 29);
    CHECK(age_in_years(leapling, ymd(2001, 2, 28)) == 0);
    CHECK(age_in_years(leapling, ymd(2001, 3, 1)) == 1);
    CHECK(age_in_years(leapling, ymd(2004, 2, 28)) == 3);
    CHECK(age_in_years(leapling, ymd(2004, 2, 29)) == 4);
    CHECK(age_in_years(ymd(1926, 6, 1), ymd(2026, 6, 1)) == 100);
}

TEST_CASE("month_index is year * 12 + month - 1", "[date]") {
    CHECK(ymd(2024, 3, 15).month_index() == 24290);
    CHECK(ymd(2024, 1, 1).month_index() == 24288);
    CHECK(ymd(2023, 12, 31).month_index() == 24287);
    CHECK(ymd(2024, 1, 31).month_index() == ymd(2024, 1, 1).month_index());
    CHECK(ymd(2024, 2, 1).month_index() - ymd(2023, 2, 28).month_index() == 12);
}

TEST_CASE("parse gives the month index read off the text - as month_index() computes it", "[date]") {
    for (const char* text : {"2017-01-01", "2017-12-31", "20240229", "1999-03-15", "0001-01-01", "9999-12-31"}) {
        INFO(text);
        int month = -1;
        const std::optional<Date> d = Date::parse(text, month);
        REQUIRE(d);
        CHECK(month == d->month_index());
    }
    int month = -1;
    CHECK_FALSE(Date::parse("2017-02-30", month));
    CHECK(month == -1);  // untouched when the text is not a date
    CHECK(Date::parse("2018-03-09", month)->iso() == "2018-03-09");
    CHECK(month == 2018 * 12 + 2);
}

TEST_CASE("parse reads back every day's text in both forms and refuses the days that do not exist", "[date]") {
    for (const int year : {1, 1899, 1900, 1999, 2000, 2023, 2024, 2100, 9999}) {
        for (int month = 1; month <= 12; ++month) {
            for (int day = 0; day <= 32; ++day) {
                char iso[16], compact[16];
                std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
                std::snprintf(compact, sizeof compact, "%04d%02d%02d", year, month, day);
                INFO(iso);
                const std::optional<Date> expected = Date::from_ymd(year, month, day);
                CHECK(Date::parse(iso) == expected);
                CHECK(Date::parse(compact) == expected);
                if (expected) CHECK(expected->iso() == iso);
            }
        }
    }
    for (const char* bad : {"0000-01-01", "2017-13-01", "2017-00-10", "2017-1-01", "2017/01/01", "20170a01", "2017-01-0x",
                            "2017-01-01 ", " 2017-01-01", "201701011", "2017-0101", "-017-01-01", "2017-+1-01"}) {
        INFO(bad);
        CHECK_FALSE(Date::parse(bad));
    }
}
