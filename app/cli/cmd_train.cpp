// `debut train` and `debut report` (contract: docs/cli.md).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command.h"
#include "project/project.h"
#include "project/training.h"
#include "train/autotrain.h"

namespace debut::cli {

namespace {

using json = nlohmann::json;

// The notes a run's text output ends with, for --json: "below_baseline_note"
// (EpochMetrics::belowBaselineNote) and "segments_note" (ReportResult::segmentsNote),
// each only when it applies.
void addNotes(json &j, const std::string &belowBaseline, const std::string &segments)
{
    if (!belowBaseline.empty())
        j["below_baseline_note"] = belowBaseline;
    if (!segments.empty())
        j["segments_note"] = segments;
}

json epochsJson(const std::vector<EpochMetrics> &epochs)
{
    json a = json::array();
    for (const auto &e : epochs)
        a.push_back(e.toJson());
    return a;
}

int cmdTrain(const std::vector<std::string> &argv)
{
    Args a(argv, {"json"},
           {"task", "mode", "encoder", "epochs", "lr", "batch", "seed", "device", "preset", "resume", "ensemble",
            "threads", "pairs", "candidate", "dropout"});
    const std::string &project = a.positional(0, "PROJECT");
    a.maxPositional(1);
    auto task = a.option("task");
    if (!task)
        throw UsageError("--task is required");
    TrainRequest req;
    req.task = *task;
    try {
        req.config = TrainConfig::fromPreset(a.option("preset", "balanced"));
    } catch (const std::exception &e) {
        throw UsageError(e.what());
    }
    if (auto m = a.option("mode"); m && !parseTrainMode(*m, req.config.mode))
        throw UsageError("--mode must be auto, head, topk, full, lora or contrastive");
    if (req.config.mode == TrainMode::Auto && a.option("ensemble"))
        throw UsageError("--ensemble applies to the tuning modes (head, topk, full, lora, contrastive), not to auto");
    if (req.config.mode != TrainMode::Auto && a.option("candidate"))
        throw UsageError("--candidate applies to --mode auto");
    req.config.autoCandidate = a.option("candidate", "");
    req.config.encoder = a.option("encoder", req.config.encoder);
    req.config.epochs = int(a.integer("epochs", req.config.epochs));
    req.config.lr = a.number("lr", req.config.lr);
    req.config.batchSize = int(a.integer("batch", req.config.batchSize));
    req.config.seed = std::uint64_t(a.integer("seed", (long long)req.config.seed));
    req.config.device = a.option("device", req.config.device);
    if (req.config.device != "auto" && req.config.device != "cpu" && req.config.device != "cuda")
        throw UsageError("--device must be auto, cpu or cuda");
    req.config.dropout = a.number("dropout", req.config.dropout);
    if (!(req.config.dropout >= 0 && req.config.dropout < 1))
        throw UsageError("--dropout must be in [0, 1)");
    req.config.ensemble = int(a.integer("ensemble", req.config.ensemble));
    req.config.threads = int(a.integer("threads", req.config.threads));
    req.config.contrastivePairsPerItem = int(a.integer("pairs", req.config.contrastivePairsPerItem));
    if (req.config.contrastivePairsPerItem < 1 || req.config.contrastivePairsPerItem > 200)
        throw UsageError("--pairs must be between 1 and 200");
    if (req.config.threads < 0)
        throw UsageError("--threads must be 0 (all cores) or more");
    if (req.config.epochs < 1 || req.config.batchSize < 1)
        throw UsageError("--epochs and --batch must be at least 1");
    if (req.config.ensemble < 1 || req.config.ensemble > 16)
        throw UsageError("--ensemble must be between 1 and 16");
    req.resumeRun = a.integer("resume", 0);
    const bool asJson = a.flag("json");

    if (launchedAsWorkers()) {
        const TrainMode m = req.config.mode;
        if (m == TrainMode::TopK || m == TrainMode::Full || m == TrainMode::Lora) {
            joinWorkers();
        } else if (launchRank() != 0) {   // nothing to share: rank 0 trains alone
            std::fprintf(stderr, "debut: worker %d: --mode %s does not tune the encoder; rank 0 trains alone\n",
                         launchRank(), trainModeName(m));
            return ExitOk;
        }
    }
    const Progress progress = cliProgress();
    auto onEpoch = [&](const EpochMetrics &m) {
        if (asJson)
            return;
        endProgressLine();
        std::cout << m.formatLine() << std::endl;
    };
    TrainResult r = train(project, req, progress, onEpoch);
    if (asJson && r.runId) {
        json j = {{"run_id", r.runId},
                  {"status", runStatusName(r.status.ok()                            ? RunStatus::Done
                                           : r.status.code == StatusCode::Cancelled ? RunStatus::Cancelled
                                                                                    : RunStatus::Failed)},
                  {"device", r.device},
                  {"trainable_params", r.trainableParams},
                  {"best", r.status.ok() ? r.best.toJson() : json(nullptr)},
                  {"epochs", epochsJson(r.epochs)}};
        if (!r.autoReport.is_null())
            j["auto"] = r.autoReport;
        if (!r.implicitNegatives.is_null())
            j["implicit_negatives"] = r.implicitNegatives;
        if (!r.coverage.is_null())
            j["coverage"] = r.coverage;
        addNotes(j, r.status.ok() ? r.best.belowBaselineNote() : std::string(), {});
        std::cout << j.dump(2) << '\n';
    }
    if (!r.status.ok())
        return statusExit(r.status);
    endProgressLine();
    if (!asJson) {
        std::cout << "\nrun " << r.runId << " (" << r.device << "), best epoch " << r.best.epoch << "\n";
        if (r.best.stage == MetricsStage::Ensemble)
            std::cout << "ensemble of " << req.config.ensemble << " models (seeds " << req.config.seed << ".."
                      << req.config.seed + std::uint64_t(req.config.ensemble - 1)
                      << "): metrics of their averaged calibrated probabilities\n";
        if (!r.autoReport.is_null())
            std::cout << '\n' << formatAutoReport(r.autoReport);
        std::cout << '\n' << r.best.formatReport();
    }
    if (!r.autoReport.is_null() && !r.autoReport["coverage"].value("covered", true))
        std::fprintf(stderr, "debut: warning: %s\n", r.autoReport["coverage"].value("message", std::string()).c_str());
    if (!r.coverage.is_null())
        std::fprintf(stderr, "debut: warning: %s\n", r.coverage.value("message", std::string()).c_str());
    if (!r.implicitNegatives.is_null())
        std::fprintf(stderr, "debut: note: %s\n", r.implicitNegatives.value("message", std::string()).c_str());
    if (const std::string note = r.best.belowBaselineNote(); !note.empty())
        std::fprintf(stderr, "debut: note: %s\n", note.c_str());
    return ExitOk;
}

int cmdReport(const std::vector<std::string> &argv)
{
    Args a(argv, {"json"}, {"task", "run"});
    const std::string &project = a.positional(0, "PROJECT");
    a.maxPositional(1);
    auto task = a.option("task");
    if (!task)
        throw UsageError("--task is required");
    ReportResult r = report(project, *task, a.integer("run", 0));
    if (!r.status.ok())
        return statusExit(r.status);
    if (a.flag("json")) {
        json j = {{"run_id", r.runId},
                  {"status", runStatusName(r.runStatus)},
                  {"best", r.best.toJson()},
                  {"epochs", epochsJson(r.epochs)},
                  {"config", json::parse(r.configJson, nullptr, false)}};
        if (!r.autoReport.is_null()) {
            j["auto"] = r.autoReport;
            j["candidates"] = r.autoReport.value("candidates", json::array());
            j["coverage"] = r.autoReport.value("coverage", json::object());
        }
        if (!r.implicitNegatives.is_null())
            j["implicit_negatives"] = r.implicitNegatives;
        if (!r.coverage.is_null())
            j["coverage"] = r.coverage;
        addNotes(j, r.best.belowBaselineNote(), r.segmentsNote);
        std::cout << j.dump(2) << '\n';
        return ExitOk;
    }
    std::cout << "run " << r.runId << " (" << runStatusName(r.runStatus) << "), best epoch " << r.best.epoch << "\n\n";
    for (const auto &e : r.epochs)
        std::cout << e.formatLine() << '\n';
    if (!r.autoReport.is_null())
        std::cout << '\n' << formatAutoReport(r.autoReport);
    if (!r.coverage.is_null())
        std::cout << "\nwarning: " << r.coverage.value("message", std::string()) << '\n';
    if (!r.implicitNegatives.is_null())
        std::cout << "\nnote: " << r.implicitNegatives.value("message", std::string()) << '\n';
    std::cout << '\n' << r.best.formatReport();
    if (const std::string note = r.best.belowBaselineNote(); !note.empty())
        std::cout << "\nnote: " << note << '\n';
    if (!r.segmentsNote.empty())
        std::cout << "\nnote: " << r.segmentsNote << '\n';
    return ExitOk;
}

}   // namespace

DEBUT_COMMAND({"train",
               "debut train PROJECT --task NAME [--mode auto|head|topk|full|lora|contrastive]\n"
               "                   [--encoder use-lite|scratch|HF_FOLDER|RUN_ID] [--epochs N] [--lr X]\n"
               "                   [--batch N] [--seed S] [--device auto|cpu|cuda] [--preset quick|balanced|thorough]\n"
               "                   [--ensemble K] [--threads N] [--pairs N] [--candidate NAME] [--dropout X]\n"
               "                   [--resume RUN_ID] [--json]",
               "fine-tune a model for a task; prints epoch metrics and the classification report", cmdTrain});
DEBUT_COMMAND({"report", "debut report PROJECT --task NAME [--run RUN_ID] [--json]",
               "classification report of a task's run (fine-tuned vs zero-shot)", cmdReport});

}   // namespace debut::cli
