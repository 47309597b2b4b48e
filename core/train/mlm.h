#pragma once
// Masked-LM pretraining: domain adaptation of a text encoder on unlabelled texts
// (a project's catalogue), for the from-scratch encoder and for continued
// pretraining of any TextEncoderImpl whose tokenizer has a mask id.
//
// Masking (BERT): in every sequence, each non-special token (id >= the
// tokenizer's firstNormalId(), not [CLS]/[SEP]/[PAD]) is selected with
// probability maskProbability (at least one per sequence that has any); a
// selected token is replaced by [MASK] 80% of the time, by a random normal piece
// 10%, and kept 10%. The loss is the cross-entropy of the original token at the
// selected positions.
//
// MLM head: dense(H, H) -> GELU -> LayerNorm -> decoder to the vocabulary. The
// decoder weight is tied to the encoder's token embeddings when the encoder is a
// ScratchEncoderImpl (models/scratch.h); otherwise it is a fresh [V, H] matrix.
// The head is discarded after training; only the encoder keeps the learning.
//
// Optimiser: AdamW (weight decay on matrices only), linear warm-up over
// warmupFraction of all steps then linear decay to 0, gradient norm clipped at 1.
//
// Held-out evaluation: heldOutFraction of the texts (at least 1, chosen with the
// seed) never train; their masking is drawn once, so every epoch scores the same
// positions. heldOutLoss = mean cross-entropy over those positions (nats);
// perplexity = exp(heldOutLoss).
// Unigram baseline (on exactly the same held-out positions): p(t) =
// (count of t among the training texts' maskable tokens + 1) / (N + V'), with N
// the number of such tokens and V' = vocabSize - firstNormalId (add-one smoothing
// over the normal pieces); baseline perplexity = exp(-mean log p(target)).
//
// Determinism: with the same seed, texts and threads on CPU, results are
// identical (torch::manual_seed(seed) is called; shuffling and masking use a
// std::mt19937_64 seeded with it).
//
// Progress: `progress("pretrain", step, totalSteps, message)` after every batch;
// when it returns false, the call stops within that batch and throws Cancelled
// (the encoder then holds partly trained weights: callers that must not keep
// them restore a checkpoint). Errors (no mask token, no texts) throw debut::Error.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "common/progress.h"
#include "models/encoder.h"

namespace debut {

struct MlmOptions {
    int epochs = 3;
    int batchSize = 32;
    double learningRate = 5e-4;   // peak, after warm-up
    double weightDecay = 0.01;
    double warmupFraction = 0.06;
    double maskProbability = 0.15;
    double heldOutFraction = 0.1;
    int maxHeldOut = 2000;   // cap on held-out texts
    int maxLength = 0;       // tokens per text incl. specials; <= 0: the encoder's maxLength()
    std::uint64_t seed = 42;
    int threads = 0;   // > 0: torch::set_num_threads(threads)
    torch::Device device = torch::kCPU;
};

struct MlmEpoch {
    int epoch = 0;            // 1-based
    double trainLoss = 0;     // mean over the epoch's batches (nats)
    double heldOutLoss = 0;   // nats per masked token
    double heldOutPerplexity = 0;
    double unigramPerplexity = 0;     // the baseline (same every epoch)
    std::int64_t heldOutTokens = 0;   // masked positions scored
    double seconds = 0;
};

struct MlmResult {
    std::vector<MlmEpoch> epochs;
    double initialHeldOutLoss = 0;   // before any training step
    double initialHeldOutPerplexity = 0;
    double unigramPerplexity = 0;
    std::int64_t trainTexts = 0, heldOutTexts = 0, heldOutTokens = 0;
};

// Unigram baseline as documented above (exposed for tests and reports):
// trainIds = token ids of the training texts (specials are skipped),
// targets = the held-out masked tokens' original ids.
double unigramPerplexity(const std::vector<std::vector<std::int32_t>> &trainIds,
                         const std::vector<std::int32_t> &targets, std::int32_t firstNormalId, std::int32_t vocabSize);

using MlmEpochCallback = std::function<void(const MlmEpoch &)>;

// Trains `encoder` in place (left in eval mode on options.device).
MlmResult trainMaskedLm(TextEncoderImpl &encoder, const std::vector<std::string> &texts, const MlmOptions &options,
                        const Progress &progress = {}, const MlmEpochCallback &onEpoch = {});

}   // namespace debut
