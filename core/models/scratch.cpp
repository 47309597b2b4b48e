#include "models/scratch.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "models/batchedmatmul.h"
#include "models/checkpoint.h"

namespace debut {

std::string ScratchConfig::toJson() const
{
    nlohmann::json j = {{"vocab_size", vocabSize}, {"width", width}, {"layers", layers},
                        {"heads", heads},          {"ffn", ffn},     {"max_length", maxLength},
                        {"dropout", dropout}};
    if (positionBias != "none")
        j["position_bias"] = positionBias;
    return j.dump();
}

ScratchConfig ScratchConfig::fromJson(const std::string &text)
{
    ScratchConfig c;
    try {
        const auto j = nlohmann::json::parse(text);
        c.vocabSize = j.at("vocab_size").get<std::int64_t>();
        c.width = j.at("width").get<std::int64_t>();
        c.layers = j.at("layers").get<int>();
        c.heads = j.at("heads").get<int>();
        c.ffn = j.at("ffn").get<std::int64_t>();
        c.maxLength = j.at("max_length").get<int>();
        c.dropout = j.value("dropout", 0.1);
        c.positionBias = j.value("position_bias", std::string("none"));
    } catch (const nlohmann::json::exception &e) {
        throw Error(std::string("invalid scratch encoder config: ") + e.what());
    }
    c.validate();
    return c;
}

void ScratchConfig::validate() const
{
    if (vocabSize < 8)
        throw Error("scratch encoder: vocabulary size must be at least 8");
    if (width < 8 || width > 4096)
        throw Error("scratch encoder: width must be in [8, 4096]");
    if (heads < 1 || width % heads != 0)
        throw Error("scratch encoder: width " + std::to_string(width) + " is not divisible by " +
                    std::to_string(heads) + " heads");
    if (layers < 1 || layers > 48)
        throw Error("scratch encoder: layers must be in [1, 48]");
    if (ffn < 1)
        throw Error("scratch encoder: ffn size must be positive");
    if (maxLength < 4 || maxLength > 8192)
        throw Error("scratch encoder: max length must be in [4, 8192]");
    if (dropout < 0 || dropout >= 1)
        throw Error("scratch encoder: dropout must be in [0, 1)");
    if (positionBias != "none" && positionBias != "alibi")
        throw Error("scratch encoder: position bias must be none or alibi (got '" + positionBias + "')");
}

class ScratchLayerImpl : public torch::nn::Module {
public:
    ScratchLayerImpl(const ScratchConfig &c) : m_heads(c.heads), m_headDim(c.width / c.heads)
    {
        m_ln1 = register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
        m_ln2 = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
        m_q = register_module("q", LoraLinear(c.width, c.width));
        m_k = register_module("k", LoraLinear(c.width, c.width));
        m_v = register_module("v", LoraLinear(c.width, c.width));
        m_o = register_module("o", LoraLinear(c.width, c.width));
        m_ff1 = register_module("ff1", torch::nn::Linear(c.width, c.ffn));
        m_ff2 = register_module("ff2", torch::nn::Linear(c.ffn, c.width));
        m_drop = register_module("dropout", torch::nn::Dropout(c.dropout));
        torch::NoGradGuard g;
        for (auto *l : {&m_q, &m_k, &m_v, &m_o}) {
            (*l)->weight().normal_(0.0, 0.02);
            (*l)->bias().zero_();
        }
        for (auto *l : {&m_ff1, &m_ff2}) {
            (*l)->weight.normal_(0.0, 0.02);
            (*l)->bias.zero_();
        }
    }

    // x [B, T, W]; keyBias [B, 1, 1, T] or [B, H, T, T] additive (0 or lowest, plus ALiBi).
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &keyBias)
    {
        const auto b = x.size(0), t = x.size(1);
        auto split = [&](const torch::Tensor &y) { return y.view({b, t, m_heads, m_headDim}).transpose(1, 2); };
        const torch::Tensor h = m_ln1(x);
        const torch::Tensor q = split(m_q(h)), k = split(m_k(h)), v = split(m_v(h));
        torch::Tensor scores = batchedMatmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(m_headDim));
        scores = scores + keyBias;
        const torch::Tensor probs = m_drop(torch::softmax(scores, -1));
        const torch::Tensor ctx = batchedMatmul(probs, v).transpose(1, 2).reshape({b, t, m_heads * m_headDim});
        torch::Tensor y = x + m_drop(m_o(ctx));
        y = y + m_drop(m_ff2(torch::gelu(m_ff1(m_ln2(y)))));
        return y;
    }

    void addLora(int rank, double alpha)
    {
        for (auto *l : {&m_q, &m_k, &m_v, &m_o})
            (*l)->addAdapters(rank, alpha);
    }

private:
    int m_heads;
    std::int64_t m_headDim;
    torch::nn::LayerNorm m_ln1{nullptr}, m_ln2{nullptr};
    LoraLinear m_q{nullptr}, m_k{nullptr}, m_v{nullptr}, m_o{nullptr};
    torch::nn::Linear m_ff1{nullptr}, m_ff2{nullptr};
    torch::nn::Dropout m_drop{nullptr};
};

ScratchEncoderImpl::ScratchEncoderImpl(const ScratchConfig &config,
                                       std::shared_ptr<const SentencePieceTokenizer> tokenizer)
    : m_config(config), m_tokenizer(std::move(tokenizer))
{
    m_config.validate();
    if (!m_tokenizer)
        throw Error("scratch encoder needs a tokenizer");
    if (m_tokenizer->vocabSize() != m_config.vocabSize)
        throw Error("scratch encoder: tokenizer has " + std::to_string(m_tokenizer->vocabSize()) +
                    " pieces but the config says " + std::to_string(m_config.vocabSize));
    m_tokens = register_module("tokens", torch::nn::Embedding(m_config.vocabSize, m_config.width));
    m_positions = register_module("positions", torch::nn::Embedding(m_config.maxLength, m_config.width));
    m_dropout = register_module("dropout", torch::nn::Dropout(m_config.dropout));
    for (int i = 0; i < m_config.layers; ++i)
        m_layers.push_back(register_module("layer" + std::to_string(i), std::make_shared<ScratchLayerImpl>(m_config)));
    m_final = register_module("final_ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({m_config.width})));
    torch::NoGradGuard g;
    m_tokens->weight.normal_(0.0, 0.02);
    // Learned positions start as sinusoids (sin | cos of p / 10000^(2i/W)) with the
    // token embeddings' variance: attention can tell near from far neighbours from
    // the first step, which shortens masked-LM's unigram plateau a lot.
    const auto half = m_config.width / 2;
    const torch::Tensor pos = torch::arange(m_config.maxLength, torch::kFloat).unsqueeze(1);
    const torch::Tensor freq = torch::exp(torch::arange(half, torch::kFloat) *
                                          (-std::log(10000.0) / static_cast<double>(std::max<std::int64_t>(1, half))));
    const torch::Tensor angles = pos * freq.unsqueeze(0);   // [maxLength, half]
    torch::Tensor table = torch::zeros({m_config.maxLength, m_config.width});
    table.slice(1, 0, half).copy_(torch::sin(angles));
    table.slice(1, half, 2 * half).copy_(torch::cos(angles));
    m_positions->weight.copy_(table * (0.02 * std::sqrt(2.0)));
}

ScratchEncoderImpl::~ScratchEncoderImpl() = default;

torch::Tensor ScratchEncoderImpl::embed(const torch::Tensor &ids)
{
    const auto t = ids.size(1);
    if (t > m_config.maxLength)
        throw Error("scratch encoder: sequence of " + std::to_string(t) + " tokens exceeds max length " +
                    std::to_string(m_config.maxLength));
    const auto pos = torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    return m_dropout(m_tokens(ids) + m_positions(pos).unsqueeze(0));
}

torch::Tensor ScratchEncoderImpl::encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask)
{
    torch::Tensor keyBias;
    if (mask.defined()) {
        const double lowest = std::numeric_limits<float>::lowest();
        keyBias = torch::zeros(mask.sizes(), embedded.options())
                      .masked_fill(mask.logical_not(), lowest)
                      .view({mask.size(0), 1, 1, mask.size(1)});
    } else {
        keyBias = torch::zeros({embedded.size(0), 1, 1, embedded.size(1)}, embedded.options());
    }
    if (m_config.positionBias == "alibi") {
        const auto t = embedded.size(1);
        const auto opts = embedded.options();
        const torch::Tensor r = torch::arange(t, opts);
        const torch::Tensor distance = (r.unsqueeze(0) - r.unsqueeze(1)).abs();   // [T, T]
        const torch::Tensor slopes =
            torch::pow(2.0, torch::arange(1, m_config.heads + 1, opts) * (-8.0 / static_cast<double>(m_config.heads)));
        const torch::Tensor alibi = -(slopes.view({1, m_config.heads, 1, 1}) * distance.view({1, 1, t, t}));
        // lowest + a negative slope term would overflow to -inf (NaN for all-pad rows).
        keyBias = (keyBias + alibi).clamp_min(std::numeric_limits<float>::lowest());
    }
    torch::Tensor x = embedded;
    for (auto &layer : m_layers)
        x = layer->forward(x, keyBias);
    return m_final(x);
}

torch::Tensor ScratchEncoderImpl::pool(const torch::Tensor &hidden, const torch::Tensor &mask)
{
    if (!mask.defined())
        return hidden.mean(1);
    const torch::Tensor m = mask.unsqueeze(-1).to(hidden.dtype());
    return (hidden * m).sum(1) / m.sum(1).clamp_min(1.0);
}

std::vector<torch::Tensor> ScratchEncoderImpl::layerParameters(int i)
{
    if (i < 0 || i >= static_cast<int>(m_layers.size()))
        throw Error("scratch encoder: no layer " + std::to_string(i));
    return m_layers[static_cast<std::size_t>(i)]->parameters();
}

void ScratchEncoderImpl::addLora(int rank, double alpha)
{
    for (auto &p : parameters())
        p.set_requires_grad(false);
    for (auto &layer : m_layers)
        layer->addLora(rank, alpha);
}

std::string ScratchEncoderImpl::saveCheckpoint() const
{
    nlohmann::json meta = {{"encoder", "scratch"}, {"config", nlohmann::json::parse(m_config.toJson())}};
    return debut::saveCheckpoint(*this, meta.dump());
}

std::shared_ptr<ScratchEncoderImpl>
ScratchEncoderImpl::fromCheckpoint(std::string_view checkpoint, std::shared_ptr<const SentencePieceTokenizer> tokenizer)
{
    const CheckpointContents contents = readCheckpoint(checkpoint);
    nlohmann::json meta;
    try {
        meta = nlohmann::json::parse(contents.meta);
    } catch (const nlohmann::json::exception &) {
        throw Error("checkpoint is not a scratch encoder (no metadata)");
    }
    if (meta.value("encoder", std::string()) != "scratch" || !meta.contains("config"))
        throw Error("checkpoint is not a scratch encoder");
    const ScratchConfig config = ScratchConfig::fromJson(meta["config"].dump());
    // The configuration (from the project file) sizes the model built below; a
    // strict load needs every one of its weights in the checkpoint, whose size the
    // reader bounded by the blob. Refuse a configuration asking for more weights
    // than are stored before building it (a lower bound: embeddings and layers).
    double stored = 0;
    for (const auto &[name, t] : contents.tensors)
        stored += double(t.numel());
    const double w = double(config.width);
    const double needed =
        double(config.vocabSize) * w + double(config.layers) * (4 * w * w + 2 * w * double(config.ffn));
    if (needed > stored)
        throw Error("stored model: scratch encoder configuration needs at least " +
                    std::to_string(std::int64_t(needed)) + " weights but the checkpoint holds " +
                    std::to_string(std::int64_t(stored)));
    auto encoder = std::make_shared<ScratchEncoderImpl>(config, std::move(tokenizer));
    loadCheckpoint(*encoder, checkpoint, /*strict=*/true);
    return encoder;
}

}   // namespace debut
