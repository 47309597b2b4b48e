#pragma once
// AdamW's per-parameter state (step, first and second moments) as checkpoint
// bytes (models/checkpoint.h: safetensors that Debut parses itself, under the
// stored-model caps), for a run's resume checkpoint inside the project. LibTorch's archive reader never sees what a
// project file holds: a resume state written by an earlier build (a torch.save archive) is not read, the run resumes
// with fresh moments instead (loadAdamWState returns false).
#include <string>

#include <torch/torch.h>

namespace debut {

// Tensors "g<G>.p<P>.exp_avg" / ".exp_avg_sq" (/ ".max_exp_avg_sq") of every
// parameter that has a state; the steps by "g<G>.p<P>" in the checkpoint's meta.
std::string adamWStateBytes(torch::optim::AdamW &opt);

// Restores what adamWStateBytes wrote into `opt` (same parameter groups and
// shapes). Returns false, changing nothing, for bytes of the old archive format.
// Throws debut::Error ("stored model: ...") when the bytes do not parse under the
// stored-model caps or do not fit the optimiser's parameters.
bool loadAdamWState(torch::optim::AdamW &opt, const std::string &bytes);

}   // namespace debut
