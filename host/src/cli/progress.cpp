#include "progress.hpp"

#include <cstdint>
#include <iostream>

#include <unistd.h>

namespace esfreport::cli {
namespace {

// 1234567 as "1 234 567" (a Swedish thousands separator, plain ASCII space).
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

}  // namespace

void TerminalStatus::enable(bool on) {
    enabled_ = on && ::isatty(STDERR_FILENO) == 1;
    started_ = std::chrono::steady_clock::now();
}

void TerminalStatus::show(const std::string& status) {
    if (!enabled_) return;
    status_ = status;
    // Carriage return and "erase to end of line": the line is redrawn in place.
    std::cerr << "\r\033[K" << "esfreport: " << status_ << std::flush;
    shown_ = true;
}

void TerminalStatus::print_line(const std::string& text) {
    if (shown_) std::cerr << "\r\033[K";
    std::cerr << text << "\n";
    if (shown_) std::cerr << "esfreport: " << status_ << std::flush;
}

void TerminalStatus::clear() {
    if (!shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

void TerminalStatus::reading(std::size_t subprojects_read, std::size_t subprojects, std::uint64_t rows) {
    if (!enabled_) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const auto per_second = seconds > 0 ? static_cast<std::uint64_t>(static_cast<double>(rows) / seconds) : 0;
    show("read " + std::to_string(subprojects_read) + " of " + std::to_string(subprojects) + " subprojects, " + grouped(rows) +
         " rows, " + grouped(per_second) + " rows/s");
}

void TerminalStatus::writing(const std::string& output) { show("writing " + output); }

TerminalStatus& terminal_status() {
    static TerminalStatus status;
    return status;
}

}  // namespace esfreport::cli
