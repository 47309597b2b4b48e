#pragma once
// A row an import could not use, with where and why. `where.column` is the
// 1-based CSV/TSV field index (JSONL: byte offset in the line; 0 = whole row)
// and `where.field` the column's name when known.
#include <string>

#include "common/error.h"

namespace debut {

// Location without -Wmissing-field-initializers noise.
inline Location makeLocation(const std::string &file, long long line = 0, long long column = 0,
                             const std::string &field = {})
{
    Location l;
    l.file = file;
    l.line = line;
    l.column = column;
    l.field = field;
    return l;
}

struct RejectedRow {
    Location where;
    std::string reason;
    // "file:line:column [field]: reason"
    std::string toString() const { return where.toString() + ": " + reason; }
};

}   // namespace debut
