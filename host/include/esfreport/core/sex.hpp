#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace esfreport {

// Legal sex from the identity number, or self-reported where the source says
// so (ESF+ adds non-binary). Reports break every figure down by these.
enum class Sex : std::uint8_t { female = 0, male = 1, non_binary = 2, unknown = 3 };
inline constexpr int kSexCount = 4;

std::string_view to_string(Sex s);  // "female", "male", "non_binary", "unknown"
// K/kvinna/F/female, M/man/male, X/icke-binär/non_binary (case-insensitive);
// nullopt for anything else. Blank is handled by the caller.
std::optional<Sex> parse_sex(std::string_view text);

}  // namespace esfreport
