#pragma once
// SentencePiece tokenizer (unigram or BPE) through the static SentencePiece
// library: load a `.model` file or its serialized bytes, or train one in memory
// on a list of texts (a project's catalogue). The model bytes (`serialized()`)
// are what a project stores in its file to reopen the tokenizer exactly.
//
// Special tokens. Models trained here have, in this order:
//   0 [PAD]  1 [UNK]  2 [CLS]  3 [SEP]  4 [MASK]  then the options' extra special
//   pieces (control symbols, never produced from text), then normal pieces.
// For a model loaded from elsewhere the tokenizer looks the specials up by piece:
// [CLS] or <s>, [SEP] or </s>, [MASK] or <mask>, [PAD] or <pad> (else the model's
// pad_id, else the unknown id).
//
// encode() adds [CLS] ... [SEP] when the model has them and truncates to maxLen
// tokens counting them. Offsets are byte offsets into the given UTF-8 text of the
// piece's surface, with whitespace that SentencePiece folds into "▁" excluded
// (a piece that is only "▁" gets an empty span at its position).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "text/tokenizer.h"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace debut {

struct SpTrainOptions {
    enum class ModelType { Unigram, Bpe };
    ModelType model = ModelType::Unigram;
    int vocabSize = 8000;   // including special pieces
    // Lower than 1 lets rare characters map to [UNK]; 0.9995 suits Chinese/Japanese.
    double characterCoverage = 0.9995;
    // false for languages written without spaces (zh, ja): pieces may then span spaces.
    bool splitByWhitespace = true;
    // When true, fail if the texts cannot fill vocabSize; when false, the vocabulary
    // is as large as the texts allow (at most vocabSize).
    bool hardVocabLimit = false;
    // Extra control pieces after [MASK] (e.g. "[SEP2]"); never produced from text.
    std::vector<std::string> extraSpecialPieces;
    // Pieces always kept whole when they occur in text (user-defined symbols).
    std::vector<std::string> userDefinedPieces;
    std::string normalization = "nmt_nfkc";   // or "nfkc_cf" (case folding), "identity"
    int maxSentenceLength = 8192;             // bytes; longer texts are cut for training only
    std::uint32_t seed = 0;                   // documents intent: SentencePiece training is deterministic
    int numThreads = 1;
};

class SentencePieceTokenizer : public Tokenizer {
public:
    ~SentencePieceTokenizer() override;

    // Throws debut::Error (with the path) when the file cannot be read or parsed.
    static std::shared_ptr<SentencePieceTokenizer> fromFile(const std::string &path);
    // `bytes` = a serialized ModelProto (the content of a .model file).
    static std::shared_ptr<SentencePieceTokenizer> fromBytes(std::string_view bytes);
    // Trains on `texts` (empty texts are skipped). Throws debut::Error when
    // training fails (e.g. too few texts for hardVocabLimit). `progress` is called
    // once before and once after training (SentencePiece's trainer cannot be
    // interrupted); returning false before training throws Cancelled.
    static std::shared_ptr<SentencePieceTokenizer> train(const std::vector<std::string> &texts,
                                                         const SpTrainOptions &options, const Progress &progress = {});

    // The serialized model (a .model file's bytes).
    std::string serialized() const;
    // Writes the .model file; throws debut::Error on failure.
    void save(const std::string &path) const;

    Encoding encode(std::string_view text, int maxLen) const override;
    std::vector<Encoding> encodeBatch(const std::vector<std::string> &texts, int maxLen) const;
    // Pieces only, no specials, no truncation.
    std::vector<std::int32_t> encodeIds(std::string_view text) const;
    std::vector<std::string> encodePieces(std::string_view text) const;
    std::string decode(const std::vector<std::int32_t> &ids) const;

    std::int32_t vocabSize() const override;
    std::int32_t padId() const override { return m_pad; }
    std::int32_t unkId() const override { return m_unk; }
    std::int32_t maskId() const override { return m_mask; }
    std::int32_t clsId() const { return m_cls; }   // -1 when absent
    std::int32_t sepId() const { return m_sep; }   // -1 when absent
    std::string piece(std::int32_t id) const override;
    std::int32_t pieceToId(std::string_view piece) const;   // unkId() when unknown
    std::int32_t firstNormalId() const override { return m_firstNormal; }
    bool isSpecial(std::int32_t id) const;   // control, unknown or unused piece
    std::string kind() const override { return "sentencepiece"; }

private:
    Encoding encodeWhole(std::string_view text, int maxLen) const;   // encode() without the prefix bound
    SentencePieceTokenizer();
    void initSpecials();

    std::unique_ptr<sentencepiece::SentencePieceProcessor> m_sp;
    std::int32_t m_pad = 0, m_unk = 0, m_cls = -1, m_sep = -1, m_mask = -1, m_firstNormal = 0;
};

}   // namespace debut
