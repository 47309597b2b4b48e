#pragma once
// BERT-family encoder (BERT, MiniLM, RoBERTa / XLM-R / CamemBERT, DistilBERT) in
// LibTorch, computing what Hugging Face Transformers' BertModel / RobertaModel /
// DistilBertModel compute (post-LN transformer):
//   embed:   word[ids] + position[pos] + token_type[0]         -> [B, T, H]
//            pos = 0..T-1 (BERT, DistilBERT); for RoBERTa pos = pad+1+rank of
//            the token among non-pad tokens, pad tokens get pad (as HF does)
//   encode:  LayerNorm, dropout, then per layer
//            a = LN(x + dropout(Wo · softmax(QK^T/sqrt(d) + maskbias) V))
//            x = LN(a + dropout(W2 · act(W1 a)))                -> [B, T, H]
//            maskbias = lowest float for padded keys, 0 otherwise
//   pool:    Mean (masked mean over real tokens) or Cls (hidden state of the
//            first token, unprojected: the sentence-transformers convention).
// Weights are loaded by Hugging Face names (see hfStateDict()); hfmodel.h loads a
// whole model folder. Training/eval mode follows torch::nn::Module::train().
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "models/encoder.h"
#include "models/hfconfig.h"
#include "models/safetensors.h"   // NamedTensors

namespace debut {

class BertLayerImpl;

enum class BertPooling { Mean, Cls };

class BertEncoderImpl : public TextEncoderImpl {
public:
    // Randomly initialised as HF does (normal(0, 0.02) weights, zero biases,
    // LayerNorm 1/0). `tokenizer` may be null for ids-only use; tokenizer() then
    // throws. Throws debut::Error on an invalid config.
    BertEncoderImpl(const BertConfig &config, std::shared_ptr<const Tokenizer> tokenizer,
                    BertPooling pooling = BertPooling::Mean);
    ~BertEncoderImpl() override;

    torch::Tensor embed(const torch::Tensor &ids) override;
    torch::Tensor encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask) override;
    torch::Tensor pool(const torch::Tensor &hidden, const torch::Tensor &mask) override;
    // Hugging Face's last_hidden_state for ids [B, T] int64 and mask [B, T] bool
    // (undefined mask = all real).
    torch::Tensor hiddenStates(const torch::Tensor &ids, const torch::Tensor &mask);

    std::int64_t dim() const override { return m_config.hiddenSize; }
    std::int64_t hiddenSize() const override { return m_config.hiddenSize; }
    int numLayers() const override { return m_config.numLayers; }
    std::vector<torch::Tensor> layerParameters(int i) override;
    // LoRA on query, key, value and the attention output projection of every
    // layer; everything else in the encoder is frozen afterwards.
    void addLora(int rank, double alpha) override;
    int maxLength() const override { return static_cast<int>(m_config.maxTokens()); }
    std::string name() const override { return "bert"; }
    const Tokenizer &tokenizer() const override;

    const BertConfig &config() const { return m_config; }
    BertPooling pooling() const { return m_pooling; }
    void setPooling(BertPooling p) { m_pooling = p; }
    void setTokenizer(std::shared_ptr<const Tokenizer> t) { m_tokenizer = std::move(t); }
    std::shared_ptr<const Tokenizer> tokenizerPtr() const { return m_tokenizer; }

    // The weights under the names of Hugging Face's base model (BertModel /
    // RobertaModel: "embeddings.word_embeddings.weight", "encoder.layer.0.
    // attention.self.query.weight", ...; DistilBertModel: "transformer.layer.0.
    // attention.q_lin.weight", ...), detached CPU-or-device tensors. LoRA layers
    // export their merged weight W + scale·BA.
    NamedTensors hfStateDict() const;

    // Copies `weights` (a state dict as read from model.safetensors or
    // pytorch_model.bin) into the parameters. Accepts names with or without the
    // "bert." / "roberta." / "distilbert." / "model." prefix and TF-style
    // LayerNorm "gamma"/"beta". Throws debut::Error naming `source` when encoder
    // weights are missing (all listed), have the wrong shape (tensor named), or
    // when unknown embeddings/encoder keys show the config does not match the
    // weights. Returns warnings for ignored keys (pooler, MLM or task heads).
    std::vector<std::string> loadHfWeights(const NamedTensors &weights, const std::string &source);

private:
    // (HF name, parameter) for every weight; LoRA-wrapped layers list their base W.
    std::vector<std::pair<std::string, torch::Tensor>> targets() const;

    BertConfig m_config;
    BertPooling m_pooling;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    torch::nn::Embedding m_word{nullptr}, m_position{nullptr}, m_tokenType{nullptr};
    torch::nn::LayerNorm m_embNorm{nullptr};
    torch::nn::Dropout m_embDropout{nullptr};
    std::vector<std::shared_ptr<BertLayerImpl>> m_layers;
};

}   // namespace debut
