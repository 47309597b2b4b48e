#include "models/bert.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "common/error.h"
#include "common/strings.h"
#include "models/batchedmatmul.h"
#include "models/lora.h"

namespace debut {

namespace F = torch::nn::functional;

// One post-LN transformer layer. Member names follow BertLayer's structure.
class BertLayerImpl : public torch::nn::Module {
public:
    BertLayerImpl(const BertConfig &c) : m_heads(c.numHeads), m_act(c.hiddenAct)
    {
        const auto h = c.hiddenSize;
        query = register_module("query", LoraLinear(h, h));
        key = register_module("key", LoraLinear(h, h));
        value = register_module("value", LoraLinear(h, h));
        attnOut = register_module("attention_output", LoraLinear(h, h));
        attnNorm = register_module("attention_norm",
                                   torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}).eps(c.layerNormEps)));
        intermediate = register_module("intermediate", torch::nn::Linear(h, c.intermediateSize));
        output = register_module("output", torch::nn::Linear(c.intermediateSize, h));
        outNorm =
            register_module("output_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}).eps(c.layerNormEps)));
        attnDropout = register_module("attention_dropout", torch::nn::Dropout(c.attentionDropout));
        hiddenDropout = register_module("hidden_dropout", torch::nn::Dropout(c.hiddenDropout));
    }

    // x [B, T, H]; maskBias [B, 1, 1, T] additive
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &maskBias)
    {
        const auto b = x.size(0), t = x.size(1), h = x.size(2), d = h / m_heads;
        auto split = [&](const torch::Tensor &y) { return y.view({b, t, m_heads, d}).transpose(1, 2); };
        torch::Tensor q = split(query->forward(x)), k = split(key->forward(x)), v = split(value->forward(x));
        torch::Tensor scores = batchedMatmul(q, k.transpose(-1, -2)) / std::sqrt(double(d));
        if (maskBias.defined())
            scores = scores + maskBias;
        torch::Tensor probs = attnDropout->forward(torch::softmax(scores, -1));
        torch::Tensor ctx = batchedMatmul(probs, v).transpose(1, 2).reshape({b, t, h});
        torch::Tensor a = attnNorm->forward(hiddenDropout->forward(attnOut->forward(ctx)) + x);
        torch::Tensor inner = activation(intermediate->forward(a));
        return outNorm->forward(hiddenDropout->forward(output->forward(inner)) + a);
    }

    torch::Tensor activation(const torch::Tensor &x) const
    {
        if (m_act == "gelu")
            return torch::gelu(x);
        if (m_act == "gelu_new" || m_act == "gelu_pytorch_tanh")
            return torch::gelu(x, "tanh");
        if (m_act == "relu")
            return torch::relu(x);
        return torch::silu(x);   // silu / swish
    }

    LoraLinear query{nullptr}, key{nullptr}, value{nullptr}, attnOut{nullptr};
    torch::nn::LayerNorm attnNorm{nullptr}, outNorm{nullptr};
    torch::nn::Linear intermediate{nullptr}, output{nullptr};
    torch::nn::Dropout attnDropout{nullptr}, hiddenDropout{nullptr};

private:
    std::int64_t m_heads;
    std::string m_act;
};

BertEncoderImpl::BertEncoderImpl(const BertConfig &config, std::shared_ptr<const Tokenizer> tokenizer,
                                 BertPooling pooling)
    : m_config(config), m_pooling(pooling), m_tokenizer(std::move(tokenizer))
{
    const auto &c = m_config;
    if (c.hiddenSize <= 0 || c.numHeads <= 0 || c.hiddenSize % c.numHeads != 0 || c.numLayers <= 0 ||
        c.vocabSize <= 0 || c.intermediateSize <= 0 || c.maxTokens() < 2)
        throw Error("BERT: invalid configuration (hidden " + std::to_string(c.hiddenSize) + ", heads " +
                    std::to_string(c.numHeads) + ", layers " + std::to_string(c.numLayers) + ")");
    m_word = register_module("word_embeddings", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
    m_position = register_module("position_embeddings", torch::nn::Embedding(c.maxPositions, c.hiddenSize));
    if (c.typeVocabSize > 0)
        m_tokenType = register_module("token_type_embeddings", torch::nn::Embedding(c.typeVocabSize, c.hiddenSize));
    m_embNorm = register_module("embeddings_norm",
                                torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps)));
    m_embDropout = register_module("embeddings_dropout", torch::nn::Dropout(c.hiddenDropout));
    auto list = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < c.numLayers; ++i) {
        m_layers.push_back(std::make_shared<BertLayerImpl>(c));
        list->push_back(m_layers.back());
    }
    // HF's _init_weights: N(0, 0.02) for linear and embedding weights, zero biases.
    torch::NoGradGuard noGrad;
    for (auto &p : named_parameters()) {
        const std::string &n = p.key();
        if (n.find("norm") != std::string::npos)
            p.value().fill_(n.size() >= 6 && n.compare(n.size() - 6, 6, "weight") == 0 ? 1.0 : 0.0);
        else if (n.size() >= 4 && n.compare(n.size() - 4, 4, "bias") == 0)
            p.value().zero_();
        else
            p.value().normal_(0.0, 0.02);
    }
    m_word->weight[c.padTokenId].zero_();   // HF zeroes the padding row
}

BertEncoderImpl::~BertEncoderImpl() = default;

const Tokenizer &BertEncoderImpl::tokenizer() const
{
    if (!m_tokenizer)
        throw Error("BERT encoder has no tokenizer (load it from a model folder with vocab.txt or tokenizer.json)");
    return *m_tokenizer;
}

torch::Tensor BertEncoderImpl::embed(const torch::Tensor &ids)
{
    if (ids.dim() != 2)
        throw Error("BERT: ids must be [B, T]");
    const auto t = ids.size(1);
    if (t > m_config.maxTokens())
        throw Error("BERT: " + std::to_string(t) + " tokens exceed the model's maximum of " +
                    std::to_string(m_config.maxTokens()));
    torch::Tensor pos;
    if (m_config.isRobertaLike()) {
        // HF create_position_ids_from_input_ids: pad + cumulative count of real tokens.
        torch::Tensor real = ids.ne(m_config.padTokenId).to(torch::kLong);
        pos = torch::cumsum(real, 1) * real + m_config.padTokenId;
    } else {
        pos = torch::arange(t, ids.options().dtype(torch::kLong)).unsqueeze(0).expand_as(ids);
    }
    torch::Tensor e = m_word->forward(ids) + m_position->forward(pos);
    if (m_tokenType)
        e = e + m_tokenType->weight[0];
    return e;
}

torch::Tensor BertEncoderImpl::encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask)
{
    torch::Tensor x = m_embDropout->forward(m_embNorm->forward(embedded));
    torch::Tensor bias;
    if (mask.defined()) {
        const double lowest = x.scalar_type() == torch::kDouble ? std::numeric_limits<double>::lowest()
                              : x.scalar_type() == torch::kHalf ? -65504.0
                                                                : std::numeric_limits<float>::lowest();
        bias =
            torch::zeros(mask.sizes(), x.options()).masked_fill(mask.logical_not(), lowest).unsqueeze(1).unsqueeze(1);
    }
    for (auto &layer : m_layers)
        x = layer->forward(x, bias);
    return x;
}

torch::Tensor BertEncoderImpl::pool(const torch::Tensor &hidden, const torch::Tensor &mask)
{
    if (m_pooling == BertPooling::Cls)
        return hidden.select(1, 0);
    if (!mask.defined())
        return hidden.mean(1);
    torch::Tensor m = mask.to(hidden.scalar_type()).unsqueeze(-1);
    return (hidden * m).sum(1) / m.sum(1).clamp_min(1.0);
}

torch::Tensor BertEncoderImpl::hiddenStates(const torch::Tensor &ids, const torch::Tensor &mask)
{
    return encodeEmbedded(embed(ids), mask);
}

std::vector<torch::Tensor> BertEncoderImpl::layerParameters(int i)
{
    if (i < 0 || i >= numLayers())
        throw Error("BERT: layer index " + std::to_string(i) + " out of range");
    return m_layers[static_cast<std::size_t>(i)]->parameters();
}

void BertEncoderImpl::addLora(int rank, double alpha)
{
    for (auto &p : parameters())
        p.set_requires_grad(false);
    for (auto &l : m_layers)
        for (auto *lin : {&l->query, &l->key, &l->value, &l->attnOut})
            (*lin)->addAdapters(rank, alpha);
}

std::vector<std::pair<std::string, torch::Tensor>> BertEncoderImpl::targets() const
{
    std::vector<std::pair<std::string, torch::Tensor>> t;
    const bool distil = m_config.modelType == "distilbert";
    t.emplace_back("embeddings.word_embeddings.weight", m_word->weight);
    t.emplace_back("embeddings.position_embeddings.weight", m_position->weight);
    if (m_tokenType)
        t.emplace_back("embeddings.token_type_embeddings.weight", m_tokenType->weight);
    t.emplace_back("embeddings.LayerNorm.weight", m_embNorm->weight);
    t.emplace_back("embeddings.LayerNorm.bias", m_embNorm->bias);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const auto &l = *m_layers[i];
        const std::string p = (distil ? "transformer.layer." : "encoder.layer.") + std::to_string(i) + ".";
        auto add = [&](const std::string &n, const torch::Tensor &w, const torch::Tensor &b) {
            t.emplace_back(p + n + ".weight", w);
            t.emplace_back(p + n + ".bias", b);
        };
        if (distil) {
            add("attention.q_lin", l.query->weight(), l.query->bias());
            add("attention.k_lin", l.key->weight(), l.key->bias());
            add("attention.v_lin", l.value->weight(), l.value->bias());
            add("attention.out_lin", l.attnOut->weight(), l.attnOut->bias());
            add("sa_layer_norm", l.attnNorm->weight, l.attnNorm->bias);
            add("ffn.lin1", l.intermediate->weight, l.intermediate->bias);
            add("ffn.lin2", l.output->weight, l.output->bias);
            add("output_layer_norm", l.outNorm->weight, l.outNorm->bias);
        } else {
            add("attention.self.query", l.query->weight(), l.query->bias());
            add("attention.self.key", l.key->weight(), l.key->bias());
            add("attention.self.value", l.value->weight(), l.value->bias());
            add("attention.output.dense", l.attnOut->weight(), l.attnOut->bias());
            add("attention.output.LayerNorm", l.attnNorm->weight, l.attnNorm->bias);
            add("intermediate.dense", l.intermediate->weight, l.intermediate->bias);
            add("output.dense", l.output->weight, l.output->bias);
            add("output.LayerNorm", l.outNorm->weight, l.outNorm->bias);
        }
    }
    return t;
}

NamedTensors BertEncoderImpl::hfStateDict() const
{
    NamedTensors out;
    for (const auto &[name, p] : targets())
        out[name] = p.detach();
    // LoRA layers: export W + scale·BA so the folder is a plain HF model.
    const bool distil = m_config.modelType == "distilbert";
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const auto &l = *m_layers[i];
        const std::string p = (distil ? "transformer.layer." : "encoder.layer.") + std::to_string(i) + ".";
        const std::pair<const LoraLinear *, const char *> named[] = {
            {&l.query, distil ? "attention.q_lin" : "attention.self.query"},
            {&l.key, distil ? "attention.k_lin" : "attention.self.key"},
            {&l.value, distil ? "attention.v_lin" : "attention.self.value"},
            {&l.attnOut, distil ? "attention.out_lin" : "attention.output.dense"}};
        for (const auto &[lin, n] : named)
            if ((*lin)->hasAdapters())
                out[p + n + ".weight"] = (*lin)->mergedWeight();
    }
    return out;
}

namespace {

std::string shapeString(at::IntArrayRef s)
{
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

std::string listNames(const std::vector<std::string> &names, std::size_t max = 12)
{
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < max; ++i)
        s += (i ? ", " : "") + names[i];
    if (names.size() > max)
        s += ", … and " + std::to_string(names.size() - max) + " more";
    return s;
}

}   // namespace

std::vector<std::string> BertEncoderImpl::loadHfWeights(const NamedTensors &weights, const std::string &source)
{
    const auto tg = targets();
    std::map<std::string, torch::Tensor> wanted(tg.begin(), tg.end());
    std::map<std::string, std::string> found;   // our name -> key in the file
    std::vector<std::string> ignoredHeads, unknownEncoder, unknownOther;
    static const char *kPrefixes[] = {"bert.", "roberta.", "distilbert.", "model.", "encoder.model."};
    for (const auto &[key, tensor] : weights) {
        auto normalise = [](std::string n) {
            if (n.size() > 6 && n.compare(n.size() - 6, 6, ".gamma") == 0)
                n.replace(n.size() - 6, 6, ".weight");
            else if (n.size() > 5 && n.compare(n.size() - 5, 5, ".beta") == 0)
                n.replace(n.size() - 5, 5, ".bias");
            return n;
        };
        std::string n = normalise(key);
        if (!wanted.count(n)) {
            for (const char *p : kPrefixes)
                if (startsWith(n, p) && wanted.count(n.substr(std::strlen(p)))) {
                    n = n.substr(std::strlen(p));
                    break;
                }
        }
        if (wanted.count(n)) {
            if (found.count(n))
                throw Error(Location{source, 0, 0, key}, "duplicate weight (also given as \"" + found[n] + "\")");
            found[n] = key;
            continue;
        }
        // Not one of ours: buffers are expected, heads are ignored, encoder-looking
        // names mean the config and the weights disagree.
        std::string bare = n;
        for (const char *p : kPrefixes)
            if (startsWith(bare, p)) {
                bare = bare.substr(std::strlen(p));
                break;
            }
        if (bare == "embeddings.position_ids" || bare == "embeddings.token_type_ids")
            continue;
        if (startsWith(bare, "embeddings.") || startsWith(bare, "encoder.layer.") ||
            startsWith(bare, "transformer.layer."))
            unknownEncoder.push_back(key);
        else if (startsWith(bare, "pooler.") || startsWith(bare, "cls.") || startsWith(bare, "lm_head.") ||
                 startsWith(bare, "vocab_") || startsWith(bare, "classifier.") || startsWith(bare, "qa_outputs.") ||
                 startsWith(bare, "pre_classifier."))
            ignoredHeads.push_back(key);
        else
            unknownOther.push_back(key);
    }
    std::vector<std::string> missing;
    for (const auto &[name, p] : tg)
        if (!found.count(name))
            missing.push_back(name);
    if (!missing.empty())
        throw Error(Location{source, 0, 0, {}}, "missing encoder weights for this " + m_config.modelType + " config (" +
                                                    std::to_string(missing.size()) + " of " +
                                                    std::to_string(tg.size()) + "): " + listNames(missing));
    if (!unknownEncoder.empty())
        throw Error(Location{source, 0, 0, {}},
                    "weights that config.json does not describe (" + std::to_string(unknownEncoder.size()) +
                        "; does num_hidden_layers or model_type match?): " + listNames(unknownEncoder));
    // Check all shapes before copying anything, so a failed load leaves the model unchanged.
    for (const auto &[name, p] : tg) {
        const torch::Tensor &w = weights.at(found[name]);
        if (w.sizes() != p.sizes())
            throw Error(Location{source, 0, 0, found[name]}, "shape " + shapeString(w.sizes()) + " does not match " +
                                                                 shapeString(p.sizes()) + " expected from config.json");
        if (!w.is_floating_point())
            throw Error(Location{source, 0, 0, found[name]}, "expected a floating-point tensor");
    }
    {
        torch::NoGradGuard noGrad;
        for (const auto &[name, p] : tg)
            p.copy_(weights.at(found[name]));
    }
    std::vector<std::string> warnings;
    if (!ignoredHeads.empty())
        warnings.push_back(source + ": ignored " + std::to_string(ignoredHeads.size()) +
                           " pooler/head weights not used by the encoder: " + listNames(ignoredHeads, 6));
    if (!unknownOther.empty())
        warnings.push_back(source + ": ignored " + std::to_string(unknownOther.size()) +
                           " unexpected weights: " + listNames(unknownOther, 6));
    return warnings;
}

}   // namespace debut
