#include "io/textencoding.h"

#include <cctype>

namespace debut {

const char *textEncodingName(TextEncoding e)
{
    switch (e) {
    case TextEncoding::Auto: return "auto";
    case TextEncoding::Utf8: return "utf-8";
    case TextEncoding::Gb18030: return "gb18030";
    }
    return "auto";
}

bool parseTextEncoding(const std::string &s, TextEncoding &out)
{
    std::string l;
    for (char c : s)
        l += char(std::tolower((unsigned char)c));
    if (l == "auto")
        out = TextEncoding::Auto;
    else if (l == "utf-8" || l == "utf8")
        out = TextEncoding::Utf8;
    else if (l == "gb18030" || l == "gbk" || l == "gb2312" || l == "cp936")
        out = TextEncoding::Gb18030;
    else
        return false;
    return true;
}

std::size_t validUtf8Prefix(std::string_view s)
{
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII fast path, 8 bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t w;
            __builtin_memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c == 0xE0) {
            len = 3;
            lo = 0xA0;
        } else if (c >= 0xE1 && c <= 0xEC)
            len = 3;
        else if (c == 0xED) {
            len = 3;
            hi = 0x9F;
        } else if (c >= 0xEE && c <= 0xEF)
            len = 3;
        else if (c == 0xF0) {
            len = 4;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3)
            len = 4;
        else if (c == 0xF4) {
            len = 4;
            hi = 0x8F;
        } else
            return i;
        for (std::size_t k = 1; k < len; ++k) {
            if (i + k >= n)
                return i;   // truncated: the prefix stops before it either way
            unsigned char b = p[i + k];
            unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
            if (b < l || b > h)
                return i;
        }
        i += len;
    }
    return i;
}

bool utf8TailIsTruncated(std::string_view s, std::size_t from)
{
    if (from >= s.size() || s.size() - from > 3)
        return false;
    unsigned char c = static_cast<unsigned char>(s[from]);
    std::size_t need = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (need <= s.size() - from)
        return false;
    for (std::size_t k = from + 1; k < s.size(); ++k)
        if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80)
            return false;
    return true;
}

TextEncoding detectEncoding(std::string_view sample)
{
    std::size_t ok = validUtf8Prefix(sample);
    if (ok == sample.size() || utf8TailIsTruncated(sample, ok))
        return TextEncoding::Utf8;
    return TextEncoding::Gb18030;
}

}   // namespace debut
