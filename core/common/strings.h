#pragma once
// Prefix and suffix tests on byte strings (UTF-8 compares byte-wise, so they
// hold for any text).
#include <string_view>

namespace debut {

inline bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

inline bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}   // namespace debut
