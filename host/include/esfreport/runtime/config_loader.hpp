// Reads a project configuration (TOML) into ProjectConfig. Every mistake is a
// ConfigError naming the file, the key and what was expected.
#pragma once

#include <esfreport/core/config.hpp>

#include <filesystem>

namespace esfreport {

ProjectConfig load_config(const std::filesystem::path& file);

}  // namespace esfreport
