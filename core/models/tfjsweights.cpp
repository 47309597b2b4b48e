#include "models/tfjsweights.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace debut {

namespace fs = std::filesystem;

namespace {

std::string shapeText(const std::vector<std::int64_t> &s)
{
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

[[noreturn]] void fail(const fs::path &file, const std::string &tensor, const std::string &message)
{
    throw Error(Location{file.string(), 0, 0, tensor}, (tensor.empty() ? "" : "tensor '" + tensor + "': ") + message);
}

}   // namespace

// A function-try-block: any nlohmann::json exception (a number out of range, a
// field of the wrong type, invalid UTF-8 in a dump) becomes an Error naming the file.
TfjsWeights TfjsWeights::load(const fs::path &modelJson)
try {
    TfjsWeights w;
    w.m_modelJson = modelJson;
    std::ifstream in(modelJson, std::ios::binary);
    if (!in)
        fail(modelJson, {}, "cannot open the model description (run scripts/setup)");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const nlohmann::json::exception &e) {
        fail(modelJson, {}, std::string("malformed JSON: ") + e.what());
    }
    if (!j.contains("weightsManifest") || !j["weightsManifest"].is_array())
        fail(modelJson, {}, "no weightsManifest array");

    const fs::path dir = modelJson.parent_path();
    for (const auto &group : j["weightsManifest"]) {
        if (!group.contains("paths") || !group["paths"].is_array() || !group.contains("weights") ||
            !group["weights"].is_array())
            fail(modelJson, {}, "weightsManifest group without paths/weights");
        // Shard boundaries, to name the shard a bad tensor lives in.
        std::vector<fs::path> shards;
        std::vector<std::uint64_t> shardEnd;
        std::uint64_t total = 0;
        for (const auto &p : group["paths"]) {
            const fs::path shard = dir / p.get<std::string>();
            std::error_code ec;
            const auto size = fs::file_size(shard, ec);
            if (ec)
                fail(shard, {},
                     "missing weight shard listed in " + modelJson.filename().string() + " (run scripts/setup)");
            total += size;
            shards.push_back(shard);
            shardEnd.push_back(total);
        }
        std::string data(total, '\0');   // one buffer, read in place (no copies of 28 MB)
        for (std::size_t i = 0; i < shards.size(); ++i) {
            const std::uint64_t begin = i ? shardEnd[i - 1] : 0;
            std::ifstream s(shards[i], std::ios::binary);
            if (!s || !s.read(data.data() + begin, static_cast<std::streamsize>(shardEnd[i] - begin)))
                fail(shards[i], {}, "cannot read the weight shard");
        }
        auto shardAt = [&](std::uint64_t offset) {
            for (std::size_t i = 0; i < shards.size(); ++i)
                if (offset < shardEnd[i])
                    return shards[i];
            return shards.empty() ? modelJson : shards.back();
        };

        std::uint64_t offset = 0;
        for (const auto &spec : group["weights"]) {
            const std::string name = spec.value("name", std::string());
            if (name.empty())
                fail(modelJson, {}, "weight without a name");
            if (spec.contains("quantization"))
                fail(modelJson, name, "quantised weights are not supported");
            const std::string dtype = spec.value("dtype", std::string());
            if (dtype != "float32" && dtype != "int32")
                fail(modelJson, name, "unsupported dtype '" + dtype + "' (float32 or int32 expected)");
            std::vector<std::int64_t> shape;
            std::uint64_t count = 1;
            if (!spec.contains("shape") || !spec["shape"].is_array())
                fail(modelJson, name, "missing shape");
            for (const auto &d : spec["shape"]) {
                if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
                    fail(modelJson, name, "invalid shape " + spec["shape"].dump());
                shape.push_back(d.get<std::int64_t>());
                const auto dim = static_cast<std::uint64_t>(shape.back());
                if (dim != 0 && count > (std::numeric_limits<std::uint64_t>::max() / 4) / dim)
                    fail(modelJson, name, "shape " + spec["shape"].dump() + " is too large");
                count *= dim;
            }
            const std::uint64_t bytes = count * 4;
            if (offset + bytes > data.size())
                fail(shardAt(data.size() ? data.size() - 1 : 0), name,
                     "weight data truncated: the shards hold " + std::to_string(data.size()) + " bytes, " +
                         "this tensor needs bytes " + std::to_string(offset) + ".." + std::to_string(offset + bytes));
            const auto type = dtype == "float32" ? torch::kFloat32 : torch::kInt32;
            torch::Tensor t = torch::empty(shape, torch::TensorOptions().dtype(type));
            if (bytes)   // an empty tensor may have no storage (data_ptr() == nullptr)
                std::memcpy(t.data_ptr(), data.data() + offset, bytes);
            if (type == torch::kFloat32 && count > 0 && !torch::isfinite(t).all().item<bool>()) {
                const auto bad = torch::nonzero(~torch::isfinite(t.reshape({-1})))[0].item<std::int64_t>();
                fail(shardAt(offset + static_cast<std::uint64_t>(bad) * 4), name,
                     "non-finite value at element " + std::to_string(bad) + " (corrupt shard?)");
            }
            if (w.m_tensors.count(name))
                fail(modelJson, name, "duplicate tensor name");
            w.m_tensors.emplace(name, t);
            offset += bytes;
        }
        if (offset != data.size())
            fail(shards.empty() ? modelJson : shards.back(), {},
                 "the shards hold " + std::to_string(data.size()) + " bytes but the manifest describes " +
                     std::to_string(offset) + " (corrupt or mismatched shard)");
    }
    return w;
} catch (const nlohmann::json::exception &e) {
    fail(modelJson, {}, std::string("malformed weights manifest: ") + e.what());
}

torch::Tensor TfjsWeights::get(const std::string &name, const std::vector<std::int64_t> &expectedShape) const
{
    auto it = m_tensors.find(name);
    if (it == m_tensors.end())
        fail(m_modelJson, name, "missing from the weights manifest");
    if (!expectedShape.empty() && it->second.sizes().vec() != expectedShape)
        fail(m_modelJson, name,
             "shape " + shapeText(it->second.sizes().vec()) + ", expected " + shapeText(expectedShape));
    return it->second;
}

std::vector<std::string> TfjsWeights::names() const
{
    std::vector<std::string> out;
    for (const auto &kv : m_tensors)
        out.push_back(kv.first);
    return out;
}

}   // namespace debut
