#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace esfreport {

std::string sha256_hex(std::string_view bytes);
// Streams the file; throws std::runtime_error naming it when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace esfreport
