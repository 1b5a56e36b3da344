// Reads a plugin's identity from the ".esfreport_plugin" section of its ELF
// file without loading it: listing or checking a plugin must never run the
// library's code (its constructors run at dlopen). The file is untrusted input:
// every offset and size is checked against the file's length, and a malformed
// or truncated file is a ConfigError "<path> is not an esfreport plugin: ...".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace esfreport {

// The fields of esfreport_plugin_section (abi.h), each checked to be a
// terminated text without control characters.
struct PluginSectionInfo {
    std::uint32_t abi_version = 0;
    std::string name;
    std::string version;
    std::string kind;
    std::string build_id;
    std::string description;
};

// Reads the section from `fd`, an open regular file, with pread (the file
// offset is not used). `shown_as` names the file in messages. Throws ConfigError.
PluginSectionInfo read_plugin_section(int fd, const std::filesystem::path& shown_as);

}  // namespace esfreport
