#pragma once
// parallelFor: independent tasks on a few threads, for CPU work that is not
// torch's (torch parallelises its own operations).
//
// The caller's thread takes tasks too, and only it calls `beforeTask` (e.g. a
// Progress callback that may throw Cancelled), so a callback never runs on a
// thread it does not know. The first exception of any task (or of beforeTask)
// stops the others before their next task and is rethrown once all have
// stopped. Tasks must write disjoint data; which thread runs which task does not
// change the result.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace debut {

template <typename Task, typename BeforeTask>
void parallelFor(std::size_t count, int threads, const Task &task, const BeforeTask &beforeTask)
{
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto work = [&](bool caller) {
        while (!stop.load()) {
            try {
                if (caller)
                    beforeTask();
                const std::size_t i = next.fetch_add(1);
                if (i >= count)
                    return;
                task(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                stop = true;
            }
        }
    };
    const std::size_t helpers = std::min<std::size_t>(count, std::size_t(std::max(threads, 1))) - (count > 0 ? 1 : 0);
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < helpers; ++t) {
        try {
            pool.emplace_back(work, false);
        } catch (const std::system_error &) {   // no more threads: fewer do the work
            break;
        }
    }
    work(true);
    for (auto &t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

}   // namespace debut
