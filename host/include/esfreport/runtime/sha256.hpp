// SHA-256 for the manifest and the SCB ledger, through OpenSSL's libcrypto,
// which uses the CPU's SHA extensions where there are any.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace esfreport {

std::string sha256_hex(std::string_view bytes);
// Streams the file; throws std::runtime_error naming it when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

// A digest fed piece by piece (e.g. the rows a database plugin delivers).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    // The digest in lower-case hex; the object starts over afterwards.
    std::string finish_hex();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace esfreport
