#pragma once
// Catalogue neighbours: an item read partly through the items it resembles in its
// catalogue. The auto learner (train/autotrain.h) offers the smoothed embedding as
// a candidate; a stacked Classifier that picked it carries a bank of catalogue
// embeddings (buffer stack_bank) and applies the same step when scoring.
#include <torch/torch.h>

#include <cstdint>

#include <nlohmann/json.hpp>

namespace debut {

// Smoothing of L2-normalised embeddings `unit` [N, D] over `bank` [R, D]
// (L2-normalised): z = (1 - mix) x + mix * mean of the k bank rows most
// cosine-similar to x, rows with cosine above 1 - 1e-4 (the item itself, or an
// identical text) left out; returns z L2-normalised, [N, D]. Works in chunks of
// rows, so N may be the whole catalogue. With an empty bank or k < 1: `unit`.
torch::Tensor smoothByNeighbours(const torch::Tensor &unit, const torch::Tensor &bank, int k, double mix);

// A stacked model's neighbour settings (stack JSON "neighbours": {"k", "mix",
// "rows"}): returns the bank's row count (0: none) and sets k and mix. Throws
// debut::Error on a malformed entry or values out of range.
std::int64_t neighbourSettings(const nlohmann::json &stack, int &k, double &mix);

}   // namespace debut
