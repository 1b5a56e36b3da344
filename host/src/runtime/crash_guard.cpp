#include <esfreport/runtime/crash_guard.hpp>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <ctime>
#include <mutex>

#include <sys/syscall.h>
#include <unistd.h>

namespace esfreport {
namespace {

// Subprojects are read on several threads at once (project_loader.cpp), each
// under its own guard: the messages are per thread. A fault (SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, and SIGABRT from abort()) is delivered to the thread that
// caused it, and each guard's time limit is a timer that signals its own
// thread, so the handler reports the plugin and subproject of that thread.
// Preformatted while it is safe to allocate; the handlers only call write().
thread_local char t_message[1024];
thread_local std::size_t t_message_len = 0;
thread_local char t_timeout_message[1024];
thread_local std::size_t t_timeout_message_len = 0;

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
// The handlers stay installed while any guard lives; the previous ones come
// back when the last one ends.
std::mutex g_mutex;
int g_guards = 0;
int g_timed_guards = 0;
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
    static const char other_thread[] = "esfreport: error: crashed while plugins were reading (signal ";
    static const char tail[] = "); the run stopped and wrote nothing\n";
    // One write(): other threads may be writing to stderr at this moment, and
    // a single write of less than PIPE_BUF bytes is not interleaved with theirs.
    char line[sizeof t_message + 64];
    std::size_t n = 0;
    const auto add = [&](const char* text, std::size_t size) {
        std::memcpy(line + n, text, size);
        n += size;
    };
    if (t_message_len > 0) add(t_message, t_message_len);
    else add(other_thread, sizeof other_thread - 1);
    add(name, std::strlen(name));
    add(tail, sizeof tail - 1);
    ssize_t ignored = ::write(STDERR_FILENO, line, n);
    (void)ignored;
    ::_exit(1);
}

void on_time_limit(int) {
    // Only a guard's own timer sends SIGALRM to its thread; a stray alarm on
    // another thread is ignored.
    if (t_timeout_message_len == 0) return;
    ssize_t ignored = ::write(STDERR_FILENO, t_timeout_message, t_timeout_message_len);
    (void)ignored;
    ::_exit(1);
}

}  // namespace

PluginCrashGuard::PluginCrashGuard(const std::string& plugin, const std::string& subproject, const std::string& action,
                                   unsigned time_limit_seconds) {
    const std::string who = "esfreport: error: plugin '" + plugin + "'";
    const std::string where = subproject.empty() ? "" : " for subproject '" + subproject + "'";
    t_message_len = keep(t_message, sizeof t_message, who + " crashed while " + action + where + " (signal ");
    if (time_limit_seconds > 0)
        t_timeout_message_len =
            keep(t_timeout_message, sizeof t_timeout_message,
                 who + " did not finish " + action + where + " within " + std::to_string(time_limit_seconds) +
                     (time_limit_seconds == 1 ? " second" : " seconds") + " ([project] plugin_timeout_seconds); the run stopped and wrote nothing\n");

    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_guards++ == 0) {
        struct sigaction sa {};
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
    }
    if (time_limit_seconds > 0) {
        if (g_timed_guards++ == 0) {
            struct sigaction alarm_action {};
            alarm_action.sa_handler = on_time_limit;
            sigemptyset(&alarm_action.sa_mask);
            sigaction(SIGALRM, &alarm_action, &g_previous_alarm);
        }
        // A timer per guard that signals this thread (Linux's SIGEV_THREAD_ID),
        // not alarm(), which is one per process.
        struct sigevent event {};
        event.sigev_notify = SIGEV_THREAD_ID;
        event.sigev_signo = SIGALRM;
        event._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));
        timer_t timer{};
        if (timer_create(CLOCK_MONOTONIC, &event, &timer) == 0) {
            struct itimerspec when {};
            when.it_value.tv_sec = static_cast<time_t>(time_limit_seconds);
            timer_settime(timer, 0, &when, nullptr);
            timer_ = timer;
            timed_ = true;
        }
    }
}

PluginCrashGuard::~PluginCrashGuard() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (timed_) {
        timer_delete(static_cast<timer_t>(timer_));
        if (--g_timed_guards == 0) sigaction(SIGALRM, &g_previous_alarm, nullptr);
    }
    t_timeout_message_len = 0;
    if (--g_guards == 0)
        for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
    t_message_len = 0;
}

}  // namespace esfreport
