#pragma once
// Tokenizer contract used by every encoder.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace debut {

struct Encoding {
    std::vector<std::int32_t> ids;
    // Byte offsets [begin, end) of each token in the UTF-8 source text.
    // Special tokens ([CLS], <s>, ...) get {0,0}.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> offsets;
};

// Long texts (a 10 MB description): the tokenizers below build their lattice or
// word list over the text they are given, so encode() with maxLen > 0 tokenizes
// a prefix of about maxLen * kBytesPerToken bytes, cut after whitespace (else at
// a UTF-8 boundary), and doubles it while the prefix yields fewer than maxLen
// tokens and text remains. Words before the cut segment as in the whole text,
// so the first maxLen tokens are those of the whole text; the work and memory
// are bounded by maxLen, not by the text.
constexpr std::size_t kBytesPerToken = 16;

// The cut position for a prefix of at most `limit` bytes (== text.size() when it fits).
inline std::size_t tokenPrefixEnd(std::string_view text, std::size_t limit)
{
    if (text.size() <= limit)
        return text.size();
    // After the last ASCII whitespace in the second half of the window, else at
    // the last UTF-8 lead byte.
    for (std::size_t i = limit; i > limit / 2; --i) {
        const char c = text[i - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return i;
    }
    std::size_t i = limit;
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
        --i;
    return i;
}

// Runs `encodeText(prefix, maxLen)` on growing prefixes as described above.
template <class EncodeText>
Encoding encodeBounded(std::string_view text, int maxLen, EncodeText &&encodeText)
{
    if (maxLen <= 0)
        return encodeText(text, maxLen);
    std::size_t limit = static_cast<std::size_t>(maxLen) * kBytesPerToken;
    while (true) {
        const std::size_t end = tokenPrefixEnd(text, limit);
        Encoding e = encodeText(text.substr(0, end), maxLen);
        if (end >= text.size() || e.ids.size() >= static_cast<std::size_t>(maxLen))
            return e;
        limit = limit > text.size() / 2 ? text.size() : limit * 2;
    }
}

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    // Tokenizes with the model's special tokens added and truncated to maxLen
    // tokens (maxLen <= 0: no limit).
    virtual Encoding encode(std::string_view text, int maxLen) const = 0;
    virtual std::int32_t vocabSize() const = 0;
    virtual std::int32_t padId() const = 0;
    virtual std::int32_t unkId() const = 0;
    // Id used for masked-LM masking; -1 when the vocabulary has none.
    virtual std::int32_t maskId() const = 0;
    virtual std::string piece(std::int32_t id) const = 0;
    // First id that is a normal (non-special) piece; random replacement in
    // masked-LM draws from [firstNormalId, vocabSize).
    virtual std::int32_t firstNormalId() const { return 0; }
    virtual std::string kind() const = 0;   // "sentencepiece", "use-lite", "wordpiece"
};

}   // namespace debut
