#include "models/ziparchive.h"

#include <algorithm>

namespace debut::torchzip {

void Zip::parse()
{
    const std::uint64_t size = m_src.size();
    if (size < 22)
        throw m_src.fail("not a PyTorch file: too short (" + std::to_string(size) + " bytes)");
    unsigned char magic[4];
    m_src.read(0, magic, 4);
    if (le(magic, 4) != 0x04034b50) {
        if (magic[0] == 0x80)
            throw m_src.fail("legacy (pre-1.6) torch.save format is not supported; re-save it with "
                             "torch.save(..., _use_new_zipfile_serialization=True)");
        throw m_src.fail("not a PyTorch file (no zip signature)");
    }
    // The end-of-central-directory record is in the last 22 + 65535 bytes.
    const std::uint64_t window = std::min<std::uint64_t>(size, 22 + 65535);
    std::string tail = m_src.readString(size - window, static_cast<std::size_t>(window));
    std::int64_t pos = -1;
    for (std::int64_t i = static_cast<std::int64_t>(window) - 22; i >= 0; --i) {
        if (le(reinterpret_cast<const unsigned char *>(tail.data()) + i, 4) == 0x06054b50) {
            pos = i;
            break;
        }
    }
    if (pos < 0)
        throw m_src.fail("zip end record not found: truncated or corrupt file");
    const auto *eocd = reinterpret_cast<const unsigned char *>(tail.data()) + pos;
    std::uint64_t count = le(eocd + 10, 2), cdSize = le(eocd + 12, 4), cdOffset = le(eocd + 16, 4);
    const std::uint64_t eocdAbs = size - window + static_cast<std::uint64_t>(pos);
    if (count == 0xffff || cdSize == 0xffffffff || cdOffset == 0xffffffff) {
        if (eocdAbs < 20)
            throw m_src.fail("zip64 locator missing: corrupt file");
        unsigned char loc[20];
        m_src.read(eocdAbs - 20, loc, 20);
        if (le(loc, 4) != 0x07064b50)
            throw m_src.fail("zip64 locator missing: corrupt file");
        unsigned char z[56];
        m_src.read(le(loc + 8, 8), z, 56);
        if (le(z, 4) != 0x06064b50)
            throw m_src.fail("zip64 end record corrupt");
        count = le(z + 32, 8);
        cdSize = le(z + 40, 8);
        cdOffset = le(z + 48, 8);
    }
    if (cdOffset > size || cdSize > size - cdOffset)
        throw m_src.fail("zip central directory beyond the end of the file: truncated file");
    const std::string cd = m_src.readString(cdOffset, static_cast<std::size_t>(cdSize));
    const auto *p = reinterpret_cast<const unsigned char *>(cd.data());
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (cd.size() - at < 46 || le(p + at, 4) != 0x02014b50)
            throw m_src.fail("zip central directory corrupt at entry " + std::to_string(i));
        ZipEntry e;
        e.method = static_cast<std::uint16_t>(le(p + at + 10, 2));
        e.compressed = le(p + at + 20, 4);
        e.uncompressed = le(p + at + 24, 4);
        const std::size_t nameLen = le(p + at + 28, 2), extraLen = le(p + at + 30, 2), commentLen = le(p + at + 32, 2);
        e.localOffset = le(p + at + 42, 4);
        if (cd.size() - at - 46 < nameLen + extraLen + commentLen)
            throw m_src.fail("zip central directory corrupt at entry " + std::to_string(i));
        std::string name(cd.data() + at + 46, nameLen);
        // zip64 extended information: 8-byte fields for the ones saturated above.
        std::size_t x = at + 46 + nameLen;
        const std::size_t xEnd = x + extraLen;
        while (x + 4 <= xEnd) {
            const std::uint64_t id = le(p + x, 2), len = le(p + x + 2, 2);
            if (x + 4 + len > xEnd)
                break;
            if (id == 1) {
                std::size_t f = x + 4;
                auto take = [&](std::uint64_t &v) {
                    if (v == 0xffffffff && f + 8 <= x + 4 + len) {
                        v = le(p + f, 8);
                        f += 8;
                    }
                };
                take(e.uncompressed);
                take(e.compressed);
                take(e.localOffset);
            }
            x += 4 + len;
        }
        at += 46 + nameLen + extraLen + commentLen;
        m_entries[name] = e;
    }
}

}   // namespace debut::torchzip
