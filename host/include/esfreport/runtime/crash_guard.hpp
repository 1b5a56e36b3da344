// While a plugin runs, a fatal signal (segfault, abort from std::terminate...)
// is reported with the plugin's and the subproject's name before the process
// exits with status 1. Nothing has been written at that point: outputs are only
// produced after every source has been read.
#pragma once

#include <string>

namespace esfreport {

class PluginCrashGuard {
public:
    PluginCrashGuard(const std::string& plugin, const std::string& subproject, const std::string& action);
    ~PluginCrashGuard();
    PluginCrashGuard(const PluginCrashGuard&) = delete;
    PluginCrashGuard& operator=(const PluginCrashGuard&) = delete;
};

}  // namespace esfreport
