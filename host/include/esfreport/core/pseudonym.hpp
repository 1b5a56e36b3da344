// Pseudonyms for evaluators' participant-level files: HMAC-SHA256 of a
// person's canonical identity (Person::id) under a project key. A plain hash
// of a personnummer is no pseudonym (there are only ~10^8 of them, all
// hashable in minutes), so every pseudonym needs the key; the same key gives
// the same pseudonym for a person in every subproject, region and run, and
// another key gives unrelated ones. The key is never printed: it has no
// accessor that returns its bytes as text.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace esfreport {

class PseudonymKey {
public:
    static constexpr std::size_t kSize = 32;  // 256 bits
    explicit PseudonymKey(const std::array<std::uint8_t, kSize>& bytes) : bytes_(bytes) {}
    const std::array<std::uint8_t, kSize>& bytes() const { return bytes_; }

private:
    std::array<std::uint8_t, kSize> bytes_;
};

// HMAC-SHA256 (RFC 2104) of `message` under `key`, as 32 raw bytes.
std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view message);

// The pseudonym of a canonical identity: the HMAC as 64 lower-case hex digits.
std::string pseudonym(const PseudonymKey& key, std::string_view canonical_identity);

}  // namespace esfreport
