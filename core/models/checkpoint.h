#pragma once
// Checkpoints as byte buffers: a module's named parameters and buffers (recursive,
// dotted names as `named_parameters()` gives them) serialised with
// torch::pickle_save into a zip archive that `torch.load` in Python and
// `loadCheckpoint` here both read. Used to store checkpoints as BLOBs in the
// project file (artefacts.data). Round trips are bit-exact: values, dtypes and
// shapes come back unchanged; tensors are saved from CPU copies and loaded onto
// the device of the destination tensor.
//
// Layout of the archive: a dict {"format": "debut-checkpoint", "version": 1,
//   "meta": <string, caller-defined, usually JSON>, "tensors": {name: Tensor}}.
#include <torch/torch.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace debut {

struct CheckpointContents {
    std::string meta;                           // caller-defined text (JSON by convention)
    std::map<std::string, torch::Tensor> tensors;  // CPU tensors by dotted name
};

// Serialises `module`'s parameters and buffers (and `meta`) to bytes.
std::string saveCheckpoint(const torch::nn::Module &module, const std::string &meta = {});
// Serialises an explicit tensor map (for callers that assemble their own state).
std::string saveTensors(const std::map<std::string, torch::Tensor> &tensors, const std::string &meta = {});

// Parses bytes written by saveCheckpoint/saveTensors. Throws debut::Error when the
// bytes are not a Debut checkpoint.
CheckpointContents readCheckpoint(std::string_view bytes);

struct LoadReport {
    std::vector<std::string> missing;     // in the module, absent from the checkpoint
    std::vector<std::string> unexpected;  // in the checkpoint, absent from the module
};

// Copies the checkpoint's tensors into `module`'s parameters and buffers (no grad
// recorded; dtype and device of the module's tensors kept). A shape mismatch always
// throws debut::Error naming the tensor. With strict = true, missing or unexpected
// names throw debut::Error listing them; otherwise they are returned. Returns the
// checkpoint's meta string through `meta` when non-null.
LoadReport loadCheckpoint(torch::nn::Module &module, std::string_view bytes, bool strict = true,
                          std::string *meta = nullptr);

} // namespace debut
