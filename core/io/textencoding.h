#pragma once
// Text encodings the readers accept, detection, and UTF-8 validation.
#include <cstddef>
#include <string>
#include <string_view>

namespace debut {

enum class TextEncoding {
    Auto,      // detect: BOM -> UTF-8; valid UTF-8 -> UTF-8; otherwise GB18030 (a superset of GBK/GB2312)
    Utf8,      // UTF-8, with or without BOM
    Gb18030,   // GB18030 / GBK / GB2312, converted to UTF-8 with iconv
};

const char *textEncodingName(TextEncoding e);   // "auto" | "utf-8" | "gb18030"
// Accepts auto, utf-8, utf8, gb18030, gbk, gb2312 (case-insensitive).
bool parseTextEncoding(const std::string &s, TextEncoding &out);

// Length of the longest prefix of `s` made of complete, valid UTF-8 sequences
// (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). The prefix stops
// before the first invalid byte or before a sequence cut off by the end of `s`;
// utf8TailIsTruncated() tells the two apart for chunked input.
std::size_t validUtf8Prefix(std::string_view s);
// True when s[from..] is the start of a valid multi-byte sequence cut by the end of `s`.
bool utf8TailIsTruncated(std::string_view s, std::size_t from);

// Detects the encoding of a sample from the start of a file (BOM already
// removed): Utf8 when the sample is valid UTF-8 (a truncated final sequence is
// tolerated), Gb18030 otherwise.
TextEncoding detectEncoding(std::string_view sample);

}   // namespace debut
