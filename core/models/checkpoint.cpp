#include "models/checkpoint.h"

#include <cstring>
#include <set>

#include "common/error.h"
#include "common/jsondepth.h"
#include "models/safetensors.h"
#include "models/torchbin.h"

namespace debut {

namespace {

constexpr const char *kFormat = "debut-checkpoint";
constexpr int kVersion = 2;
constexpr const char *kName = "stored model";

std::map<std::string, torch::Tensor> moduleState(const torch::nn::Module &module)
{
    std::map<std::string, torch::Tensor> state;
    for (const auto &p : module.named_parameters(/*recurse=*/true))
        state[p.key()] = p.value();
    for (const auto &b : module.named_buffers(/*recurse=*/true))
        if (b.value().defined())
            state[b.key()] = b.value();
    return state;
}

std::string joinNames(const std::vector<std::string> &names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < 20; ++i)
        out += (i ? ", " : "") + names[i];
    if (names.size() > 20)
        out += ", … (" + std::to_string(names.size()) + " in all)";
    return out;
}

bool isSafetensors(std::string_view bytes)
{
    if (bytes.size() < 9)
        return false;
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    return n >= 2 && n <= bytes.size() - 8 && bytes[8] == '{';
}

bool isZip(std::string_view bytes) { return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0; }

Error bad(const std::string &msg) { return Error(std::string(kName) + ": " + msg); }

// The caller-defined meta is JSON by convention, parsed (and its values copied)
// by callers: refuse nesting that would overflow the stack there.
void checkMeta(const std::string &meta)
{
    if (JsonDepth::scan(meta, JsonDepth::kMaxDepth) > JsonDepth::kMaxDepth)
        throw bad("its description nests deeper than " + std::to_string(JsonDepth::kMaxDepth) + " levels");
}

void checkTensors(const std::map<std::string, torch::Tensor> &tensors)
{
    if (tensors.size() > CheckpointLimits::kMaxTensors)
        throw bad(std::to_string(tensors.size()) + " tensors, more than the limit of " +
                  std::to_string(CheckpointLimits::kMaxTensors));
    for (const auto &[name, t] : tensors)
        if (static_cast<std::size_t>(t.dim()) > CheckpointLimits::kMaxDims)
            throw Error(Location{kName, 0, 0, name}, "shape has " + std::to_string(t.dim()) +
                                                         " dimensions, more than the limit of " +
                                                         std::to_string(CheckpointLimits::kMaxDims));
}

CheckpointContents readV2(std::string_view bytes)
{
    SafetensorsOptions o;
    o.floatToFloat32 = false;
    o.maxHeaderBytes = CheckpointLimits::kMaxHeaderBytes;
    o.maxTensors = CheckpointLimits::kMaxTensors;
    o.maxDims = CheckpointLimits::kMaxDims;
    o.maxDataBytes = CheckpointLimits::kMaxDataBytes;
    SafetensorsContents st = readSafetensorsFromMemory(bytes.data(), bytes.size(), kName, o);
    auto get = [&](const char *key) -> const std::string & {
        const auto it = st.metadata.find(key);
        if (it == st.metadata.end())
            throw bad(std::string("not a Debut checkpoint (no \"") + key + "\" in its metadata)");
        return it->second;
    };
    if (get("format") != kFormat)
        throw bad("not a Debut checkpoint (wrong format tag)");
    const std::string &version = get("version");
    if (version != "2")
        throw bad("checkpoint version " + version.substr(0, 20) + " is not one this program reads (1 or 2)");
    CheckpointContents out;
    out.meta = get("meta");
    checkMeta(out.meta);
    out.tensors = std::move(st.tensors);
    return out;
}

// Version 1: read by the `.bin` reader (no LibTorch unpickler), then held to the
// same caps as version 2.
CheckpointContents readV1(std::string_view bytes)
{
    std::map<std::string, std::string> scalars;
    TorchBinOptions o;
    o.floatToFloat32 = false;
    o.scalars = &scalars;
    NamedTensors all = readTorchBinFromMemory(bytes.data(), bytes.size(), kName, o);
    auto get = [&](const char *key) -> const std::string * {
        const auto it = scalars.find(key);
        return it == scalars.end() ? nullptr : &it->second;
    };
    const std::string *format = get("format");
    if (!format || *format != kFormat)
        throw bad("not a Debut checkpoint (wrong format tag)");
    const std::string *version = get("version");
    if (!version || *version != "1")
        throw bad("checkpoint version " + (version ? version->substr(0, 20) : std::string("?")) +
                  " is not one this program reads (1 or 2)");
    CheckpointContents out;
    if (const std::string *meta = get("meta"))
        out.meta = *meta;
    checkMeta(out.meta);
    const std::string prefix = "tensors.";
    std::uint64_t bytesIn = 0;
    for (auto &[name, t] : all) {
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        bytesIn += static_cast<std::uint64_t>(t.numel()) * t.element_size();
        out.tensors[name.substr(prefix.size())] = std::move(t);
    }
    checkTensors(out.tensors);
    if (bytesIn > CheckpointLimits::kMaxDataBytes)
        throw bad("tensors hold more than the limit of " + std::to_string(CheckpointLimits::kMaxDataBytes) +
                  " bytes in all");
    return out;
}

}   // namespace

std::string saveTensors(const std::map<std::string, torch::Tensor> &tensors, const std::string &meta)
{
    checkTensors(tensors);
    return safetensorsBytes(tensors, {{"format", kFormat}, {"version", std::to_string(kVersion)}, {"meta", meta}},
                            kName);
}

std::string saveCheckpoint(const torch::nn::Module &module, const std::string &meta)
{
    return saveTensors(moduleState(module), meta);
}

int checkpointVersion(std::string_view bytes) { return isSafetensors(bytes) ? 2 : isZip(bytes) ? 1 : 0; }

CheckpointContents readCheckpoint(std::string_view bytes)
{
    switch (checkpointVersion(bytes)) {
    case 2: return readV2(bytes);
    case 1: return readV1(bytes);
    default:
        throw bad("not a Debut checkpoint (" + std::to_string(bytes.size()) +
                  " bytes, neither safetensors nor a version-1 archive: truncated or damaged?)");
    }
}

LoadReport loadCheckpoint(torch::nn::Module &module, std::string_view bytes, bool strict, std::string *meta)
{
    CheckpointContents c = readCheckpoint(bytes);
    auto state = moduleState(module);
    LoadReport report;
    for (const auto &[name, t] : state)
        if (!c.tensors.count(name))
            report.missing.push_back(name);
    for (const auto &[name, t] : c.tensors)
        if (!state.count(name))
            report.unexpected.push_back(name);
    if (strict && (!report.missing.empty() || !report.unexpected.empty())) {
        std::string msg = "checkpoint does not match the model";
        if (!report.missing.empty())
            msg += "; missing: " + joinNames(report.missing);
        if (!report.unexpected.empty())
            msg += "; unexpected: " + joinNames(report.unexpected);
        throw Error(msg);
    }
    for (const auto &[name, dst] : state) {
        const auto it = c.tensors.find(name);
        if (it == c.tensors.end())
            continue;
        if (it->second.sizes() != dst.sizes()) {
            std::ostringstream s;
            s << "checkpoint tensor '" << name << "' has shape " << it->second.sizes() << " but the model expects "
              << dst.sizes();
            throw Error(s.str());
        }
    }
    torch::NoGradGuard noGrad;
    for (auto &[name, dst] : state) {
        const auto it = c.tensors.find(name);
        if (it != c.tensors.end())
            dst.copy_(it->second.to(dst.device(), dst.scalar_type()));
    }
    if (meta)
        *meta = std::move(c.meta);
    return report;
}

}   // namespace debut
