// Loading run classifiers and project encoders (declared in train/classifier.h).
#include <cctype>

#include "common/error.h"
#include "models/factory.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "train/classifier.h"

namespace debut {

namespace {

std::optional<std::int64_t> runIdOf(const std::string &spec)
{
    std::string digits = spec.rfind("run:", 0) == 0 ? spec.substr(4) : spec;
    if (digits.empty() || digits.size() > 18)
        return std::nullopt;
    for (char c : digits)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
    return std::stoll(digits);
}

}   // namespace

EncoderContext projectEncoderContext(ProjectStore &store)
{
    EncoderContext ctx;
    ctx.artefact = [&store](const std::string &kind) -> std::optional<std::string> {
        RunStore runs(store.db());
        auto a = runs.findArtefact(std::nullopt, kind);
        if (!a)
            return std::nullopt;
        return runs.artefactData(a->id);
    };
    ctx.artefactAt = [&store](const std::string &path) -> std::optional<std::string> {
        RunStore runs(store.db());
        auto a = runs.findArtefactByPath(path);
        if (!a || a->runId)
            return std::nullopt;
        return runs.artefactData(a->id);
    };
    ctx.artefactPaths = [&store] {
        std::vector<std::string> paths;
        for (const auto &a : RunStore(store.db()).artefacts(std::nullopt))
            paths.push_back(a.path);
        return paths;
    };
    return ctx;
}

EncoderMaker projectEncoderMaker(ProjectStore &store)
{
    return [&store](const std::string &spec) -> TextEncoder {
        if (auto id = runIdOf(spec)) {
            // A stored configuration may name its own run (or a cycle of runs) as its
            // encoder: bound the chain instead of recursing until the stack overflows.
            thread_local int depth = 0;
            if (depth >= 8)
                throw Error(store.path() + ": encoder '" + spec +
                            "': chain of runs used as encoders is cyclic or deeper than 8");
            struct Depth {
                Depth() { ++depth; }
                ~Depth() { --depth; }
            } guard;
            Classifier c = loadRunClassifier(store, *id, torch::kCPU);
            return c->encoder();
        }
        return createEncoder(spec, projectEncoderContext(store));
    };
}

Classifier loadRunClassifier(ProjectStore &store, std::int64_t runId, const torch::Device &device)
{
    RunStore runs(store.db());
    if (!runs.run(runId))
        throw Error(store.path() + ": no run " + std::to_string(runId));
    auto a = runs.findArtefact(runId, "classifier");
    if (!a)
        throw Error(store.path() + ": run " + std::to_string(runId) + " has no trained model");
    return loadClassifier(runs.artefactData(a->id), projectEncoderMaker(store), device);
}

}   // namespace debut
