#pragma once
// Tokenizer of Universal Sentence Encoder Lite, reproducing the package
// runtime's own tokenizer (@energetic-ai/embeddings, derived from
// @tensorflow-models/universal-sentence-encoder) bit for bit — its ids are part
// of the parity fixture (tests/data/uselite/parity.json):
//   1. NFKC-normalise the text (ICU; without ICU at build time the text is used
//      as is and ids can differ for non-NFKC input).
//   2. Non-empty text gets a leading U+2581 '▁'; every U+0020 becomes '▁'
//      (tabs/newlines stay and are unknown characters).
//   3. Viterbi over code points with the unigram scores of vocab.json pieces
//      (a null score counts as 0, as in the reference's JavaScript arithmetic)
//      6..N-1 (ids 0..5 are reserved and never produced): a position where no
//      piece starts yields the unknown id 0 with score 0. Ties and the
//      "score 0 means unset" rule behave exactly as the reference does.
//   4. Runs of consecutive unknowns collapse into one id 0.
// Ids are vocabulary indices (the model's embedding table has 8002 rows). No
// special tokens are added. Offsets are byte ranges in the ORIGINAL UTF-8 text;
// a leading '▁' that stands for a space or the text start is excluded from a
// token's range unless the token is only separators (then it covers the space).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace debut {

class UseTokenizer final : public Tokenizer {
public:
    // Loads vocab.json ([[piece, score], ...]). Throws debut::Error naming the file
    // (and the entry index) when it is missing or malformed.
    static UseTokenizer load(const std::string &vocabJsonPath);
    // From pieces and scores directly (tests). pieces.size() == scores.size() > 6.
    UseTokenizer(std::vector<std::string> pieces, std::vector<double> scores);

    // maxLen > 0 keeps the first maxLen tokens (the model clips at 128).
    Encoding encode(std::string_view text, int maxLen) const override;
    std::int32_t vocabSize() const override { return static_cast<std::int32_t>(m_pieces.size()); }
    std::int32_t padId() const override { return 0; }   // padding is masked; the id is irrelevant
    std::int32_t unkId() const override { return 0; }
    // "extra_token_id_1": reserved, never produced by encode(), free for masked-LM.
    std::int32_t maskId() const override { return 3; }
    std::int32_t firstNormalId() const override { return kReserved; }
    std::string piece(std::int32_t id) const override;
    std::string kind() const override { return "use-lite"; }

    // NFKC as the reference applies it (identity when built without ICU).
    static std::string normalize(std::string_view text);
    static bool hasNfkc();

    static constexpr std::int32_t kReserved = 6;

private:
    Encoding encodeWhole(std::string_view text, int maxLen) const;   // encode() without the prefix bound
    struct Node {
        bool end = false;
        double score = 0.0;
        std::int32_t index = 0;
    };
    // Trie over code points: node 0 is the root; child of (node, code point) in m_children.
    std::int32_t child(std::int32_t node, char32_t cp) const;
    static std::uint64_t childKey(std::int32_t node, char32_t cp)
    {
        return (static_cast<std::uint64_t>(node) << 21) | static_cast<std::uint64_t>(cp);
    }
    std::vector<std::string> m_pieces;
    std::vector<std::int32_t> m_utf16Length;   // the reference steps back by JS string length
    std::vector<Node> m_nodes;
    std::unordered_map<std::uint64_t, std::int32_t> m_children;
};

}   // namespace debut
