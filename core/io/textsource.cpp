#include "io/textsource.h"

#include <iconv.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "io/rejectedrow.h"

namespace debut {

TextSource::TextSource(const std::string &path, TextEncoding encoding) : m_path(path), m_encoding(encoding)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(makeLocation(path), std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode))
        throw Error(makeLocation(path), "is a directory, not a file");
    m_totalBytes = std::int64_t(st.st_size);
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file)
        throw Error(makeLocation(path), std::string("cannot open: ") + std::strerror(errno));

    // A constructor that throws runs no destructor: release the file (and iconv) here.
    try {
        init();
    } catch (...) {
        if (m_iconv)
            iconv_close(iconv_t(m_iconv));
        std::fclose(m_file);
        throw;
    }
}

void TextSource::init()
{
    const std::string &path = m_path;
    // Look at the first bytes for a byte-order mark.
    m_raw.resize(kChunkSize);
    std::size_t n = std::fread(&m_raw[0], 1, kChunkSize, m_file);
    m_raw.resize(n);
    m_bytesRead = std::int64_t(n);
    if (n < kChunkSize)
        m_eof = true;
    auto startsWith = [&](const char *bom, std::size_t len) {
        return n >= len && std::memcmp(m_raw.data(), bom, len) == 0;
    };
    if (startsWith("\xEF\xBB\xBF", 3)) {
        m_raw.erase(0, 3);
        m_bom = true;
        if (m_encoding == TextEncoding::Auto)
            m_encoding = TextEncoding::Utf8;
    } else if (startsWith("\x84\x31\x95\x33", 4)) {
        m_raw.erase(0, 4);
        m_bom = true;
        if (m_encoding == TextEncoding::Auto)
            m_encoding = TextEncoding::Gb18030;
    } else if (startsWith("\xFF\xFE", 2) || startsWith("\xFE\xFF", 2)) {
        throw Error(makeLocation(path, 1), "UTF-16 text is not supported; save the file as UTF-8");
    }
    if (m_encoding == TextEncoding::Auto) {
        // NUL bytes first: binary garbage must not be "detected" as GB18030.
        if (std::memchr(m_raw.data(), 0, m_raw.size()))
            failAt(std::size_t(static_cast<const char *>(std::memchr(m_raw.data(), 0, m_raw.size())) - m_raw.data()),
                   "binary data (NUL byte): not a text file (UTF-16 is not supported)");
        m_encoding = detectEncoding(m_raw);
        m_detected = true;
    }
    if (m_encoding == TextEncoding::Gb18030) {
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        if (cd == iconv_t(-1))
            throw Error(makeLocation(path), "GB18030 conversion is not available (iconv)");
        m_iconv = cd;
    }
    decodeNext(m_head);
}

TextSource::~TextSource()
{
    if (m_iconv)
        iconv_close(iconv_t(m_iconv));
    if (m_file)
        std::fclose(m_file);
}

void TextSource::failAt(std::size_t rawOffset, const std::string &why) const
{
    std::size_t end = std::min(rawOffset, m_raw.size());
    std::int64_t line =
        m_linesBefore + std::int64_t(std::count(m_raw.begin(), m_raw.begin() + std::ptrdiff_t(end), '\n')) + 1;
    throw Error(makeLocation(m_path, line), why);
}

bool TextSource::read(std::string &out)
{
    if (m_headPending) {
        m_headPending = false;
        out.swap(m_head);
        std::string().swap(m_head);
        if (!out.empty())
            return true;
    }
    out.clear();
    while (out.empty()) {
        if (!decodeNext(out))
            return false;
    }
    return true;
}

bool TextSource::decodeNext(std::string &out)
{
    out.clear();
    // m_raw holds bytes not yet decoded (a partial sequence carried over, or the
    // first chunk read by the constructor). Top it up unless that first chunk is pending.
    if (!m_eof && (m_raw.empty() || m_raw.size() < 8)) {
        std::size_t keep = m_raw.size();
        m_raw.resize(keep + kChunkSize);
        std::size_t n = std::fread(&m_raw[keep], 1, kChunkSize, m_file);
        m_raw.resize(keep + n);
        m_bytesRead += std::int64_t(n);
        if (n < kChunkSize) {
            if (std::ferror(m_file))
                throw Error(makeLocation(m_path), std::string("read error: ") + std::strerror(errno));
            m_eof = true;
        }
    }
    if (m_raw.empty())
        return false;
    if (const void *nul = std::memchr(m_raw.data(), 0, m_raw.size()))
        failAt(std::size_t(static_cast<const char *>(nul) - m_raw.data()),
               "binary data (NUL byte): not a text file (UTF-16 is not supported)");

    std::size_t consumed = 0;
    if (m_encoding == TextEncoding::Utf8) {
        std::size_t ok = validUtf8Prefix(m_raw);
        if (ok < m_raw.size()) {
            if (m_eof || !utf8TailIsTruncated(m_raw, ok)) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", unsigned(static_cast<unsigned char>(m_raw[ok])));
                failAt(ok,
                       std::string("invalid UTF-8 (byte ") + hex + "); for GBK/GB18030 files use --encoding gb18030");
            }
        }
        out.assign(m_raw, 0, ok);
        consumed = ok;
    } else {
        iconv_t cd = iconv_t(m_iconv);
        out.resize(m_raw.size() * 2 + 64);
        char *in = &m_raw[0];
        std::size_t inLeft = m_raw.size();
        char *outp = &out[0];
        std::size_t outLeft = out.size();
        while (inLeft > 0) {
            std::size_t r = iconv(cd, &in, &inLeft, &outp, &outLeft);
            if (r != std::size_t(-1))
                break;
            if (errno == E2BIG) {
                std::size_t used = std::size_t(outp - &out[0]);
                out.resize(out.size() * 2);
                outp = &out[0] + used;
                outLeft = out.size() - used;
                continue;
            }
            std::size_t at = std::size_t(in - &m_raw[0]);
            if (errno == EINVAL && !m_eof)
                break;   // sequence cut by the chunk end: carried over
            if (errno == EINVAL)
                failAt(at, "truncated GB18030 sequence at end of file");
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", unsigned(static_cast<unsigned char>(m_raw[at])));
            failAt(at,
                   m_detected
                       ? std::string("neither UTF-8 nor GB18030/GBK text (byte ") + hex + "); save the file as UTF-8"
                       : std::string("invalid GB18030/GBK byte sequence (byte ") + hex + "); try --encoding utf-8");
        }
        out.resize(std::size_t(outp - &out[0]));
        consumed = std::size_t(in - &m_raw[0]);
    }
    if (consumed == 0 && m_eof)
        failAt(0, "truncated multi-byte sequence at end of file");
    m_linesBefore += std::count(m_raw.begin(), m_raw.begin() + std::ptrdiff_t(consumed), '\n');
    m_raw.erase(0, consumed);
    return true;
}

}   // namespace debut
