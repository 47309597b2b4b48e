#include "explain/words.h"

namespace debut {

namespace {

// Decodes one code point at text[i]; returns its byte length (1 for invalid bytes).
std::size_t decode(std::string_view text, std::size_t i, char32_t &cp)
{
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) {
        cp = 0xFFFD;
        return 1;
    }
    cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(text[i + k]);
        if ((cc & 0xC0) != 0x80) {
            cp = 0xFFFD;
            return 1;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    return len;
}

bool isSpaceOrPunct(char32_t cp)
{
    if (cp < 0x80)
        return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    return (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA)   // Latin-1 punctuation/symbols
           || cp == 0xD7 || cp == 0xF7                                            // × ÷
           || (cp >= 0x2000 && cp <= 0x206F)                                      // general punctuation, spaces
           || (cp >= 0x20A0 && cp <= 0x20CF)                                      // currency symbols
           || (cp >= 0x2190 && cp <= 0x2BFF)                                      // arrows, math, shapes
           || (cp >= 0x3000 && cp <= 0x303F)                                      // CJK punctuation
           || (cp >= 0xFE30 && cp <= 0xFE4F)                                      // CJK compatibility forms
           || (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20)    // fullwidth punctuation
           || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF;
}

bool isJoiner(char32_t cp) { return cp == '\'' || cp == '-' || cp == '.' || cp == '&' || cp == 0x2019; }

}   // namespace

bool isCjk(char32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF)         // Hiragana, Katakana
           || (cp >= 0x3400 && cp <= 0x4DBF)      // CJK ext A
           || (cp >= 0x4E00 && cp <= 0x9FFF)      // CJK unified
           || (cp >= 0xF900 && cp <= 0xFAFF)      // compatibility ideographs
           || (cp >= 0x20000 && cp <= 0x2FA1F);   // ext B.. and compat supplement
}

std::vector<WordPiece> splitWords(std::string_view text) { return splitWords(text, std::string_view::npos, nullptr); }

std::vector<WordPiece> splitWords(std::string_view text, std::size_t beginLimit, std::size_t *after)
{
    std::vector<WordPiece> words;
    std::size_t later = 0;
    auto emit = [&](const WordPiece &w) {
        if (w.begin < beginLimit)
            words.push_back(w);
        else
            ++later;
    };
    std::size_t i = 0;
    bool inWord = false;
    WordPiece cur;
    while (i < text.size()) {
        char32_t cp;
        const std::size_t len = decode(text, i, cp);
        if (isCjk(cp)) {
            if (inWord)
                emit(cur);
            inWord = false;
            emit({i, i + len});
        } else if (isSpaceOrPunct(cp)) {
            bool joined = false;
            if (inWord && isJoiner(cp) && i + len < text.size()) {
                char32_t next;
                decode(text, i + len, next);
                joined = !isSpaceOrPunct(next) && !isCjk(next);
            }
            if (!joined && inWord) {
                emit(cur);
                inWord = false;
            }
        } else {
            if (!inWord) {
                cur.begin = i;
                inWord = true;
            }
            cur.end = i + len;
        }
        i += len;
        if (inWord)
            cur.end = i;
    }
    if (inWord)
        emit(cur);
    if (after)
        *after = later;
    return words;
}

std::string removeSpan(std::string_view text, std::size_t begin, std::size_t end)
{
    if (begin > text.size())
        begin = text.size();
    if (end > text.size())
        end = text.size();
    if (end < begin)
        end = begin;
    const bool spaceBefore = begin == 0 || text[begin - 1] == ' ';
    const bool spaceAfter = end == text.size() || text[end] == ' ';
    // Drop one adjacent space so "a b c" minus "b" reads "a c", not "a  c".
    if (spaceBefore && spaceAfter) {
        if (end < text.size())
            ++end;
        else if (begin > 0)
            --begin;
    }
    std::string out;
    out.reserve(text.size() - (end - begin));
    out.append(text.substr(0, begin));
    out.append(text.substr(end));
    return out;
}

}   // namespace debut
