#pragma once
// Reader and writer of the safetensors format (Hugging Face `model.safetensors`).
//
// Layout: 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the
// data region. The JSON maps tensor names to
//   {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}
// (offsets in bytes, relative to the start of the data region) plus an optional
// "__metadata__" object of string -> string.
//
// The reader checks everything against the file before touching tensor data:
// N fits in the file, the JSON parses, every entry has a known dtype, a shape of
// non-negative integers and offsets with begin <= end inside the data region,
// end - begin == numel * dtype size, and no two tensors overlap. Any violation
// throws debut::Error whose message names the file and, where it applies, the
// tensor, e.g. "model.safetensors [encoder.layer.0.attention.self.query.weight]:
// data_offsets [0, 400] do not match shape [10, 20] of F32 (800 bytes)".
// Caps (SafetensorsOptions: header bytes, JSON nesting, tensor count, dims per
// tensor, total data bytes) are checked on the header alone, before any tensor
// is allocated; every allocation is bounded by the bytes actually present.
// Only little-endian hosts are supported (as by the format itself).
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace debut {

// Tensors by name (CPU, contiguous). Shared by the model-file readers.
using NamedTensors = std::map<std::string, torch::Tensor>;

struct SafetensorsOptions {
    // true: F16/BF16/F64 come back as float32 (what the encoders use); integer
    // and bool tensors keep their type. false: every tensor keeps its stored dtype.
    bool floatToFloat32 = true;
    // Caps for input from elsewhere (a model folder, a project file from someone
    // else). Exceeding one throws debut::Error naming the cap.
    std::uint64_t maxHeaderBytes = 100ull * 1024 * 1024;   // the reference implementation's cap
    std::size_t maxTensors = 200000;                       // entries in the header
    std::size_t maxDims = 16;                              // dimensions of one tensor
    std::uint64_t maxDataBytes = ~std::uint64_t(0);        // sum of all tensors' bytes
};

struct SafetensorsContents {
    NamedTensors tensors;
    std::map<std::string, std::string> metadata;   // "__metadata__", empty if absent
};

// Reads a whole file. Supported dtypes: F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL.
// Throws debut::Error (file and tensor named) on any inconsistency or I/O error.
SafetensorsContents readSafetensors(const std::string &path, const SafetensorsOptions &options = {});

// Same from memory; `name` is used in error messages (e.g. the fuzzer's input).
SafetensorsContents readSafetensorsFromMemory(const void *data, std::size_t size, const std::string &name,
                                              const SafetensorsOptions &options = {});

// Writes `tensors` (any of the supported dtypes; moved to CPU and made contiguous)
// with their stored dtype. The header is padded with spaces to a multiple of 8
// bytes as the reference implementation does. Written atomically (common/atomicfile.h),
// so a failed write leaves no half-written file. Throws debut::Error on failure.
void writeSafetensors(const std::string &path, const NamedTensors &tensors,
                      const std::map<std::string, std::string> &metadata = {});

// The same bytes as writeSafetensors, in memory (e.g. a BLOB inside the project
// file). `name` is used in error messages. Throws debut::Error.
std::string safetensorsBytes(const NamedTensors &tensors, const std::map<std::string, std::string> &metadata = {},
                             const std::string &name = "safetensors");

// The dtype string of a tensor ("F32", ...); throws debut::Error for unsupported ones.
std::string safetensorsDtypeName(torch::ScalarType type);

}   // namespace debut
