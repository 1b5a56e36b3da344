// Calendar dates as a day count: cheap to store per row, to compare and to
// subtract. Proleptic Gregorian calendar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace esfreport {

class Date {
public:
    constexpr Date() = default;
    static constexpr Date from_days(std::int32_t days_since_1970) { return Date(days_since_1970); }
    // nullopt when the triple is not a real calendar date.
    static std::optional<Date> from_ymd(int year, int month, int day);
    // Accepts YYYY-MM-DD and YYYYMMDD; nullopt otherwise (including 2017-02-30).
    static std::optional<Date> parse(std::string_view text);
    // The same, and the date's month_index() into `month_index` (read off
    // the text, where month_index() converts the day number back).
    static std::optional<Date> parse(std::string_view text, int& month_index);

    constexpr std::int32_t days() const { return days_; }
    int year() const;
    int month() const;  // 1..12
    int day() const;    // 1..31
    // Month number since year 0 (year * 12 + month - 1): a cheap month key.
    int month_index() const;  // year * 12 + month - 1, from one calendar conversion
    std::string iso() const;  // YYYY-MM-DD

    friend constexpr bool operator==(Date a, Date b) { return a.days_ == b.days_; }
    friend constexpr bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
    friend constexpr bool operator<(Date a, Date b) { return a.days_ < b.days_; }
    friend constexpr bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
    friend constexpr bool operator>(Date a, Date b) { return a.days_ > b.days_; }
    friend constexpr bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

private:
    constexpr explicit Date(std::int32_t d) : days_(d) {}
    std::int32_t days_ = 0;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
// Whole years from `birth` to `on` (a birthday on 29 February counts on 1 March in common years).
int age_in_years(Date birth, Date on);

}  // namespace esfreport
