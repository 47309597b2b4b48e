#pragma once
// Checkpoints as byte buffers: a module's named parameters and buffers (recursive,
// dotted names as `named_parameters()` gives them) plus a caller-defined meta
// string. Used to store models, encoders and training state as BLOBs in the
// project file (artefacts.data). Round trips are bit-exact: values, dtypes and
// shapes come back unchanged; tensors are saved from CPU copies and loaded onto
// the device of the destination tensor.
//
// Format (version 2, written by this build): safetensors bytes (models/safetensors.h)
// whose __metadata__ is {"format": "debut-checkpoint", "version": "2", "meta": <meta>}.
// A project file may come from someone else, so the bytes are parsed by Debut's own
// reader, never by LibTorch's unpickler, under caps (CheckpointLimits) checked
// against the header and the blob's length before anything is allocated.
//
// Version 1 (earlier builds): a torch::pickle_save zip archive of the dict
//   {"format": "debut-checkpoint", "version": 1, "meta": <string>, "tensors": {name: Tensor}}.
// Still read, by the hardened `.bin` reader (models/torchbin.h: our own zip parser and
// state-dict unpickler, fuzzed), with the same caps. Nothing rewrites a project on
// open: a version-1 blob stays until its run or encoder is saved again.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace debut {

struct CheckpointContents {
    std::string meta;                               // caller-defined text (JSON by convention)
    std::map<std::string, torch::Tensor> tensors;   // CPU tensors by dotted name
};

// Serialises `module`'s parameters and buffers (and `meta`) to bytes.
std::string saveCheckpoint(const torch::nn::Module &module, const std::string &meta = {});
// Serialises an explicit tensor map (for callers that assemble their own state).
std::string saveTensors(const std::map<std::string, torch::Tensor> &tensors, const std::string &meta = {});

// What a stored checkpoint may hold (beyond any real model, far below what would
// exhaust a desktop): exceeding one throws debut::Error naming it.
struct CheckpointLimits {
    static constexpr std::size_t kMaxTensors = 100000;
    static constexpr std::size_t kMaxDims = 8;
    static constexpr std::uint64_t kMaxHeaderBytes = 16ull << 20;   // safetensors JSON header
    static constexpr std::uint64_t kMaxDataBytes = 4ull << 30;      // all tensors together
};

// Parses bytes written by saveCheckpoint/saveTensors (version 2, or version 1 of
// earlier builds). Throws debut::Error starting "stored model: " when the bytes are
// not a Debut checkpoint, are damaged (truncated, offsets out of range, shapes that
// do not match their bytes) or exceed CheckpointLimits.
CheckpointContents readCheckpoint(std::string_view bytes);

// The format version of checkpoint bytes: 2, 1, or 0 when they are neither.
int checkpointVersion(std::string_view bytes);

struct LoadReport {
    std::vector<std::string> missing;      // in the module, absent from the checkpoint
    std::vector<std::string> unexpected;   // in the checkpoint, absent from the module
};

// Copies the checkpoint's tensors into `module`'s parameters and buffers (no grad
// recorded; dtype and device of the module's tensors kept). A shape mismatch always
// throws debut::Error naming the tensor. With strict = true, missing or unexpected
// names throw debut::Error listing them; otherwise they are returned. Returns the
// checkpoint's meta string through `meta` when non-null.
LoadReport loadCheckpoint(torch::nn::Module &module, std::string_view bytes, bool strict = true,
                          std::string *meta = nullptr);

}   // namespace debut
