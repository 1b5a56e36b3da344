#include <esfreport/runtime/crash_guard.hpp>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace esfreport {
namespace {

// Preformatted while it is safe to allocate; the handlers only call write().
char g_message[1024];
std::size_t g_message_len = 0;
char g_timeout_message[1024];
std::size_t g_timeout_message_len = 0;
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction g_previous[sizeof kSignals / sizeof kSignals[0]];
struct sigaction g_previous_alarm;

std::size_t keep(char* buffer, std::size_t size, const std::string& text) {
    const std::size_t n = std::min(text.size(), size);
    std::memcpy(buffer, text.data(), n);
    return n;
}

void on_fatal_signal(int sig) {
    const char* name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE"
                     : sig == SIGILL  ? "SIGILL"  : "SIGABRT";
    ssize_t ignored = ::write(STDERR_FILENO, g_message, g_message_len);
    ignored = ::write(STDERR_FILENO, name, std::strlen(name));
    static const char tail[] = "); the run stopped and wrote nothing\n";
    ignored = ::write(STDERR_FILENO, tail, sizeof tail - 1);
    (void)ignored;
    ::_exit(1);
}

void on_time_limit(int) {
    ssize_t ignored = ::write(STDERR_FILENO, g_timeout_message, g_timeout_message_len);
    (void)ignored;
    ::_exit(1);
}

}  // namespace

PluginCrashGuard::PluginCrashGuard(const std::string& plugin, const std::string& subproject, const std::string& action,
                                   unsigned time_limit_seconds) {
    const std::string who = "esfreport: error: plugin '" + plugin + "'";
    const std::string where = subproject.empty() ? "" : " for subproject '" + subproject + "'";
    g_message_len = keep(g_message, sizeof g_message, who + " crashed while " + action + where + " (signal ");
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
    if (time_limit_seconds > 0) {
        timed_ = true;
        g_timeout_message_len =
            keep(g_timeout_message, sizeof g_timeout_message,
                 who + " did not finish " + action + where + " within " + std::to_string(time_limit_seconds) +
                     (time_limit_seconds == 1 ? " second" : " seconds") + " ([project] plugin_timeout_seconds); the run stopped and wrote nothing\n");
        struct sigaction alarm_action {};
        alarm_action.sa_handler = on_time_limit;
        sigemptyset(&alarm_action.sa_mask);
        sigaction(SIGALRM, &alarm_action, &g_previous_alarm);
        ::alarm(time_limit_seconds);
    }
}

PluginCrashGuard::~PluginCrashGuard() {
    if (timed_) {
        ::alarm(0);
        sigaction(SIGALRM, &g_previous_alarm, nullptr);
    }
    for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

}  // namespace esfreport
