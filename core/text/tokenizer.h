#pragma once
// Tokenizer contract used by every encoder.
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
    virtual std::string kind() const = 0;  // "sentencepiece", "use-lite", "wordpiece"
};

} // namespace debut
