#include <esfreport/core/privacy.hpp>

namespace esfreport {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

namespace {

std::string mask_all_runs(std::string_view text) {
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

}  // namespace

std::string mask_digit_runs(std::string_view text, std::string_view keep) {
    if (keep.empty()) return mask_all_runs(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t from = 0;;) {
        const std::size_t at = text.find(keep, from);
        out += mask_all_runs(text.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) return out;
        out += keep;
        from = at + keep.size();
    }
}

std::string shown_text(std::string_view text, std::size_t max_characters, std::string_view keep) {
    // Cut before masking would let a long run straddle the cut and leave six
    // digits visible in front of it; masking first keeps the rule exact.
    std::string shown = mask_digit_runs(text, keep);
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
