// Reads every subproject through its plugin into one validated Dataset.
#pragma once

#include <esfreport/core/config.hpp>
#include <esfreport/core/model.hpp>
#include <esfreport/runtime/plugin_host.hpp>

#include <functional>
#include <string>
#include <vector>

namespace esfreport {

struct LoadOptions {
    std::vector<std::filesystem::path> plugin_dirs;
    bool strict = false;  // any rejected row stops the run
    // Progress and notes for the user; never receives a whole personnummer.
    std::function<void(const std::string&)> log;
};

struct LoadedProject {
    Dataset dataset;
    std::vector<PluginInfo> plugins;  // each plugin used, once
};

// Throws ConfigError (missing or incompatible plugin, bad plugin options) or
// DataError (a source that cannot be read, a plugin that failed, rejections
// under strict). The Dataset points at `config`, which must outlive it.
LoadedProject load_project(const ProjectConfig& config, const LoadOptions& options);

}  // namespace esfreport
