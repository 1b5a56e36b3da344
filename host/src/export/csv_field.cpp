#include <esfreport/export/csv_field.hpp>

namespace esfreport {
namespace {

// Personnummer and dates start with a digit, so they are never changed.
bool starts_like_formula(const std::string& value) {
    return !value.empty() && std::string("=+-@\t\r").find(value.front()) != std::string::npos;
}

}  // namespace

std::string csv_field(const std::string& value, char delimiter) {
    const bool formula = starts_like_formula(value);
    if (!formula && value.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos) return value;
    std::string out = formula ? "\"'" : "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace esfreport
