#include <esfreport/core/limits.hpp>

namespace esfreport {

std::size_t text_length(std::string_view utf8) {
    std::size_t units = 0;
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte
        units += c >= 0xF0 && c <= 0xF4 ? 2 : 1;
    }
    return units;
}

std::optional<std::string> length_error(std::string_view text, std::size_t max) {
    // Bytes bound characters from above: the common short text costs no count.
    if (text.size() <= max) return std::nullopt;
    const std::size_t length = text_length(text);
    if (length <= max) return std::nullopt;
    return "too long: " + std::to_string(length) + " characters (at most " + std::to_string(max) + ")";
}

std::optional<std::string> id_error(std::string_view id) {
    if (id.empty()) return std::string("must not be empty");
    if (auto e = length_error(id, kMaxIdLength)) return e;
    auto alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(id.front())) return std::string("must start with a letter or digit");
    for (char c : id)
        if (!alnum(c) && c != '.' && c != '_' && c != '-') return std::string("must be letters, digits, '.', '_' or '-'");
    return std::nullopt;
}

}  // namespace esfreport
