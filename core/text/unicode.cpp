#include "text/unicode.h"

namespace debut::unicode {

char32_t decodeUtf8(std::string_view s, std::size_t &pos)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char c = byte(pos);
    if (c < 0x80) {
        ++pos;
        return c;
    }
    int n = 0;
    char32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
        n = 1;
        cp = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        cp = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        ++pos;
        return 0xFFFD;
    }
    for (int i = 1; i <= n; ++i) {
        if (pos + i >= s.size() || (byte(pos + i) & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return 0xFFFD;
    }
    pos += n + 1;
    return cp;
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::size_t length(std::string_view s)
{
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.size(); ++n)
        decodeUtf8(s, pos);
    return n;
}

bool isWhitespace(char32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool isControl(char32_t c)
{
    if (c == '\t' || c == '\n' || c == '\r')
        return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || (c >= 0x600 && c <= 0x605) || c == 0x61C ||
           c == 0x6DD || c == 0x70F || c == 0x180E || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
}

bool isPunctuation(char32_t c)
{
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
        return true;
    switch (c) {
    case 0xA1:
    case 0xA7:
    case 0xAB:
    case 0xB6:
    case 0xB7:
    case 0xBB:
    case 0xBF:
    case 0x37E:
    case 0x387:
    case 0x55A:
    case 0x55B:
    case 0x55C:
    case 0x55D:
    case 0x55E:
    case 0x55F:
    case 0x589:
    case 0x58A:
    case 0x5BE:
    case 0x5C0:
    case 0x5C3:
    case 0x5C6:
    case 0x5F3:
    case 0x5F4:
    case 0x609:
    case 0x60A:
    case 0x60C:
    case 0x60D:
    case 0x61B:
    case 0x61E:
    case 0x61F:
    case 0x66A:
    case 0x66B:
    case 0x66C:
    case 0x66D:
    case 0x6D4:
    case 0x964:
    case 0x965:
    case 0x970:
    case 0xE4F:
    case 0xE5A:
    case 0xE5B:
    case 0x3030:
    case 0x303D:
    case 0x30A0:
    case 0x30FB:
    case 0xFE63:
    case 0xFE68:
    case 0xFE6A:
    case 0xFE6B: return true;
    default: break;
    }
    return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x2043) || (c >= 0x2045 && c <= 0x2051) ||
           (c >= 0x2053 && c <= 0x205E) || (c >= 0x2E00 && c <= 0x2E4F) || (c >= 0x3001 && c <= 0x3003) ||
           (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) || (c >= 0xFE10 && c <= 0xFE19) ||
           (c >= 0xFE30 && c <= 0xFE52) || (c >= 0xFE54 && c <= 0xFE61) || (c >= 0xFF01 && c <= 0xFF03) ||
           (c >= 0xFF05 && c <= 0xFF0A) || (c >= 0xFF0C && c <= 0xFF0F) || c == 0xFF1A || c == 0xFF1B || c == 0xFF1F ||
           c == 0xFF20 || (c >= 0xFF3B && c <= 0xFF3D) || c == 0xFF3F || c == 0xFF5B || c == 0xFF5D ||
           (c >= 0xFF5F && c <= 0xFF65);
}

bool isCjk(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool isUnsegmentedScript(char32_t c)
{
    return isCjk(c) || (c >= 0x3040 && c <= 0x30FF)   // kana
           || (c >= 0x31F0 && c <= 0x31FF)            // kana extensions
           || (c >= 0x0E00 && c <= 0x0EFF)            // Thai, Lao
           || (c >= 0x1000 && c <= 0x109F)            // Myanmar
           || (c >= 0x1780 && c <= 0x17FF);           // Khmer
}

bool isCombiningMark(char32_t c)
{
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

char32_t toLower(char32_t c, char32_t *second)
{
    if (second)
        *second = 0;
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130) {
            if (second)
                *second = 0x307;
            return 'i';
        }
        if (c == 0x178)
            return 0xFF;
        if ((c <= 0x12F || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) && c % 2 == 0)
            return c + 1;
        if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && c % 2 == 1)
            return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 0x20;
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 0x25;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 0x3F;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0xFF21 && c <= 0xFF3A)
        return c + 0x20;
    return c;
}

char32_t stripAccent(char32_t c)
{
    // Base letters of U+00C0..U+017F under canonical decomposition; '-' = none.
    static const char kBase[] = "AAAAAA-CEEEEIIII"
                                "-NOOOOO--UUUUY--"
                                "aaaaaa-ceeeeiiii"
                                "-nooooo--uuuuy-y"
                                "AaAaAaCcCcCcCcDd"
                                "--EeEeEeEeEeGgGg"
                                "GgGgHh--IiIiIiIi"
                                "I---JjKk-LlLlLl-"
                                "---NnNnNn---OoOo"
                                "Oo--RrRrRrSsSsSs"
                                "SsTtTt--UuUuUuUu"
                                "UuUuWwYyYZzZzZz-";
    static_assert(sizeof(kBase) == 0x180 - 0xC0 + 1, "table covers U+00C0..U+017F");
    if (c >= 0xC0 && c < 0x180) {
        const char b = kBase[c - 0xC0];
        return b == '-' ? c : static_cast<char32_t>(b);
    }
    return c;
}

}   // namespace debut::unicode
