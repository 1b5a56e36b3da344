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

// Throws ConfigError (missing or incompatible plugin, bad plugin options) or
// DataError (a source that cannot be read, a plugin that failed, rejections
// under strict). The Dataset points at `config`, which must outlive it.
LoadedProject load_project(const ProjectConfig& config, const LoadOptions& options);

// The number of hardware threads (at least 1): LoadOptions::jobs 0.
std::size_t default_jobs();

}  // namespace esfreport
