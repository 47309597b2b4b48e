#pragma once
// Helpers shared by the libFuzzer targets: the readers under test take file
// paths, so each input is written to a per-process scratch file first.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace debut::fuzz {

// A scratch directory private to this process (removed at exit by the OS tmp cleaner;
// small: one input at a time).
inline std::filesystem::path scratchDir()
{
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("debut-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

// Writes `size` bytes to scratchDir()/name and returns the path.
inline std::string writeScratch(const std::string &name, const std::uint8_t *data, std::size_t size)
{
    const std::string path = (scratchDir() / name).string();
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        std::abort();
    if (size && std::fwrite(data, 1, size, f) != size)
        std::abort();
    std::fclose(f);
    return path;
}

}   // namespace debut::fuzz
