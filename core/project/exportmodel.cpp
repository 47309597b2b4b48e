#include "project/exportmodel.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "common/atomicfile.h"
#include "common/strings.h"
#include "models/lora.h"
#include "models/modelpaths.h"
#include "models/safetensors.h"
#include "models/uselite.h"
#include "project/guard.h"
#include "project/project.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "train/classifier.h"

namespace debut {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

void writeText(const fs::path &path, const std::string &text) { writeFileAtomically(path.string(), text); }

RunInfo pickRun(ProjectStore &store, const TaskInfo &task, std::int64_t runId, const std::string &path)
{
    RunStore runs(store.db());
    std::optional<RunInfo> run;
    if (runId > 0) {
        run = runs.run(runId);
        if (!run || run->taskId != task.id)
            throw Error(path + ": no run " + std::to_string(runId) + " of task '" + task.name + "'");
        if (run->status != RunStatus::Done)
            throw Error(path + ": run " + std::to_string(runId) + " is " + runStatusName(run->status) + ", not done");
    } else {
        run = runs.servingRun(task.id);
        if (!run)
            throw Error(path + ": task '" + task.name + "' has no finished training run (run `debut train " + path +
                        " --task " + task.name + "` first)");
    }
    return *run;
}

// The segments `debut score` scores for the task (Ranker::taskSegments, read-only).
std::vector<std::string> scoredSegments(ProjectStore &store, const TaskInfo &task)
{
    std::set<std::int64_t> ids;
    for (const auto &l : store.labels(task.id))
        ids.insert(l.segmentId);
    std::vector<std::string> out;
    for (const auto &s : store.segments())
        if (ids.count(s.id))
            out.push_back(s.name);
    if (out.empty())
        out.push_back("");
    return out;
}

// Every tensor the model scores with: LoRA merged, training-only and unused ones left out.
NamedTensors servingTensors(ClassifierImpl &model, bool withEncoder)
{
    std::map<std::string, std::shared_ptr<LoraLinearImpl>> lora;
    for (const auto &m : model.named_modules("", /*include_self=*/false))
        if (auto l = std::dynamic_pointer_cast<LoraLinearImpl>(m.value()); l && l->hasAdapters())
            lora[m.key()] = l;
    const bool shared = model.sharedEncoder();
    auto wanted = [&](const std::string &name) {
        if (endsWith(name, ".lora_A") || endsWith(name, ".lora_B"))
            return false;
        const bool member = startsWith(name, "member");
        const std::string local = member ? name.substr(name.find('.') + 1) : name;
        const bool encoder = startsWith(local, "encoder.");
        if (encoder)
            return withEncoder && !(member && shared);
        if (model.stacked())   // the classic head's tensors exist but take no part
            return startsWith(local, "stack_");
        return true;
    };
    NamedTensors out;
    torch::NoGradGuard noGrad;
    auto add = [&](const std::string &name, const torch::Tensor &t) {
        if (!wanted(name))
            return;
        torch::Tensor v = t.detach();
        if (endsWith(name, ".weight")) {
            auto it = lora.find(name.substr(0, name.size() - 7));
            if (it != lora.end())
                v = it->second->mergedWeight();
        }
        out[name] = v.to(torch::kCPU, torch::kFloat32).contiguous().clone();
    };
    for (const auto &p : model.named_parameters(true))
        add(p.key(), p.value());
    for (const auto &b : model.named_buffers(true))
        add(b.key(), b.value());
    return out;
}

json encoderConfig(const ClassifierImpl &model)
{
    auto use = std::dynamic_pointer_cast<UseLiteImpl>(model.encoder());
    if (!use)
        throw Error("export-model: the run's encoder '" + model.config().encoderName +
                    "' cannot be exported yet: runs on use-lite (any mode) and lexical-only auto runs can");
    int maxLen = model.config().maxLength;
    if (use->maxLength() > 0)
        maxLen = maxLen > 0 ? std::min(maxLen, use->maxLength()) : use->maxLength();
    return {{"architecture", "use-lite"},
            {"tokenizer", "tokenizer/vocab.json"},
            {"max_length", maxLen},
            {"dim", use->dim()},
            {"layers", use->numLayers()},
            {"heads", use->layer0->heads()},
            {"query_scale", {use->layer0->queryScale(), use->layer1->queryScale()}},
            {"layer_norm_epsilon", use->layer0->layerNormEpsilon()},
            {"embedding_scale", 2.0},
            {"attention_bias", use->attentionBias()},
            {"l2_epsilon", use->l2Epsilon()},
            {"tensors", "encoder.* (ensemble members with their own encoder: memberK.encoder.*)"}};
}

std::string readme(const json &config, bool withEncoder, bool stacked)
{
    std::string s = "# Debut model: task '" + config["task"]["name"].get<std::string>() + "', run " +
                    std::to_string(config["run_id"].get<std::int64_t>()) + "\n\n";
    s += "Exported by `debut export-model`. Score new items without Debut:\n\n"
         "    python3 tools/debut_score.py THIS_FOLDER items.csv --out scores.csv\n\n"
         "(tools/debut_score.py is in Debut's repository; it needs Python 3 with PyTorch and NumPy.)\n"
         "Items: CSV or JSON Lines with id, title, description, price, brand, category.\n\n"
         "- `model.safetensors`: the tensors, float32, named as in Debut.\n"
         "- `config.json`: task, labels, classifier configuration, encoder constants, segments.\n";
    if (stacked)
        s += "- `lexicon.json`: TF-IDF terms and idf of the catalogue (the lexical features).\n";
    if (withEncoder)
        s += "- `tokenizer/vocab.json`: the USE-Lite vocabulary ([piece, score] pairs); `tokenizer/LICENSE`: "
             "its licence (Apache-2.0), which also covers the encoder tensors.\n";
    s += "\nThe format is documented in Debut's docs/cli.md (\"export-model\").\n";
    return s;
}

}   // namespace

ExportModelResult exportModel(const std::string &projectPath, const ExportModelRequest &request,
                              const Progress &progress)
{
    ExportModelResult r;
    fs::path tmp;
    r.status = guarded([&] {
        if (request.task.empty())
            throw Error("no task given (--task NAME)");
        if (request.outDir.empty())
            throw Error("no output folder given (--out DIR)");
        const fs::path out = fs::absolute(request.outDir).lexically_normal();
        std::error_code ec;
        if (fs::exists(out, ec) && (!fs::is_directory(out, ec) || !fs::is_empty(out, ec)))
            throw Error(out.string() + ": exists and is not an empty folder");
        ProjectStore store = ProjectStore::open(projectPath);
        auto task = store.task(request.task);
        if (!task)
            throw Error(projectPath + ": no task '" + request.task + "'");
        const RunInfo run = pickRun(store, *task, request.runId, projectPath);
        r.runId = run.id;
        reportOrCancel(progress, "export", 0, 4);
        Classifier model = loadRunClassifier(store, run.id, torch::kCPU);
        const ClassifierConfig &cfg = model->config();
        const bool stacked = model->stacked();
        const bool withEncoder = !(stacked && model->encoderWeight() == 0);
        r.encoder = withEncoder ? cfg.encoderName : "";
        r.head = stacked                     ? "stacked"
                 : model->ensembleSize() > 1 ? "ensemble of " + std::to_string(model->ensembleSize())
                                             : "linear";

        json config = {{"format", "debut-model"},
                       {"version", 1},
                       {"task", {{"name", task->name}, {"kind", taskKindName(task->kind)}}},
                       {"run_id", run.id},
                       {"head", stacked ? "stacked" : "linear"},
                       {"ensemble_size", model->ensembleSize()},
                       {"shared_encoder", model->sharedEncoder()},
                       {"segments_scored", scoredSegments(store, *task)},
                       {"item_text", "title, then \". \" and the description when the description is not empty"}};
        json classifier = cfg.toJson();
        if (stacked)
            classifier["stack"]["lexicon"] = "lexicon.json";
        config["classifier"] = classifier;
        config["encoder"] = withEncoder ? encoderConfig(*model) : json();
        store.close();

        fs::create_directories(out.parent_path());
        tmp = out.parent_path() / ("." + out.filename().string() + ".part-" + std::to_string(::getpid()));
        fs::remove_all(tmp, ec);
        fs::create_directories(tmp);
        reportOrCancel(progress, "export", 1, 4);

        const NamedTensors tensors = servingTensors(*model, withEncoder);
        writeSafetensors((tmp / "model.safetensors").string(), tensors,
                         {{"format", "debut-model"}, {"task", task->name}, {"run_id", std::to_string(run.id)}});
        r.files.push_back("model.safetensors");
        r.tensors = std::int64_t(tensors.size());
        reportOrCancel(progress, "export", 2, 4);

        if (stacked) {
            writeText(tmp / "lexicon.json", model->lexicon()->toJson().dump() + "\n");
            r.files.push_back("lexicon.json");
        }
        if (withEncoder) {
            const fs::path models = requireModelDir("use-lite", "vocab.json");
            fs::create_directories(tmp / "tokenizer");
            fs::copy_file(models / "vocab.json", tmp / "tokenizer" / "vocab.json");
            r.files.push_back("tokenizer/vocab.json");
            if (fs::exists(models / "LICENSE")) {
                fs::copy_file(models / "LICENSE", tmp / "tokenizer" / "LICENSE");
                r.files.push_back("tokenizer/LICENSE");
            }
        }
        writeText(tmp / "config.json", config.dump(2) + "\n");
        r.files.push_back("config.json");
        writeText(tmp / "README.md", readme(config, withEncoder, stacked));
        r.files.push_back("README.md");
        reportOrCancel(progress, "export", 3, 4);

        for (const auto &f : r.files)
            r.bytes += std::int64_t(fs::file_size(tmp / f));
        if (fs::exists(out, ec))
            fs::remove(out);   // an empty folder (checked above)
        fs::rename(tmp, out);
        tmp.clear();
        if (progress)
            progress("export", 4, 4, {});
    });
    if (!tmp.empty()) {
        std::error_code ec;
        fs::remove_all(tmp, ec);
    }
    return r;
}

}   // namespace debut
