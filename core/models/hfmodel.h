#pragma once
// Loading and saving Hugging Face model folders of the BERT family.
//
// A folder holds:
//   config.json                                   (required; see hfconfig.h)
//   model.safetensors | model.safetensors.index.json + shards | pytorch_model.bin
//                                                 (weights, first found wins)
//   tokenizer.json (WordPiece) | vocab.txt (+ tokenizer_config.json: do_lower_case)
//   | sentencepiece.bpe.model | spiece.model | sentencepiece.model
//                                                 (tokenizer, first usable wins)
//   1_Pooling/config.json                         (optional, sentence-transformers:
//                                                  selects CLS or mean pooling)
// For RoBERTa-family models a SentencePiece model gets fairseq's id layout
// (<s>=0, <pad>=1, </s>=2, <unk>=3, pieces shifted by one, <mask> last) as
// XLM-R's tokenizer does. Byte-level BPE (vocab.json + merges.txt) is not
// supported and reported as such.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/bert.h"
#include "models/encoder.h"

namespace debut {

struct HfLoadOptions {
    // Unset: 1_Pooling/config.json when present, else mean pooling.
    std::optional<BertPooling> pooling;
    // false: a folder without tokenizer files loads (tokenizer() then throws).
    bool requireTokenizer = true;
};

struct HfLoadResult {
    std::shared_ptr<BertEncoderImpl> encoder;   // in eval() mode, on the CPU
    std::vector<std::string> warnings;          // ignored weights, tokenizer notes
    std::string weightsFile;                    // the file(s) the weights came from
};

// Throws debut::Error: the folder does not exist; files are missing (the message
// lists every missing piece); config, weights or tokenizer are invalid (file and
// tensor named, see safetensors.h, torchbin.h, BertEncoderImpl::loadHfWeights).
HfLoadResult loadBertFolder(const std::string &dir, const HfLoadOptions &options = {});
// Same, as the generic encoder interface; warnings are dropped.
TextEncoder loadHuggingFaceFolder(const std::string &dir, const HfLoadOptions &options = {});

// Writes config.json, model.safetensors (HF base-model names, LoRA merged) and,
// when the encoder's tokenizer is WordPiece, vocab.txt + tokenizer_config.json,
// creating `dir` if needed. Throws debut::Error on failure.
void saveBertFolder(const BertEncoderImpl &encoder, const std::string &dir);

}   // namespace debut
