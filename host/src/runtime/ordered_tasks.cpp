#include "esfreport/runtime/ordered_tasks.hpp"

#include "esfreport/runtime/project_loader.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

namespace esfreport {

void run_ordered_tasks(const std::vector<std::function<void()>>& tasks, std::size_t jobs,
                       const std::function<void(std::size_t)>& on_start) {
    std::mutex mutex;  // guards next, failed, first_error and on_start
    std::size_t next = 0;
    std::size_t failed = tasks.size();  // index of the first failed task so far
    std::exception_ptr first_error;
    const auto work = [&] {
        for (;;) {
            std::size_t i = 0;
            {
                const std::lock_guard<std::mutex> lock(mutex);
                if (next == tasks.size() || failed != tasks.size()) return;
                i = next++;
                if (on_start) on_start(i);
            }
            try {
                tasks[i]();
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (i < failed) {
                    failed = i;
                    first_error = std::current_exception();
                }
            }
        }
    };
    const std::size_t threads = std::min(jobs == 0 ? default_jobs() : jobs, tasks.size());
    std::vector<std::thread> helpers;
    try {
        for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    } catch (...) {
        // No thread to be had: the tasks still run, on the threads there are.
    }
    work();
    for (std::thread& t : helpers) t.join();
    if (first_error) std::rethrow_exception(first_error);
}

}  // namespace esfreport
