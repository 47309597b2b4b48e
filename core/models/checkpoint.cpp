#include "models/checkpoint.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <set>

#include "common/error.h"

namespace debut {

namespace {

constexpr const char *kFormat = "debut-checkpoint";
constexpr std::int64_t kVersion = 1;

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

} // namespace

std::string saveTensors(const std::map<std::string, torch::Tensor> &tensors, const std::string &meta)
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto &[name, t] : tensors) {
        // Detached contiguous CPU copy: the archive stores exactly the values.
        dict.insert(name, t.detach().to(torch::kCPU).contiguous().clone());
    }
    c10::impl::GenericDict top(c10::StringType::get(), c10::AnyType::get());
    top.insert(std::string("format"), std::string(kFormat));
    top.insert(std::string("version"), kVersion);
    top.insert(std::string("meta"), meta);
    top.insert(std::string("tensors"), dict);
    const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(top));
    return std::string(bytes.begin(), bytes.end());
}

std::string saveCheckpoint(const torch::nn::Module &module, const std::string &meta)
{
    return saveTensors(moduleState(module), meta);
}

CheckpointContents readCheckpoint(std::string_view bytes)
{
    c10::IValue value;
    try {
        value = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    } catch (const std::exception &e) {
        throw Error(std::string("not a Debut checkpoint (unreadable archive): ") + e.what());
    }
    if (!value.isGenericDict())
        throw Error("not a Debut checkpoint (no top-level dict)");
    const auto top = value.toGenericDict();
    auto get = [&](const char *key) -> c10::IValue {
        const auto it = top.find(std::string(key));
        if (it == top.end())
            throw Error(std::string("not a Debut checkpoint (missing '") + key + "')");
        return it->value();
    };
    const auto format = get("format");
    if (!format.isString() || format.toStringRef() != kFormat)
        throw Error("not a Debut checkpoint (wrong format tag)");
    const auto version = get("version");
    if (!version.isInt() || version.toInt() > kVersion)
        throw Error("Debut checkpoint version " + (version.isInt() ? std::to_string(version.toInt()) : "?") +
                    " is newer than this program supports");
    CheckpointContents out;
    const auto meta = get("meta");
    if (meta.isString())
        out.meta = meta.toStringRef();
    const auto tensors = get("tensors");
    if (!tensors.isGenericDict())
        throw Error("not a Debut checkpoint (tensors are not a dict)");
    for (const auto &entry : tensors.toGenericDict()) {
        if (!entry.key().isString() || !entry.value().isTensor())
            throw Error("not a Debut checkpoint (bad tensor entry)");
        out.tensors[entry.key().toStringRef()] = entry.value().toTensor();
    }
    return out;
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

} // namespace debut
