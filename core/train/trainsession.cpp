#include "train/trainsession.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <thread>

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "common/error.h"
#include "dist/world.h"
#include "models/checkpoint.h"
#include "train/contrastive.h"
#include "train/evaluation.h"
#include "train/optimstate.h"
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

std::vector<int> checkedLabels(const TrainConfig &cfg, const TrainData &data, int numClasses)
{
    const std::size_t n = data.examples.size();
    const bool rating = data.kind == TaskKind::Rating;
    if (!rating && numClasses < 2)
        throw Error("task '" + data.task + "' needs labels of at least two classes");
    if (n < 4)
        throw Error("task '" + data.task + "' has " + std::to_string(n) + " labels; at least 4 are needed");
    if (cfg.mode == TrainMode::Contrastive && rating)
        throw Error("contrastive mode needs a classification task (binary or multiclass)");
    if (cfg.epochs < 1 || cfg.batchSize < 1)
        throw Error("epochs and batch size must be at least 1");
    std::vector<int> y(n);
    for (std::size_t i = 0; i < n; ++i)
        y[i] = data.examples[i].label;
    return y;
}

}   // namespace

// ---- set-up --------------------------------------------------------------------

TrainSession::TrainSession(const TrainConfig &cfg, const EncoderMaker &makeEncoder, std::uint64_t splitSeed,
                           const TrainData &data, const Progress &progress)
    : m_cfg(cfg), m_makeEncoder(makeEncoder), m_data(data), m_progress(progress), m_t0(Clock::now()),
      m_rating(data.kind == TaskKind::Rating), m_n(data.examples.size()),
      m_numClasses(m_rating ? 1 : int(data.labels.size())), m_rng(static_cast<std::mt19937::result_type>(cfg.seed)),
      m_device(parseDevice(cfg.device)), m_y(checkedLabels(cfg, data, m_numClasses))
{
    const std::size_t n = m_n;
    torch::set_num_threads(cfg.threads > 0 ? cfg.threads : int(std::max(1u, std::thread::hardware_concurrency())));
    torch::manual_seed(cfg.seed);
    m_autocast = cfg.bf16 && m_device.is_cuda();

    // ---- labels, splits ------------------------------------------------------
    m_target.resize(n);
    m_weight.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        m_target[i] = data.examples[i].target;
        m_weight[i] = data.examples[i].weight > 0 ? data.examples[i].weight : 1.0;
    }
    // The split comes from splitSeed (ensemble members share it); for a single
    // model it is the seed itself and the same generator as the shuffles.
    std::mt19937 splitRng(static_cast<std::mt19937::result_type>(splitSeed));
    m_split =
        makeSplit(m_rating ? std::vector<int>(n, 0) : m_y, m_numClasses, cfg, splitSeed == cfg.seed ? m_rng : splitRng);

    // ---- model configuration shared by every fold ------------------------------
    m_base.kind = data.kind;
    m_base.labels = data.labels;
    m_base.encoderSpec = cfg.encoder;
    m_base.encoderState = encoderStateFor(cfg);
    m_useLora = cfg.mode == TrainMode::Lora || (cfg.mode == TrainMode::Contrastive && cfg.contrastiveLora);
    if (m_useLora) {
        m_base.loraRank = cfg.loraRank;
        m_base.loraAlpha = cfg.loraAlpha;
    }
    m_base.maxLength = cfg.maxLength;
    m_base.dropout = cfg.dropout;
    fillSideVocabulary(m_base, data.examples);
    m_base.segmentHead = !m_base.segments.empty();   // a deviation per named segment
    if (m_rating) {
        double mean = 0, var = 0;
        for (double t : m_target)
            mean += t / double(n);
        for (double t : m_target)
            var += (t - mean) * (t - mean) / double(n);
        m_base.targetMean = mean;
        m_base.targetStd = var > 1e-12 ? std::sqrt(var) : 1.0;
    }

    m_folds.resize(m_split.folds.size());
    for (std::size_t f = 0; f < m_folds.size(); ++f) {
        m_folds[f].train = m_split.folds[f].first;
        m_folds[f].dev = m_split.folds[f].second;
        m_folds[f].model = buildModel();
    }

    // Tensors of every example on the device.
    std::vector<ItemRecord> items(n);
    std::vector<std::string> segments(n);
    for (std::size_t i = 0; i < n; ++i) {
        items[i] = data.examples[i].item;
        segments[i] = data.examples[i].segment;
    }
    m_side = m_folds[0].model->side(items, segments);
    {
        const torch::Tensor s = m_side.segment.to(torch::kCPU).contiguous();
        m_segmentOf.assign(s.data_ptr<std::int64_t>(), s.data_ptr<std::int64_t>() + s.numel());
    }
    m_yT = torch::tensor(std::vector<std::int64_t>(m_y.begin(), m_y.end()), torch::kLong).to(m_device);
    std::vector<float> tStd(n);
    for (std::size_t i = 0; i < n; ++i)
        tStd[i] = float((m_target[i] - m_base.targetMean) / m_base.targetStd);
    m_targetT = torch::tensor(tStd).to(m_device);
    m_weightT = torch::tensor(std::vector<float>(m_weight.begin(), m_weight.end())).to(m_device);
    m_encodings = m_folds[0].model->encode(items);
    m_padId = m_folds[0].model->encoder()->tokenizer().padId();
    m_all.resize(n);
    std::iota(m_all.begin(), m_all.end(), 0);
}

Classifier TrainSession::buildModel()
{
    TextEncoder enc = (m_cfg.mode == TrainMode::Head && m_shared) ? m_shared : m_makeEncoder(m_cfg.encoder);
    if (!enc)
        throw Error("cannot build encoder '" + m_cfg.encoder + "'");
    if (m_cfg.mode == TrainMode::Head)
        m_shared = enc;
    Classifier model(enc, m_base);
    model->to(m_device);
    return model;
}

// Pooled embeddings of rows (eval mode, no grad, length-sorted batches).
torch::Tensor TrainSession::pooledRows(Fold &fold, const std::vector<std::size_t> &rows, const char *stage)
{
    torch::NoGradGuard noGrad;
    auto &enc = fold.model->encoder();
    const bool wasTraining = enc->is_training();
    enc->eval();
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return m_encodings[rows[a]].ids.size() < m_encodings[rows[b]].ids.size();
    });
    torch::Tensor out = torch::zeros({std::int64_t(rows.size()), enc->dim()}, torch::TensorOptions().device(m_device));
    const std::size_t bs = std::size_t(std::max(m_cfg.batchSize, 64));
    for (std::size_t s = 0; s < order.size(); s += bs) {
        const std::size_t e = std::min(order.size(), s + bs);
        std::vector<Encoding> chunk;
        std::vector<std::int64_t> pos;
        for (std::size_t k = s; k < e; ++k) {
            chunk.push_back(m_encodings[rows[order[k]]]);
            pos.push_back(std::int64_t(order[k]));
        }
        AutocastGuard ac(m_autocast);
        torch::Tensor pooled = enc->forward(makeBatch(chunk, m_padId, m_device)).to(torch::kFloat);
        out.index_copy_(0, torch::tensor(pos, torch::kLong).to(m_device), pooled);
        reportOrCancel(m_progress, stage, std::int64_t(e), std::int64_t(order.size()));
    }
    enc->train(wasTraining);
    return out;
}

// Head-only modes train on cached embeddings of a frozen encoder.
void TrainSession::cacheEmbeddings(Fold &fold)
{
    for (auto &p : fold.model->encoder()->parameters(true))
        p.set_requires_grad(false);
    fold.cached = (m_cfg.mode == TrainMode::Head && m_untuned.defined()) ? m_untuned : pooledRows(fold, m_all, "embed");
}

ResumeState TrainSession::prepare(const std::string &resumeCheckpoint)
{
    const TrainConfig &cfg = m_cfg;
    // ---- zero-shot baseline (untuned encoder) ---------------------------------
    if (cfg.baseline || cfg.mode == TrainMode::Head) {
        reportOrCancel(m_progress, "baseline", 0, std::int64_t(m_n), "embedding labelled items");
        m_untuned = pooledRows(m_folds[0], m_all, "baseline");
    }
    if (cfg.baseline)
        m_baseline = prototypeBaseline(m_untuned, m_split, m_y, m_target, m_numClasses, m_data.labels, m_rating);

    // ---- mode: what trains -------------------------------------------------------
    std::int64_t encoderTrainable = 0;
    for (auto &fold : m_folds)
        encoderTrainable = setEncoderTrainable(*fold.model->encoder(), cfg, m_useLora, m_device);

    ResumeState resume;
    if (!resumeCheckpoint.empty())
        resume = readResumeState(resumeCheckpoint, m_folds.size());

    // ---- contrastive stage (SetFit) -------------------------------------------------
    if (cfg.mode == TrainMode::Contrastive && !resume.valid) {
        for (std::size_t f = 0; f < m_folds.size(); ++f)
            contrastiveStage(m_folds[f].model, m_folds[f].train, m_encodings, m_padId, m_y, m_segmentOf, cfg, m_rng,
                             m_device, m_progress, int(f), int(m_folds.size()));
    }
    if (resume.valid)
        resume.applyModels(*this);
    if (headOnly(cfg.mode))
        for (auto &fold : m_folds)
            cacheEmbeddings(fold);
    // Every mode's head starts from a logistic regression, with a deviation per
    // segment (fitHeadOnEmbeddings), on the embeddings it will see first: the
    // frozen or contrastively tuned ones (head, contrastive), the untuned ones
    // where the epochs tune the encoder (topk, full, lora: "linear probing, then
    // fine-tuning", Kumar et al. 2022, so a random head's gradients do not distort
    // the pretrained features). From random weights instead, on the English
    // sample's `bought` (AUC per segment, 3 seeds): head 0.68 / 0.75 / 0.86
    // against 0.80 / 0.83 / 0.94, lora 0.69 / 0.71 / 0.88 against 0.83 / 0.83 /
    // 0.95; shared e-commerce data, head, 8 labels a class: macro-F1 0.845
    // against 0.870.
    if (!resume.valid) {
        const torch::Tensor untuned = headOnly(cfg.mode)
                                          ? torch::Tensor()
                                          : (m_untuned.defined() ? m_untuned : pooledRows(m_folds[0], m_all, "embed"));
        for (auto &fold : m_folds)
            fitHeadOnEmbeddings(fold.model, headOnly(cfg.mode) ? fold.cached : untuned, fold.train, m_y, m_segmentOf);
    }

    // ---- optimisers ---------------------------------------------------------------------
    for (auto &fold : m_folds)
        setupOptimizer(fold, cfg.epochs);
    m_trainable = m_folds[0].model->trainableParameterCount();
    if (cfg.mode == TrainMode::Contrastive)
        m_trainable += encoderTrainable;

    const std::int64_t bs = cfg.batchSize;
    for (auto &fold : m_folds)
        m_batchesTotal += fold.totalSteps;
    if (m_split.cv)
        m_batchesTotal += std::int64_t(cfg.epochs) * ((std::int64_t(m_n) + bs - 1) / bs);
    for (auto &fold : m_folds)
        m_devRows.insert(m_devRows.end(), fold.dev.begin(), fold.dev.end());
    return resume;
}

void TrainSession::setupOptimizer(Fold &fold, int epochs)
{
    const TrainConfig &cfg = m_cfg;
    const std::int64_t bs = cfg.batchSize;
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
    if (dist::World *world = dist::World::current(); world && !headOnly(cfg.mode)) {
        // Every worker starts from rank 0's weights (as DistributedDataParallel does).
        std::vector<torch::Tensor> params = fold.model->parameters();
        world->broadcast(params);
    }
    if (!m_rating && cfg.classWeights) {
        const int numClasses = m_numClasses;
        std::vector<double> counts(std::size_t(numClasses), 0.0);
        for (auto i : fold.train)
            counts[std::size_t(m_y[i])] += 1;
        std::vector<float> w(std::size_t(numClasses), 0.f);
        for (int c = 0; c < numClasses; ++c)
            w[std::size_t(c)] = counts[std::size_t(c)] > 0
                                    ? float(double(fold.train.size()) / (numClasses * counts[std::size_t(c)]))
                                    : 0.f;
        fold.classWeights = torch::tensor(w).to(m_device);
    }
}

// ---- the fold/epoch loop ------------------------------------------------------------

// Weighted mean loss of `rows`, divided by the weight of `batchRows` (the whole
// batch: a worker of a group holds a slice of it, and the sum over workers is the
// batch's mean loss).
torch::Tensor TrainSession::lossOf(Fold &fold, const torch::Tensor &logits, const torch::Tensor &rows,
                                   const torch::Tensor &batchRows)
{
    torch::Tensor w = m_weightT.index_select(0, rows);
    torch::Tensor per;
    if (m_rating) {
        per = (logits.squeeze(1).to(torch::kFloat) - m_targetT.index_select(0, rows)).pow(2);
    } else {
        auto opts = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone);
        if (fold.classWeights.defined())
            opts = opts.weight(fold.classWeights);
        per = torch::nn::functional::cross_entropy(logits.to(torch::kFloat), m_yT.index_select(0, rows), opts);
    }
    return (per * w).sum() / m_weightT.index_select(0, batchRows).sum().clamp_min(1e-12);
}

void TrainSession::trainEpoch(Fold &fold, int epoch, int epochs, const char *what, double &lossSum, std::int64_t &seen)
{
    const TrainConfig &cfg = m_cfg;
    // Modes that tune the encoder run data-parallel in a group of workers
    // (dist/world.h): every worker draws the whole batch (and its augmentations)
    // and runs forward/backward on its slice; the summed gradients give every
    // worker the step one process takes on the whole batch.
    dist::World *world = headOnly(cfg.mode) ? nullptr : dist::World::current();
    const std::vector<torch::Tensor> params =
        world ? dist::optimizerParameters(*fold.opt) : std::vector<torch::Tensor>{};
    fold.model->train();
    std::vector<std::vector<std::size_t>> batches =
        makeBatches(fold.train, m_encodings, std::size_t(cfg.batchSize), !headOnly(cfg.mode), m_rng);
    for (const auto &batch : batches) {
        auto [first, last] = world ? dist::shard(batch.size(), world->rank(), world->size())
                                   : std::pair<std::size_t, std::size_t>{0, batch.size()};
        auto toRows = [&](std::size_t b, std::size_t e) {
            std::vector<std::int64_t> r64(batch.begin() + std::ptrdiff_t(b), batch.begin() + std::ptrdiff_t(e));
            return torch::tensor(r64, torch::kLong).to(m_device);
        };
        const torch::Tensor batchRows = toRows(0, batch.size());
        const torch::Tensor rows = world ? toRows(first, last) : batchRows;
        std::vector<Encoding> chunk;
        if (!headOnly(cfg.mode))
            for (auto i : batch)   // the whole batch: the same random draws on every worker
                chunk.push_back(cfg.augment ? augmentEncoding(m_encodings[i], cfg, m_rng, m_padId) : m_encodings[i]);
        fold.opt->zero_grad();
        torch::Tensor loss;
        if (last > first) {
            torch::Tensor logits;
            {
                AutocastGuard ac(m_autocast);
                if (headOnly(cfg.mode)) {
                    logits = fold.model->logitsFromPooled(fold.cached.index_select(0, rows), m_side.index(rows));
                } else {
                    std::vector<Encoding> mine(chunk.begin() + std::ptrdiff_t(first),
                                               chunk.begin() + std::ptrdiff_t(last));
                    logits = fold.model->forward(makeBatch(mine, m_padId, m_device), m_side.index(rows));
                }
            }
            loss = lossOf(fold, logits, rows, batchRows);
            // The segment deviations' shrinkage, once per step (rank 0 of a group:
            // the workers' gradients are summed).
            torch::Tensor dev = fold.model->segmentDeviationSquaredNorm();
            if (dev.defined() && cfg.segmentPenalty > 0 && (!world || world->rank() == 0))
                (loss + dev * cfg.segmentPenalty).backward();
            else
                loss.backward();
        }
        double l = loss.defined() ? loss.item<double>() : 0.0;
        if (world)
            l = world->allReduceGradients(params, l);
        if (cfg.gradClip > 0)
            torch::nn::utils::clip_grad_norm_(fold.model->parameters(), cfg.gradClip);
        const double factor = scheduleFactor(fold.step, fold.totalSteps, cfg.warmupRatio);
        for (std::size_t g = 0; g < fold.opt->param_groups().size(); ++g)
            fold.opt->param_groups()[g].options().set_lr(fold.baseLr[g] * factor);
        fold.opt->step();
        ++fold.step;
        lossSum += l * double(batch.size());
        seen += std::int64_t(batch.size());
        ++m_batchesDone;
        const double elapsed = std::chrono::duration<double>(Clock::now() - m_t0).count();
        const double eta =
            m_batchesDone > 0 ? elapsed / double(m_batchesDone) * double(m_batchesTotal - m_batchesDone) : 0;
        char msg[200];
        std::snprintf(msg, sizeof msg, "%sepoch %d/%d loss %.4f %.0f ex/s ETA %.0f s", what, epoch, epochs, l,
                      double(seen) / std::max(elapsed, 1e-9), eta);
        reportOrCancel(m_progress, "train", m_batchesDone, m_batchesTotal, msg);
    }
}

torch::Tensor TrainSession::devLogits(Fold &fold, const std::vector<std::size_t> &rows)
{
    torch::NoGradGuard noGrad;
    fold.model->eval();
    std::vector<std::int64_t> rows64(rows.begin(), rows.end());
    torch::Tensor r = torch::tensor(rows64, torch::kLong).to(m_device);
    torch::Tensor pooled = headOnly(m_cfg.mode) ? fold.cached.index_select(0, r) : pooledRows(fold, rows, "evaluate");
    torch::Tensor logits = fold.model->logitsFromPooled(pooled, m_side.index(r)).to(torch::kCPU, torch::kFloat);
    fold.model->train();
    return logits;
}

EpochMetrics TrainSession::epochMetrics(const torch::Tensor &logits, int epoch, double lossSum, std::int64_t seen,
                                        double trainSec) const
{
    EpochMetrics m = evaluateLogits(logits, m_devRows, m_y, m_target, m_data, m_base, 1.0);
    m.epoch = epoch;
    m.task = m_data.task;
    m.kind = taskKindName(m_data.kind);
    m.mode = trainModeName(m_cfg.mode);
    m.stage = MetricsStage::Train;
    m.trainLoss = seen > 0 ? lossSum / double(seen) : 0;
    m.devSource = m_split.cv ? "cv" : "split";
    m.trainCount = std::int64_t(m_split.cv ? m_n : m_folds[0].train.size());
    m.devCount = std::int64_t(m_devRows.size());
    m.baseline = m_baseline;
    m.trainableParams = m_trainable;
    m.examplesPerSec = double(seen) / std::max(trainSec, 1e-9);
    m.elapsedSec = std::chrono::duration<double>(Clock::now() - m_t0).count();
    return m;
}

void TrainSession::runEpochs(int startEpoch, BestEpoch &best, TrainOutcome &outcome, const TrainerCallbacks &cb)
{
    for (int epoch = startEpoch; epoch <= m_cfg.epochs; ++epoch) {
        const auto e0 = Clock::now();
        double lossSum = 0;
        std::int64_t seen = 0;
        for (auto &fold : m_folds)
            trainEpoch(fold, epoch, m_cfg.epochs, m_split.cv ? "cv " : "", lossSum, seen);
        const double trainSec = std::chrono::duration<double>(Clock::now() - e0).count();

        std::vector<torch::Tensor> parts;
        for (auto &fold : m_folds)
            parts.push_back(devLogits(fold, fold.dev));
        torch::Tensor logits = torch::cat(parts, 0);

        EpochMetrics m = epochMetrics(logits, epoch, lossSum, seen, trainSec);
        const double devLoss = m.devLoss.value_or(0);
        if (m.devMetric > best.metric + 1e-12 ||
            (std::abs(m.devMetric - best.metric) <= 1e-12 && devLoss < best.loss)) {
            best.metric = m.devMetric;
            best.loss = devLoss;
            best.epoch = epoch;
            best.bad = 0;
            m.best = true;
            best.metrics = m;
            best.devLogits = logits;
            if (!m_split.cv) {
                best.modelBytes = m_folds[0].model->save();
                if (cb.onBest)
                    cb.onBest(best.modelBytes);
            }
        } else {
            ++best.bad;
        }
        outcome.epochs.push_back(m);
        if (cb.onEpoch)
            cb.onEpoch(m);
        if (cb.onCheckpoint)
            cb.onCheckpoint(writeResumeState(ResumeState::capture(*this, best, epoch)), epoch);
        if (best.bad >= m_cfg.patience)
            break;
    }
}

// ---- the kept model ---------------------------------------------------------------------

Classifier TrainSession::keptModel(const BestEpoch &best)
{
    if (!m_split.cv) {
        // The best epoch's tensors back into fold 0's model (encoder tensors too unless frozen).
        loadCheckpoint(*m_folds[0].model, best.modelBytes, /*strict=*/false);
        return m_folds[0].model;
    }
    // Final model on every label for the best number of epochs.
    Fold fin;
    fin.train = m_all;
    fin.model = buildModel();
    setEncoderTrainable(*fin.model->encoder(), m_cfg, m_useLora, m_device);
    if (m_cfg.mode == TrainMode::Contrastive)
        contrastiveStage(fin.model, fin.train, m_encodings, m_padId, m_y, m_segmentOf, m_cfg, m_rng, m_device,
                         m_progress, 0, 1);
    if (headOnly(m_cfg.mode))
        cacheEmbeddings(fin);
    fitHeadOnEmbeddings(fin.model,
                        headOnly(m_cfg.mode) ? fin.cached
                                             : (m_untuned.defined() ? m_untuned : pooledRows(fin, m_all, "embed")),
                        fin.train, m_y, m_segmentOf);
    setupOptimizer(fin, best.epoch);
    m_batchesTotal = m_batchesDone + fin.totalSteps;
    for (int epoch = 1; epoch <= best.epoch; ++epoch) {
        double lossSum = 0;
        std::int64_t seen = 0;
        trainEpoch(fin, epoch, best.epoch, "final model ", lossSum, seen);
    }
    return fin.model;
}

void TrainSession::calibrate(Classifier model, BestEpoch &best, TrainOutcome &outcome)
{
    double temperature = 1.0;
    if (!m_rating && m_cfg.calibrate && best.devLogits.defined() && best.devLogits.size(0) >= 2) {
        std::vector<std::int64_t> labels;
        for (auto r : m_devRows)
            labels.push_back(m_y[r]);
        temperature = fitTemperature(best.devLogits, torch::tensor(labels, torch::kLong));
    }
    model->setTemperature(temperature);
    model->eval();
    reportOrCancel(m_progress, "calibrate", 1, 1, "temperature " + std::to_string(temperature));
    EpochMetrics calibrated = evaluateLogits(best.devLogits, m_devRows, m_y, m_target, m_data, m_base, temperature);
    best.metrics.temperature = temperature;
    best.metrics.ece = calibrated.ece;
    best.metrics.eceRaw = evaluateLogits(best.devLogits, m_devRows, m_y, m_target, m_data, m_base, 1.0).ece;
    best.metrics.best = true;
    outcome.model = model;
    outcome.modelBytes = model->save();
    outcome.best = best.metrics;
    outcome.devLogits = best.devLogits;
    outcome.devRows = m_devRows;
}

// ---- resume state -----------------------------------------------------------------------

ResumeState ResumeState::capture(TrainSession &session, const BestEpoch &best, int epoch)
{
    ResumeState st;
    st.epoch = epoch;
    st.phase = "folds";
    st.bestMetric = best.metric;
    st.bestLoss = best.loss;
    st.bestEpoch = best.epoch;
    st.bad = best.bad;
    st.bestModel = best.modelBytes;
    st.bestDevLogits = best.devLogits;
    st.bestMetricsJson = best.metrics.toJson().dump();
    std::ostringstream os;
    os << session.m_rng;
    st.rngState = os.str();
    st.torchRng = torch::globalContext().defaultGenerator(torch::kCPU).get_state();
    for (auto &fold : session.m_folds) {
        st.models.push_back(fold.model->save());
        st.optimizers.push_back(adamWStateBytes(*fold.opt));
        st.steps.push_back(fold.step);
    }
    return st;
}

void ResumeState::applyModels(TrainSession &session) const
{
    for (std::size_t f = 0; f < session.m_folds.size(); ++f)
        if (!models[f].empty())
            loadCheckpoint(*session.m_folds[f].model, models[f], /*strict=*/false);
}

int ResumeState::apply(TrainSession &session, BestEpoch &best) const
{
    best.metric = bestMetric;
    best.loss = bestLoss;
    best.epoch = bestEpoch;
    best.bad = bad;
    best.modelBytes = bestModel;
    best.devLogits = bestDevLogits;
    best.metrics = EpochMetrics::fromJson(json::parse(bestMetricsJson, nullptr, false));
    for (std::size_t f = 0; f < session.m_folds.size(); ++f) {
        if (!optimizers[f].empty())
            loadAdamWState(*session.m_folds[f].opt, optimizers[f]);   // old archives: fresh moments
        session.m_folds[f].step = steps[f];
    }
    std::istringstream(rngState) >> session.m_rng;
    if (torchRng.defined()) {
        at::Generator gen = torch::globalContext().defaultGenerator(torch::kCPU);
        gen.set_state(torchRng);
    }
    session.m_batchesDone = 0;
    for (auto &fold : session.m_folds)
        session.m_batchesDone += fold.step;
    return epoch + 1;
}

}   // namespace debut
