#pragma once
// Builds the base text encoder named by a spec string:
//   "use-lite"       the embedded USE-Lite (models/uselite.h, files under defaultModelsDir())
//   "scratch"        the project's from-scratch encoder: the project-level artefacts
//                    "pretrained" (ScratchEncoderImpl::saveCheckpoint bytes) and
//                    "tokenizer" (SentencePiece model bytes), the newest of each kind
//   "pretrained:<n>" the n-th masked-LM result of `debut pretrain` in the project:
//                    artefact paths "pretrained/<n>/encoder.pt" plus, for a
//                    from-scratch encoder, "pretrained/<n>/spm.model"; without
//                    spm.model it is a continued-pretrained ("adapted") encoder whose
//                    checkpoint meta {"base": SPEC} names the encoder it started from
//                    (built recursively, then the checkpoint loaded strictly)
//   "pretrained"     the newest of those (resolve it first: resolveEncoderSpec)
//   a folder path    a Hugging Face BERT-family folder (models/hfmodel.h)
// "run:<id>" (the tuned encoder of a training run) needs the training layer and is
// handled there (train/classifier.h: projectEncoderMaker).
//
// The models layer does not link the store: project artefacts come in through
// `EncoderContext`. Result on the CPU, eval mode. Throws debut::Error naming the
// spec and what is missing.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/encoder.h"

namespace debut {

struct EncoderContext {
    // Bytes of the project-level artefact of `kind`, nullopt when absent (or no project).
    std::function<std::optional<std::string>(const std::string &kind)> artefact;
    // Bytes of the project-level artefact stored under the logical `path`
    // (e.g. "pretrained/3/encoder.pt"), nullopt when absent. Optional.
    std::function<std::optional<std::string>(const std::string &path)> artefactAt;
    // Logical paths of all project-level artefacts. Optional.
    std::function<std::vector<std::string>()> artefactPaths;
};

TextEncoder createEncoder(const std::string &spec, const EncoderContext &context = {});

// One masked-LM result stored by `debut pretrain` ("pretrained/<n>/...").
struct PretrainedRef {
    int index = 0;          // n
    bool scratch = false;   // true: from-scratch encoder + its SentencePiece model
    std::string spec() const { return "pretrained:" + std::to_string(index); }
};
// The pretrained encoders among context.artefactPaths(), ascending by index
// (empty without artefactPaths).
std::vector<PretrainedRef> pretrainedEncoders(const EncoderContext &context);

// Makes a spec stable before it is stored with a run: "pretrained" -> the newest
// "pretrained:<n>" (throws debut::Error when the project has none); "scratch" ->
// "pretrained:<n>" of the newest from-scratch result when there is one (else
// unchanged); other specs unchanged.
std::string resolveEncoderSpec(const std::string &spec, const EncoderContext &context);

// n of "pretrained:<n>", nullopt for other specs.
std::optional<int> pretrainedIndex(const std::string &spec);

}   // namespace debut
