#pragma once
// Random access to the bytes of a file or a memory buffer, bounds-checked, for
// the readers of untrusted binary formats (models/safetensors.cpp, the .bin
// reader's zip container). Every error names the file.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include "common/error.h"

namespace debut {

class ByteSource {
public:
    explicit ByteSource(const std::string &name) : m_name(name) {}
    virtual ~ByteSource() = default;
    virtual std::uint64_t size() const = 0;
    // Exactly n bytes at offset; "truncated file" when they are not all there.
    void read(std::uint64_t offset, void *dst, std::size_t n)
    {
        check(offset, n);
        if (n)
            readRaw(offset, dst, n);
    }
    // Checked before the string is allocated: a hostile size fails, not the allocation.
    std::string readString(std::uint64_t offset, std::size_t n)
    {
        check(offset, n);
        std::string s(n, '\0');
        if (n)
            readRaw(offset, s.data(), n);
        return s;
    }
    Error fail(const std::string &msg, const std::string &field = {}) const
    {
        return Error(Location{m_name, 0, 0, field}, msg);
    }
    const std::string &name() const { return m_name; }

protected:
    // n > 0 bytes inside [0, size()).
    virtual void readRaw(std::uint64_t offset, void *dst, std::size_t n) = 0;

private:
    void check(std::uint64_t offset, std::size_t n) const
    {
        if (offset > size() || n > size() - offset)
            throw fail("unexpected end of file at byte " + std::to_string(offset) + ": truncated file");
    }

    std::string m_name;
};

class FileSource : public ByteSource {
public:
    explicit FileSource(const std::string &path) : ByteSource(path), m_in(path, std::ios::binary)
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

protected:
    void readRaw(std::uint64_t offset, void *dst, std::size_t n) override
    {
        m_in.clear();
        m_in.seekg(static_cast<std::streamoff>(offset));
        m_in.read(static_cast<char *>(dst), static_cast<std::streamsize>(n));
        if (!m_in || static_cast<std::size_t>(m_in.gcount()) != n)
            throw fail("read error at byte " + std::to_string(offset));
    }

private:
    std::ifstream m_in;
    std::uint64_t m_size = 0;
};

class MemorySource : public ByteSource {
public:
    MemorySource(const void *data, std::size_t size, const std::string &name)
        : ByteSource(name), m_data(static_cast<const unsigned char *>(data)), m_size(size)
    {}
    std::uint64_t size() const override { return m_size; }

protected:
    void readRaw(std::uint64_t offset, void *dst, std::size_t n) override { std::memcpy(dst, m_data + offset, n); }

private:
    const unsigned char *m_data;
    std::size_t m_size;
};

}   // namespace debut
