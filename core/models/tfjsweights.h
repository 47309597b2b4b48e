#pragma once
// Reader of a TF.js graph model's weights: model.json's `weightsManifest` and
// its binary shards.
//
// Each manifest group lists shard files (`paths`) whose concatenation holds the
// group's tensors back to back in manifest order (little-endian). Supported
// dtypes: float32 and int32 (no quantisation). load() checks that every shard
// exists, that the shards hold exactly the bytes the manifest needs, that shapes
// are valid, and that float32 tensors are finite; any failure throws
// debut::Error naming the file (shard or model.json) and the tensor.
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace debut {

class TfjsWeights {
public:
    // `modelJson`: path to model.json; shards are resolved next to it.
    static TfjsWeights load(const std::filesystem::path &modelJson);

    bool contains(const std::string &name) const { return m_tensors.count(name) != 0; }
    // The tensor (float32 or int32, CPU, owning its memory). Throws debut::Error
    // naming the tensor when absent or when its shape is not `expectedShape`
    // (empty expectedShape = any).
    torch::Tensor get(const std::string &name, const std::vector<std::int64_t> &expectedShape = {}) const;
    std::vector<std::string> names() const;
    const std::filesystem::path &modelJson() const { return m_modelJson; }

private:
    std::filesystem::path m_modelJson;
    std::map<std::string, torch::Tensor> m_tensors;
};

}   // namespace debut
