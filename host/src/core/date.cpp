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

bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
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

std::optional<Date> Date::parse(std::string_view t, int& month_index) {
    int y = 0, m = 0, d = 0;
    if (t.size() == 10 && t[4] == '-' && t[7] == '-' && digits(t.substr(0, 4)) && digits(t.substr(5, 2)) &&
        digits(t.substr(8, 2))) {
        y = to_int(t.substr(0, 4)), m = to_int(t.substr(5, 2)), d = to_int(t.substr(8, 2));
    } else if (t.size() == 8 && digits(t)) {
        y = to_int(t.substr(0, 4)), m = to_int(t.substr(4, 2)), d = to_int(t.substr(6, 2));
    } else {
        return std::nullopt;
    }
    std::optional<Date> date = from_ymd(y, m, d);
    if (date) month_index = y * 12 + m - 1;
    return date;
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
