// Pseudonyms: HMAC-SHA256 (checked against RFC 4231's test vectors) of the
// canonical identity under the project key.
#include <esfreport/core/pseudonym.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace esfreport;

namespace {

std::string hex(const std::array<std::uint8_t, 32>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

PseudonymKey key_of(std::uint8_t fill) {
    std::array<std::uint8_t, PseudonymKey::kSize> bytes{};
    bytes.fill(fill);
    return PseudonymKey(bytes);
}

}  // namespace

TEST_CASE("Pseudonym: HMAC-SHA256 gives the RFC 4231 test vectors", "[pseudonym]") {
    // Test case 1: a 20-byte key.
    CHECK(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2: a key shorter than the block.
    CHECK(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block is hashed first.
    CHECK(hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("Pseudonym: the same identity and key give the same pseudonym and another key an unrelated one", "[pseudonym]") {
    const PseudonymKey key = key_of(0x11);
    const std::string anna = pseudonym(key, "200001012384");
    CHECK(anna.size() == 64);
    CHECK(anna.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(pseudonym(key_of(0x11), "200001012384") == anna);  // a second run with the same key
    CHECK(pseudonym(key, "200101282382") != anna);             // another person
    const std::string other_key = pseudonym(key_of(0x12), "200001012384");
    CHECK(other_key != anna);
    // Unrelated: about half of the 256 bits differ, not a shifted or similar value.
    int differing_bits = 0;
    for (std::size_t i = 0; i < 64; ++i) {
        const int a = std::stoi(anna.substr(i, 1), nullptr, 16), b = std::stoi(other_key.substr(i, 1), nullptr, 16);
        differing_bits += __builtin_popcount(static_cast<unsigned>(a ^ b));
    }
    CHECK(differing_bits > 64);
    CHECK(differing_bits < 192);
}
