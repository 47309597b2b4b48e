#include "text/sptokenizer.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "common/error.h"

namespace sentencepiece::logging {
// Defined in the static library (common.h is not installed); silences the
// trainer's chatter on stderr.
void SetMinLogLevel(int v);
}   // namespace sentencepiece::logging

namespace debut {

namespace {

class VectorIterator : public sentencepiece::SentenceIterator {
public:
    VectorIterator(const std::vector<std::string> &texts, std::size_t maxLen) : m_texts(texts), m_maxLen(maxLen)
    {
        skipEmpty();
    }
    bool done() const override { return m_i >= m_texts.size(); }
    void Next() override
    {
        ++m_i;
        skipEmpty();
    }
    const std::string &value() const override { return m_value; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    void skipEmpty()
    {
        while (m_i < m_texts.size() && m_texts[m_i].find_first_not_of(" \t\r\n") == std::string::npos)
            ++m_i;
        if (m_i < m_texts.size()) {
            // Training reads one sentence per value: newlines would be kept
            // inside pieces, so they become spaces.
            m_value = m_texts[m_i].substr(0, m_maxLen);
            std::replace(m_value.begin(), m_value.end(), '\n', ' ');
            std::replace(m_value.begin(), m_value.end(), '\r', ' ');
            std::replace(m_value.begin(), m_value.end(), '\t', ' ');
            // Do not cut a UTF-8 sequence in half.
            while (!m_value.empty() && m_value.size() == m_maxLen &&
                   (static_cast<unsigned char>(m_value.back()) & 0x80))
                m_value.pop_back();
        }
    }
    const std::vector<std::string> &m_texts;
    std::size_t m_maxLen;
    std::size_t m_i = 0;
    std::string m_value;
};

std::string joinComma(const std::vector<std::string> &v)
{
    std::string out;
    for (const auto &s : v) {
        if (s.find(',') != std::string::npos)
            throw Error("special piece may not contain a comma: " + s);
        if (!out.empty())
            out += ',';
        out += s;
    }
    return out;
}

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The trainer keeps global state (seed, log level): one training at a time.
std::mutex &trainMutex()
{
    static std::mutex m;
    return m;
}

}   // namespace

SentencePieceTokenizer::SentencePieceTokenizer() : m_sp(std::make_unique<sentencepiece::SentencePieceProcessor>()) {}
SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::shared_ptr<SentencePieceTokenizer> SentencePieceTokenizer::fromFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Location{path, 0, 0, {}}, "cannot open SentencePiece model");
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
        return fromBytes(ss.str());
    } catch (const Error &e) {
        throw Error(Location{path, 0, 0, {}}, e.what());
    }
}

std::shared_ptr<SentencePieceTokenizer> SentencePieceTokenizer::fromBytes(std::string_view bytes)
{
    std::shared_ptr<SentencePieceTokenizer> t(new SentencePieceTokenizer());
    const auto status = t->m_sp->LoadFromSerializedProto(bytes);
    if (!status.ok())
        throw Error("not a SentencePiece model: " + std::string(status.message()));
    if (t->m_sp->GetPieceSize() <= 0)
        throw Error("SentencePiece model has no pieces");
    t->initSpecials();
    return t;
}

std::shared_ptr<SentencePieceTokenizer> SentencePieceTokenizer::train(const std::vector<std::string> &texts,
                                                                      const SpTrainOptions &o, const Progress &progress)
{
    reportOrCancel(progress, "tokenizer", 0, 1, "training SentencePiece");
    if (o.vocabSize < 8)
        throw Error("SentencePiece vocabulary size must be at least 8");
    std::vector<std::string> control = {"[CLS]", "[SEP]", "[MASK]"};
    control.insert(control.end(), o.extraSpecialPieces.begin(), o.extraSpecialPieces.end());

    std::unordered_map<std::string, std::string> kw = {
        {"model_prefix", ""},
        {"model_type", o.model == SpTrainOptions::ModelType::Bpe ? "bpe" : "unigram"},
        {"vocab_size", std::to_string(o.vocabSize)},
        {"character_coverage", std::to_string(o.characterCoverage)},
        {"split_by_whitespace", o.splitByWhitespace ? "true" : "false"},
        {"hard_vocab_limit", o.hardVocabLimit ? "true" : "false"},
        {"pad_id", "0"},
        {"pad_piece", "[PAD]"},
        {"unk_id", "1"},
        {"unk_piece", "[UNK]"},
        {"bos_id", "-1"},
        {"eos_id", "-1"},
        {"control_symbols", joinComma(control)},
        {"normalization_rule_name", o.normalization},
        {"max_sentence_length", std::to_string(o.maxSentenceLength)},
        {"num_threads", std::to_string(std::max(1, o.numThreads))},
        {"shuffle_input_sentence", "false"},
        {"input_sentence_size", "0"},
    };
    if (!o.userDefinedPieces.empty())
        kw["user_defined_symbols"] = joinComma(o.userDefinedPieces);

    std::string model;
    {
        std::lock_guard<std::mutex> lock(trainMutex());
        sentencepiece::logging::SetMinLogLevel(2);   // errors only
        sentencepiece::SetRandomGeneratorSeed(o.seed == static_cast<std::uint32_t>(-1) ? 0 : o.seed);
        VectorIterator it(texts, static_cast<std::size_t>(std::max(16, o.maxSentenceLength)));
        if (it.done())
            throw Error("cannot train a SentencePiece model: no non-empty texts");
        const auto status = sentencepiece::SentencePieceTrainer::Train(kw, &it, &model);
        if (!status.ok())
            throw Error("SentencePiece training failed: " + std::string(status.message()));
    }
    auto t = fromBytes(model);
    reportOrCancel(progress, "tokenizer", 1, 1, "trained SentencePiece");
    return t;
}

void SentencePieceTokenizer::initSpecials()
{
    const int n = m_sp->GetPieceSize();
    auto find = [&](std::initializer_list<const char *> names) -> std::int32_t {
        for (const char *p : names) {
            const int id = m_sp->PieceToId(p);
            if (id >= 0 && id < n && m_sp->IdToPiece(id) == p)
                return id;
        }
        return -1;
    };
    m_unk = m_sp->unk_id();
    m_cls = find({"[CLS]", "<s>"});
    m_sep = find({"[SEP]", "</s>"});
    m_mask = find({"[MASK]", "<mask>"});
    m_pad = find({"[PAD]", "<pad>"});
    if (m_pad < 0)
        m_pad = m_sp->pad_id() >= 0 ? m_sp->pad_id() : m_unk;
    m_firstNormal = 0;
    while (m_firstNormal < n && isSpecial(m_firstNormal))
        ++m_firstNormal;
    if (m_firstNormal >= n)
        m_firstNormal = 0;
}

std::string SentencePieceTokenizer::serialized() const { return std::string(m_sp->serialized_model_proto()); }

void SentencePieceTokenizer::save(const std::string &path) const
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const std::string bytes = serialized();
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw Error(Location{path, 0, 0, {}}, "cannot write SentencePiece model");
}

Encoding SentencePieceTokenizer::encode(std::string_view text, int maxLen) const
{
    return encodeBounded(text, maxLen, [this](std::string_view t, int n) { return encodeWhole(t, n); });
}

Encoding SentencePieceTokenizer::encodeWhole(std::string_view text, int maxLen) const
{
    Encoding e;
    const auto spt = m_sp->EncodeAsImmutableProto(text);
    const std::size_t n = spt.pieces_size();
    std::size_t room = n;
    if (maxLen > 0) {
        const int specials = (m_cls >= 0 ? 1 : 0) + (m_sep >= 0 ? 1 : 0);
        room = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(0, maxLen - specials)));
    }
    e.ids.reserve(room + 2);
    e.offsets.reserve(room + 2);
    if (m_cls >= 0) {
        e.ids.push_back(m_cls);
        e.offsets.emplace_back(0, 0);
    }
    for (std::size_t i = 0; i < room; ++i) {
        const auto p = spt.pieces(static_cast<int>(i));
        std::uint32_t b = std::min<std::uint32_t>(p.begin(), static_cast<std::uint32_t>(text.size()));
        std::uint32_t en = std::min<std::uint32_t>(std::max(p.end(), b), static_cast<std::uint32_t>(text.size()));
        // "▁" stands for the whitespace before a word: the span covers the word only.
        while (b < en && isAsciiSpace(text[b]))
            ++b;
        while (en > b && isAsciiSpace(text[en - 1]))
            --en;
        e.ids.push_back(static_cast<std::int32_t>(p.id()));
        e.offsets.emplace_back(b, en);
    }
    if (m_sep >= 0 && (maxLen <= 0 || static_cast<int>(e.ids.size()) < maxLen)) {
        e.ids.push_back(m_sep);
        e.offsets.emplace_back(0, 0);
    }
    return e;
}

std::vector<Encoding> SentencePieceTokenizer::encodeBatch(const std::vector<std::string> &texts, int maxLen) const
{
    std::vector<Encoding> out;
    out.reserve(texts.size());
    for (const auto &t : texts)
        out.push_back(encode(t, maxLen));
    return out;
}

std::vector<std::int32_t> SentencePieceTokenizer::encodeIds(std::string_view text) const
{
    std::vector<int> ids;
    m_sp->Encode(text, &ids);
    return {ids.begin(), ids.end()};
}

std::vector<std::string> SentencePieceTokenizer::encodePieces(std::string_view text) const
{
    std::vector<std::string> pieces;
    m_sp->Encode(text, &pieces);
    return pieces;
}

std::string SentencePieceTokenizer::decode(const std::vector<std::int32_t> &ids) const
{
    std::vector<int> v(ids.begin(), ids.end());
    std::string out;
    m_sp->Decode(v, &out);
    return out;
}

std::int32_t SentencePieceTokenizer::vocabSize() const { return m_sp->GetPieceSize(); }

std::string SentencePieceTokenizer::piece(std::int32_t id) const
{
    if (id < 0 || id >= m_sp->GetPieceSize())
        return {};
    return m_sp->IdToPiece(id);
}

std::int32_t SentencePieceTokenizer::pieceToId(std::string_view piece) const
{
    const int id = m_sp->PieceToId(piece);
    return id < 0 ? m_unk : id;
}

bool SentencePieceTokenizer::isSpecial(std::int32_t id) const
{
    if (id < 0 || id >= m_sp->GetPieceSize())
        return false;
    return m_sp->IsControl(id) || m_sp->IsUnknown(id) || m_sp->IsUnused(id);
}

}   // namespace debut
