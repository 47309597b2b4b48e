#include "common/error.h"

namespace debut {

std::string Location::toString() const
{
    std::string s = file;
    if (line > 0) {
        s += ':' + std::to_string(line);
        if (column > 0)
            s += ':' + std::to_string(column);
    }
    if (!field.empty())
        s += s.empty() ? "[" + field + "]" : " [" + field + "]";
    return s;
}

}   // namespace debut
