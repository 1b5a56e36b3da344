// Independent tasks run on a few threads, with the outcome of running them one
// after another: `run` writes its output files this way (--jobs N).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace esfreport {

// Runs tasks[0], tasks[1], ... on up to `jobs` threads (the calling thread is
// one of them; 0: one per hardware thread), each task started in order and
// once. `on_start(i)`, when given, is called as task i starts, never on two
// threads at once. After a task throws no further task starts; once the
// started ones have finished, the exception of the first failed task in order
// is rethrown: the one a single thread would have met first (every task
// before it had started, so it has finished).
void run_ordered_tasks(const std::vector<std::function<void()>>& tasks, std::size_t jobs,
                       const std::function<void(std::size_t)>& on_start = {});

}  // namespace esfreport
