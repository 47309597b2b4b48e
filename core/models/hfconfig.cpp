#include "models/hfconfig.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/atomicfile.h"
#include "common/error.h"

namespace debut {

namespace {

bool isRoberta(const std::string &t) { return t == "roberta" || t == "xlm-roberta" || t == "camembert"; }

}   // namespace

std::int64_t BertConfig::positionOffset() const { return isRobertaLike() ? padTokenId + 1 : 0; }

bool BertConfig::isRobertaLike() const { return isRoberta(modelType); }

BertConfig BertConfig::fromFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Location{path, 0, 0, {}}, "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw Error(Location{path, 0, 0, {}}, "not a JSON object");
    return fromJson(j, path);
}

BertConfig BertConfig::fromJson(const nlohmann::json &j, const std::string &path)
{
    auto fail = [&](const std::string &key, const std::string &msg) { return Error(Location{path, 0, 0, key}, msg); };
    BertConfig c;
    if (!j.is_object())
        throw fail({}, "config is not a JSON object");
    auto str = [&](const char *key, const std::string &def, bool required) {
        auto it = j.find(key);
        if (it == j.end()) {
            if (required)
                throw fail(key, "missing key");
            return def;
        }
        if (!it->is_string())
            throw fail(key, "must be a string");
        return it->get<std::string>();
    };
    auto integer = [&](const char *key, std::int64_t def, bool required, std::int64_t minValue) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required)
                throw fail(key, "missing key");
            return def;
        }
        if (!it->is_number_integer())
            throw fail(key, "must be an integer");
        const auto v = it->get<std::int64_t>();
        if (v < minValue)
            throw fail(key, "must be at least " + std::to_string(minValue) + " (got " + std::to_string(v) + ")");
        return v;
    };
    auto number = [&](const char *key, double def) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null())
            return def;
        if (!it->is_number())
            throw fail(key, "must be a number");
        return it->get<double>();
    };

    c.modelType = str("model_type", "bert", false);
    if (c.modelType == "albert")
        throw fail("model_type", "ALBERT (factorised embeddings, shared layers) is not supported");
    if (c.modelType != "bert" && !isRoberta(c.modelType) && c.modelType != "distilbert")
        throw fail("model_type", "unsupported model type \"" + c.modelType +
                                     "\" (supported: bert, roberta, xlm-roberta, camembert, distilbert)");
    const bool distil = c.modelType == "distilbert";
    c.vocabSize = integer("vocab_size", 0, true, 1);
    c.hiddenSize = integer(distil ? "dim" : "hidden_size", 0, true, 1);
    c.numLayers = static_cast<int>(integer(distil ? "n_layers" : "num_hidden_layers", 0, true, 1));
    c.numHeads = static_cast<int>(integer(distil ? "n_heads" : "num_attention_heads", 0, true, 1));
    c.intermediateSize = integer(distil ? "hidden_dim" : "intermediate_size", 0, true, 1);
    c.hiddenAct = str(distil ? "activation" : "hidden_act", "gelu", false);
    if (c.hiddenAct != "gelu" && c.hiddenAct != "gelu_new" && c.hiddenAct != "gelu_pytorch_tanh" &&
        c.hiddenAct != "relu" && c.hiddenAct != "silu" && c.hiddenAct != "swish")
        throw fail(distil ? "activation" : "hidden_act", "unsupported activation \"" + c.hiddenAct + "\"");
    c.maxPositions = integer("max_position_embeddings", 512, false, 1);
    c.typeVocabSize = distil ? 0 : integer("type_vocab_size", 2, false, 0);
    c.layerNormEps = distil ? 1e-12 : number("layer_norm_eps", 1e-12);
    c.padTokenId = integer("pad_token_id", isRoberta(c.modelType) ? 1 : 0, false, 0);
    c.hiddenDropout = number(distil ? "dropout" : "hidden_dropout_prob", 0.1);
    c.attentionDropout = number(distil ? "attention_dropout" : "attention_probs_dropout_prob", 0.1);

    const std::string posType = str("position_embedding_type", "absolute", false);
    if (posType != "absolute")
        throw fail("position_embedding_type",
                   "only absolute position embeddings are supported (got \"" + posType + "\")");
    if (c.hiddenSize % c.numHeads != 0)
        throw fail("num_attention_heads", "hidden size " + std::to_string(c.hiddenSize) + " is not divisible by " +
                                              std::to_string(c.numHeads) + " heads");
    if (c.padTokenId >= c.vocabSize)
        throw fail("pad_token_id", "pad_token_id " + std::to_string(c.padTokenId) + " is outside the vocabulary");
    if (c.maxTokens() < 2)
        throw fail("max_position_embeddings", "too small for the position offset of " + c.modelType);
    if (!(c.layerNormEps > 0))
        throw fail("layer_norm_eps", "must be positive");
    return c;
}

nlohmann::json BertConfig::toJson() const
{
    nlohmann::json j;
    const bool distil = modelType == "distilbert";
    j["model_type"] = modelType;
    j["vocab_size"] = vocabSize;
    j["max_position_embeddings"] = maxPositions;
    j["pad_token_id"] = padTokenId;
    if (distil) {
        j["architectures"] = {"DistilBertModel"};
        j["dim"] = hiddenSize;
        j["n_layers"] = numLayers;
        j["n_heads"] = numHeads;
        j["hidden_dim"] = intermediateSize;
        j["activation"] = hiddenAct;
        j["dropout"] = hiddenDropout;
        j["attention_dropout"] = attentionDropout;
    } else {
        j["architectures"] = {isRobertaLike() ? "RobertaModel" : "BertModel"};
        j["hidden_size"] = hiddenSize;
        j["num_hidden_layers"] = numLayers;
        j["num_attention_heads"] = numHeads;
        j["intermediate_size"] = intermediateSize;
        j["hidden_act"] = hiddenAct;
        j["type_vocab_size"] = typeVocabSize;
        j["layer_norm_eps"] = layerNormEps;
        j["hidden_dropout_prob"] = hiddenDropout;
        j["attention_probs_dropout_prob"] = attentionDropout;
    }
    return j;
}

void BertConfig::writeFile(const std::string &path) const { writeFileAtomically(path, toJson().dump(2) + "\n"); }

}   // namespace debut
