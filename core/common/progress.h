#pragma once
// Progress and cancellation contract shared by every long call in core.
//
// A long call takes a `Progress` and calls it after each unit of work
// (a batch, a chunk of rows). Returning false asks the call to stop: it
// finishes or rolls back the current unit, leaves every file consistent and
// then throws `Cancelled` (inside core) which the façade turns into a
// Status::Cancelled result. Core starts no threads of its own for this: the
// caller decides where the work runs.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace debut {

// stage: short machine-readable phase name ("import", "train", "score" ...)
// done/total: units finished and expected (total <= 0 when unknown)
// message: human-readable detail, may be empty
using Progress =
    std::function<bool(std::string_view stage, std::int64_t done, std::int64_t total, std::string_view message)>;

// Thrown inside core when a Progress callback returned false.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

// Calls `progress` if set and throws Cancelled when it asks to stop.
inline void reportOrCancel(const Progress &progress, std::string_view stage, std::int64_t done, std::int64_t total,
                           std::string_view message = {})
{
    if (progress && !progress(stage, done, total, message))
        throw Cancelled();
}

}   // namespace debut
