#pragma once
// Word segmentation for explanations: the units a merchandiser reads.
//
// Latin and other space-separated scripts: maximal runs of letters/digits
// (any non-ASCII code point that is not punctuation, space or CJK counts as a
// letter); an apostrophe, hyphen, period or ampersand between two word
// characters joins ("don't", "t-shirt", "3.5", "H&M"). CJK (Han, Hiragana,
// Katakana, fullwidth forms' letters excluded): one word per character.
// Whitespace and punctuation (ASCII and Unicode general/CJK/fullwidth
// punctuation) separate words and belong to none.
//
// Offsets are byte offsets [begin, end) into the given UTF-8 string. Invalid
// UTF-8 bytes are treated as single letters (never dropped, never crash).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace debut {

struct WordPiece {
    std::size_t begin = 0;   // byte offset, inclusive
    std::size_t end = 0;     // byte offset, exclusive
};

std::vector<WordPiece> splitWords(std::string_view text);
// Only the words that begin before byte `beginLimit`; `*after` (optional) receives
// how many begin at or after it (counted, not stored: a 10 MB text costs no list).
std::vector<WordPiece> splitWords(std::string_view text, std::size_t beginLimit, std::size_t *after);

// `text` with bytes [begin, end) removed; when that leaves two separators
// (spaces) side by side or a separator at either end, one is dropped too.
std::string removeSpan(std::string_view text, std::size_t begin, std::size_t end);

// True for code points written without spaces (one word per character).
bool isCjk(char32_t cp);

}   // namespace debut
