#pragma once
// A small scratch encoder for tests: a SentencePiece tokenizer trained on the
// given texts and the encoder shape sized to it. Tests pick the shape; the
// defaults are the smallest that still learns the test catalogues.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/scratch.h"
#include "text/sptokenizer.h"

namespace debut::testutil {

struct ScratchShape {
    int vocab = 60;   // the tokenizer's vocabulary, at most
    std::int64_t width = 16;
    int layers = 1;
    int heads = 2;
    std::int64_t ffn = 32;
    int maxLength = 16;
};

struct TinyScratch {
    std::shared_ptr<SentencePieceTokenizer> tok;
    ScratchConfig config;
};

inline TinyScratch tinyScratch(const std::vector<std::string> &texts, const ScratchShape &shape = {})
{
    SpTrainOptions so;
    so.vocabSize = shape.vocab;
    TinyScratch t;
    t.tok = SentencePieceTokenizer::train(texts, so);
    t.config.vocabSize = t.tok->vocabSize();
    t.config.width = shape.width;
    t.config.layers = shape.layers;
    t.config.heads = shape.heads;
    t.config.ffn = shape.ffn;
    t.config.maxLength = shape.maxLength;
    return t;
}

}   // namespace debut::testutil
