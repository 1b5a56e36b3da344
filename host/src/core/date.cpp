#include <esfreport/core/date.hpp>

#include <cstdio>

namespace esfreport {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
    int y;
    unsigned m, d;
};

constexpr Civil civil_from_days(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap_year(y)) return 29;
    return kDays[m - 1];
}

std::optional<Date> Date::from_ymd(int y, int m, int d) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return Date(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

// Ten million dates at national scale: the digits are read and checked in
// one go, and the calendar arithmetic is inlined here.
std::optional<Date> Date::parse(std::string_view t, int& month_index) {
    const char* const s = t.data();
    const auto digit = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c)) - '0'; };
    std::size_t month_at = 0, day_at = 0;
    if (t.size() == 10 && s[4] == '-' && s[7] == '-') {
        month_at = 5, day_at = 8;
    } else if (t.size() == 8) {
        month_at = 4, day_at = 6;
    } else {
        return std::nullopt;
    }
    const unsigned y0 = digit(s[0]), y1 = digit(s[1]), y2 = digit(s[2]), y3 = digit(s[3]);
    const unsigned m0 = digit(s[month_at]), m1 = digit(s[month_at + 1]), d0 = digit(s[day_at]), d1 = digit(s[day_at + 1]);
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9)) return std::nullopt;
    const int y = static_cast<int>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    const unsigned m = m0 * 10 + m1, d = d0 * 10 + d1;
    if (y < 1 || m < 1 || m > 12 || d < 1) return std::nullopt;
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > kDays[m - 1] && !(m == 2 && d == 29 && is_leap_year(y))) return std::nullopt;
    month_index = y * 12 + static_cast<int>(m) - 1;
    return Date(days_from_civil(y, m, d));
}

std::optional<Date> Date::parse(std::string_view t) {
    int month_index = 0;
    return parse(t, month_index);
}

int Date::year() const { return civil_from_days(days_).y; }
int Date::month() const { return static_cast<int>(civil_from_days(days_).m); }
int Date::day() const { return static_cast<int>(civil_from_days(days_).d); }
int Date::month_index() const {
    const Civil c = civil_from_days(days_);
    return c.y * 12 + static_cast<int>(c.m) - 1;
}

std::string Date::iso() const {
    const Civil c = civil_from_days(days_);
    char buf[32];  // room for any int, so GCC's -Wformat-truncation stays quiet at -O2
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
    return buf;
}

int age_in_years(Date birth, Date on) {
    int age = on.year() - birth.year();
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
    return age;
}

}  // namespace esfreport
