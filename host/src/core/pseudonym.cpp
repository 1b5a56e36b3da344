#include <esfreport/core/pseudonym.hpp>

#include <Poco/SHA2Engine.h>

#include <vector>

namespace esfreport {
namespace {

constexpr std::size_t kBlockSize = 64;  // SHA-256's block size

std::vector<unsigned char> sha256(std::string_view a, std::string_view b) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(a.data(), static_cast<unsigned>(a.size()));
    engine.update(b.data(), static_cast<unsigned>(b.size()));
    const Poco::DigestEngine::Digest& d = engine.digest();
    return {d.begin(), d.end()};
}

}  // namespace

// Poco's HMACEngine needs Engine::BLOCK_SIZE, which SHA2Engine (Poco 1.12)
// does not have, so HMAC is spelled out here (RFC 2104).
std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, std::string_view message) {
    std::string block(kBlockSize, '\0');
    if (key.size() > kBlockSize) {
        const std::vector<unsigned char> k = sha256(key, {});
        std::copy(k.begin(), k.end(), block.begin());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    std::string inner_pad(kBlockSize, '\0'), outer_pad(kBlockSize, '\0');
    for (std::size_t i = 0; i < kBlockSize; ++i) {
        inner_pad[i] = static_cast<char>(block[i] ^ 0x36);
        outer_pad[i] = static_cast<char>(block[i] ^ 0x5c);
    }
    const std::vector<unsigned char> inner = sha256(inner_pad, message);
    const std::vector<unsigned char> outer =
        sha256(outer_pad, std::string_view(reinterpret_cast<const char*>(inner.data()), inner.size()));
    std::array<std::uint8_t, 32> out{};
    std::copy(outer.begin(), outer.end(), out.begin());
    return out;
}

std::string pseudonym(const PseudonymKey& key, std::string_view canonical_identity) {
    const std::array<std::uint8_t, 32> mac =
        hmac_sha256(std::string_view(reinterpret_cast<const char*>(key.bytes().data()), key.bytes().size()),
                    canonical_identity);
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (std::uint8_t b : mac) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

}  // namespace esfreport
