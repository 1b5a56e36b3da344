#include "timings.hpp"

#include <sys/resource.h>

#include <cstdio>

namespace esfreport::cli {
namespace {

double cpu_seconds() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f s", s);
    return buf;
}

}  // namespace

void PhaseTimings::enable(bool on) {
    enabled_ = on;
    phases_.clear();
    wall_mark_ = std::chrono::steady_clock::now();
    cpu_mark_ = cpu_seconds();
}

void PhaseTimings::mark(const std::string& phase, bool only_if_measurable) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double cpu = cpu_seconds();
    if (only_if_measurable && now - wall_mark_ < std::chrono::milliseconds(10)) return;
    phases_.push_back({phase, std::chrono::duration<double>(now - wall_mark_).count(), cpu - cpu_mark_});
    wall_mark_ = now;
    cpu_mark_ = cpu;
}

std::string PhaseTimings::summary() const {
    if (!enabled_ || phases_.empty()) return "";
    std::string out = "esfreport: timings:";
    double wall = 0, cpu = 0;
    for (const Phase& p : phases_) {
        out += (&p == &phases_.front() ? " " : ", ") + p.name + " " + seconds_text(p.wall) + " (CPU " + seconds_text(p.cpu) + ")";
        wall += p.wall;
        cpu += p.cpu;
    }
    return out + "; total " + seconds_text(wall) + " (CPU " + seconds_text(cpu) + ")";
}

PhaseTimings& phase_timings() {
    static PhaseTimings timings;
    return timings;
}

}  // namespace esfreport::cli
