#include "project/guard.h"

#include <c10/util/Exception.h>

#include "common/progress.h"

namespace debut {

Status statusOfCurrentException()
{
    try {
        throw;
    } catch (const Cancelled &) {
        return Status::cancelled();
    } catch (const Error &e) {
        return Status::error(e.what());
    } catch (const c10::Error &e) {
        return Status::error(e.what_without_backtrace());
    } catch (const std::exception &e) {
        return {StatusCode::Internal, e.what()};
    } catch (...) {
        return {StatusCode::Internal, "unknown error"};
    }
}

}   // namespace debut
