// While a plugin runs, a fatal signal (segfault, abort from std::terminate...)
// is reported with the plugin's and the subproject's name before the process
// exits with status 1. Nothing has been written at that point: outputs are only
// produced after every source has been read.
//
// With a time limit, a plugin that has not returned when it runs out is
// reported the same way ("did not finish ... within N seconds"): a timer that
// sends SIGALRM to the guarding thread, so a plugin that blocks or handles that
// signal itself escapes it. Only running the plugin in a child process would
// bound it for certain. Guards on several threads at once (subprojects read
// concurrently) each report their own plugin and subproject.
#pragma once

#include <string>

namespace esfreport {

class PluginCrashGuard {
public:
    // `time_limit_seconds` 0: no limit.
    PluginCrashGuard(const std::string& plugin, const std::string& subproject, const std::string& action,
                     unsigned time_limit_seconds = 0);
    ~PluginCrashGuard();
    PluginCrashGuard(const PluginCrashGuard&) = delete;
    PluginCrashGuard& operator=(const PluginCrashGuard&) = delete;

private:
    bool timed_ = false;
    void* timer_ = nullptr;  // timer_t
};

}  // namespace esfreport
