#pragma once
// The bytes of a torch.save file (a file or a buffer) and its zip container:
// bounds-checked reads and the stored entries. Internal to the .bin reader
// (models/torchbin.cpp); every error names the file.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/bytesource.h"

namespace debut::torchzip {

inline std::uint64_t le(const unsigned char *p, int n)
{
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

// ---- zip -------------------------------------------------------------------

struct ZipEntry {
    std::uint16_t method = 0;
    std::uint64_t compressed = 0, uncompressed = 0, localOffset = 0;
};

class Zip {
public:
    explicit Zip(ByteSource &src) : m_src(src) { parse(); }

    const std::unordered_map<std::string, ZipEntry> &entries() const { return m_entries; }

    // Offset and size of a stored entry's data, checked against the file.
    std::pair<std::uint64_t, std::uint64_t> locate(const std::string &name)
    {
        auto it = m_entries.find(name);
        if (it == m_entries.end())
            throw m_src.fail("archive entry \"" + name + "\" is missing");
        const ZipEntry &e = it->second;
        if (e.method != 0)
            throw m_src.fail("archive entry \"" + name + "\" is compressed (method " + std::to_string(e.method) +
                             "); only stored entries, as torch.save writes them, are supported");
        if (e.compressed != e.uncompressed)
            throw m_src.fail("archive entry \"" + name + "\" has inconsistent sizes");
        unsigned char h[30];
        m_src.read(e.localOffset, h, 30);
        if (le(h, 4) != 0x04034b50)
            throw m_src.fail("archive entry \"" + name + "\": bad local header");
        const std::uint64_t data = e.localOffset + 30 + le(h + 26, 2) + le(h + 28, 2);
        if (data > m_src.size() || e.compressed > m_src.size() - data)
            throw m_src.fail("archive entry \"" + name + "\" goes beyond the end of the file: truncated file");
        return {data, e.compressed};
    }

private:
    void parse();

    ByteSource &m_src;
    std::unordered_map<std::string, ZipEntry> m_entries;
};

}   // namespace debut::torchzip
