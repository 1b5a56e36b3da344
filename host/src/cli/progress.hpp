// A status line on stderr for long runs: subprojects read of the total, rows
// per second, the output being written. Shown only when stderr is a terminal
// and --quiet is not given; redrawn in place and cleared before any other
// line is printed, so logs and errors are never mixed into it.
#pragma once

#include <chrono>
#include <string>

namespace esfreport::cli {

class TerminalStatus {
public:
    void enable(bool on);
    bool enabled() const { return enabled_; }
    // Replaces the status line.
    void show(const std::string& status);
    // Prints `text` and a line break on a line of its own, then the status again.
    void print_line(const std::string& text);
    // Removes the status line (before the command's closing lines).
    void clear();
    // "read 12 of 60 subprojects, 1 234 567 rows, 2 345 678 rows/s".
    void reading(std::size_t subprojects_read, std::size_t subprojects, std::uint64_t rows);
    void writing(const std::string& output);

private:
    bool enabled_ = false;
    bool shown_ = false;
    std::string status_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// The process's one status line.
TerminalStatus& terminal_status();

}  // namespace esfreport::cli
