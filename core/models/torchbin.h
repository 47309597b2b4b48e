#pragma once
// Reader and writer of PyTorch `torch.save` files holding a state dict, such as
// Hugging Face's `pytorch_model.bin`.
//
// Format (torch >= 1.6 default): a zip archive (entries stored, not compressed)
// "<name>/data.pkl" — a pickle (protocol 2) of a dict of tensors — plus one
// entry "<name>/data/<key>" of raw little-endian bytes per storage.
//
// The reader is our own (LibTorch 1.13's torch::pickle_load returns None for the
// collections.OrderedDict that Python state dicts are): a zip central-directory
// parser (zip64 included) and a minimal unpickler for the state-dict subset:
// dicts and OrderedDicts (their `_metadata` BUILD state is ignored), tuples,
// lists, strings, ints, floats, bools, None, persistent ids
// ('storage', torch.<Type>Storage, key, location, numel) and the globals
// torch._utils._rebuild_tensor_v2 / _rebuild_parameter (and LibTorch's type tags). Anything else (other
// classes, compressed entries, the legacy pre-1.6 format, big-endian files)
// throws debut::Error naming the file, as does any structural problem: truncated
// archive, missing storage entry, a view reaching beyond its storage, a malformed
// pickle, a tensor view whose zero or overlapping strides would repeat its
// storage (a small file asking for gigabytes), sizes that overflow, a dict that
// contains itself through the pickle memo. Nested dicts (e.g. {"model": {...}})
// are flattened with dotted names (8 levels; at most 4M entries walked);
// non-tensor leaves are skipped.
#include <cstddef>
#include <map>
#include <string>

#include "common/progress.h"
#include "models/safetensors.h"   // NamedTensors

namespace debut {

struct TorchBinOptions {
    // true: floating tensors come back as float32; false: stored dtypes are kept.
    bool floatToFloat32 = true;
    // Asked now and then while the state dict is read; returning false throws
    // Cancelled (stage "read").
    Progress progress;
    // When set, string and integer leaves of the (nested) dicts are collected here
    // by dotted name (integers as decimal text); they are skipped otherwise.
    std::map<std::string, std::string> *scalars = nullptr;
};

// Reads a torch.save file. Tensors are CPU, contiguous. Throws debut::Error.
NamedTensors readTorchBin(const std::string &path, const TorchBinOptions &options = {});
// Same from memory; `name` appears in error messages.
NamedTensors readTorchBinFromMemory(const void *data, std::size_t size, const std::string &name,
                                    const TorchBinOptions &options = {});

// Writes `tensors` as a dict in the torch.save zip format (via torch::pickle_save)
// that Python's torch.load and readTorchBin read. Written atomically (common/atomicfile.h).
// Throws debut::Error on failure.
void writeTorchBin(const std::string &path, const NamedTensors &tensors);

}   // namespace debut
