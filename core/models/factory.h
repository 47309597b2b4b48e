#pragma once
// Builds the base text encoder named by a spec string:
//   "use-lite"     the embedded USE-Lite (models/uselite.h, files under defaultModelsDir())
//   "scratch"      the project's from-scratch encoder: the project-level artefacts
//                  "pretrained" (ScratchEncoderImpl::saveCheckpoint bytes, e.g. from
//                  `debut pretrain`) and "tokenizer" (SentencePiece model bytes)
//   a folder path  a Hugging Face BERT-family folder (models/hfmodel.h)
// "run:<id>" (the tuned encoder of a training run) needs the training layer and is
// handled there (train/classifier.h: projectEncoderMaker).
//
// The models layer does not link the store: project artefacts come in through
// `EncoderContext::artefact`. Result on the CPU, eval mode. Throws debut::Error
// naming the spec and what is missing.
#include <functional>
#include <optional>
#include <string>

#include "models/encoder.h"

namespace debut {

struct EncoderContext {
    // Bytes of the project-level artefact of `kind`, nullopt when absent (or no project).
    std::function<std::optional<std::string>(const std::string &kind)> artefact;
};

TextEncoder createEncoder(const std::string &spec, const EncoderContext &context = {});

} // namespace debut
