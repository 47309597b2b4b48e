#pragma once
// WordPiece tokenizer as BERT uses it: the basic tokenizer (clean text, split
// CJK ideographs, optional lower-casing and accent stripping, split on
// whitespace and punctuation) followed by greedy longest-match-first WordPiece
// with the "##" continuation prefix; a word longer than maxCharsPerWord code
// points, or one that cannot be covered by pieces, becomes [UNK].
// Character classes and case/accent folding follow text/unicode.h (its header
// documents the scope). Special tokens written literally in the text ("[MASK]")
// are tokenized as ordinary text.
//
// encode() returns [CLS] pieces... [SEP] (those present in the vocabulary),
// truncated to maxLen tokens counting them; each piece's offsets are the byte
// span [begin, end) in the original UTF-8 text of the characters it covers
// (specials get {0,0}).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace debut {

struct WordPieceConfig {
    bool lowercase = true;
    std::optional<bool> stripAccents;   // unset: follows `lowercase` (as BERT does)
    bool cleanText = true;              // drop control chars, map whitespace to ' '
    bool splitCjk = true;               // every CJK ideograph is its own word
    std::string continuationPrefix = "##";
    int maxCharsPerWord = 100;
    std::string unkToken = "[UNK]", clsToken = "[CLS]", sepToken = "[SEP]", padToken = "[PAD]", maskToken = "[MASK]";
};

// A word of the basic tokenizer: normalised text and its byte span in the source.
struct BasicToken {
    std::string text;
    std::uint32_t begin = 0, end = 0;
};

class WordPieceTokenizer : public Tokenizer {
public:
    // vocab: one piece per line (id = line number, 0-based); throws debut::Error
    // when the file cannot be read or is empty, or has no unknown token.
    static std::shared_ptr<WordPieceTokenizer> fromVocabFile(const std::string &path,
                                                             const WordPieceConfig &config = {});
    static std::shared_ptr<WordPieceTokenizer> fromVocab(std::vector<std::string> vocab,
                                                         const WordPieceConfig &config = {});
    // Hugging Face tokenizer.json whose model is WordPiece: vocabulary, unknown
    // token, prefix, max chars, BertNormalizer flags (lowercase, strip_accents,
    // clean_text, handle_chinese_chars; also inside a Sequence) and the post
    // processor's CLS/SEP. Throws debut::Error (with the path) otherwise.
    static std::shared_ptr<WordPieceTokenizer> fromTokenizerJson(const std::string &path);
    static std::shared_ptr<WordPieceTokenizer> fromTokenizerJsonText(std::string_view json,
                                                                     const std::string &pathForErrors = {});

    // The basic tokenizer alone (normalised words with source spans).
    std::vector<BasicToken> basicTokenize(std::string_view text) const;
    // WordPiece of one normalised word: piece ids, or {unkId()} when it cannot be covered.
    // `ends` (optional) receives, per piece, the end of the piece in code points of `word`.
    std::vector<std::int32_t> wordPiece(std::string_view word, std::vector<std::size_t> *ends = nullptr) const;

    Encoding encode(std::string_view text, int maxLen) const override;
    std::vector<std::string> tokenizeToPieces(std::string_view text) const;   // no specials

    std::int32_t vocabSize() const override { return static_cast<std::int32_t>(m_vocab.size()); }
    std::int32_t padId() const override { return m_pad; }
    std::int32_t unkId() const override { return m_unk; }
    std::int32_t maskId() const override { return m_mask; }
    std::int32_t clsId() const { return m_cls; }
    std::int32_t sepId() const { return m_sep; }
    std::string piece(std::int32_t id) const override;
    std::int32_t pieceToId(std::string_view piece) const;   // -1 when absent
    std::int32_t firstNormalId() const override { return m_firstNormal; }
    std::string kind() const override { return "wordpiece"; }
    const WordPieceConfig &config() const { return m_config; }

private:
    Encoding encodeWhole(std::string_view text, int maxLen) const;   // encode() without the prefix bound
    WordPieceTokenizer() = default;
    void init();

    WordPieceConfig m_config;
    std::vector<std::string> m_vocab;
    std::unordered_map<std::string, std::int32_t> m_ids;
    std::int32_t m_pad = 0, m_unk = 0, m_cls = -1, m_sep = -1, m_mask = -1, m_firstNormal = 0;
};

}   // namespace debut
