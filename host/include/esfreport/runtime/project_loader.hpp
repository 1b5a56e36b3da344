// Reads every subproject through its plugin into one validated Dataset.
#pragma once

#include <esfreport/core/config.hpp>
#include <esfreport/core/model.hpp>
#include <esfreport/runtime/plugin_host.hpp>

#include <functional>
#include <string>
#include <vector>

namespace esfreport {

// How far the reading has come, after each subproject.
struct LoadProgress {
    std::size_t subprojects_read = 0;
    std::size_t subprojects = 0;
    std::uint64_t rows_read = 0;  // of every input so far
};

struct LoadOptions {
    std::vector<std::filesystem::path> plugin_dirs;
    bool strict = false;  // any rejected row stops the run
    // Subprojects read at the same time, each on a thread of its own; 0: one
    // per hardware thread. The dataset is the same whatever the number.
    std::size_t jobs = 0;
    // Progress and notes for the user; never receives a whole personnummer.
    std::function<void(const std::string&)> log;
    // Called on the calling thread after each subproject is read.
    std::function<void(const LoadProgress&)> progress;
};

struct LoadedProject {
    Dataset dataset;
    std::vector<PluginInfo> plugins;  // each plugin used, once
};

// The plugin's options table applied to the subproject's [subproject.options]:
// the defaults filled in; unknown keys and missing required ones are a
// ConfigError naming the configuration file and key.
std::vector<PluginOption> resolve_options(const ProjectConfig& config, const SubprojectConfig& sp, const PluginInfo& info);

// What a plugin is asked to read for one subproject: its source, its resolved
// options and its header mapping. `request` points into this object and into
// `sp`, which must outlive it. Throws ConfigError (resolve_options).
struct SubprojectRequest {
    SubprojectRequest(const ProjectConfig& config, const SubprojectConfig& sp, const PluginInfo& info);
    SubprojectRequest(const SubprojectRequest&) = delete;
    SubprojectRequest& operator=(const SubprojectRequest&) = delete;
    std::vector<PluginOption> resolved;
    std::vector<sdk::Option> options;
    std::vector<sdk::ColumnMapping> columns;
    sdk::SourceRequest request;
};

// What a plugin's failed read means for the run: ConfigError (options it
// rejected, a header mapping the source lacks) or DataError (an unreadable
// source, any other failure), naming subproject and plugin. Returns when
// `status` is ok.
void throw_on_failed_read(const SubprojectConfig& sp, const std::string& plugin, const sdk::Status& status);

// Throws ConfigError (missing or incompatible plugin, bad plugin options) or
// DataError (a source that cannot be read, a plugin that failed, rejections
// under strict). The Dataset points at `config`, which must outlive it.
LoadedProject load_project(const ProjectConfig& config, const LoadOptions& options);

// The number of hardware threads (at least 1): LoadOptions::jobs 0.
std::size_t default_jobs();

}  // namespace esfreport
