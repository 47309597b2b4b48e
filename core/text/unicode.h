#pragma once
// Small Unicode helpers for the tokenizers: UTF-8 decode/encode and the character
// classes BERT's basic tokenizer needs. Scope (documented, deliberate):
//  - whitespace: ASCII whitespace and the Zs space separators.
//  - control: Cc and the common Cf format characters (soft hyphen, zero-width and
//    bidi marks, BOM); \t \n \r count as whitespace, not control.
//  - punctuation: ASCII symbols/punctuation (as BERT: every non-alphanumeric
//    printable ASCII char), Unicode P* in Latin-1, General Punctuation
//    (U+2010–U+205E), CJK Symbols and Punctuation, CJK compatibility/small forms
//    and the fullwidth ASCII punctuation (U+FF01–U+FF65).
//  - CJK: the CJK Unified Ideograph blocks BERT uses (incl. extensions A–E and
//    compatibility ideographs).
//  - lower-casing: ASCII, Latin-1, Latin Extended-A, basic Greek and Cyrillic,
//    fullwidth Latin; other characters are left unchanged.
//  - accent stripping: combining marks (U+0300–U+036F and the other combining
//    diacritical blocks) are dropped; precomposed letters of Latin-1 and Latin
//    Extended-A map to their base letter as NFD would (Æ, Ø, ß, Đ, Ł, Œ ... have no
//    canonical decomposition and stay). Other scripts' precomposed letters stay.
#include <cstddef>
#include <string>
#include <string_view>

namespace debut::unicode {

// Decodes the code point at s[pos] and advances pos past it. Malformed or
// truncated sequences yield U+FFFD and advance by one byte.
char32_t decodeUtf8(std::string_view s, std::size_t &pos);
void appendUtf8(std::string &out, char32_t cp);
// Number of code points (malformed bytes count as one each).
std::size_t length(std::string_view s);

bool isWhitespace(char32_t cp);
bool isControl(char32_t cp);
bool isPunctuation(char32_t cp);
bool isCjk(char32_t cp);
// Scripts written without spaces between words: CJK ideographs, kana (and its
// extensions), Thai, Lao, Myanmar, Khmer. Korean is spaced and not among them.
bool isUnsegmentedScript(char32_t cp);
bool isCombiningMark(char32_t cp);

// Lower-cases one code point; `second` receives a second code point when the
// lower case is two characters (U+0130 İ -> i + U+0307), else 0.
char32_t toLower(char32_t cp, char32_t *second = nullptr);
// Base letter of a precomposed Latin-1 / Latin Extended-A letter, else cp itself.
char32_t stripAccent(char32_t cp);

}   // namespace debut::unicode
