#pragma once
// Classifier: a text encoder fused with the item's side fields and a linear head.
// This is the trained model of a run: the trainer builds and trains it, the
// ranking and explanation code loads it (loadRunClassifier) and scores with it.
//
// Inputs per item (ItemRecord + segment name):
//   text      debut::itemText(item), tokenized by the encoder's tokenizer (maxLength)
//   price     log1p(max(price, 0)) standardised with the training items' mean/std;
//             missing price -> 0 with missing flag 1 (feature [B, 2] = value, flag)
//   brand     learned embedding (sideDim) of the brand; index 0 = unseen or empty
//   category  learned embedding (sideDim) of the category; index 0 = unseen or empty
//   segment   learned embedding (sideDim) of the label segment; index 0 = unseen / ""
//             (one model per task scores every item x segment pair; a segment
//             with few labels falls back towards the shared text/side signal)
// Model:  logits = Linear(D + 2 + 3*sideDim, C)(dropout(concat(pooled, side)))
//                  + [s > 0] dropout(pooled) H[s]             (config.segmentHead)
//   H = parameter "segment_head" [S + 1, D, C]: one deviation of the head's text
//   weights per label segment s = 1..S (slot 0, no or an unseen segment, stays 0),
//   so each segment ranks the items by its own labels; the trainer shrinks the
//   deviations towards 0 with an L2 penalty (TrainConfig::segmentPenalty), so a
//   segment with few labels leans on the shared head. Without it (runs before the
//   deviation existed) the segment embedding only adds a constant per segment.
//   C = 2 (binary), K (multiclass), 1 (rating; target standardised with the
//   training mean/std, de-standardised by probabilities()).
// Calibration: probabilities = softmax(logits / temperature); temperature fitted
// on dev by the trainer and stored in the config.
// Ensemble of K models (TrainConfig::ensemble): this classifier is member 0 and
// holds members 1..K-1 as submodules "member1", ... (same task, labels, side
// vocabularies). Each member keeps its own temperature (ensembleTemperatures);
// the ensemble's logits are log(mean_k softmax(z_k / T_k)) (rating: mean z_k) and
// its own temperature is 1, so probabilities() is the average of the members'
// calibrated probabilities. When the encoder is frozen (encoderState "base")
// every member shares one encoder and pooled embeddings are [B, D]; otherwise
// each member has its own encoder and pooled embeddings are the members'
// concatenated, [B, K*D] (pooledDim()). logitsFromEmbedded feeds member 0's
// token embeddings to every member's encoder (exact unless the token
// embedding tables were tuned, i.e. full mode).
//
// Stacked model (config.stack set, `--mode auto`): instead of the head above,
// the segment-aware linear model of train/linearmodel.h over
//   dense  [encoderWeight * L2-normalised pooled (D), priceWeight * (price value, missing flag)]
//   sparse lexicalWeight * lexical TF-IDF of the item (text/lexicon.h, fitted on the catalogue)
// with shared weights plus one deviation per segment (slot 0 = shared, slot s =
// deviation of segments[s - 1]; an unseen segment scores with the shared part):
//   buffers stack_dense [D + 2, S + 1, C], stack_lexical [V, S + 1, C], stack_bias [S + 1, C].
// Catalogue neighbours (stack "neighbours": {"k", "mix", "rows"}): the
// normalised embedding is first smoothed towards its k nearest rows of a bank of
// catalogue embeddings (buffer stack_bank [R, D], L2-normalised) by
// smoothByNeighbours (train/neighbours.h), so an item is read partly through the items it
// resembles in this catalogue (a transductive step learnt from unlabelled items).
// side() computes the lexical part for the item's segment (SideInputs::lexical,
// [B, C]); logitsFromPooled adds the dense part. encoderWeight 0 (the encoder
// does not cover the catalogue's language) skips the encoder entirely:
// embedItems returns a hashed sketch of the lexical vector instead (for
// neighbours; scores ignore it). Stacked models are never ensembles.
//
// Shapes: B = batch, T = tokens, E = input embedding width, D = encoder->dim().
// All tensors live on device(); results of score()/embedItems() are on the CPU.
// Errors: throws debut::Error (bad bytes, unknown encoder, shape mismatch).
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/progress.h"
#include "io/records.h"
#include "models/encoder.h"
#include "models/factory.h"
#include "text/lexicon.h"
#include "train/neighbours.h"

namespace debut {

class ProjectStore;
class LinearModel;

struct ClassifierConfig {
    TaskKind kind = TaskKind::Binary;
    // Class names in index order. Binary: {negative, positive} (positive = "1",
    // "true", "yes", … when recognised, else the second in sorted order).
    // Rating: empty.
    std::vector<std::string> labels;

    std::string encoderSpec;   // how to rebuild the base encoder (createEncoder spec)
    std::string encoderName;   // encoder->name()
    std::int64_t encoderDim = 0;
    // Which encoder tensors the saved classifier carries: "base" (none: the
    // encoder is exactly the one encoderSpec builds), "lora" (only the adapters),
    // "full" (all encoder tensors).
    std::string encoderState = "base";
    int loraRank = 0;   // > 0: addLora(loraRank, loraAlpha) before loading
    double loraAlpha = 0;
    int maxLength = 128;

    double priceMean = 0, priceStd = 1;                      // of log1p(price) over the training items
    std::vector<std::string> brands, categories, segments;   // vocabularies, index i + 1
    int sideDim = 16;
    double dropout = 0.1;
    double temperature = 1.0;
    double targetMean = 0, targetStd = 1;       // rating standardisation
    std::vector<double> ensembleTemperatures;   // K per-member temperatures; empty = single model
    bool segmentHead = false;                   // the head carries per-segment deviations (see above)
    // Stacked model (see above): {"lexicon": Lexicon JSON, "encoder_weight",
    // "lexical_weight", "price_weight" (block scales, default 1), "candidate":
    // name}; null = the classic head.
    nlohmann::json stack;

    std::int64_t numOutputs() const;   // C
    nlohmann::json toJson() const;
    static ClassifierConfig fromJson(const nlohmann::json &j);
};

// Side-feature tensors of a batch (all [B] int64 except price [B, 2] float).
struct SideInputs {
    torch::Tensor price, brand, category, segment;
    torch::Tensor lexical;   // stacked models: [B, C] lexical logits for the row's segment; else undefined
    SideInputs to(const torch::Device &device) const;
    SideInputs index(const torch::Tensor &rows) const;   // subset of rows
};

// Result of Classifier::score for N items (CPU, plain vectors).
struct ItemScores {
    std::vector<std::vector<double>> probs;   // [N][C] calibrated (rating: [N][1] the rating)
    std::vector<double> score;                // binary: P(positive); multiclass: P(predicted); rating: the rating
    std::vector<int> predicted;               // class index (rating: 0)
    std::vector<double> uncertainty;          // normalised entropy in [0, 1] (rating: 0)
};

class Classifier;

class ClassifierImpl : public torch::nn::Module {
public:
    // `encoder` is shared (not copied); registered as submodule "encoder".
    ClassifierImpl(TextEncoder encoder, ClassifierConfig config);

    const ClassifierConfig &config() const { return m_config; }
    void setTemperature(double t) { m_config.temperature = t; }
    void setEncoderState(const std::string &state) { m_config.encoderState = state; }
    const TextEncoder &encoder() const { return m_encoder; }
    torch::Device device() const;

    // ---- stacked model ----------------------------------------------------------
    bool stacked() const { return m_lexicon != nullptr; }
    const Lexicon *lexicon() const { return m_lexicon.get(); }
    double encoderWeight() const { return m_encoderWeight; }
    // The catalogue-neighbour bank (stack "neighbours"): [R, D] with R the
    // configured "rows" (throws Error otherwise); rows are L2-normalised here.
    void setNeighbourBank(const torch::Tensor &bank);
    bool hasNeighbourBank() const { return m_stackBank.defined(); }
    // Copies the weights of a fitted linear model (denseDim D + 2, sparseDim V,
    // segments S, outputs C of this model; throws Error otherwise).
    void setStackWeights(const LinearModel &model);

    // ---- ensemble ---------------------------------------------------------------
    // Appends a trained member (same kind, labels and encoder width; throws Error
    // otherwise). Its temperature and this model's are moved into
    // ensembleTemperatures and this model's temperature becomes 1.
    void addMember(Classifier member);
    int ensembleSize() const { return 1 + int(m_members.size()); }
    // Whether the members share one encoder (frozen encoder, encoderState "base").
    bool sharedEncoder() const { return m_members.empty() || m_config.encoderState == "base"; }
    std::int64_t pooledDim() const;   // width of embeddings(): D, or K*D without a shared encoder

    // ---- inputs -------------------------------------------------------------
    TokenBatch tokenize(const std::vector<ItemRecord> &items) const;   // on device()
    std::vector<Encoding> encode(const std::vector<ItemRecord> &items) const;
    // `segments`: one segment name per item, or empty = "" for all.
    SideInputs side(const std::vector<ItemRecord> &items, const std::vector<std::string> &segments = {}) const;

    // ---- forward pieces (autograd-friendly; caller picks train/eval mode) -----
    torch::Tensor embeddings(const TokenBatch &batch);                                     // [B, D]
    torch::Tensor logitsFromPooled(const torch::Tensor &pooled, const SideInputs &side);   // [B, C]
    // For integrated gradients: `embedded` = encoder()->embed(ids) (or a path
    // between a baseline and it), mask [B, T] bool.
    torch::Tensor logitsFromEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask,
                                     const SideInputs &side);                 // [B, C]
    torch::Tensor forward(const TokenBatch &batch, const SideInputs &side);   // [B, C]
    // logits -> softmax(logits / T) [B, C]; rating: de-standardised rating [B, 1].
    torch::Tensor probabilities(const torch::Tensor &logits) const;
    // The scalar that ranks items, [B]: P(positive) (binary), max prob (multiclass), rating.
    torch::Tensor scoreFromLogits(const torch::Tensor &logits) const;

    // ---- batched inference (eval mode, no grad, length-sorted batches) --------
    ItemScores score(const std::vector<ItemRecord> &items, const std::vector<std::string> &segments = {},
                     int batchSize = 64, const Progress &progress = {});
    ItemScores scoreEmbeddings(const torch::Tensor &pooled, const SideInputs &side);   // cached embeddings
    torch::Tensor embedItems(const std::vector<ItemRecord> &items, int batchSize = 64,
                             const Progress &progress = {});   // [N, D] CPU

    // ---- persistence -----------------------------------------------------------
    // Checkpoint bytes (models/checkpoint.h) with meta = config JSON; carries the
    // encoder tensors named by config().encoderState plus every head/side tensor.
    std::string save() const;
    std::int64_t trainableParameterCount() const;
    std::int64_t headParameterCount() const;   // head + side embeddings
    // Sum of squares of this model's segment deviations (the trainer's penalty);
    // undefined without them (stacked, or config.segmentHead false).
    torch::Tensor segmentDeviationSquaredNorm() const;

private:
    torch::Tensor fuse(const torch::Tensor &pooled, const SideInputs &side);
    torch::Tensor ownLogits(const torch::Tensor &pooled, const SideInputs &side);   // this model's head
    torch::Tensor stackLogits(const torch::Tensor &pooled, const SideInputs &side);
    // Combines per-member logits (see the ensemble note above).
    torch::Tensor combine(const std::vector<torch::Tensor> &logits) const;
    ClassifierConfig m_config;
    TextEncoder m_encoder;
    std::vector<std::shared_ptr<ClassifierImpl>> m_members;
    torch::nn::Embedding m_brand{nullptr}, m_category{nullptr}, m_segment{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_head{nullptr};
    torch::Tensor m_segmentHead;   // [S + 1, D, C] or undefined
    std::shared_ptr<const Lexicon> m_lexicon;
    double m_encoderWeight = 1.0, m_lexicalWeight = 1.0, m_priceWeight = 1.0;
    torch::Tensor m_stackDense, m_stackLexical, m_stackBias;
    torch::Tensor m_stackBank;   // catalogue neighbours [R, D]; undefined = none
    int m_neighbourK = 0;
    double m_neighbourMix = 0;
};
TORCH_MODULE(Classifier);

// Builds the base encoder for a spec ("use-lite", "scratch", a folder, "run:<id>").
using EncoderMaker = std::function<TextEncoder(const std::string &spec)>;

// Rebuilds a classifier from save() bytes: base encoder from makeEncoder(config.encoderSpec),
// addLora when config.loraRank > 0, then the saved tensors. Moved to `device`, eval mode.
Classifier loadClassifier(std::string_view bytes, const EncoderMaker &makeEncoder,
                          const torch::Device &device = torch::kCPU);

// EncoderMaker for a project: "run:<id>" or a bare run id -> the tuned encoder of
// that run's classifier; anything else -> createEncoder(spec) with the project's
// artefacts ("pretrained", "tokenizer"). `store` must outlive the maker.
EncoderMaker projectEncoderMaker(ProjectStore &store);

// The project's project-level artefacts as models/factory.h sees them (by kind, by
// logical path, and the list of paths). `store` must outlive the context.
EncoderContext projectEncoderContext(ProjectStore &store);

// The classifier of a finished run (its "classifier" artefact), encoders built
// with models/factory (createEncoder(spec, store)). Throws Error when the run or
// its model is missing.
Classifier loadRunClassifier(ProjectStore &store, std::int64_t runId, const torch::Device &device = torch::kCPU);

// Parses "auto" | "cpu" | "cuda" (auto = CUDA when available). Throws Error on
// "cuda" without CUDA or an unknown name.
torch::Device parseDevice(const std::string &name);

}   // namespace debut
