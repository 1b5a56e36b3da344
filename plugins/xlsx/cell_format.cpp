#include "cell_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace esfreport::plugins::xlsx {

namespace {

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
}

constexpr std::int64_t kDays1899_12_30 = -25569;  // days from 1970-01-01
constexpr std::int64_t kDays1904_01_01 = -24107;
constexpr double kLastSerial1900 = 2958465;       // 9999-12-31

}  // namespace

bool format_number(std::string_view stored, std::string& out) {
    const std::string text(stored);
    if (text.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v)) return false;
    char buffer[64];
    if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
        std::snprintf(buffer, sizeof buffer, "%.0f", v);
    } else {
        // Excel keeps 15 significant digits on screen: 7.1 + 0.2 shows 7.3.
        std::snprintf(buffer, sizeof buffer, "%.15g", v);
    }
    out = buffer;
    if (out == "-0") out = "0";
    return true;
}

bool is_date_format(std::uint32_t format_id, std::string_view code) {
    if (format_id >= 14 && format_id <= 22) return true;
    if (format_id < 164) return false;  // other built-in formats: numbers, text, times 45-47
    bool date_part = false, month_or_minute = false, clock_part = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            const std::size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '[') {
            const std::size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is literal (or padding)
        } else if (c == ';') {
            break;  // the first section decides
        } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
            date_part = true;
        } else if (c == 'm' || c == 'M') {
            month_or_minute = true;
        } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
            clock_part = true;
        }
    }
    return date_part || (month_or_minute && !clock_part);
}

bool serial_to_iso_date(double serial, DateSystem system, std::string& out, std::string& problem) {
    const double day = std::floor(serial);
    if (!std::isfinite(serial) || day < (system == DateSystem::excel1904 ? 0 : 1) ||
        day > kLastSerial1900 - (system == DateSystem::excel1904 ? 1462 : 0)) {
        // The number itself is not shown: a personnummer in a column formatted
        // as a date lands here and must not reach a message whole.
        problem = day < 1 ? "a date serial number below the first day, 1900-01-01 (or 1904-01-01)"
                          : "a date serial number beyond 9999-12-31";
        return false;
    }
    std::int64_t days;
    if (system == DateSystem::excel1904) {
        days = kDays1904_01_01 + static_cast<std::int64_t>(day);
    } else {
        if (day == 60) {
            problem = "date serial number 60 stands for 1900-02-29, a day that does not exist (Excel's 1900 leap-year "
                      "quirk)";
            return false;
        }
        // Serials 1-59 lie before the phantom 29 February.
        days = kDays1899_12_30 + static_cast<std::int64_t>(day) + (day < 60 ? 1 : 0);
    }
    std::int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(y), m, d);
    out = buffer;
    return true;
}

}  // namespace esfreport::plugins::xlsx
