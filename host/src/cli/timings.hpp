// --timings: where a command's time went, phase by phase, on stderr, so a
// benchmark or a slow national run can be read without a profiler:
//   esfreport: timings: read and validate 3.39 s (CPU 6.10 s), figures 0.52 s (CPU 0.90 s), ...
// Wall time per phase and the process's CPU time (user + system, all
// threads) spent in it: CPU above wall means the phase ran on several cores.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace esfreport::cli {

class PhaseTimings {
public:
    void enable(bool on);
    bool enabled() const { return enabled_; }
    // Ends the phase running since the last mark (or since enable) and names
    // it; with `only_if_measurable`, not when it lasted under 10 ms.
    void mark(const std::string& phase, bool only_if_measurable = false);
    // The line above, with the total; empty when not enabled or nothing was marked.
    std::string summary() const;

private:
    struct Phase {
        std::string name;
        double wall = 0, cpu = 0;
    };
    bool enabled_ = false;
    std::chrono::steady_clock::time_point wall_mark_{};
    double cpu_mark_ = 0;
    std::vector<Phase> phases_;
};

// The process's one set of timings (commands mark; main prints).
PhaseTimings& phase_timings();

}  // namespace esfreport::cli
