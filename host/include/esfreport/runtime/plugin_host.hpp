// Finds and loads plugins. A plugin is found by its exact file name,
// esfreport_plugin_<name>.so, in trusted folders: each --plugin-dir, then the
// bundled folder. The folders are scanned once into a name -> file registry;
// nothing is loaded to learn what it is: the listing and the checks before a
// load read the plugin's ".esfreport_plugin" ELF section (plugin_section.hpp).
// Only the plugin a configuration names is loaded, and its plain C descriptor is
// checked again (ABI version, build identity, kind) before any C++ object is
// created. Every failure is a ConfigError naming the plugin and what was wrong.
// The rules for users are in docs/plugins.md.
#pragma once

#include <esfreport/sdk/abi.h>
#include <esfreport/sdk/source.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
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
    // Only known once the plugin is loaded (create_source); empty in a scan.
    std::vector<PluginOptionSpec> options;
};

struct PluginProblem {
    std::filesystem::path path;
    std::string message;
};

// 1 to ESFREPORT_PLUGIN_NAME_MAX of a-z, 0-9 and _.
bool is_valid_plugin_name(const std::string& name);
// "esfreport_plugin_<name>.so": the only file a plugin of that name is looked for in.
std::string plugin_file_name(const std::string& name);
// A plugin's descriptor copied out (no path); the caller checks its ABI first.
PluginInfo plugin_info_of(const esfreport_plugin_descriptor& descriptor);

class PluginHost {
public:
    // Opens the folders: each of `extra_dirs` in order (it must exist, be a
    // folder and be trusted), then the bundled one (skipped when it does not
    // exist; found relative to the executable: ../lib/esfreport/plugins), and
    // builds the registry from their file names. A folder writable by group or
    // others, or owned by someone other than the current user or root, is
    // refused; so is a plugin name found in two folders. Throws ConfigError.
    explicit PluginHost(std::vector<std::filesystem::path> extra_dirs);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Every plugin of the registry, described by its section without loading
    // it, and every plugin file that is not usable (untrusted, malformed, of
    // another ABI or compiler).
    struct Scan {
        std::vector<PluginInfo> plugins;
        std::vector<PluginProblem> problems;
    };
    Scan scan() const;

    // Checks and loads plugin `name` and creates a source. The returned object
    // keeps its library loaded for as long as it lives.
    std::shared_ptr<sdk::SourcePlugin> create_source(const std::string& name, PluginInfo* info_out = nullptr);

    // The folders searched, in order (the bundled one even when it is absent).
    const std::vector<std::filesystem::path>& dirs() const { return dirs_; }
    // The file registered for `name`, if any.
    std::optional<std::filesystem::path> find(const std::string& name) const;

private:
    struct Folder {
        std::filesystem::path path;
        int fd = -1;  // kept open: files are opened relative to it, never by path
    };
    struct Entry {
        std::size_t folder = 0;
        std::string file_name;
    };
    class PluginFile;
    PluginFile open_plugin(const std::string& name, const Entry& entry) const;

    std::vector<std::filesystem::path> dirs_;
    std::vector<Folder> folders_;
    std::map<std::string, Entry> registry_;
};

// The folder of the running executable (resolves symlinks).
std::filesystem::path executable_dir();
// Where bundled plugins and templates are, relative to the executable.
std::filesystem::path bundled_plugin_dir();
std::filesystem::path bundled_template_dir();

}  // namespace esfreport
