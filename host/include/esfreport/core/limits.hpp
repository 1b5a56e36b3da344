// How long a text read from the configuration, a template or the data may be.
// One table, so that the configuration loader, the Ingestor and the docs
// (docs/validation.md) agree. Every bound is checked before the text is
// parsed or matched, so no length reaches a recursive algorithm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace esfreport {

// An identity as written (personnummer, samordningsnummer, interim or
// protected code): the longest legal form has 13 characters.
inline constexpr std::size_t kMaxIdentityLength = 32;
// Ids in the configuration (subproject, scale, plugin): they name files.
inline constexpr std::size_t kMaxIdLength = 64;
// Names and labels (project, subproject, region, scale, steps).
inline constexpr std::size_t kMaxNameLength = 200;
// An e-mail address (RFC 5321: a path of at most 256 octets, 254 without < >).
inline constexpr std::size_t kMaxEmailLength = 254;
// A mobile or phone number, with spaces, dashes and a country code.
inline constexpr std::size_t kMaxPhoneLength = 32;
// A protected-identity pattern: compiling a regular expression recurses on it.
inline constexpr std::size_t kMaxPatternLength = 256;
// Any other text that may end up in a cell: Excel's limit per cell.
inline constexpr std::size_t kMaxCellText = 32767;
// A file path or connection string (PATH_MAX).
inline constexpr std::size_t kMaxPathLength = 4096;

// Files read whole into memory.
inline constexpr std::uint64_t kMaxConfigBytes = 16u << 20;   // 16 MiB
inline constexpr std::uint64_t kMaxTemplateBytes = 1u << 20;  // 1 MiB

// Length in characters as Excel counts them (UTF-16 code units: a character
// outside the Basic Multilingual Plane counts two). Bytes that are not valid
// UTF-8 count one each.
std::size_t text_length(std::string_view utf8);

// nullopt when `text` has at most `max` characters, else the reason, e.g.
// "too long: 300 characters (at most 254)".
std::optional<std::string> length_error(std::string_view text, std::size_t max);

// Why `id` cannot be an id (empty, too long, or not letters, digits, '.', '_'
// or '-' starting with a letter or digit), or nullopt. A character loop, not
// a regular expression: no input length makes it recurse.
std::optional<std::string> id_error(std::string_view id);

}  // namespace esfreport
