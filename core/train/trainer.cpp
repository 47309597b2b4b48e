#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <cstring>
#include <limits>

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "common/error.h"
#include "models/checkpoint.h"
#include "train/autotrain.h"
#include "train/trainutil.h"

namespace debut {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// bf16 autocast on CUDA only (a no-op elsewhere).
class AutocastGuard {
public:
    explicit AutocastGuard(bool enable) : m_on(enable)
    {
        if (!m_on)
            return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
        at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
#endif
    }
    ~AutocastGuard()
    {
        if (!m_on)
            return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
        at::autocast::set_enabled(false);
#endif
        at::autocast::clear_cache();
    }

private:
    bool m_on;
};

struct Fold {
    std::vector<std::size_t> train, dev;
    Classifier model{nullptr};
    std::unique_ptr<torch::optim::AdamW> opt;
    torch::Tensor cached;        // [N, D] pooled embeddings of every example (head-only training)
    torch::Tensor classWeights;  // [C] or undefined
    std::int64_t step = 0, totalSteps = 0;
    std::vector<double> baseLr;  // per param group
};

bool headOnly(TrainMode m) { return m == TrainMode::Head || m == TrainMode::Contrastive; }

// What the mode trains of the encoder: LoRA adapters (added here), every tensor
// (full, contrastive), the top k layers, or nothing (head). Returns the number of
// trainable encoder values.
std::int64_t setEncoderTrainable(TextEncoderImpl &enc, const TrainConfig &cfg, bool useLora,
                                 const torch::Device &device)
{
    for (auto &p : enc.parameters(true))
        p.set_requires_grad(false);
    if (useLora) {
        enc.addLora(cfg.loraRank, cfg.loraAlpha);
        enc.to(device);
        for (auto &p : enc.named_parameters(true))
            p.value().set_requires_grad(p.key().find("lora_") != std::string::npos);
    } else if (cfg.mode == TrainMode::Full || cfg.mode == TrainMode::Contrastive) {
        for (auto &p : enc.parameters(true))
            p.set_requires_grad(true);
    } else if (cfg.mode == TrainMode::TopK) {
        const int layers = enc.numLayers();
        for (int i = std::max(0, layers - std::max(cfg.topK, 1)); i < layers; ++i)
            for (auto &p : enc.layerParameters(i))
                p.set_requires_grad(true);
    }
    std::int64_t trainable = 0;
    for (auto &p : enc.parameters(true))
        if (p.requires_grad())
            trainable += p.numel();
    return trainable;
}

std::string encoderStateFor(const TrainConfig &c)
{
    switch (c.mode) {
    case TrainMode::Head: return "base";
    case TrainMode::Lora: return "lora";
    case TrainMode::Contrastive: return c.contrastiveLora ? "lora" : "full";
    default: return "full";
    }
}

// Linear warm-up then linear decay to 0 over totalSteps.
double scheduleFactor(std::int64_t step, std::int64_t total, double warmupRatio)
{
    const double warm = std::max(1.0, std::floor(warmupRatio * double(total)));
    if (double(step) < warm)
        return (double(step) + 1) / warm;
    return std::max(0.0, (double(total) - double(step)) / std::max(1.0, double(total) - warm));
}

std::string optimizerBytes(torch::optim::Optimizer &opt)
{
    torch::serialize::OutputArchive ar;
    opt.save(ar);
    std::ostringstream os;
    ar.save_to(os);
    return os.str();
}

void loadOptimizer(torch::optim::Optimizer &opt, const std::string &bytes)
{
    torch::serialize::InputArchive ar;
    std::istringstream is(bytes);
    ar.load_from(is);
    opt.load(ar);
}

} // namespace

Trainer::Trainer(TrainConfig config, EncoderMaker makeEncoder)
    : m_config(std::move(config)), m_makeEncoder(std::move(makeEncoder))
{
}

TrainOutcome Trainer::train(const TrainData &data, const TrainerCallbacks &cb, const std::string &resumeCheckpoint)
{
    if (m_config.mode == TrainMode::Auto) {
        if (!resumeCheckpoint.empty())
            throw Error("an auto-mode run has no checkpoint to resume (it takes seconds); start a new run");
        return trainAuto(m_config, m_makeEncoder, data, cb);
    }
    if (m_config.ensemble > 1) {
        if (!resumeCheckpoint.empty())
            throw Error("resuming an ensemble run is not supported; start a new run");
        return trainEnsemble(data, cb);
    }
    return trainOne(m_config, m_makeEncoder, m_config.seed, data, cb, resumeCheckpoint);
}

TrainOutcome Trainer::trainOne(const TrainConfig &cfg, const EncoderMaker &makeEncoder, std::uint64_t splitSeed,
                               const TrainData &data, const TrainerCallbacks &cb, const std::string &resumeCheckpoint)
{
    const auto t0 = Clock::now();
    const bool rating = data.kind == TaskKind::Rating;
    const std::size_t n = data.examples.size();
    const int numClasses = rating ? 1 : int(data.labels.size());
    if (!rating && numClasses < 2)
        throw Error("task '" + data.task + "' needs labels of at least two classes");
    if (n < 4)
        throw Error("task '" + data.task + "' has " + std::to_string(n) + " labels; at least 4 are needed");
    if (cfg.mode == TrainMode::Contrastive && rating)
        throw Error("contrastive mode needs a classification task (binary or multiclass)");
    if (cfg.epochs < 1 || cfg.batchSize < 1)
        throw Error("epochs and batch size must be at least 1");

    torch::set_num_threads(cfg.threads > 0 ? cfg.threads : int(std::max(1u, std::thread::hardware_concurrency())));
    torch::manual_seed(cfg.seed);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(cfg.seed));
    const torch::Device device = parseDevice(cfg.device);
    const bool autocast = cfg.bf16 && device.is_cuda();

    // ---- labels, splits ------------------------------------------------------
    std::vector<int> y(n);
    std::vector<double> target(n), weight(n);
    for (std::size_t i = 0; i < n; ++i) {
        y[i] = data.examples[i].label;
        target[i] = data.examples[i].target;
        weight[i] = data.examples[i].weight > 0 ? data.examples[i].weight : 1.0;
    }
    // The split comes from splitSeed (ensemble members share it); for a single
    // model it is the seed itself and the same generator as the shuffles.
    std::mt19937 splitRng(static_cast<std::mt19937::result_type>(splitSeed));
    Split split = makeSplit(rating ? std::vector<int>(n, 0) : y, numClasses, cfg, splitSeed == cfg.seed ? rng : splitRng);

    // ---- model configuration shared by every fold ------------------------------
    ClassifierConfig base;
    base.kind = data.kind;
    base.labels = data.labels;
    base.encoderSpec = cfg.encoder;
    base.encoderState = encoderStateFor(cfg);
    const bool useLora = cfg.mode == TrainMode::Lora || (cfg.mode == TrainMode::Contrastive && cfg.contrastiveLora);
    if (useLora) {
        base.loraRank = cfg.loraRank;
        base.loraAlpha = cfg.loraAlpha;
    }
    base.maxLength = cfg.maxLength;
    base.dropout = cfg.dropout;
    fillSideVocabulary(base, data.examples);
    if (rating) {
        double mean = 0, var = 0;
        for (double t : target)
            mean += t / double(n);
        for (double t : target)
            var += (t - mean) * (t - mean) / double(n);
        base.targetMean = mean;
        base.targetStd = var > 1e-12 ? std::sqrt(var) : 1.0;
    }

    TextEncoder shared;
    auto buildModel = [&]() {
        TextEncoder enc = (cfg.mode == TrainMode::Head && shared) ? shared : makeEncoder(cfg.encoder);
        if (!enc)
            throw Error("cannot build encoder '" + cfg.encoder + "'");
        if (cfg.mode == TrainMode::Head)
            shared = enc;
        Classifier model(enc, base);
        model->to(device);
        return model;
    };

    std::vector<Fold> folds(split.folds.size());
    for (std::size_t f = 0; f < folds.size(); ++f) {
        folds[f].train = split.folds[f].first;
        folds[f].dev = split.folds[f].second;
        folds[f].model = buildModel();
    }

    // Tensors of every example on the device.
    std::vector<ItemRecord> items(n);
    std::vector<std::string> segments(n);
    for (std::size_t i = 0; i < n; ++i) {
        items[i] = data.examples[i].item;
        segments[i] = data.examples[i].segment;
    }
    const SideInputs side = folds[0].model->side(items, segments);
    torch::Tensor yT = torch::tensor(std::vector<std::int64_t>(y.begin(), y.end()), torch::kLong).to(device);
    std::vector<float> tStd(n);
    for (std::size_t i = 0; i < n; ++i)
        tStd[i] = float((target[i] - base.targetMean) / base.targetStd);
    torch::Tensor targetT = torch::tensor(tStd).to(device);
    torch::Tensor weightT = torch::tensor(std::vector<float>(weight.begin(), weight.end())).to(device);
    const std::vector<Encoding> encodings = folds[0].model->encode(items);
    const std::int32_t padId = folds[0].model->encoder()->tokenizer().padId();

    // Pooled embeddings of rows (eval mode, no grad, length-sorted batches).
    auto pooledRows = [&](Fold &fold, const std::vector<std::size_t> &rows, const char *stage) {
        torch::NoGradGuard noGrad;
        auto &enc = fold.model->encoder();
        const bool wasTraining = enc->is_training();
        enc->eval();
        std::vector<std::size_t> order(rows.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return encodings[rows[a]].ids.size() < encodings[rows[b]].ids.size();
        });
        torch::Tensor out = torch::zeros({std::int64_t(rows.size()), enc->dim()}, torch::TensorOptions().device(device));
        const std::size_t bs = std::size_t(std::max(cfg.batchSize, 64));
        for (std::size_t s = 0; s < order.size(); s += bs) {
            const std::size_t e = std::min(order.size(), s + bs);
            std::vector<Encoding> chunk;
            std::vector<std::int64_t> pos;
            for (std::size_t k = s; k < e; ++k) {
                chunk.push_back(encodings[rows[order[k]]]);
                pos.push_back(std::int64_t(order[k]));
            }
            AutocastGuard ac(autocast);
            torch::Tensor pooled = enc->forward(makeBatch(chunk, padId, device)).to(torch::kFloat);
            out.index_copy_(0, torch::tensor(pos, torch::kLong).to(device), pooled);
            reportOrCancel(cb.progress, stage, std::int64_t(e), std::int64_t(order.size()));
        }
        enc->train(wasTraining);
        return out;
    };
    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), 0);

    // ---- zero-shot baseline (untuned encoder) ---------------------------------
    std::optional<BaselineMetrics> baseline;
    torch::Tensor untuned;
    if (cfg.baseline || cfg.mode == TrainMode::Head) {
        reportOrCancel(cb.progress, "baseline", 0, std::int64_t(n), "embedding labelled items");
        untuned = pooledRows(folds[0], all, "baseline");
    }
    if (cfg.baseline)
        baseline = prototypeBaseline(untuned, split, y, target, numClasses, data.labels, rating);

    // ---- mode: what trains -------------------------------------------------------
    std::int64_t encoderTrainable = 0;
    for (auto &fold : folds)
        encoderTrainable = setEncoderTrainable(*fold.model->encoder(), cfg, useLora, device);

    // ---- resume --------------------------------------------------------------------
    ResumeState resume;
    if (!resumeCheckpoint.empty())
        resume = readResumeState(resumeCheckpoint, folds.size());

    // ---- contrastive stage (SetFit) -------------------------------------------------
    if (cfg.mode == TrainMode::Contrastive && !resume.valid) {
        for (std::size_t f = 0; f < folds.size(); ++f)
            contrastiveStage(folds[f].model, folds[f].train, encodings, padId, y, cfg, rng, device, cb.progress,
                             int(f), int(folds.size()));
    }
    if (resume.valid)
        for (std::size_t f = 0; f < folds.size(); ++f)
            if (!resume.models[f].empty())
                loadCheckpoint(*folds[f].model, resume.models[f], /*strict=*/false);

    if (headOnly(cfg.mode)) {
        for (auto &fold : folds) {
            for (auto &p : fold.model->encoder()->parameters(true))
                p.set_requires_grad(false);
            fold.cached = (cfg.mode == TrainMode::Head && untuned.defined()) ? untuned
                                                                              : pooledRows(fold, all, "embed");
        }
    }

    // ---- optimisers ---------------------------------------------------------------------
    const std::int64_t bs = cfg.batchSize;
    auto setupOptimizer = [&](Fold &fold, int epochs) {
        std::vector<torch::Tensor> encParams, headParams;
        for (auto &p : fold.model->named_parameters(true)) {
            if (!p.value().requires_grad())
                continue;
            (p.key().rfind("encoder.", 0) == 0 ? encParams : headParams).push_back(p.value());
        }
        std::vector<torch::optim::OptimizerParamGroup> groups;
        fold.baseLr.clear();
        auto addGroup = [&](std::vector<torch::Tensor> params, double lr) {
            if (params.empty())
                return;
            auto opts = std::make_unique<torch::optim::AdamWOptions>(lr);
            opts->weight_decay(cfg.weightDecay);
            groups.emplace_back(std::move(params), std::move(opts));
            fold.baseLr.push_back(lr);
        };
        addGroup(encParams, cfg.effectiveLr());
        addGroup(headParams, cfg.effectiveHeadLr());
        fold.opt = std::make_unique<torch::optim::AdamW>(groups, torch::optim::AdamWOptions(cfg.effectiveHeadLr()));
        fold.step = 0;
        fold.totalSteps = std::int64_t(epochs) * ((std::int64_t(fold.train.size()) + bs - 1) / bs);
        if (!rating && cfg.classWeights) {
            std::vector<double> counts(std::size_t(numClasses), 0.0);
            for (auto i : fold.train)
                counts[std::size_t(y[i])] += 1;
            std::vector<float> w(std::size_t(numClasses), 0.f);
            for (int c = 0; c < numClasses; ++c)
                w[std::size_t(c)] = counts[std::size_t(c)] > 0
                                        ? float(double(fold.train.size()) / (numClasses * counts[std::size_t(c)]))
                                        : 0.f;
            fold.classWeights = torch::tensor(w).to(device);
        }
    };
    for (auto &fold : folds)
        setupOptimizer(fold, cfg.epochs);

    std::int64_t trainable = folds[0].model->trainableParameterCount();
    if (cfg.mode == TrainMode::Contrastive)
        trainable += encoderTrainable;

    // ---- one epoch of one fold ------------------------------------------------------------
    std::int64_t batchesDone = 0, batchesTotal = 0;
    for (auto &fold : folds)
        batchesTotal += fold.totalSteps;
    if (split.cv)
        batchesTotal += std::int64_t(cfg.epochs) * ((std::int64_t(n) + bs - 1) / bs);

    auto lossOf = [&](Fold &fold, const torch::Tensor &logits, const torch::Tensor &rows) {
        torch::Tensor w = weightT.index_select(0, rows);
        torch::Tensor per;
        if (rating) {
            per = (logits.squeeze(1).to(torch::kFloat) - targetT.index_select(0, rows)).pow(2);
        } else {
            auto opts = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone);
            if (fold.classWeights.defined())
                opts = opts.weight(fold.classWeights);
            per = torch::nn::functional::cross_entropy(logits.to(torch::kFloat), yT.index_select(0, rows), opts);
        }
        return (per * w).sum() / w.sum().clamp_min(1e-12);
    };

    auto trainEpoch = [&](Fold &fold, int epoch, int epochs, const char *what, double &lossSum,
                          std::int64_t &seen) {
        fold.model->train();
        std::vector<std::vector<std::size_t>> batches =
            makeBatches(fold.train, encodings, std::size_t(bs), !headOnly(cfg.mode), rng);
        for (const auto &batch : batches) {
            std::vector<std::int64_t> rows64(batch.begin(), batch.end());
            torch::Tensor rows = torch::tensor(rows64, torch::kLong).to(device);
            torch::Tensor logits;
            {
                AutocastGuard ac(autocast);
                if (headOnly(cfg.mode)) {
                    logits = fold.model->logitsFromPooled(fold.cached.index_select(0, rows), side.index(rows));
                } else {
                    std::vector<Encoding> chunk;
                    for (auto i : batch)
                        chunk.push_back(cfg.augment ? augmentEncoding(encodings[i], cfg, rng, padId)
                                                    : encodings[i]);
                    logits = fold.model->forward(makeBatch(chunk, padId, device), side.index(rows));
                }
            }
            torch::Tensor loss = lossOf(fold, logits, rows);
            fold.opt->zero_grad();
            loss.backward();
            if (cfg.gradClip > 0)
                torch::nn::utils::clip_grad_norm_(fold.model->parameters(), cfg.gradClip);
            const double factor = scheduleFactor(fold.step, fold.totalSteps, cfg.warmupRatio);
            for (std::size_t g = 0; g < fold.opt->param_groups().size(); ++g)
                fold.opt->param_groups()[g].options().set_lr(fold.baseLr[g] * factor);
            fold.opt->step();
            ++fold.step;
            const double l = loss.item<double>();
            lossSum += l * double(batch.size());
            seen += std::int64_t(batch.size());
            ++batchesDone;
            const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
            const double eta = batchesDone > 0 ? elapsed / double(batchesDone) * double(batchesTotal - batchesDone) : 0;
            char msg[200];
            std::snprintf(msg, sizeof msg, "%sepoch %d/%d loss %.4f %.0f ex/s ETA %.0f s", what, epoch, epochs, l,
                          double(seen) / std::max(elapsed, 1e-9), eta);
            reportOrCancel(cb.progress, "train", batchesDone, batchesTotal, msg);
        }
    };

    auto devLogits = [&](Fold &fold, const std::vector<std::size_t> &rows) {
        torch::NoGradGuard noGrad;
        fold.model->eval();
        std::vector<std::int64_t> rows64(rows.begin(), rows.end());
        torch::Tensor r = torch::tensor(rows64, torch::kLong).to(device);
        torch::Tensor pooled = headOnly(cfg.mode) ? fold.cached.index_select(0, r) : pooledRows(fold, rows, "evaluate");
        torch::Tensor logits = fold.model->logitsFromPooled(pooled, side.index(r)).to(torch::kCPU, torch::kFloat);
        fold.model->train();
        return logits;
    };

    // ---- the epoch loop -----------------------------------------------------------------------
    std::vector<std::size_t> devRows;   // dev items in fold order (CV: every item once)
    for (auto &fold : folds)
        devRows.insert(devRows.end(), fold.dev.begin(), fold.dev.end());

    TrainOutcome outcome;
    outcome.device = device.is_cuda() ? "cuda" : "cpu";
    outcome.trainableParams = trainable;
    double bestMetric = -std::numeric_limits<double>::infinity();
    double bestLoss = std::numeric_limits<double>::infinity();
    int bestEpoch = 0, bad = 0, startEpoch = 1;
    std::string bestBytes;
    torch::Tensor bestDevLogits;
    EpochMetrics bestMetrics;

    if (resume.valid) {
        startEpoch = resume.epoch + 1;
        bestMetric = resume.bestMetric;
        bestLoss = resume.bestLoss;
        bestEpoch = resume.bestEpoch;
        bad = resume.bad;
        bestBytes = resume.bestModel;
        bestDevLogits = resume.bestDevLogits;
        bestMetrics = EpochMetrics::fromJson(json::parse(resume.bestMetricsJson, nullptr, false));
        for (std::size_t f = 0; f < folds.size(); ++f) {
            if (!resume.optimizers[f].empty())
                loadOptimizer(*folds[f].opt, resume.optimizers[f]);
            folds[f].step = resume.steps[f];
        }
        std::istringstream(resume.rngState) >> rng;
        if (resume.torchRng.defined())
            {
            at::Generator gen = torch::globalContext().defaultGenerator(torch::kCPU);
            gen.set_state(resume.torchRng);
        }
        batchesDone = 0;
        for (auto &fold : folds)
            batchesDone += fold.step;
    }

    const bool stoppedBefore = resume.valid && (resume.phase == "final" || bad >= cfg.patience);
    for (int epoch = startEpoch; epoch <= cfg.epochs && !stoppedBefore; ++epoch) {
        const auto e0 = Clock::now();
        double lossSum = 0;
        std::int64_t seen = 0;
        for (auto &fold : folds)
            trainEpoch(fold, epoch, cfg.epochs, split.cv ? "cv " : "", lossSum, seen);
        const double trainSec = std::chrono::duration<double>(Clock::now() - e0).count();

        std::vector<torch::Tensor> parts;
        for (auto &fold : folds)
            parts.push_back(devLogits(fold, fold.dev));
        torch::Tensor logits = torch::cat(parts, 0);

        EpochMetrics m = evaluateLogits(logits, devRows, y, target, data, base, 1.0);
        m.epoch = epoch;
        m.task = data.task;
        m.kind = taskKindName(data.kind);
        m.mode = trainModeName(cfg.mode);
        m.stage = "train";
        m.trainLoss = seen > 0 ? lossSum / double(seen) : 0;
        m.devSource = split.cv ? "cv" : "split";
        m.trainCount = std::int64_t(split.cv ? n : folds[0].train.size());
        m.devCount = std::int64_t(devRows.size());
        m.baseline = baseline;
        m.trainableParams = trainable;
        m.examplesPerSec = double(seen) / std::max(trainSec, 1e-9);
        m.elapsedSec = std::chrono::duration<double>(Clock::now() - t0).count();
        const double devLoss = m.devLoss.value_or(0);
        if (m.devMetric > bestMetric + 1e-12 || (std::abs(m.devMetric - bestMetric) <= 1e-12 && devLoss < bestLoss)) {
            bestMetric = m.devMetric;
            bestLoss = devLoss;
            bestEpoch = epoch;
            bad = 0;
            m.best = true;
            bestMetrics = m;
            bestDevLogits = logits;
            if (!split.cv) {
                bestBytes = folds[0].model->save();
                if (cb.onBest)
                    cb.onBest(bestBytes);
            }
        } else {
            ++bad;
        }
        outcome.epochs.push_back(m);
        if (cb.onEpoch)
            cb.onEpoch(m);
        if (cb.onCheckpoint) {
            ResumeState st;
            st.epoch = epoch;
            st.phase = "folds";
            st.bestMetric = bestMetric;
            st.bestLoss = bestLoss;
            st.bestEpoch = bestEpoch;
            st.bad = bad;
            st.bestModel = bestBytes;
            st.bestDevLogits = bestDevLogits;
            st.bestMetricsJson = bestMetrics.toJson().dump();
            std::ostringstream os;
            os << rng;
            st.rngState = os.str();
            st.torchRng = torch::globalContext().defaultGenerator(torch::kCPU).get_state();
            for (auto &fold : folds) {
                st.models.push_back(fold.model->save());
                st.optimizers.push_back(optimizerBytes(*fold.opt));
                st.steps.push_back(fold.step);
            }
            cb.onCheckpoint(writeResumeState(st), epoch);
        }
        if (bad >= cfg.patience)
            break;
    }
    if (bestEpoch == 0)
        throw Error("training produced no epoch");

    // ---- the kept model -------------------------------------------------------------------
    Classifier finalModel{nullptr};
    if (split.cv) {
        // Final model on every label for the best number of epochs.
        Fold fin;
        fin.train = all;
        fin.model = buildModel();
        auto &enc = fin.model->encoder();
        setEncoderTrainable(*enc, cfg, useLora, device);
        if (cfg.mode == TrainMode::Contrastive)
            contrastiveStage(fin.model, fin.train, encodings, padId, y, cfg, rng, device, cb.progress, 0, 1);
        if (headOnly(cfg.mode)) {
            for (auto &p : enc->parameters(true))
                p.set_requires_grad(false);
            fin.cached = (cfg.mode == TrainMode::Head && untuned.defined()) ? untuned : pooledRows(fin, all, "embed");
        }
        setupOptimizer(fin, bestEpoch);
        batchesTotal = batchesDone + fin.totalSteps;
        for (int epoch = 1; epoch <= bestEpoch; ++epoch) {
            double lossSum = 0;
            std::int64_t seen = 0;
            trainEpoch(fin, epoch, bestEpoch, "final model ", lossSum, seen);
        }
        finalModel = fin.model;
    } else {
        // The best epoch's tensors back into fold 0's model (encoder tensors too unless frozen).
        loadCheckpoint(*folds[0].model, bestBytes, /*strict=*/false);
        finalModel = folds[0].model;
    }

    // ---- calibration --------------------------------------------------------------------------
    double temperature = 1.0;
    if (!rating && cfg.calibrate && bestDevLogits.defined() && bestDevLogits.size(0) >= 2) {
        std::vector<std::int64_t> labels;
        for (auto r : devRows)
            labels.push_back(y[r]);
        temperature = fitTemperature(bestDevLogits, torch::tensor(labels, torch::kLong));
    }
    finalModel->setTemperature(temperature);
    finalModel->eval();
    reportOrCancel(cb.progress, "calibrate", 1, 1, "temperature " + std::to_string(temperature));
    EpochMetrics calibrated = evaluateLogits(bestDevLogits, devRows, y, target, data, base, temperature);
    bestMetrics.temperature = temperature;
    bestMetrics.ece = calibrated.ece;
    bestMetrics.eceRaw = evaluateLogits(bestDevLogits, devRows, y, target, data, base, 1.0).ece;
    bestMetrics.best = true;
    outcome.model = finalModel;
    outcome.modelBytes = finalModel->save();
    outcome.best = bestMetrics;
    outcome.devLogits = bestDevLogits;
    outcome.devRows = devRows;
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
        const std::string tag = "member " + std::to_string(m + 1) + "/" + std::to_string(k);
        TrainerCallbacks mcb;
        if (cb.progress)
            mcb.progress = [&, m, tag](std::string_view stage, std::int64_t done, std::int64_t total,
                                       std::string_view message) {
                const std::string msg = message.empty() ? tag : tag + ": " + std::string(message);
                if (stage == "train" && total > 0)
                    return cb.progress(stage, std::int64_t(m) * total + done, std::int64_t(k) * total, msg);
                return cb.progress(stage, done, total, msg);
            };
        mcb.onEpoch = [&, tag](const EpochMetrics &e) {
            EpochMetrics copy = e;
            copy.epoch += epochOffset;
            copy.stage = tag;
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
    e.stage = "ensemble";
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

} // namespace debut
