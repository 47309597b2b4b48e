#pragma once
// Text encoder contract (LibTorch). Every encoder (USE-Lite, BERT family,
// from-scratch) implements it; training, scoring and explanations use only this.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "common/progress.h"
#include "text/tokenizer.h"

namespace debut {

struct TokenBatch {
    torch::Tensor ids;    // [B, T] int64
    torch::Tensor mask;   // [B, T] bool, true = real token
};

// Pads encodings into a batch (pad id from the tokenizer). T = longest encoding,
// at least 1 (a batch of empty texts is [B, 1] with an all-false mask).
TokenBatch makeBatch(const std::vector<Encoding> &encodings, std::int32_t padId,
                     const torch::Device &device = torch::kCPU);

// Arithmetic of inference (embedTexts). Float32 is the reference (parity-tested);
// BFloat16 runs the matrix products in bfloat16 (oneDNN; fast on CPUs with
// AVX512-BF16/AMX) with layer norms, softmax and pooling in float32, at about
// 1e-3 max |diff| on L2-normalised embeddings (bench/embed_bench measures it).
enum class Precision { Float32, BFloat16 };
// "fp32" | "bf16" (also "float32", "bfloat16"); throws debut::Error otherwise.
Precision parsePrecision(const std::string &name);
std::string precisionName(Precision p);   // "fp32" | "bf16"

// Whether `device` multiplies bfloat16 matrices in hardware: on the CPU, x86 with
// AVX512-BF16 or AMX-BF16 enabled by the OS (cpuid, xgetbv); other devices are
// assumed to. Without it LibTorch falls back to a scalar bfloat16 product: USE-Lite
// measured 1.7 items/s in bf16 against 112 in float32 on an AVX2-only EPYC.
bool hasFastBFloat16(const torch::Device &device);
// `requested`, or Float32 where it would run slower than Float32 on `device`
// (BFloat16 without hasFastBFloat16). embedTexts does what it is asked; front
// ends (debut encode) pass their users' choice through this and say when it
// changed it.
Precision usablePrecision(Precision requested, const torch::Device &device);

class TextEncoderImpl : public torch::nn::Module {
public:
    // [B, T] -> [B, T, E] input embeddings (token + position as the model does).
    virtual torch::Tensor embed(const torch::Tensor &ids) = 0;
    // Runs the transformer from input embeddings: -> [B, T, H] hidden states.
    virtual torch::Tensor encodeEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask) = 0;
    // Pools hidden states to the sentence embedding [B, D] (the model's own pooling).
    virtual torch::Tensor pool(const torch::Tensor &hidden, const torch::Tensor &mask) = 0;
    torch::Tensor forward(const TokenBatch &b) { return pool(encodeEmbedded(embed(b.ids), b.mask), b.mask); }

    virtual std::int64_t dim() const = 0;          // D of the pooled embedding
    virtual std::int64_t hiddenSize() const = 0;   // H of hidden states (for the MLM head)
    virtual int numLayers() const = 0;
    // Parameters of transformer layer i (0 = closest to the input).
    virtual std::vector<torch::Tensor> layerParameters(int i) = 0;
    // Replaces the attention projections with LoRA-wrapped ones of rank r.
    // After this, only LoRA adapters are trainable inside the encoder.
    virtual void addLora(int rank, double alpha) = 0;
    virtual int maxLength() const = 0;
    virtual std::string name() const = 0;   // "use-lite", "bert", "scratch"
    virtual const Tokenizer &tokenizer() const = 0;

    // Sentence embeddings of a batch, = forward(b); encoders may override with a
    // cheaper exact evaluation (USE-Lite applies its last linear map after pooling).
    virtual torch::Tensor embedPooled(const TokenBatch &b) { return forward(b); }
    // Switches inference arithmetic (see Precision); returns false when the encoder
    // does not support `p` (nothing changed). Float32 is always supported and
    // restores the reference path. Lower precisions snapshot the current weights:
    // switch back to Float32 before training.
    virtual bool setInferencePrecision(Precision p) { return p == Precision::Float32; }
};

using TextEncoder = std::shared_ptr<TextEncoderImpl>;

// Padded tokens per batch that embedTexts aims at when EmbedOptions::tokenBudget
// is 0. On the CPU, measured with USE-Lite on 2 cores: float32 1024 (smaller
// batches stay in cache: 172 items/s at 1024, 143 at 2048, and 45 MB less
// memory), bfloat16 1536 (oneDNN wants larger products: 230 items/s at 1024, 272
// at 1536, 277 at 2048 but 300 MB). 16384 on a GPU.
int defaultTokenBudget(const torch::Device &device, Precision precision = Precision::Float32);

struct EmbedOptions {
    int batchSize = 64;
    int tokenBudget = 0;   // 0: defaultTokenBudget(the encoder's device, precision)
    // Inference arithmetic for this call (the encoder is back to Float32 after it).
    // Throws debut::Error when the encoder does not support it.
    Precision precision = Precision::Float32;
};

// How embedTexts batches rows whose token lengths (each at least 1) are sorted
// ascending: the end index of each batch, in order. A batch holds at most
// `batchSize` rows and at most `tokenBudget` padded tokens (rows x its last,
// longest, length), and always at least one row.
std::vector<std::size_t> lengthBatchEnds(const std::vector<std::int64_t> &sortedLengths, int batchSize,
                                         int tokenBudget);

// Sentence embeddings of `texts` -> [N, encoder.dim()] float32 on the CPU, rows in
// input order. Runs in inference mode (no autograd) on the encoder's current
// device, batching texts of similar token length (sorted): at most `batchSize`
// texts and at most `tokenBudget` padded tokens (rows x longest) per batch, which
// bounds peak memory; reports stage "encode" (texts done / N) after each batch and
// throws Cancelled when progress asks to stop. Texts are truncated to
// encoder.maxLength() tokens. Texts with the same tokens are computed once (a
// catalogue's variants often share a description).
torch::Tensor embedTexts(TextEncoderImpl &encoder, const std::vector<std::string> &texts, const EmbedOptions &options,
                         const Progress &progress = {});
torch::Tensor embedTexts(TextEncoderImpl &encoder, const std::vector<std::string> &texts, int batchSize = 64,
                         const Progress &progress = {}, int tokenBudget = 0);
// The same for texts already tokenised (with encoder.tokenizer(), at most
// encoder.maxLength() ids each); progress reports `stage`.
torch::Tensor embedEncodings(TextEncoderImpl &encoder, const std::vector<Encoding> &encodings,
                             const EmbedOptions &options, const Progress &progress = {},
                             const std::string &stage = "encode");

}   // namespace debut
