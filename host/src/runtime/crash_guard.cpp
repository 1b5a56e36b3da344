#include <esfreport/runtime/crash_guard.hpp>

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace esfreport {
namespace {

// Preformatted while it is safe to allocate; the handler only calls write().
char g_message[1024];
std::size_t g_message_len = 0;
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction g_previous[sizeof kSignals / sizeof kSignals[0]];

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

}  // namespace

PluginCrashGuard::PluginCrashGuard(const std::string& plugin, const std::string& subproject, const std::string& action) {
    const std::string m = "esfreport: error: plugin '" + plugin + "' crashed while " + action +
                          (subproject.empty() ? "" : " for subproject '" + subproject + "'") + " (signal ";
    g_message_len = std::min(m.size(), sizeof g_message);
    std::memcpy(g_message, m.data(), g_message_len);
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
}

PluginCrashGuard::~PluginCrashGuard() {
    for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

}  // namespace esfreport
