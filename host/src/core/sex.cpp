#include <esfreport/core/sex.hpp>

#include <cstddef>

namespace esfreport {
namespace {

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Lower-cases ASCII and the UTF-8 Latin-1 capitals (À..Þ, e.g. 'Ä' -> 'ä'), so
// "ICKE-BINÄR" matches "icke-binär". Returns false when the text is longer than
// any accepted word: such text is not a sex value.
bool fold_case(std::string_view in, char (&out)[16], std::size_t& out_size) {
    if (in.size() > sizeof out) return false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + ('a' - 'A'));
        } else if (i > 0 && static_cast<unsigned char>(in[i - 1]) == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97) {
            out[i] = static_cast<char>(c + 0x20);  // second byte of À..Þ (not ×)
        } else {
            out[i] = static_cast<char>(c);
        }
    }
    out_size = in.size();
    return true;
}

}  // namespace

std::string_view to_string(Sex s) {
    switch (s) {
        case Sex::female: return "female";
        case Sex::male: return "male";
        case Sex::non_binary: return "non_binary";
        case Sex::unknown: break;
    }
    return "unknown";
}

std::optional<Sex> parse_sex(std::string_view text) {
    char buf[16];
    std::size_t size = 0;
    if (!fold_case(trim_spaces(text), buf, size)) return std::nullopt;
    const std::string_view w(buf, size);
    if (w == "k" || w == "kvinna" || w == "f" || w == "female") return Sex::female;
    if (w == "m" || w == "man" || w == "male") return Sex::male;
    if (w == "x" || w == "icke-bin\xC3\xA4r" || w == "non_binary") return Sex::non_binary;
    return std::nullopt;
}

}  // namespace esfreport
