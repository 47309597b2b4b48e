#pragma once
// Model export façade (`debut export-model`): writes a task's serving run as an
// open artefact that scores new items without Debut (tools/debut_score.py is the
// reference scorer, Python + PyTorch). Never throws: failures come back as a Status.
//
// The folder `outDir` (created; refused when it exists and is not empty) holds
//   model.safetensors   every tensor the run scores with, float32, named as in
//                       Debut (docs/cli.md, "export-model"): "encoder.*" (the text
//                       encoder; LoRA adapters merged into their weights),
//                       "head.*" + "brand|category|segment.weight" (classic head),
//                       "stack_dense|stack_lexical|stack_bias" (the auto learner),
//                       "memberK.*" (ensemble members)
//   config.json         format "debut-model" version 1: task, labels, the
//                       classifier configuration (price standardisation, side
//                       vocabularies, segments, temperature, stack weights), the
//                       encoder's architecture constants, the segments `debut score`
//                       scores and how an item's text is built
//   lexicon.json        the auto learner's TF-IDF lexicon {terms, idf} (stacked runs)
//   tokenizer/vocab.json, tokenizer/LICENSE   the USE-Lite vocabulary and its licence
//   README.md           what the files are and how to score with them
// Written into a temporary sibling folder and renamed: a failed or cancelled
// export leaves nothing.
//
// Exportable: runs on the use-lite encoder (any mode: frozen, top-k, full, LoRA,
// contrastive; ensembles) and stacked runs that leave the encoder out (encoder
// weight 0, e.g. catalogues the encoder does not cover). Other encoders (scratch,
// pretrained:N, Hugging Face folders) are refused with a message saying so.
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/progress.h"

namespace debut {

struct ExportModelRequest {
    std::string task;
    std::string outDir;
    std::int64_t runId = 0;   // 0 = the task's active run, else its newest "done" run
};

struct ExportModelResult {
    Status status;
    std::int64_t runId = 0;
    std::string encoder;              // "use-lite" | "" (lexical-only stacked run)
    std::string head;                 // "stacked" | "linear" | "ensemble of K"
    std::vector<std::string> files;   // relative to outDir
    std::int64_t tensors = 0, bytes = 0;
};

ExportModelResult exportModel(const std::string &projectPath, const ExportModelRequest &request,
                              const Progress &progress = {});

}   // namespace debut
