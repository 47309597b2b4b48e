#include "train/optimstate.h"

#include <map>
#include <sstream>
#include <type_traits>

#include "common/error.h"
#include "models/checkpoint.h"

#include <nlohmann/json.hpp>

namespace debut {

namespace {

constexpr const char *kFormat = "debut-adamw-1";

// The optimiser's state map is keyed by the parameter's TensorImpl: as the
// address in text in LibTorch 1.x, as the pointer itself in some 2.x releases.
template <class Map>
typename Map::key_type stateKey(const torch::Tensor &p)
{
    using Key = typename Map::key_type;
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream os;
        os << static_cast<const void *>(p.unsafeGetTensorImpl());
        return os.str();
    } else {
        return Key(p.unsafeGetTensorImpl());
    }
}

using StateMap = std::decay_t<decltype(std::declval<torch::optim::AdamW &>().state())>;

std::string prefix(std::size_t g, std::size_t p) { return "g" + std::to_string(g) + ".p" + std::to_string(p); }

Error stateError(const std::string &what) { return Error("stored model: resume state " + what); }

}   // namespace

std::string adamWStateBytes(torch::optim::AdamW &opt)
{
    std::map<std::string, torch::Tensor> tensors;
    nlohmann::json steps = nlohmann::json::object();
    auto &state = opt.state();
    const auto &groups = opt.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto &params = groups[g].params();
        for (std::size_t p = 0; p < params.size(); ++p) {
            auto it = state.find(stateKey<StateMap>(params[p]));
            if (it == state.end())
                continue;
            const auto &s = static_cast<const torch::optim::AdamWParamState &>(*it->second);
            const std::string k = prefix(g, p);
            steps[k] = s.step();
            tensors[k + ".exp_avg"] = s.exp_avg();
            tensors[k + ".exp_avg_sq"] = s.exp_avg_sq();
            if (s.max_exp_avg_sq().defined())
                tensors[k + ".max_exp_avg_sq"] = s.max_exp_avg_sq();
        }
    }
    return saveTensors(tensors, nlohmann::json{{"format", kFormat}, {"steps", steps}}.dump());
}

bool loadAdamWState(torch::optim::AdamW &opt, const std::string &bytes)
{
    // Optimiser states were never version-1 checkpoints: a zip here is the LibTorch
    // archive an earlier build wrote, left unparsed.
    if (checkpointVersion(bytes) == 1)
        return false;
    CheckpointContents c;
    try {
        c = readCheckpoint(bytes);   // the stored-model caps
    } catch (const Error &e) {
        throw stateError(std::string("does not parse: ") + e.what());
    }
    const nlohmann::json meta = nlohmann::json::parse(c.meta, nullptr, false);
    if (!meta.is_object() || meta.value("format", std::string()) != kFormat || !meta.contains("steps") ||
        !meta["steps"].is_object())
        throw stateError("has an unknown format");
    const nlohmann::json &steps = meta["steps"];
    // Checked in full before the optimiser is touched.
    std::map<std::string, std::unique_ptr<torch::optim::AdamWParamState>> restored;
    std::size_t used = 0;
    const auto &groups = opt.param_groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto &params = groups[g].params();
        for (std::size_t p = 0; p < params.size(); ++p) {
            const std::string k = prefix(g, p);
            if (!steps.contains(k))
                continue;
            if (!steps[k].is_number_integer())
                throw stateError(k + ".step is not a number");
            auto tensor = [&](const std::string &name, bool required) -> torch::Tensor {
                auto it = c.tensors.find(k + "." + name);
                if (it == c.tensors.end()) {
                    if (required)
                        throw stateError("lacks " + k + "." + name);
                    return {};
                }
                if (it->second.scalar_type() != params[p].scalar_type() ||
                    !it->second.sizes().equals(params[p].sizes()))
                    throw stateError(k + "." + name + " does not fit its parameter");
                ++used;
                return it->second.to(params[p].device()).clone();
            };
            auto s = std::make_unique<torch::optim::AdamWParamState>();
            s->step(steps[k].get<std::int64_t>());
            s->exp_avg(tensor("exp_avg", true));
            s->exp_avg_sq(tensor("exp_avg_sq", true));
            if (auto m = tensor("max_exp_avg_sq", false); m.defined())
                s->max_exp_avg_sq(m);
            restored[k] = std::move(s);
        }
    }
    if (used != c.tensors.size())
        throw stateError("holds tensors for parameters the model does not have");
    auto &state = opt.state();
    state.clear();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto &params = groups[g].params();
        for (std::size_t p = 0; p < params.size(); ++p) {
            auto it = restored.find(prefix(g, p));
            if (it != restored.end())
                state[stateKey<StateMap>(params[p])] = std::move(it->second);
        }
    }
    return true;
}

}   // namespace debut
