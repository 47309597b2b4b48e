#include "project/training.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "dist/world.h"
#include "models/checkpoint.h"
#include "project/pretraining.h"
#include "project/project.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "train/classifier.h"
#include "train/implicitnegatives.h"
#include "train/trainer.h"

namespace debut {

namespace {

using json = nlohmann::json;

// Items read to draw implicit negatives from when the mode loads no catalogue
// (an evenly spaced sample of a larger one).
constexpr std::int64_t kImplicitNegativeSample = 20000;

TrainData loadTrainData(ProjectStore &store, const TaskInfo &task)
{
    TrainData data;
    data.task = task.name;
    data.kind = task.kind;
    const auto labels = store.labels(task.id);
    if (labels.empty())
        throw Error(store.path() + ": task '" + task.name + "' has no labels");
    std::vector<std::string> values;
    std::map<std::int64_t, ItemRecord> items;
    for (const auto &l : labels) {
        values.push_back(l.value);
        if (!items.count(l.itemRowid)) {
            auto row = store.itemByRowid(l.itemRowid);
            if (!row)
                throw Error(store.path() + ": label of missing item " + std::to_string(l.itemRowid));
            items[l.itemRowid] = row->item;
        }
    }
    LabelEncoding enc = encodeLabels(task.kind, values);
    data.labels = enc.labels;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        TrainExample e;
        e.item = items[labels[i].itemRowid];
        e.segment = labels[i].segment;
        e.label = enc.index[i];
        e.target = enc.target[i];
        e.weight = labels[i].weight;
        data.examples.push_back(std::move(e));
    }
    return data;
}

// The catalogue for auto mode: every item, or an evenly spaced sample of
// `limit` items of a larger one (streamed, so memory stays bounded).
std::vector<ItemRecord> loadCatalogue(ProjectStore &store, std::int64_t limit)
{
    std::vector<ItemRecord> out;
    const std::int64_t count = store.itemCount();
    const double stride = limit > 0 && count > limit ? double(count) / double(limit) : 1.0;
    double next = 0;
    std::int64_t index = 0;
    store.forEachItem([&](const ItemRow &r) {
        if (double(index++) >= next) {
            out.push_back(r.item);
            next += stride;
        }
        return true;
    });
    return out;
}

std::vector<EpochMetrics> storedEpochs(RunStore &runs, std::int64_t runId)
{
    std::vector<EpochMetrics> out;
    for (const auto &[epoch, text] : runs.epochMetrics(runId))
        out.push_back(EpochMetrics::fromJson(json::parse(text, nullptr, false)));
    return out;
}

EpochMetrics bestOf(const std::vector<EpochMetrics> &epochs)
{
    EpochMetrics best;
    for (const auto &e : epochs)
        if (e.best)
            best = e;   // the last improvement is the kept model
    if (!best.best && !epochs.empty())
        best = epochs.back();
    return best;
}

}   // namespace

TrainResult train(const std::string &projectPath, const TrainRequest &request, const Progress &progress,
                  const EpochCallback &onEpoch)
{
    TrainResult result;
    // One worker of a group (dist/world.h): only rank 0 writes the project; the
    // others read it and train in step with rank 0.
    const bool writer = dist::World::currentRank() == 0;
    if (request.resumeRun > 0 && writer) {   // never two trainers on one run
        result.status = checkResumable(projectPath, request.resumeRun);
        if (!result.status.ok())
            return result;
    }
    ProjectStore store;
    std::optional<RunStore> runs;
    try {
        const auto t0 = std::chrono::steady_clock::now();
        store = ProjectStore::open(projectPath, /*readOnly=*/!writer);
        runs.emplace(store.db());
        auto task = store.task(request.task);
        if (!task)
            throw Error(projectPath + ": no task '" + request.task + "'");
        reportOrCancel(progress, "prepare", 0, 1, "loading labels");
        TrainData data = loadTrainData(store, *task);

        TrainConfig config = request.config;
        std::string resumeBytes;
        if (request.resumeRun > 0) {
            auto run = runs->run(request.resumeRun);
            if (!run || run->taskId != task->id)
                throw Error(projectPath + ": no run " + std::to_string(request.resumeRun) + " of task '" +
                            request.task + "'");
            config = TrainConfig::fromJson(json::parse(run->config, nullptr, false));
            auto cp = runs->findArtefact(run->id, "checkpoint");
            if (!cp)
                throw Error(projectPath + ": run " + std::to_string(run->id) + " has no checkpoint to resume from");
            resumeBytes = runs->artefactData(cp->id);
            result.runId = run->id;
        }
        if (request.resumeRun <= 0)   // store a stable spec: "pretrained" -> "pretrained:<n>"
            config.encoder = resolveProjectEncoderSpec(store, config.encoder);
        if (config.mode == TrainMode::Auto) {
            reportOrCancel(progress, "prepare", 0, 1, "loading the catalogue");
            data.catalogue =
                loadCatalogue(store, config.autoPool > 0 ? config.autoPool + std::int64_t(data.examples.size()) : 0);
        }
        // Positive labels only (a log of purchases or clicks): unlabelled items as the
        // negatives, drawn from the same catalogue sample in every mode and worker, and
        // the other segments' positives (every model ranks each segment by its own weights).
        const std::size_t labelCount = data.examples.size();
        ImplicitNegatives implicit;
        if (needsImplicitNegatives(data)) {
            reportOrCancel(progress, "prepare", 0, 1, "drawing negatives from the catalogue");
            implicit = addImplicitNegatives(
                data, data.catalogue.empty() ? loadCatalogue(store, kImplicitNegativeSample) : data.catalogue,
                config.seed);
        }
        const torch::Device device = parseDevice(config.device);
        result.device = device.is_cuda() ? "cuda" : "cpu";
        if (writer && result.runId == 0)
            result.runId = runs->createRun(task->id, request.runName, config.toJson().dump(), result.device);
        else if (writer)
            runs->setStatus(result.runId, RunStatus::Running);
        const std::int64_t runId = result.runId;
        const std::string prefix = "runs/" + std::to_string(runId) + "/";

        TrainerCallbacks cb;
        cb.progress = progress;
        int lastCheckpointEpoch = 0;
        if (writer) {
            cb.onEpoch = [&](const EpochMetrics &m) {
                runs->putEpochMetrics(runId, m.epoch, m.toJson().dump());
                if (onEpoch)
                    onEpoch(m);
            };
            cb.onBest = [&](const std::string &bytes) {
                runs->putArtefact(runId, "classifier", prefix + "classifier.pt", bytes);
            };
            cb.onCheckpoint = [&](const std::string &bytes, int epoch) {
                runs->putArtefact(runId, "checkpoint", prefix + "checkpoint.pt", bytes);
                lastCheckpointEpoch = epoch;
            };
        }
        if (!resumeBytes.empty() && writer) {
            // Epochs after the checkpoint were not completed: drop their rows.
            const auto state = readCheckpoint(resumeBytes);
            const auto meta = json::parse(state.meta, nullptr, false);
            runs->clearEpochMetrics(runId, meta.value("epoch", 0) + 1);
        }

        Trainer trainer(config, projectEncoderMaker(store));
        TrainOutcome outcome = trainer.train(data, cb, resumeBytes);
        if (!writer) {
            result.epochs = outcome.epochs;
            result.best = outcome.best;
            result.trainableParams = outcome.trainableParams;
            result.status = Status::success();
            return result;
        }

        Transaction tx(store.db());
        runs->putArtefact(runId, "classifier", prefix + "classifier.pt", outcome.modelBytes);
        runs->putEpochMetrics(runId, outcome.best.epoch, outcome.best.toJson().dump());
        json summary = {{"best_epoch", outcome.best.epoch},
                        {"labels", data.labels},
                        {"label_count", labelCount},
                        {"trainable_params", outcome.trainableParams},
                        {"temperature", outcome.best.temperature},
                        {"dev_source", outcome.best.devSource},
                        {"dev_metric", outcome.best.devMetric}};
        if (!outcome.autoReport.is_null())
            summary["auto"] = outcome.autoReport;
        if (!implicit.empty())
            summary["implicit_negatives"] = implicit.toJson();
        if (!outcome.coverage.is_null())
            summary["coverage"] = outcome.coverage;
        if (config.ensemble > 1 && config.mode != TrainMode::Auto) {
            summary["ensemble"] = config.ensemble;
            summary["member_temperatures"] = outcome.memberTemperatures;
        }
        if (outcome.best.report)
            summary["macro_f1"] = outcome.best.report->macro.f1;
        if (outcome.best.auc)
            summary["auc"] = *outcome.best.auc;
        if (outcome.best.baseline && outcome.best.baseline->report)
            summary["baseline_macro_f1"] = outcome.best.baseline->report->macro.f1;
        runs->setSummary(runId, summary.dump());
        runs->setTimings(
            runId,
            json{{"total_s", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}}.dump());
        runs->setStatus(runId, RunStatus::Done);
        if (request.activate)
            runs->setActive(runId);
        tx.commit();
        result.epochs = storedEpochs(*runs, runId);
        result.best = outcome.best;
        result.trainableParams = outcome.trainableParams;
        result.autoReport = outcome.autoReport;
        result.implicitNegatives = implicit.toJson();
        result.coverage = outcome.coverage;
        result.status = Status::success();
    } catch (...) {
        result.status = statusOfCurrentException();
        const bool cancelled = result.status.code == StatusCode::Cancelled;
        try {
            if (runs && result.runId && writer) {
                runs->setStatus(result.runId, cancelled ? RunStatus::Cancelled : RunStatus::Failed);
                if (cancelled)
                    result.epochs = storedEpochs(*runs, result.runId);
            }
        } catch (...) {
        }
    }
    return result;
}

ReportResult report(const std::string &projectPath, const std::string &task, std::int64_t runId)
{
    ReportResult r;
    r.status = guarded([&] {
        ProjectStore store = ProjectStore::open(projectPath, /*readOnly=*/true);
        RunStore runs(store.db());
        auto t = store.task(task);
        if (!t)
            throw Error(projectPath + ": no task '" + task + "'");
        std::optional<RunInfo> run;
        if (runId > 0) {
            run = runs.run(runId);
            if (!run || run->taskId != t->id)
                throw Error(projectPath + ": no run " + std::to_string(runId) + " of task '" + task + "'");
        } else {
            run = runs.servingRun(t->id);
            if (!run)
                run = runs.latestRun(t->id, std::nullopt);
            if (!run)
                throw Error(projectPath + ": task '" + task + "' has no training run (run `debut train` first)");
        }
        r.runId = run->id;
        r.runStatus = run->status;
        r.configJson = run->config;
        r.epochs = storedEpochs(runs, run->id);
        if (r.epochs.empty())
            throw Error(projectPath + ": run " + std::to_string(run->id) + " has no metrics");
        r.best = bestOf(r.epochs);
        const json summary = json::parse(run->summary, nullptr, false);
        if (summary.is_object() && summary.contains("auto"))
            r.autoReport = summary["auto"];
        if (summary.is_object() && summary.contains("implicit_negatives"))
            r.implicitNegatives = summary["implicit_negatives"];
        if (summary.is_object() && summary.value("coverage", json()).is_object())
            r.coverage = summary["coverage"];
        if (summary.is_object() && summary.value("segments_note", json()).is_string())
            r.segmentsNote = summary["segments_note"].get<std::string>();
    });
    return r;
}

}   // namespace debut
