#pragma once
// TextSource: streams a text file as UTF-8 chunks (about 1 MiB each), so a
// reader never holds the whole file.
//
// - A UTF-8 BOM (and a GB18030 BOM) is removed; a UTF-16/32 BOM is an Error.
// - Encoding Auto: the first chunk decides (valid UTF-8 -> UTF-8, else GB18030).
//   UTF-8 input is validated as it streams; GB18030 goes through iconv.
// - NUL bytes (binary files, UTF-16 without BOM) are an Error.
// Errors throw debut::Error with Location{file, line} where line is the
// 1-based physical line of the offending byte.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "io/textencoding.h"

namespace debut {

class TextSource {
public:
    static constexpr std::size_t kChunkSize = 1 << 20;

    // Opens `path` and decodes its first chunk (available through head()).
    TextSource(const std::string &path, TextEncoding encoding = TextEncoding::Auto);
    ~TextSource();
    TextSource(const TextSource &) = delete;
    TextSource &operator=(const TextSource &) = delete;

    // The decoded first chunk, for sniffing formats; read() returns it first.
    const std::string &head() const { return m_head; }
    // Replaces `out` with the next UTF-8 chunk; false at end of file (out empty).
    bool read(std::string &out);

    const std::string &path() const { return m_path; }
    TextEncoding encoding() const { return m_encoding; }   // resolved (never Auto)
    bool hadBom() const { return m_bom; }
    std::int64_t bytesRead() const { return m_bytesRead; }   // raw bytes consumed so far
    std::int64_t totalBytes() const { return m_totalBytes; }

private:
    void init();                         // constructor body after fopen (BOM, detection, iconv)
    bool decodeNext(std::string &out);   // reads + decodes one raw chunk
    [[noreturn]] void failAt(std::size_t rawOffset, const std::string &why) const;

    std::string m_path;
    std::FILE *m_file = nullptr;
    TextEncoding m_encoding = TextEncoding::Auto;
    bool m_bom = false;
    bool m_detected = false;   // encoding chosen by detection (Auto)
    bool m_eof = false;
    bool m_headPending = true;
    std::string m_head;
    std::string m_raw;   // current raw chunk (with carried-over partial sequence in front)
    std::int64_t m_bytesRead = 0;
    std::int64_t m_totalBytes = 0;
    std::int64_t m_linesBefore = 0;   // newlines in raw bytes before m_raw
    void *m_iconv = nullptr;          // iconv_t
};

}   // namespace debut
