#pragma once
// Whole-file reads for tests (binary, "" when the file cannot be read).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

inline std::string readAll(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
