#include "train/resumestate.h"

#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/checkpoint.h"

namespace debut {

namespace {

using json = nlohmann::json;

torch::Tensor bytesTensor(const std::string &s)
{
    torch::Tensor t = torch::empty({std::int64_t(s.size())}, torch::kUInt8);
    if (!s.empty())
        std::memcpy(t.data_ptr(), s.data(), s.size());
    return t;
}

std::string tensorBytes(const torch::Tensor &t)
{
    torch::Tensor c = t.contiguous().cpu();
    return std::string(static_cast<const char *>(c.data_ptr()), std::size_t(c.numel()));
}

}   // namespace

std::string writeResumeState(const ResumeState &s)
{
    std::map<std::string, torch::Tensor> t;
    for (std::size_t f = 0; f < s.models.size(); ++f) {
        t["f" + std::to_string(f) + ".model"] = bytesTensor(s.models[f]);
        t["f" + std::to_string(f) + ".optim"] = bytesTensor(s.optimizers[f]);
    }
    t["best_model"] = bytesTensor(s.bestModel);
    if (s.bestDevLogits.defined())
        t["best_dev_logits"] = s.bestDevLogits.cpu();
    if (s.torchRng.defined())
        t["torch_rng"] = s.torchRng.cpu();
    json meta = {{"format", "debut-train-state"},
                 {"epoch", s.epoch},
                 {"phase", s.phase},
                 {"best_metric", s.bestMetric},
                 {"best_loss", s.bestLoss},
                 {"best_epoch", s.bestEpoch},
                 {"bad", s.bad},
                 {"best_metrics", s.bestMetricsJson},
                 {"rng", s.rngState},
                 {"steps", s.steps},
                 {"folds", s.models.size()}};
    return saveTensors(t, meta.dump());
}

ResumeState readResumeState(const std::string &bytes, std::size_t folds)
{
    CheckpointContents c = readCheckpoint(bytes);
    json meta = json::parse(c.meta, nullptr, false);
    if (!meta.is_object() || meta.value("format", std::string()) != "debut-train-state")
        throw Error("the run's checkpoint is not a training state");
    ResumeState s;
    if (meta.value("folds", std::size_t(0)) != folds)
        throw Error("the run's checkpoint has " + std::to_string(meta.value("folds", 0)) + " folds, expected " +
                    std::to_string(folds) + " (labels changed since the run?)");
    s.valid = true;
    s.epoch = meta.value("epoch", 0);
    s.phase = meta.value("phase", std::string("folds"));
    s.bestMetric = meta.value("best_metric", 0.0);
    s.bestLoss = meta.value("best_loss", 0.0);
    s.bestEpoch = meta.value("best_epoch", 0);
    s.bad = meta.value("bad", 0);
    s.bestMetricsJson = meta.value("best_metrics", std::string("{}"));
    s.rngState = meta.value("rng", std::string());
    s.steps = meta.value("steps", std::vector<std::int64_t>());
    s.steps.resize(folds, 0);
    for (std::size_t f = 0; f < folds; ++f) {
        auto m = c.tensors.find("f" + std::to_string(f) + ".model");
        auto o = c.tensors.find("f" + std::to_string(f) + ".optim");
        s.models.push_back(m != c.tensors.end() ? tensorBytes(m->second) : std::string());
        s.optimizers.push_back(o != c.tensors.end() ? tensorBytes(o->second) : std::string());
    }
    if (auto it = c.tensors.find("best_model"); it != c.tensors.end())
        s.bestModel = tensorBytes(it->second);
    if (auto it = c.tensors.find("best_dev_logits"); it != c.tensors.end())
        s.bestDevLogits = it->second;
    if (auto it = c.tensors.find("torch_rng"); it != c.tensors.end())
        s.torchRng = it->second;
    return s;
}

}   // namespace debut
