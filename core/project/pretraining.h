#pragma once
// Pretraining façade: masked-LM domain adaptation of a text encoder on a
// project's catalogue (what `debut pretrain` and the GUI's job runner call), and
// the list of pretrained encoders a project holds (what the GUI's "one pretrained
// on this catalogue" encoder choice and `debut train --encoder pretrained[:N]`
// rely on). Never throws: failures come back as a Status (UserError, Cancelled,
// Internal). Each call opens its own connection (safe on a worker thread).
//
// Storage: the n-th pretraining of a project stores project-level artefacts
// (run_id NULL) under "pretrained/<n>/":
//   encoder.pt   kind 'pretrained' (from scratch: ScratchEncoderImpl checkpoint)
//                or 'adapted' (continued pretraining: checkpoint of the whole
//                encoder, meta {"base": SPEC, "encoder": NAME})
//   spm.model    kind 'tokenizer' (from scratch only: its SentencePiece model)
//   report.json  kind 'pretrain-report' (JSON: kind, base, tokenizer pieces,
//                config, options, per-epoch held-out perplexity, unigram baseline)
// The encoder spec "pretrained:<n>" (models/factory.h) loads it; "pretrained" is
// the newest; "scratch" the newest from-scratch one.
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/progress.h"
#include "models/scratch.h"
#include "text/sptokenizer.h"
#include "train/mlm.h"

namespace debut {

struct PretrainRequest {
    // "scratch": a new SentencePiece tokenizer + from-scratch encoder trained on
    // the catalogue; otherwise a spec to continue from ("use-lite", a Hugging Face
    // folder, "pretrained:<n>", "pretrained").
    std::string encoder = "scratch";
    MlmOptions mlm;             // start from defaultPretrainRequest()
    SpTrainOptions tokenizer;   // scratch only; splitByWhitespace is set from the texts
    ScratchConfig scratch;      // scratch only; vocabSize comes from the tokenizer
};

// The tuned defaults for `encoder`: scratch = unigram tokenizer of at most 8000
// pieces, 2 layers x 128 wide (4 heads, FFN 512, ALiBi, no dropout), 16 epochs of
// batch 16 at peak lr 2e-3; continued pretraining = 3 epochs at lr 5e-5.
PretrainRequest defaultPretrainRequest(const std::string &encoder = "scratch");

struct PretrainResult {
    Status status;
    int index = 0;             // n of "pretrained/<n>/" (0 when nothing was stored)
    std::string spec;          // "pretrained:<n>"
    std::string description;   // one line: tokenizer and encoder shape
    MlmResult mlm;             // every epoch, baseline, held-out sizes
};

// Trains and stores (one transaction, only after the last epoch: a cancel or an
// error stores nothing). `progress` stages: "tokenizer", "pretrain", "evaluate".
// `onEpoch` is called on the calling thread after each epoch.
PretrainResult pretrain(const std::string &projectPath, const PretrainRequest &request, const Progress &progress = {},
                        const MlmEpochCallback &onEpoch = {});

struct PretrainedEncoderInfo {
    int index = 0;                  // n
    std::string spec;               // "pretrained:<n>": pass as TrainConfig::encoder
    std::string kind;               // "scratch" | "adapted"
    std::string base;               // adapted: the spec it continued from; scratch: "scratch"
    std::string createdAt;          // ISO-8601 UTC
    std::int64_t bytes = 0;         // size of encoder.pt
    int epochs = 0;                 // from report.json (0 when absent)
    double perplexity = 0;          // held-out perplexity after the last epoch (0 when unknown)
    double unigramPerplexity = 0;   // its unigram baseline (0 when unknown)
    std::string description;        // e.g. "scratch, 2 layers x 256, 2000 pieces"
};

struct PretrainedListResult {
    Status status;
    std::vector<PretrainedEncoderInfo> encoders;   // ascending index (newest last)
};

// The project's pretrained encoders (what `debut pretrain` stored).
PretrainedListResult listPretrainedEncoders(const std::string &projectPath);

class ProjectStore;
// models/factory.h resolveEncoderSpec against `store`'s artefacts: "pretrained" ->
// the newest "pretrained:<n>", "scratch" -> the newest from-scratch one (when
// stored under "pretrained/<n>/"), others unchanged. Throws debut::Error when
// "pretrained" is asked of a project without any. The training façade stores the
// resolved spec with the run, so a later pretraining never changes its encoder.
std::string resolveProjectEncoderSpec(ProjectStore &store, const std::string &spec);

}   // namespace debut
