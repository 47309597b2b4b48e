#pragma once
// A small transformer encoder trained from scratch (masked-LM on a project's
// catalogue, then fine-tuned) for projects in any language with no pretrained
// model at hand. Its tokenizer is a SentencePiece model trained on the same
// catalogue (text/sptokenizer.h).
//
// Architecture (pre-LN):
//   embed:  tok[ids] * 1 + pos[0..T-1]  (learned positions, initialised as
//           sinusoids), dropout                                          -> [B, T, W]
//   layer:  x = x + drop(Wo · MHA(LN1(x)));  x = x + drop(W2 · GELU(W1 · LN2(x)))
//           attention ignores padded keys (mask false), optional ALiBi bias
//           (config.positionBias); Q, K, V, O are LoraLinear
//   final:  LN                                                          -> [B, T, W]
//   pool:   masked mean over real tokens (all-pad rows give zeros)      -> [B, W]
// T must not exceed maxLength (throws debut::Error). Train/eval mode follows
// torch::nn::Module::train(); dropout is the only stochastic part.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "models/encoder.h"
#include "models/lora.h"
#include "text/sptokenizer.h"

namespace debut {

struct ScratchConfig {
    std::int64_t vocabSize = 8000;
    std::int64_t width = 256;   // hidden size W; must be divisible by heads
    int layers = 4;
    int heads = 4;
    std::int64_t ffn = 1024;
    int maxLength = 128;   // positions, counting [CLS] and [SEP]
    double dropout = 0.1;
    // "none" or "alibi": ALiBi attention bias, -slope_h * |i - j| added to the
    // scores of head h (slope_h = 2^(-8 (h + 1) / heads)), so attention favours
    // near tokens from the first step (masked-LM leaves its unigram plateau much
    // sooner). Checkpoints without the field are "none".
    std::string positionBias = "none";

    std::string toJson() const;
    // Throws debut::Error on malformed JSON or invalid values.
    static ScratchConfig fromJson(const std::string &json);
    void validate() const;   // throws debut::Error
};

class ScratchLayerImpl;

class ScratchEncoderImpl : public TextEncoderImpl {
public:
    // Randomly initialised (normal(0, 0.02) token embeddings and projections,
    // sinusoidal positions of the same variance, zero biases, LayerNorm 1/0) from
    // the current torch seed. `tokenizer` must not be
    // null and its vocabulary must equal config.vocabSize (throws debut::Error).
    ScratchEncoderImpl(const ScratchConfig &config, std::shared_ptr<const SentencePieceTokenizer> tokenizer);
    ~ScratchEncoderImpl() override;

    torch::Tensor embed(const torch::Tensor &ids) override;
    torch::Tensor encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask) override;
    torch::Tensor pool(const torch::Tensor &hidden, const torch::Tensor &mask) override;

    std::int64_t dim() const override { return m_config.width; }
    std::int64_t hiddenSize() const override { return m_config.width; }
    int numLayers() const override { return m_config.layers; }
    std::vector<torch::Tensor> layerParameters(int i) override;
    // LoRA on Q, K, V and O of every layer; all other encoder parameters frozen.
    void addLora(int rank, double alpha) override;
    int maxLength() const override { return m_config.maxLength; }
    std::string name() const override { return "scratch"; }
    const Tokenizer &tokenizer() const override { return *m_tokenizer; }

    const ScratchConfig &config() const { return m_config; }
    std::shared_ptr<const SentencePieceTokenizer> sentencePiece() const { return m_tokenizer; }
    // Token embedding matrix [V, W] (the MLM head ties its decoder to it).
    torch::Tensor tokenEmbeddingWeight() const { return m_tokens->weight; }

    // Checkpoint bytes (models/checkpoint.h) whose meta records the config:
    // {"encoder":"scratch","config":{...}}.
    std::string saveCheckpoint() const;
    // Rebuilds an encoder from saveCheckpoint() bytes and the tokenizer it was
    // trained with. Throws debut::Error on a mismatch.
    static std::shared_ptr<ScratchEncoderImpl> fromCheckpoint(std::string_view checkpoint,
                                                              std::shared_ptr<const SentencePieceTokenizer> tokenizer);

private:
    ScratchConfig m_config;
    std::shared_ptr<const SentencePieceTokenizer> m_tokenizer;
    torch::nn::Embedding m_tokens{nullptr}, m_positions{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    std::vector<std::shared_ptr<ScratchLayerImpl>> m_layers;
    torch::nn::LayerNorm m_final{nullptr};
};

using ScratchEncoder = std::shared_ptr<ScratchEncoderImpl>;

}   // namespace debut
