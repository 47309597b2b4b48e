#pragma once
// Helpers shared by the hostile-input tests: write a crafted file, and check that
// a call fails with debut::Error carrying a given phrase.
#include <filesystem>
#include <fstream>
#include <string>

#include "common/error.h"

inline void writeFile(const std::filesystem::path &p, const std::string &text)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

// Whether `fn` throws debut::Error whose message contains `needle` (the message
// goes to `message` when given).
template <class F>
bool throwsWith(F fn, const std::string &needle, std::string *message = nullptr)
{
    try {
        fn();
    } catch (const debut::Error &e) {
        if (message)
            *message = e.what();
        return std::string(e.what()).find(needle) != std::string::npos;
    }
    return false;
}
