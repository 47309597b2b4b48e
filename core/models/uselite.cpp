#include "models/uselite.h"

#include "common/error.h"
#include "models/batchedmatmul.h"
#include "models/modelpaths.h"
#include "models/tfjsweights.h"

namespace debut {

namespace {

const std::string kApply = "module_apply_default/Encoder_en/KonaTransformer/";
const std::string kEncode = kApply + "Encode/";
const std::string kModule = "module/Encoder_en/KonaTransformer/Encode/";

std::string layerName(int i) { return "Layer_" + std::to_string(i) + "/TransformerLayer/"; }

float scalar(const TfjsWeights &w, const std::string &name) { return w.get(name, {}).reshape({-1})[0].item<float>(); }

// TF kernel [in, out] (possibly with leading 1x1 conv dims) -> torch weight [out, in].
torch::Tensor kernel(const TfjsWeights &w, const std::string &name, std::int64_t in, std::int64_t out)
{
    torch::Tensor k = w.get(name);
    // The shape itself must be [.., 1, 1, in, out]: a transposed [out, in] kernel has the
    // same number of values and would load silently wrong.
    std::vector<std::int64_t> dims = k.sizes().vec();
    while (dims.size() > 2 && dims.front() == 1)
        dims.erase(dims.begin());
    if (k.numel() != in * out || dims != std::vector<std::int64_t>{in, out}) {
        std::string shape;
        for (const auto d : k.sizes())
            shape += (shape.empty() ? "" : ", ") + std::to_string(d);
        throw Error(Location{w.modelJson().string(), 0, 0, name},
                    "tensor '" + name + "': shape [" + shape + "], expected " + std::to_string(in) + "x" +
                        std::to_string(out) + " values as [" + std::to_string(in) + ", " + std::to_string(out) + "]");
    }
    return k.reshape({in, out}).t().contiguous();
}

torch::Tensor vec(const TfjsWeights &w, const std::string &name, std::int64_t n) { return w.get(name, {n}); }

}   // namespace

UseLiteLayerImpl::UseLiteLayerImpl(const TfjsWeights &w, int index, std::int64_t heads, double qScale, double lnEps)
    : m_heads(heads), m_qScale(qScale), m_lnEps(lnEps)
{
    const std::string L = layerName(index);
    const std::int64_t in = index == 0 ? 256 : 512;
    ln1Weight = register_parameter(
        "ln1_weight",
        vec(w, kEncode + L + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", in));
    ln1Bias = register_parameter(
        "ln1_bias",
        vec(w, kEncode + L + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", in));
    qkv = register_module(
        "qkv", LoraLinear(kernel(w, kModule + L + "MultiheadAttention/qkv_transform_single/kernel/part_0", in, 3 * in),
                          vec(w, kEncode + L + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat",
                              3 * in)));
    out = register_module(
        "out",
        LoraLinear(
            kernel(w, kModule + L + "MultiheadAttention/output_transform_single/kernel/part_0", in, 512),
            vec(w, kEncode + L + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", 512)));
    if (in != 512)   // AdjustResidualInput: the residual is projected to the new width
        residual = register_module("residual",
                                   LoraLinear(kernel(w, kEncode + L + "dense/kernel/ConcatPartitions/concat", in, 512),
                                              vec(w, kEncode + L + "dense/bias/ConcatPartitions/concat", 512)));
    ln2Weight = register_parameter(
        "ln2_weight",
        vec(w, kEncode + L + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", 512));
    ln2Bias = register_parameter(
        "ln2_bias",
        vec(w, kEncode + L + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", 512));
    const std::string S = kEncode + "TransformerStack/" + L;
    conv1 = register_module("conv1", LoraLinear(kernel(w, S + "FFN/conv1/Tensordot/Reshape_1", 512, 1536),
                                                vec(w, kEncode + L + "FFN/conv1/bias/ConcatPartitions/concat", 1536)));
    conv2 = register_module("conv2", LoraLinear(kernel(w, S + "FFN/conv2/Tensordot/Reshape_1", 1536, 512),
                                                vec(w, kEncode + L + "FFN/conv2/bias/ConcatPartitions/concat", 512)));
}

std::pair<torch::Tensor, torch::Tensor>
UseLiteLayerImpl::attentionAndHidden(const torch::Tensor &x, const torch::Tensor &keep, const torch::Tensor &bias)
{
    // Dense projections run in the LoraLinear compute dtype (float32 unless lowered);
    // attention, layer norms, softmax and residual sums stay float32 (.to(kFloat32)
    // is a no-op then).
    const auto B = x.size(0), T = x.size(1), D = x.size(2);
    const auto depth = D / m_heads;
    torch::Tensor h = torch::layer_norm(x, {D}, ln1Weight, ln1Bias, m_lnEps);
    // Attention products in float32 whatever the compute dtype: in bfloat16 they
    // would go to oneDNN, which compiles a kernel for each (batch x heads, tokens)
    // shape, nearly one per batch: cached, they held 100+ MB after 1,000 items;
    // uncached, compiling them cost more than float32 does (batchedMatmul).
    auto parts = qkv->forward(h).to(torch::kFloat32).split(D, -1);
    auto heads = [&](const torch::Tensor &t) { return t.reshape({B, T, m_heads, depth}).transpose(1, 2); };
    torch::Tensor q = heads(parts[0]) * m_qScale, k = heads(parts[1]), v = heads(parts[2]);
    torch::Tensor scores = batchedMatmul(q, k.transpose(-2, -1));
    torch::Tensor weights = torch::softmax(scores + bias, -1);
    torch::Tensor context = batchedMatmul(weights, v).transpose(1, 2).reshape({B, T, D});
    torch::Tensor y =
        out->forward(context).to(torch::kFloat32) + (residual ? residual->forward(x).to(torch::kFloat32) * keep : x);
    h = torch::layer_norm(y, {512}, ln2Weight, ln2Bias, m_lnEps);
    h = conv1->forward(h);
    return {y, h.relu_()};
}

torch::Tensor UseLiteLayerImpl::forward(const torch::Tensor &x, const torch::Tensor &keep, const torch::Tensor &bias)
{
    auto [y, h] = attentionAndHidden(x, keep, bias);
    return y + conv2->forward(h).to(torch::kFloat32) * keep;
}

torch::Tensor UseLiteLayerImpl::forwardPooled(const torch::Tensor &x, const torch::Tensor &keep,
                                              const torch::Tensor &bias, const torch::Tensor &count)
{
    // mean_t keep_t (y_t + conv2(h_t) keep_t) = mean(keep y) + conv2(mean(keep h)) for rows
    // with a real token (conv2 is affine, its weights sum to 1 over them); 0 + 0 otherwise.
    auto [y, h] = attentionAndHidden(x, keep, bias);
    torch::Tensor meanY = (y * keep).sum(1) / count;
    torch::Tensor meanH = (h.to(torch::kFloat32) * keep).sum(1) / count;
    torch::Tensor any = keep.sum(1).gt(0).to(torch::kFloat32);
    return meanY + conv2->forward(meanH.to(h.scalar_type())).to(torch::kFloat32) * any;
}

void UseLiteLayerImpl::setComputeDtype(torch::Dtype dtype)
{
    for (auto *l : {&qkv, &out, &residual, &conv1, &conv2})
        if (*l)
            (*l)->setComputeDtype(dtype);
}

void UseLiteLayerImpl::addLora(int rank, double alpha)
{
    qkv->addAdapters(rank, alpha);
    out->addAdapters(rank, alpha);
}

UseLiteImpl::UseLiteImpl(const std::filesystem::path &dir)
    : m_tokenizer(UseTokenizer::load((dir / "vocab.json").string()))
{
    const TfjsWeights w = TfjsWeights::load(dir / "model.json");
    // `w` is dropped after construction, so its tensors are taken over, not copied.
    embeddings = register_parameter("embeddings", w.get("module/Embeddings_en", {8002, 256}));
    if (embeddings.size(0) < m_tokenizer.vocabSize())
        throw Error(Location{(dir / "vocab.json").string(), 0, 0, {}}, "vocabulary larger than the embedding table");
    const std::string S = kEncode + "TransformerStack/";
    invTimescales = register_buffer(
        "inv_timescales",
        w.get(S + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", {1, 128}).reshape({128}).clone());
    const auto heads =
        w.get(S + "Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2")
            .item<int>();
    const double lnEps = scalar(w, S + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x");
    layer0 = register_module(
        "layer0", UseLiteLayer(w, 0, heads, scalar(w, S + "Layer_0/TransformerLayer/MultiheadAttention/mul/y"), lnEps));
    layer1 = register_module(
        "layer1", UseLiteLayer(w, 1, heads, scalar(w, S + "Layer_1/TransformerLayer/MultiheadAttention/mul/y"), lnEps));
    tanhLayer =
        register_module("tanh", LoraLinear(kernel(w, "module/Encoder_en/hidden_layers/tanh_layer_0/weights", 512, 512),
                                           vec(w, "module/Encoder_en/hidden_layers/tanh_layer_0/bias", 512)));
    m_maxLength = w.get(kApply + "ClipToMaxLength/Less/y").item<int>();
    m_attentionBias = scalar(
        w, S + "Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y");
    m_l2Epsilon = scalar(w, "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y");
}

torch::Tensor UseLiteImpl::embed(const torch::Tensor &ids)
{
    torch::Tensor clipped = ids.size(1) > m_maxLength ? ids.slice(1, 0, m_maxLength) : ids;
    const auto T = clipped.size(1);
    torch::Tensor pos = torch::arange(T, invTimescales.options()).unsqueeze(1) * invTimescales.unsqueeze(0);
    torch::Tensor timing = torch::cat({torch::sin(pos), torch::cos(pos)}, 1);   // [T, 256]
    // The graph adds AddTimingSignal's output (embedding + timing) to the
    // embedding once more: the layer input is 2 * embedding + timing.
    return torch::embedding(embeddings, clipped) * 2.0 + timing.unsqueeze(0);
}

torch::Tensor UseLiteImpl::encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask)
{
    const auto T = embedded.size(1);
    torch::Tensor m = mask.slice(1, 0, T);
    torch::Tensor keep = m.to(embedded.dtype()).unsqueeze(-1);
    torch::Tensor bias = ((1.0 - m.to(embedded.dtype())) * m_attentionBias).unsqueeze(1).unsqueeze(1);
    torch::Tensor x = embedded * keep;
    x = layer0->forward(x, keep, bias);
    return layer1->forward(x, keep, bias);
}

torch::Tensor UseLiteImpl::pool(const torch::Tensor &hidden, const torch::Tensor &mask)
{
    torch::Tensor keep = mask.slice(1, 0, hidden.size(1)).to(hidden.dtype());
    torch::Tensor count = keep.sum(1, true).clamp_min(1.0);
    torch::Tensor mean = (hidden * keep.unsqueeze(-1)).sum(1) / count;
    torch::Tensor t = torch::tanh(tanhLayer->forward(mean));
    return t * torch::rsqrt(t.square().sum(1, true).clamp_min(m_l2Epsilon));
}

torch::Tensor UseLiteImpl::embedPooled(const TokenBatch &b)
{
    const torch::Tensor embedded = embed(b.ids);
    const auto T = embedded.size(1);
    torch::Tensor m = b.mask.slice(1, 0, T);
    torch::Tensor keep = m.to(embedded.dtype()).unsqueeze(-1);
    torch::Tensor bias = ((1.0 - m.to(embedded.dtype())) * m_attentionBias).unsqueeze(1).unsqueeze(1);
    torch::Tensor count = keep.sum(1).clamp_min(1.0);
    torch::Tensor x = layer0->forward(embedded * keep, keep, bias);
    torch::Tensor mean = layer1->forwardPooled(x, keep, bias, count);
    torch::Tensor t = torch::tanh(tanhLayer->forward(mean));
    return t * torch::rsqrt(t.square().sum(1, true).clamp_min(m_l2Epsilon));
}

bool UseLiteImpl::setInferencePrecision(Precision p)
{
    const torch::Dtype dtype = p == Precision::BFloat16 ? torch::kBFloat16 : torch::kFloat32;
    layer0->setComputeDtype(dtype);
    layer1->setComputeDtype(dtype);
    return true;
}

std::vector<torch::Tensor> UseLiteImpl::layerParameters(int i)
{
    if (i < 0 || i >= numLayers())
        throw Error("use-lite has no layer " + std::to_string(i));
    std::vector<torch::Tensor> params = (i == 0 ? layer0 : layer1)->parameters();
    if (i == numLayers() - 1)
        for (const auto &p : tanhLayer->parameters())
            params.push_back(p);
    return params;
}

void UseLiteImpl::addLora(int rank, double alpha)
{
    for (auto &p : parameters())
        p.set_requires_grad(false);
    layer0->addLora(rank, alpha);
    layer1->addLora(rank, alpha);
}

std::shared_ptr<UseLiteImpl> loadUseLite(const std::filesystem::path &dir)
{
    return std::make_shared<UseLiteImpl>(dir.empty() ? requireModelDir("use-lite", "model.json") : dir);
}

}   // namespace debut
