#include "esfreport/export/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace esfreport {
namespace {

constexpr const char* nbsp = "\u00A0";

// Inserts `separator` between groups of three digits.
std::string group_thousands(const std::string& digits, const std::string& separator) {
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += separator;
        out += digits[i];
    }
    return out;
}

// `value` rounded half away from zero to `decimals` decimals and written
// with the language's separators. Binary fractions such as 60.5 stored as
// 60.49999999999999 are nudged by a relative epsilon so they round up as a
// person reading the figure expects.
std::string format_fixed(double value, int decimals, Language language) {
    if (!std::isfinite(value)) return missing_mark;
    if (decimals < 0 || decimals > 9) throw std::invalid_argument("number of decimals must be 0..9, got " + std::to_string(decimals));
    double scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const double scaled = std::fabs(value) * scale;
    if (scaled >= 9e15) throw std::out_of_range("figure too large to format: " + std::to_string(value));
    const double epsilon = 1e-9 * std::max(1.0, scaled);
    const auto units = static_cast<std::uint64_t>(std::floor(scaled + 0.5 + epsilon));
    const auto factor = static_cast<std::uint64_t>(scale);
    const std::uint64_t whole = units / factor;
    const std::uint64_t fraction = units % factor;

    std::string out;
    if (value < 0 && units != 0) out += minus_sign;  // no "−0" after rounding
    out += group_thousands(std::to_string(whole), language == Language::sv ? nbsp : ",");
    if (decimals > 0) {
        std::string frac = std::to_string(fraction);
        frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
        out += language == Language::sv ? ',' : '.';
        out += frac;
    }
    return out;
}

}  // namespace

std::string format_integer(double value, Language language) { return format_fixed(value, 0, language); }

std::string format_number(double value, int decimals, Language language) { return format_fixed(value, decimals, language); }

std::string format_percent(double fraction, int decimals, Language language) {
    if (!std::isfinite(fraction)) return missing_mark;
    const std::string figure = format_fixed(fraction * 100, decimals, language);
    return language == Language::sv ? figure + nbsp + "%" : figure + "%";
}

std::string format_cell(const Cell& cell, Language language) {
    switch (cell.kind) {
    case CellKind::empty: return {};
    case CellKind::text: return cell.text;
    case CellKind::integer: return format_integer(cell.value, language);
    case CellKind::number: return format_number(cell.value, cell.decimals, language);
    case CellKind::percent: return format_percent(cell.value, cell.decimals, language);
    case CellKind::missing: return missing_mark;
    case CellKind::suppressed: return cell.text.empty() ? std::string("..") : cell.text;
    }
    return {};
}

}  // namespace esfreport
