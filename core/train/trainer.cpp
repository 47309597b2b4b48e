#include "train/trainer.h"

#include <algorithm>
#include <chrono>

#include "common/error.h"
#include "train/autotrain.h"
#include "train/evaluation.h"
#include "train/trainsession.h"

namespace debut {

namespace {

using Clock = std::chrono::steady_clock;

}   // namespace

Trainer::Trainer(TrainConfig config, EncoderMaker makeEncoder)
    : m_config(std::move(config)), m_makeEncoder(std::move(makeEncoder))
{}

TrainOutcome Trainer::train(const TrainData &data, const TrainerCallbacks &cb, const std::string &resumeCheckpoint)
{
    if (m_config.mode == TrainMode::Auto) {
        if (!resumeCheckpoint.empty())
            throw Error("an auto-mode run has no checkpoint to resume (it takes seconds); start a new run");
        return trainAuto(m_config, m_makeEncoder, data, cb);
    }
    if (m_config.ensemble > 1 && !resumeCheckpoint.empty())
        throw Error("resuming an ensemble run is not supported; start a new run");
    TrainOutcome outcome = m_config.ensemble > 1
                               ? trainEnsemble(data, cb)
                               : trainOne(m_config, m_makeEncoder, m_config.seed, data, cb, resumeCheckpoint);
    // The coverage guard of auto mode, as a warning: a tuning mode has nothing
    // but the encoder to learn from.
    std::vector<std::string> texts;
    for (std::size_t i = 0, step = std::max<std::size_t>(1, data.examples.size() / 300); i < data.examples.size();
         i += step)
        texts.push_back(itemText(data.examples[i].item));
    const CoverageReport coverage =
        measureCoverage(outcome.model->encoder()->tokenizer(), outcome.model->config().encoderName, texts,
                        m_config.maxLength, trainModeName(m_config.mode));
    if (!coverage.covered)
        outcome.coverage = coverage.toJson();
    return outcome;
}

// One model: the phases live in train/trainsession.h.
TrainOutcome Trainer::trainOne(const TrainConfig &cfg, const EncoderMaker &makeEncoder, std::uint64_t splitSeed,
                               const TrainData &data, const TrainerCallbacks &cb, const std::string &resumeCheckpoint)
{
    TrainSession session(cfg, makeEncoder, splitSeed, data, cb.progress);
    const ResumeState resume = session.prepare(resumeCheckpoint);
    TrainOutcome outcome;
    outcome.device = session.device().is_cuda() ? "cuda" : "cpu";
    outcome.trainableParams = session.trainableParams();
    BestEpoch best;
    int startEpoch = 1;
    if (resume.valid)
        startEpoch = resume.apply(session, best);
    const bool stoppedBefore = resume.valid && (resume.phase == "final" || best.bad >= cfg.patience);
    if (!stoppedBefore)
        session.runEpochs(startEpoch, best, outcome, cb);
    if (best.epoch == 0)
        throw Error("training produced no epoch");
    session.calibrate(session.keptModel(best), best, outcome);
    return outcome;
}

TrainOutcome Trainer::trainEnsemble(const TrainData &data, const TrainerCallbacks &cb)
{
    const TrainConfig &cfg = m_config;
    const int k = std::min(cfg.ensemble, 16);
    const auto t0 = Clock::now();
    // A frozen encoder (head mode) is built once and shared by every member.
    TextEncoder sharedEncoder;
    EncoderMaker maker = m_makeEncoder;
    if (cfg.mode == TrainMode::Head)
        maker = [&](const std::string &spec) {
            if (!sharedEncoder)
                sharedEncoder = m_makeEncoder(spec);
            return sharedEncoder;
        };
    std::vector<TrainOutcome> members;
    TrainOutcome out;
    int epochOffset = 0;
    for (int m = 0; m < k; ++m) {
        TrainConfig mc = cfg;
        mc.ensemble = 1;
        mc.seed = cfg.seed + std::uint64_t(m);
        mc.baseline = cfg.baseline && m == 0;
        const std::string ofK = std::to_string(m + 1) + "/" + std::to_string(k);
        const std::string tag = "member " + ofK;
        TrainerCallbacks mcb;
        if (cb.progress)
            mcb.progress = [&, m, tag](std::string_view stage, std::int64_t done, std::int64_t total,
                                       std::string_view message) {
                const std::string msg = message.empty() ? tag : tag + ": " + std::string(message);
                if (stage == "train" && total > 0)
                    return cb.progress(stage, std::int64_t(m) * total + done, std::int64_t(k) * total, msg);
                return cb.progress(stage, done, total, msg);
            };
        mcb.onEpoch = [&, ofK](const EpochMetrics &e) {
            EpochMetrics copy = e;
            copy.epoch += epochOffset;
            copy.stage = MetricsStage::Member;
            copy.stageName = ofK;
            if (!members.empty() && members.front().best.baseline)
                copy.baseline = members.front().best.baseline;
            out.epochs.push_back(copy);
            if (cb.onEpoch)
                cb.onEpoch(copy);
        };
        if (m == 0)
            mcb.onBest = cb.onBest;   // member 0 alone is a valid model if the run stops early
        TrainOutcome o = trainOne(mc, maker, cfg.seed, data, mcb, {});
        epochOffset = out.epochs.empty() ? epochOffset : out.epochs.back().epoch;
        members.push_back(std::move(o));
    }

    // Ensemble dev metrics: averaged calibrated probabilities (rating: mean prediction).
    const TrainOutcome &first = members.front();
    const bool rating = data.kind == TaskKind::Rating;
    std::vector<torch::Tensor> logits;
    for (const auto &o : members) {
        if (!o.devLogits.defined() || o.devRows != first.devRows)
            throw Error("ensemble members were evaluated on different dev items");
        logits.push_back(o.devLogits);
    }
    Classifier model = first.model;
    for (std::size_t m = 1; m < members.size(); ++m)
        model->addMember(members[m].model);
    model->eval();
    std::vector<int> y(data.examples.size());
    std::vector<double> target(data.examples.size());
    for (std::size_t i = 0; i < data.examples.size(); ++i) {
        y[i] = data.examples[i].label;
        target[i] = data.examples[i].target;
    }
    torch::Tensor combined;
    torch::Tensor rawMean;
    if (rating) {
        combined = torch::stack(logits).mean(0);
    } else {
        torch::Tensor p, raw;
        for (std::size_t m = 0; m < members.size(); ++m) {
            const double t = members[m].best.temperature > 0 ? members[m].best.temperature : 1.0;
            torch::Tensor pm = torch::softmax(logits[m] / t, 1), rm = torch::softmax(logits[m], 1);
            p = p.defined() ? p + pm : pm;
            raw = raw.defined() ? raw + rm : rm;
        }
        combined = torch::log((p / double(members.size())).clamp_min(1e-30));
        rawMean = torch::log((raw / double(members.size())).clamp_min(1e-30));
    }
    const ClassifierConfig &base = model->config();
    EpochMetrics e = evaluateLogits(combined, first.devRows, y, target, data, base, 1.0);
    if (rawMean.defined())
        e.eceRaw = evaluateLogits(rawMean, first.devRows, y, target, data, base, 1.0).ece;
    e.epoch = epochOffset + 1;
    e.task = data.task;
    e.kind = taskKindName(data.kind);
    e.mode = trainModeName(cfg.mode);
    e.stage = MetricsStage::Ensemble;
    e.devSource = first.best.devSource;
    e.trainCount = first.best.trainCount;
    e.devCount = first.best.devCount;
    e.baseline = first.best.baseline;
    e.temperature = 1.0;
    e.best = true;
    for (const auto &o : members) {
        e.trainLoss += o.best.trainLoss / double(members.size());
        e.examplesPerSec += o.best.examplesPerSec / double(members.size());
        out.trainableParams += o.trainableParams;
        out.memberTemperatures.push_back(o.best.temperature);
    }
    e.trainableParams = out.trainableParams;
    e.elapsedSec = std::chrono::duration<double>(Clock::now() - t0).count();
    out.epochs.push_back(e);
    if (cb.onEpoch)
        cb.onEpoch(e);
    out.model = model;
    out.modelBytes = model->save();
    out.best = e;
    out.device = first.device;
    out.devLogits = combined;
    out.devRows = first.devRows;
    return out;
}

}   // namespace debut
