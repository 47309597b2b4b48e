#pragma once
// The one mapping from exceptions to a Status at the façade boundary (core may
// throw; the façade returns a result). Every façade call ends its work in
// guarded(), or, when it must clean up by outcome, in `catch (...)` with
// statusOfCurrentException().
//   Cancelled            -> Cancelled ("cancelled")
//   debut::Error         -> UserError, the message as thrown ("FILE:LINE:COL: reason")
//   c10::Error (LibTorch: a shape, dtype or memory problem of the user's model
//              or data)  -> UserError, the message without LibTorch's C++ backtrace
//   other std::exception -> Internal, its what()
//   anything else        -> Internal, "unknown error"
#include "common/error.h"

namespace debut {

// Call only inside a catch block.
Status statusOfCurrentException();

template <class Fn>
Status guarded(Fn &&fn)
{
    try {
        fn();
        return Status::success();
    } catch (...) {
        return statusOfCurrentException();
    }
}

}   // namespace debut
