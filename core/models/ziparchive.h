#pragma once
// The bytes of a torch.save file (a file or a buffer) and its zip container:
// bounds-checked reads and the stored entries. Internal to the .bin reader
// (models/torchbin.cpp); every error names the file.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/error.h"

namespace debut::torchzip {

// ---- bytes -----------------------------------------------------------------

class Source {
public:
    explicit Source(const std::string &name) : m_name(name) {}
    virtual ~Source() = default;
    virtual std::uint64_t size() const = 0;
    virtual void readRaw(std::uint64_t offset, void *dst, std::size_t n) = 0;
    void read(std::uint64_t offset, void *dst, std::size_t n)
    {
        if (offset > size() || n > size() - offset)
            throw fail("unexpected end of file at byte " + std::to_string(offset) + ": truncated file");
        if (n)
            readRaw(offset, dst, n);
    }
    std::string readString(std::uint64_t offset, std::size_t n)
    {
        if (offset > size() || n > size() - offset)
            throw fail("unexpected end of file at byte " + std::to_string(offset) + ": truncated file");
        std::string s(n, '\0');
        read(offset, s.data(), n);
        return s;
    }
    Error fail(const std::string &msg, const std::string &field = {}) const
    {
        return Error(Location{m_name, 0, 0, field}, msg);
    }
    const std::string &name() const { return m_name; }

private:
    std::string m_name;
};

class FileSource : public Source {
public:
    explicit FileSource(const std::string &path) : Source(path), m_in(path, std::ios::binary)
    {
        if (!m_in)
            throw fail("cannot open file");
        m_in.seekg(0, std::ios::end);
        const auto end = m_in.tellg();
        if (end < 0)
            throw fail("cannot determine the file size");
        m_size = static_cast<std::uint64_t>(end);
    }
    std::uint64_t size() const override { return m_size; }
    void readRaw(std::uint64_t offset, void *dst, std::size_t n) override
    {
        m_in.clear();
        m_in.seekg(static_cast<std::streamoff>(offset));
        m_in.read(static_cast<char *>(dst), static_cast<std::streamsize>(n));
        if (!m_in)
            throw fail("read error at byte " + std::to_string(offset));
    }

private:
    std::ifstream m_in;
    std::uint64_t m_size = 0;
};

class MemorySource : public Source {
public:
    MemorySource(const void *data, std::size_t size, const std::string &name)
        : Source(name), m_data(static_cast<const unsigned char *>(data)), m_size(size)
    {}
    std::uint64_t size() const override { return m_size; }
    void readRaw(std::uint64_t offset, void *dst, std::size_t n) override { std::memcpy(dst, m_data + offset, n); }

private:
    const unsigned char *m_data;
    std::size_t m_size;
};

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
    explicit Zip(Source &src) : m_src(src) { parse(); }

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

    Source &m_src;
    std::unordered_map<std::string, ZipEntry> m_entries;
};

}   // namespace debut::torchzip
