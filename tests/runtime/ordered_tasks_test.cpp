// run_ordered_tasks: `run` writes its output files on several threads with
// the outcome of writing them one after another.
#include <esfreport/runtime/ordered_tasks.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

using namespace esfreport;

TEST_CASE("ordered tasks run each task once and start them in order on several threads", "[ordered_tasks]") {
    constexpr std::size_t n = 40;
    std::vector<std::atomic<int>> runs(n);
    std::vector<std::function<void()>> tasks;
    for (std::size_t i = 0; i < n; ++i) tasks.push_back([&runs, i] { ++runs[i]; });
    for (const std::size_t jobs : {std::size_t{1}, std::size_t{2}, std::size_t{4}, std::size_t{0}, std::size_t{100}}) {
        INFO("jobs " << jobs);
        for (auto& r : runs) r = 0;
        std::vector<std::size_t> started;  // on_start is never called on two threads at once
        run_ordered_tasks(tasks, jobs, [&](std::size_t i) { started.push_back(i); });
        std::vector<std::size_t> in_order(n);
        for (std::size_t i = 0; i < n; ++i) in_order[i] = i;
        CHECK(started == in_order);
        for (std::size_t i = 0; i < n; ++i) CHECK(runs[i] == 1);
    }
    run_ordered_tasks({}, 4);  // nothing to do
}

TEST_CASE("ordered tasks with one job stop at the first failure", "[ordered_tasks]") {
    std::vector<int> ran;
    std::vector<std::function<void()>> tasks;
    for (int i = 0; i < 6; ++i)
        tasks.push_back([&ran, i] {
            ran.push_back(i);
            if (i == 2 || i == 4) throw std::runtime_error("task " + std::to_string(i) + " failed");
        });
    CHECK_THROWS_WITH(run_ordered_tasks(tasks, 1), "task 2 failed");
    CHECK(ran == std::vector<int>{0, 1, 2});
}

TEST_CASE("ordered tasks on several threads rethrow the first failure in order, not in time", "[ordered_tasks]") {
    // Task 2 fails only after task 5 has failed: a single thread would have
    // met task 2's error first, and so must several.
    std::promise<void> five_failed;
    std::shared_future<void> five = five_failed.get_future().share();
    std::vector<std::atomic<int>> runs(8);
    std::vector<std::function<void()>> tasks;
    for (std::size_t i = 0; i < runs.size(); ++i)
        tasks.push_back([&, i] {
            ++runs[i];
            if (i == 2) {
                // (No Catch assertion off the main thread.)
                if (five.wait_for(std::chrono::seconds(30)) != std::future_status::ready) throw std::runtime_error("task 5 never ran");
                throw std::runtime_error("task 2 failed");
            }
            if (i == 5) {
                five_failed.set_value();
                throw std::runtime_error("task 5 failed");
            }
        });
    CHECK_THROWS_WITH(run_ordered_tasks(tasks, 3), "task 2 failed");
    // Every task before the failed ones ran to its end.
    for (std::size_t i = 0; i <= 5; ++i) CHECK(runs[i] == 1);
}
