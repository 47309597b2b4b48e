#pragma once
// Hyper-parameters of a BERT-family encoder, read from (and written to) a
// Hugging Face `config.json`.
//
// Supported model_type values: "bert" (also MiniLM, which is a BERT), "roberta",
// "xlm-roberta", "camembert" (RoBERTa layout: position ids start at
// pad_token_id + 1) and "distilbert" (no token types; its own key names, mapped
// by the loader). ALBERT (factorised embeddings, shared layers) is rejected with
// a clear error.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace debut {

struct BertConfig {
    std::string modelType = "bert";
    std::int64_t vocabSize = 30522;
    std::int64_t hiddenSize = 768;
    int numLayers = 12;
    int numHeads = 12;
    std::int64_t intermediateSize = 3072;
    std::string hiddenAct = "gelu";   // gelu (erf), gelu_new / gelu_pytorch_tanh (tanh), relu, silu
    std::int64_t maxPositions = 512;
    std::int64_t typeVocabSize = 2;   // 0: no token-type embeddings (DistilBERT)
    double layerNormEps = 1e-12;
    std::int64_t padTokenId = 0;
    double hiddenDropout = 0.1;
    double attentionDropout = 0.1;

    // First position id of a real token: pad_token_id + 1 for the RoBERTa
    // family, 0 otherwise.
    std::int64_t positionOffset() const;
    bool isRobertaLike() const;
    // Longest input in tokens (specials included) the position table allows.
    std::int64_t maxTokens() const { return maxPositions - positionOffset(); }

    // Parses config.json. Throws debut::Error naming `path` and the key on a
    // missing/invalid key, an unsupported model_type or activation, or sizes
    // that do not fit (hidden_size not divisible by num_attention_heads, ...).
    static BertConfig fromFile(const std::string &path);
    static BertConfig fromJson(const nlohmann::json &j, const std::string &pathForErrors = {});
    // A config.json that fromJson and Hugging Face Transformers both read.
    nlohmann::json toJson() const;
    void writeFile(const std::string &path) const;   // throws debut::Error
};

}   // namespace debut
