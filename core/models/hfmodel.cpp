#include "models/hfmodel.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.h"
#include "models/safetensors.h"
#include "models/torchbin.h"
#include "text/sptokenizer.h"
#include "text/wordpiece.h"

namespace debut {

namespace fs = std::filesystem;

namespace {

// XLM-R / CamemBERT: fairseq's dictionary puts <s> <pad> </s> <unk> first and
// shifts SentencePiece's pieces by one; <mask> comes last.
class FairseqSentencePiece : public Tokenizer {
public:
    explicit FairseqSentencePiece(std::shared_ptr<SentencePieceTokenizer> sp) : m_sp(std::move(sp)) {}
    Encoding encode(std::string_view text, int maxLen) const override
    {
        Encoding e = m_sp->encode(text, maxLen);
        for (auto &id : e.ids)
            id = map(id);
        return e;
    }
    std::int32_t vocabSize() const override { return m_sp->vocabSize() + 2; }
    std::int32_t padId() const override { return 1; }
    std::int32_t unkId() const override { return 3; }
    std::int32_t maskId() const override { return m_sp->vocabSize() + 1; }
    std::int32_t firstNormalId() const override { return 4; }
    std::string piece(std::int32_t id) const override
    {
        static const char *kFirst[] = {"<s>", "<pad>", "</s>", "<unk>"};
        if (id >= 0 && id < 4)
            return kFirst[id];
        if (id == maskId())
            return "<mask>";
        return m_sp->piece(id - 1);
    }
    std::string kind() const override { return "sentencepiece"; }

private:
    std::int32_t map(std::int32_t spId) const
    {
        if (spId == m_sp->unkId())
            return 3;
        if (spId == m_sp->clsId())
            return 0;
        if (spId == m_sp->sepId())
            return 2;
        return spId + 1;
    }
    std::shared_ptr<SentencePieceTokenizer> m_sp;
};

nlohmann::json readJson(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw Error(Location{p.string(), 0, 0, {}}, "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded())
        throw Error(Location{p.string(), 0, 0, {}}, "not valid JSON");
    return j;
}

NamedTensors readWeights(const fs::path &dir, std::string &used, std::vector<std::string> &missing)
{
    const fs::path st = dir / "model.safetensors", idx = dir / "model.safetensors.index.json",
                   bin = dir / "pytorch_model.bin";
    if (fs::exists(st)) {
        used = st.string();
        return readSafetensors(used).tensors;
    }
    if (fs::exists(idx)) {
        const nlohmann::json j = readJson(idx);
        auto wm = j.find("weight_map");
        if (wm == j.end() || !wm->is_object())
            throw Error(Location{idx.string(), 0, 0, "weight_map"}, "missing or not an object");
        std::set<std::string> shards;
        for (auto it = wm->begin(); it != wm->end(); ++it) {
            if (!it.value().is_string() || it.value().get<std::string>().find('/') != std::string::npos)
                throw Error(Location{idx.string(), 0, 0, it.key()}, "shard must be a file name");
            shards.insert(it.value().get<std::string>());
        }
        NamedTensors all;
        for (const auto &s : shards) {
            auto part = readSafetensors((dir / s).string()).tensors;
            all.insert(part.begin(), part.end());
            used += (used.empty() ? "" : ", ") + (dir / s).string();
        }
        return all;
    }
    if (fs::exists(bin)) {
        used = bin.string();
        return readTorchBin(used);
    }
    missing.push_back("weights (model.safetensors, model.safetensors.index.json or pytorch_model.bin)");
    return {};
}

std::shared_ptr<const Tokenizer> readTokenizer(const fs::path &dir, const BertConfig &config,
                                               std::vector<std::string> &warnings, std::vector<std::string> &missing)
{
    const fs::path tj = dir / "tokenizer.json", vocab = dir / "vocab.txt";
    std::string tokenizerJsonProblem;
    if (fs::exists(tj)) {
        try {
            return WordPieceTokenizer::fromTokenizerJson(tj.string());
        } catch (const Error &e) {
            tokenizerJsonProblem = e.what();   // e.g. a BPE or Unigram tokenizer.json: try the others
        }
    }
    if (!tokenizerJsonProblem.empty() && (fs::exists(vocab) || fs::exists(dir / "sentencepiece.bpe.model") ||
                                          fs::exists(dir / "spiece.model") || fs::exists(dir / "sentencepiece.model")))
        warnings.push_back(tj.string() + " not used (" + tokenizerJsonProblem + "); using the other tokenizer files");
    if (fs::exists(vocab)) {
        WordPieceConfig wc;
        const fs::path tc = dir / "tokenizer_config.json";
        if (fs::exists(tc)) {
            const nlohmann::json j = readJson(tc);
            if (j.is_object()) {
                if (j.contains("do_lower_case") && j["do_lower_case"].is_boolean())
                    wc.lowercase = j["do_lower_case"].get<bool>();
                if (j.contains("strip_accents") && j["strip_accents"].is_boolean())
                    wc.stripAccents = j["strip_accents"].get<bool>();
                if (j.contains("tokenize_chinese_chars") && j["tokenize_chinese_chars"].is_boolean())
                    wc.splitCjk = j["tokenize_chinese_chars"].get<bool>();
            }
        }
        return WordPieceTokenizer::fromVocabFile(vocab.string(), wc);
    }
    for (const char *name : {"sentencepiece.bpe.model", "spiece.model", "sentencepiece.model"}) {
        const fs::path p = dir / name;
        if (!fs::exists(p))
            continue;
        auto sp = SentencePieceTokenizer::fromFile(p.string());
        if (config.isRobertaLike())
            return std::make_shared<FairseqSentencePiece>(sp);
        return sp;
    }
    if (!tokenizerJsonProblem.empty())
        missing.push_back("a supported tokenizer (tokenizer.json is not WordPiece: " + tokenizerJsonProblem +
                          "; add vocab.txt or a SentencePiece .model)");
    else if (fs::exists(dir / "vocab.json") && fs::exists(dir / "merges.txt"))
        missing.push_back("a supported tokenizer (byte-level BPE vocab.json + merges.txt is not supported)");
    else
        missing.push_back("tokenizer (tokenizer.json, vocab.txt or sentencepiece.bpe.model)");
    return nullptr;
}

std::optional<BertPooling> readPooling(const fs::path &dir)
{
    const fs::path p = dir / "1_Pooling" / "config.json";
    if (!fs::exists(p))
        return std::nullopt;
    const nlohmann::json j = readJson(p);
    if (j.value("pooling_mode_cls_token", false))
        return BertPooling::Cls;
    if (j.value("pooling_mode_mean_tokens", false))
        return BertPooling::Mean;
    throw Error(Location{p.string(), 0, 0, {}}, "unsupported pooling (only CLS and mean pooling are supported)");
}

}   // namespace

HfLoadResult loadBertFolder(const std::string &dirName, const HfLoadOptions &options)
{
    const fs::path dir(dirName);
    if (!fs::is_directory(dir))
        throw Error(Location{dirName, 0, 0, {}}, "not a folder");
    std::vector<std::string> missing;
    const fs::path configPath = dir / "config.json";
    if (!fs::exists(configPath)) {
        // Report everything that is missing at once.
        std::string used;
        missing.push_back("config.json");
        const bool hasWeights = fs::exists(dir / "model.safetensors") ||
                                fs::exists(dir / "model.safetensors.index.json") ||
                                fs::exists(dir / "pytorch_model.bin");
        if (!hasWeights)
            missing.push_back("weights (model.safetensors, model.safetensors.index.json or pytorch_model.bin)");
        bool hasTok = false;
        for (const char *n :
             {"tokenizer.json", "vocab.txt", "sentencepiece.bpe.model", "spiece.model", "sentencepiece.model"})
            hasTok = hasTok || fs::exists(dir / n);
        if (!hasTok && options.requireTokenizer)
            missing.push_back("tokenizer (tokenizer.json, vocab.txt or sentencepiece.bpe.model)");
    }
    auto incomplete = [&]() {
        std::string s;
        for (std::size_t i = 0; i < missing.size(); ++i)
            s += (i ? "; " : "") + missing[i];
        return Error(Location{dirName, 0, 0, {}}, "not a complete Hugging Face model folder: missing " + s);
    };
    if (!missing.empty())
        throw incomplete();

    HfLoadResult result;
    const BertConfig config = BertConfig::fromFile(configPath.string());
    NamedTensors weights = readWeights(dir, result.weightsFile, missing);
    std::shared_ptr<const Tokenizer> tok = readTokenizer(dir, config, result.warnings, missing);
    if (!tok && !options.requireTokenizer)
        missing.erase(std::remove_if(missing.begin(), missing.end(),
                                     [](const std::string &m) { return m.find("tokenizer") != std::string::npos; }),
                      missing.end());
    if (!missing.empty())
        throw incomplete();
    if (tok && tok->vocabSize() > config.vocabSize)
        throw Error(Location{dirName, 0, 0, {}}, "the tokenizer has " + std::to_string(tok->vocabSize()) +
                                                     " pieces but config.json's vocab_size is " +
                                                     std::to_string(config.vocabSize));

    const BertPooling pooling = options.pooling ? *options.pooling : readPooling(dir).value_or(BertPooling::Mean);
    result.encoder = std::make_shared<BertEncoderImpl>(config, tok, pooling);
    auto w = result.encoder->loadHfWeights(weights, result.weightsFile);
    result.warnings.insert(result.warnings.end(), w.begin(), w.end());
    result.encoder->eval();
    return result;
}

TextEncoder loadHuggingFaceFolder(const std::string &dir, const HfLoadOptions &options)
{
    return loadBertFolder(dir, options).encoder;
}

void saveBertFolder(const BertEncoderImpl &encoder, const std::string &dirName)
{
    const fs::path dir(dirName);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(Location{dirName, 0, 0, {}}, "cannot create folder: " + ec.message());
    encoder.config().writeFile((dir / "config.json").string());
    NamedTensors cpu;
    for (const auto &[name, t] : encoder.hfStateDict())
        cpu[name] = t.to(torch::kCPU, torch::kFloat);
    writeSafetensors((dir / "model.safetensors").string(), cpu, {{"format", "pt"}});
    auto wp = std::dynamic_pointer_cast<const WordPieceTokenizer>(encoder.tokenizerPtr());
    if (!wp)
        return;
    std::ofstream vocab(dir / "vocab.txt", std::ios::binary | std::ios::trunc);
    for (std::int32_t i = 0; i < wp->vocabSize(); ++i)
        vocab << wp->piece(i) << "\n";
    nlohmann::json tc;
    tc["do_lower_case"] = wp->config().lowercase;
    if (wp->config().stripAccents)
        tc["strip_accents"] = *wp->config().stripAccents;
    tc["tokenize_chinese_chars"] = wp->config().splitCjk;
    tc["tokenizer_class"] = "BertTokenizer";
    std::ofstream tcf(dir / "tokenizer_config.json", std::ios::binary | std::ios::trunc);
    tcf << tc.dump(2) << "\n";
    if (!vocab || !tcf)
        throw Error(Location{dirName, 0, 0, {}}, "cannot write the tokenizer files");
}

}   // namespace debut
