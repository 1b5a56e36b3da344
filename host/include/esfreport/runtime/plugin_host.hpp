// Finds and loads plugins with Boost.DLL. The plain C descriptor is checked
// (ABI version, build identity) before any C++ object is created; every failure
// is a ConfigError naming the plugin and what was wrong.
#pragma once

#include <esfreport/sdk/abi.h>
#include <esfreport/sdk/source.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace esfreport {

// One entry of a plugin's options table, copied out of the library so that it
// stays valid after the library is unloaded.
struct PluginOptionSpec {
    std::string name;
    std::string description;
    std::optional<std::string> default_value;
    bool required = false;
};

struct PluginInfo {
    std::string name;
    std::string version;
    std::string kind;
    std::string description;
    std::uint32_t abi_version = 0;
    std::string build_id;
    std::filesystem::path path;
    std::vector<PluginOptionSpec> options;
};

struct PluginProblem {
    std::filesystem::path path;
    std::string message;
};

class PluginHost {
public:
    // Folders searched in order: extra folders first, then the bundled one
    // (found relative to the executable: ../lib/esfreport/plugins).
    explicit PluginHost(std::vector<std::filesystem::path> extra_dirs);
    ~PluginHost();

    // Every plugin found, and every library that is not a usable plugin.
    struct Scan {
        std::vector<PluginInfo> plugins;
        std::vector<PluginProblem> problems;
    };
    Scan scan() const;

    // Loads plugin `name` and creates a source. The returned object keeps its
    // library loaded for as long as it lives.
    std::shared_ptr<sdk::SourcePlugin> create_source(const std::string& name, PluginInfo* info_out = nullptr);

    const std::vector<std::filesystem::path>& dirs() const { return dirs_; }

    // Loads one library file and checks its descriptor; throws ConfigError.
    static PluginInfo inspect(const std::filesystem::path& library);

private:
    std::vector<std::filesystem::path> dirs_;
};

// The folder of the running executable (resolves symlinks).
std::filesystem::path executable_dir();
// Where bundled plugins and templates are, relative to the executable.
std::filesystem::path bundled_plugin_dir();
std::filesystem::path bundled_template_dir();

}  // namespace esfreport
