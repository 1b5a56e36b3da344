#include <esfreport/core/privacy.hpp>

namespace esfreport {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string mask_digit_runs(std::string_view text) {
    std::string out(text);
    std::size_t i = 0;
    while (i < out.size()) {
        if (!is_digit(out[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < out.size() && is_digit(out[end])) ++end;
        if (end - i >= kMaskedDigitRun)
            for (std::size_t k = i; k < end; ++k) out[k] = '*';
        i = end;
    }
    return out;
}

std::string shown_text(std::string_view text, std::size_t max_characters) {
    // Cut before masking would let a long run straddle the cut and leave six
    // digits visible in front of it; masking first keeps the rule exact.
    std::string shown = mask_digit_runs(text);
    std::size_t characters = 0;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (is_continuation_byte(shown[i])) continue;
        if (characters++ == max_characters) {
            shown.resize(i);
            shown += "…";
            break;
        }
    }
    return shown;
}

std::string quote_data_value(std::string_view text, std::size_t max_characters) {
    return "'" + shown_text(text, max_characters) + "'";
}

}  // namespace esfreport
