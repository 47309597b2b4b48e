#include "train/trainutil.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <set>

#include "common/error.h"
#include "io/binarylabel.h"
#include "models/checkpoint.h"

namespace debut {

namespace {

using json = nlohmann::json;

template <typename T>
void shuffle(std::vector<T> &v, std::mt19937 &rng)
{
    // Own Fisher-Yates so the order does not depend on the standard library.
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::size_t j = std::size_t(rng() % i);
        std::swap(v[i - 1], v[j]);
    }
}

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

} // namespace

LabelEncoding encodeLabels(TaskKind kind, const std::vector<std::string> &values)
{
    LabelEncoding out;
    if (kind == TaskKind::Rating) {
        for (const auto &v : values) {
            char *end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (v.empty() || end == v.c_str() || *end != '\0' || !std::isfinite(d))
                throw Error("rating label '" + v + "' is not a number");
            out.target.push_back(d);
            out.index.push_back(0);
        }
        return out;
    }
    std::set<std::string> distinct(values.begin(), values.end());
    out.labels.assign(distinct.begin(), distinct.end());
    if (kind == TaskKind::Binary) {
        if (out.labels.size() > 2)
            throw Error("binary task has " + std::to_string(out.labels.size()) + " distinct labels (expected 2)");
        if (out.labels.size() == 2 && isPositiveLabel(out.labels[0]) && !isPositiveLabel(out.labels[1]))
            std::swap(out.labels[0], out.labels[1]);
        if (out.labels.size() == 1) {   // a single class present: name the other side
            const bool positive = isPositiveLabel(out.labels[0]);
            out.labels.insert(positive ? out.labels.begin() : out.labels.end(), positive ? "0" : "1");
        }
    }
    std::map<std::string, int> idx;
    for (std::size_t i = 0; i < out.labels.size(); ++i)
        idx[out.labels[i]] = int(i);
    for (const auto &v : values) {
        out.index.push_back(idx[v]);
        out.target.push_back(0);
    }
    return out;
}

Split makeSplit(const std::vector<int> &y, int numClasses, const TrainConfig &cfg, std::mt19937 &rng)
{
    const std::size_t n = y.size();
    std::vector<std::vector<std::size_t>> byClass(std::size_t(std::max(numClasses, 1)));
    for (std::size_t i = 0; i < n; ++i)
        byClass[std::size_t(std::clamp(y[i], 0, numClasses - 1))].push_back(i);
    std::size_t minCount = n;
    for (const auto &c : byClass)
        if (!c.empty())
            minCount = std::min(minCount, c.size());
    for (auto &c : byClass)
        shuffle(c, rng);
    Split split;
    if (minCount >= std::size_t(std::max(cfg.minPerClassForSplit, 2)) && cfg.devRatio > 0 && cfg.devRatio < 1) {
        std::vector<std::size_t> train, dev;
        for (const auto &c : byClass) {
            const std::size_t nDev =
                std::clamp<std::size_t>(std::size_t(std::lround(cfg.devRatio * double(c.size()))), 1, c.size() - 1);
            dev.insert(dev.end(), c.begin(), c.begin() + std::ptrdiff_t(nDev));
            train.insert(train.end(), c.begin() + std::ptrdiff_t(nDev), c.end());
        }
        std::sort(train.begin(), train.end());
        std::sort(dev.begin(), dev.end());
        split.folds.emplace_back(train, dev);
        return split;
    }
    split.cv = true;
    const std::size_t k = std::clamp<std::size_t>(std::size_t(std::max(cfg.folds, 2)), 2, n);
    std::vector<int> foldOf(n, 0);
    std::size_t counter = 0;
    for (const auto &c : byClass)
        for (auto i : c)
            foldOf[i] = int(counter++ % k);
    for (std::size_t f = 0; f < k; ++f) {
        std::vector<std::size_t> train, dev;
        for (std::size_t i = 0; i < n; ++i)
            (std::size_t(foldOf[i]) == f ? dev : train).push_back(i);
        split.folds.emplace_back(train, dev);
    }
    return split;
}

void fillSideVocabulary(ClassifierConfig &config, const std::vector<TrainExample> &examples)
{
    std::set<std::string> brands, categories, segments;
    double sum = 0, sq = 0;
    std::size_t priced = 0;
    for (const auto &e : examples) {
        if (!e.item.brand.empty())
            brands.insert(e.item.brand);
        if (!e.item.category.empty())
            categories.insert(e.item.category);
        if (!e.segment.empty())
            segments.insert(e.segment);
        if (e.item.price && std::isfinite(*e.item.price)) {
            const double v = std::log1p(std::max(*e.item.price, 0.0));
            sum += v;
            sq += v * v;
            ++priced;
        }
    }
    config.brands.assign(brands.begin(), brands.end());
    config.categories.assign(categories.begin(), categories.end());
    config.segments.assign(segments.begin(), segments.end());
    config.priceMean = priced ? sum / double(priced) : 0.0;
    const double var = priced ? sq / double(priced) - config.priceMean * config.priceMean : 0.0;
    config.priceStd = var > 1e-12 ? std::sqrt(var) : 1.0;
}

std::vector<std::vector<std::size_t>> makeBatches(std::vector<std::size_t> rows, const std::vector<Encoding> &enc,
                                                  std::size_t batchSize, bool byLength, std::mt19937 &rng)
{
    shuffle(rows, rng);
    std::vector<std::vector<std::size_t>> batches;
    const std::size_t window = byLength ? batchSize * 16 : rows.size();
    for (std::size_t w = 0; w < rows.size(); w += std::max<std::size_t>(window, 1)) {
        const std::size_t we = std::min(rows.size(), w + std::max<std::size_t>(window, 1));
        if (byLength)
            std::stable_sort(rows.begin() + std::ptrdiff_t(w), rows.begin() + std::ptrdiff_t(we),
                             [&](std::size_t a, std::size_t b) { return enc[a].ids.size() < enc[b].ids.size(); });
        for (std::size_t s = w; s < we; s += batchSize)
            batches.emplace_back(rows.begin() + std::ptrdiff_t(s),
                                 rows.begin() + std::ptrdiff_t(std::min(we, s + batchSize)));
    }
    if (byLength)
        shuffle(batches, rng);
    return batches;
}

Encoding augmentEncoding(const Encoding &e, const TrainConfig &cfg, std::mt19937 &rng, std::int32_t)
{
    if (e.ids.size() <= 3)
        return e;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Encoding out;
    const std::size_t last = e.ids.size() - 1;
    for (std::size_t i = 0; i <= last; ++i) {
        const bool edge = i == 0 || i == last;
        if (!edge && u(rng) < cfg.tokenDropout)
            continue;
        out.ids.push_back(e.ids[i]);
        out.offsets.push_back(e.offsets.size() > i ? e.offsets[i] : std::make_pair(0u, 0u));
    }
    for (std::size_t i = 1; i + 2 < out.ids.size(); ++i)
        if (u(rng) < cfg.wordSwap) {
            std::swap(out.ids[i], out.ids[i + 1]);
            std::swap(out.offsets[i], out.offsets[i + 1]);
            ++i;
        }
    return out;
}

EpochMetrics evaluateLogits(const torch::Tensor &logits, const std::vector<std::size_t> &rows,
                            const std::vector<int> &y, const std::vector<double> &target, const TrainData &data,
                            const ClassifierConfig &config, double t)
{
    EpochMetrics m;
    if (!logits.defined() || logits.size(0) == 0) {
        m.devSource = "none";
        return m;
    }
    const auto n = logits.size(0);
    if (data.kind == TaskKind::Rating) {
        torch::Tensor pred = logits.select(1, 0) * config.targetStd + config.targetMean;
        std::vector<double> yt, yp;
        double loss = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            const double tv = target[rows[std::size_t(i)]];
            yt.push_back(tv);
            yp.push_back(pred[i].item<double>());
            const double z = (tv - config.targetMean) / config.targetStd - logits[i][0].item<double>();
            loss += z * z / double(n);
        }
        m.regression = regressionMetrics(yt, yp);
        m.devLoss = loss;
        m.devMetric = -m.regression->mse;
        return m;
    }
    torch::Tensor scaled = logits / (t > 0 ? t : 1.0);
    torch::Tensor probs = torch::softmax(scaled, 1).contiguous();
    std::vector<std::int64_t> labels;
    std::vector<int> yt;
    for (auto r : rows) {
        labels.push_back(y[r]);
        yt.push_back(y[r]);
    }
    m.devLoss = torch::nn::functional::cross_entropy(scaled, torch::tensor(labels, torch::kLong)).item<double>();
    const auto c = probs.size(1);
    auto pa = probs.accessor<float, 2>();
    auto p = std::vector<std::vector<double>>(std::size_t(n), std::vector<double>(std::size_t(c), 0.0));

    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t k = 0; k < c; ++k)
            p[std::size_t(i)][std::size_t(k)] = pa[i][k];
    const auto yp = argmaxRows(p);
    m.report = classificationReport(yt, yp, data.labels);
    m.confusion = confusionMatrix(yt, yp, int(data.labels.size()));
    m.auc = rocAucMulti(yt, p);
    m.prAuc = averagePrecisionMulti(yt, p);
    m.roc = rocCurvesMulti(yt, p, data.labels);
    m.pr = precisionRecallCurvesMulti(yt, p, data.labels);
    m.ece = expectedCalibrationError(yt, p, 15);
    m.temperature = t;
    m.devMetric = m.report->macro.f1;
    return m;
}

BaselineMetrics prototypeBaseline(const torch::Tensor &pooled, const Split &split, const std::vector<int> &y,
                                  const std::vector<double> &target, int numClasses,
                                  const std::vector<std::string> &labels, bool rating)
{
    torch::NoGradGuard noGrad;
    constexpr double tau = 0.05;
    torch::Tensor e = torch::nn::functional::normalize(pooled.to(torch::kCPU, torch::kFloat),
                                                       torch::nn::functional::NormalizeFuncOptions().dim(1));
    std::vector<int> yt;
    std::vector<std::vector<double>> probs;
    std::vector<double> rt, rp;
    for (const auto &[train, dev] : split.folds) {
        if (dev.empty())
            continue;
        std::vector<std::int64_t> tr(train.begin(), train.end()), dv(dev.begin(), dev.end());
        torch::Tensor et = e.index_select(0, torch::tensor(tr, torch::kLong));
        torch::Tensor ed = e.index_select(0, torch::tensor(dv, torch::kLong));
        if (rating) {
            torch::Tensor w = torch::softmax(ed.matmul(et.t()) / tau, 1);
            std::vector<float> tt;
            for (auto i : train)
                tt.push_back(float(target[i]));
            torch::Tensor pred = w.matmul(torch::tensor(tt));
            for (std::size_t k = 0; k < dev.size(); ++k) {
                rt.push_back(target[dev[k]]);
                rp.push_back(pred[std::int64_t(k)].item<double>());
            }
            continue;
        }
        torch::Tensor protos = torch::zeros({numClasses, e.size(1)});
        for (std::size_t k = 0; k < train.size(); ++k)
            protos[y[train[k]]] += et[std::int64_t(k)];
        protos = torch::nn::functional::normalize(protos, torch::nn::functional::NormalizeFuncOptions().dim(1));
        torch::Tensor p = torch::softmax(ed.matmul(protos.t()) / tau, 1).contiguous();
        auto pa = p.accessor<float, 2>();
        for (std::size_t k = 0; k < dev.size(); ++k) {
            yt.push_back(y[dev[k]]);
            std::vector<double> row;
            for (int c = 0; c < numClasses; ++c)
                row.push_back(pa[std::int64_t(k)][c]);
            probs.push_back(std::move(row));
        }
    }
    BaselineMetrics b;
    if (rating) {
        b.regression = regressionMetrics(rt, rp);
        return b;
    }
    b.report = classificationReport(yt, argmaxRows(probs), labels);
    b.auc = rocAucMulti(yt, probs);
    b.prAuc = averagePrecisionMulti(yt, probs);
    b.roc = rocCurvesMulti(yt, probs, labels);
    b.pr = precisionRecallCurvesMulti(yt, probs, labels);
    return b;
}

double fitTemperature(const torch::Tensor &logits, const torch::Tensor &labels)
{
    torch::NoGradGuard noGrad;
    auto nll = [&](double beta) {
        return torch::nn::functional::cross_entropy(logits * beta, labels).item<double>();
    };
    // NLL is convex in beta = 1/T: golden-section search on [0.02, 20].
    double a = 0.02, b = 20.0;
    const double g = (std::sqrt(5.0) - 1) / 2;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = nll(c), fd = nll(d);
    for (int i = 0; i < 60; ++i) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = nll(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = nll(d);
        }
    }
    const double beta = (a + b) / 2;
    return 1.0 / beta;
}

void contrastiveStage(Classifier &model, const std::vector<std::size_t> &train, const std::vector<Encoding> &enc,
                      std::int32_t padId, const std::vector<int> &y, const TrainConfig &cfg, std::mt19937 &rng,
                      const torch::Device &device, const Progress &progress, int fold, int folds)
{
    auto &encoder = model->encoder();
    std::vector<torch::Tensor> params;
    for (auto &p : encoder->parameters(true))
        if (p.requires_grad())
            params.push_back(p);
    if (params.empty() || train.size() < 2)
        return;
    // Pairs: per item, half positives (same label) and half negatives when available.
    std::map<int, std::vector<std::size_t>> byClass;
    for (auto i : train)
        byClass[y[i]].push_back(i);
    const double lr = cfg.lr > 0 ? cfg.lr : (cfg.contrastiveLora ? 1e-3 : 1e-4);
    torch::optim::AdamW opt(params, torch::optim::AdamWOptions(lr).weight_decay(cfg.weightDecay));
    const int perItem = std::max(cfg.contrastivePairsPerItem, 1);
    const std::size_t bs = std::size_t(std::max(cfg.batchSize / 2, 1));
    const std::int64_t stepsPerEpoch = (std::int64_t(train.size()) * perItem + std::int64_t(bs) - 1) / std::int64_t(bs);
    const std::int64_t total = stepsPerEpoch * std::max(cfg.contrastiveEpochs, 1);
    std::int64_t step = 0;
    encoder->train();
    for (int epoch = 1; epoch <= std::max(cfg.contrastiveEpochs, 1); ++epoch) {
        std::vector<std::tuple<std::size_t, std::size_t, float>> pairs;
        for (auto i : train)
            for (int k = 0; k < perItem; ++k) {
                const auto &same = byClass[y[i]];
                const bool wantPositive = (k % 2 == 0) && same.size() > 1;
                std::size_t j = i;
                if (wantPositive) {
                    while (j == i)
                        j = same[rng() % same.size()];
                } else {
                    for (int tries = 0; tries < 20 && (j == i || y[j] == y[i]); ++tries)
                        j = train[rng() % train.size()];
                    if (j == i)
                        continue;
                }
                pairs.emplace_back(i, j, y[i] == y[j] ? 1.f : 0.f);
            }
        for (std::size_t p = pairs.size(); p > 1; --p)
            std::swap(pairs[p - 1], pairs[std::size_t(rng() % p)]);
        for (std::size_t s = 0; s < pairs.size(); s += bs) {
            const std::size_t e = std::min(pairs.size(), s + bs);
            // Each distinct item of the step is encoded once (pairs share items:
            // with few labels a step of bs pairs holds far fewer than 2 * bs items).
            std::vector<Encoding> unique;
            std::map<std::size_t, std::int64_t> slot;
            std::vector<std::int64_t> ia, ib;
            std::vector<float> t;
            auto slotOf = [&](std::size_t item) {
                auto [it, added] = slot.emplace(item, std::int64_t(unique.size()));
                if (added)
                    unique.push_back(enc[item]);
                return it->second;
            };
            for (std::size_t k = s; k < e; ++k) {
                ia.push_back(slotOf(std::get<0>(pairs[k])));
                ib.push_back(slotOf(std::get<1>(pairs[k])));
                t.push_back(std::get<2>(pairs[k]));
            }
            torch::Tensor pooled = encoder->forward(makeBatch(unique, padId, device));
            torch::Tensor ea = pooled.index_select(0, torch::tensor(ia, torch::kLong).to(device));
            torch::Tensor eb = pooled.index_select(0, torch::tensor(ib, torch::kLong).to(device));
            torch::Tensor cos = torch::nn::functional::cosine_similarity(
                ea, eb, torch::nn::functional::CosineSimilarityFuncOptions().dim(1));
            torch::Tensor loss = torch::mse_loss(cos, torch::tensor(t).to(device));
            opt.zero_grad();
            loss.backward();
            if (cfg.gradClip > 0)
                torch::nn::utils::clip_grad_norm_(params, cfg.gradClip);
            const double warm = std::max(1.0, std::floor(cfg.warmupRatio * double(total)));
            const double factor = double(step) < warm ? (double(step) + 1) / warm
                                                      : std::max(0.0, (double(total) - double(step)) /
                                                                          std::max(1.0, double(total) - warm));
            for (auto &g : opt.param_groups())
                g.options().set_lr(lr * factor);
            opt.step();
            ++step;
            char msg[160];
            std::snprintf(msg, sizeof msg, "fold %d/%d epoch %d loss %.4f", fold + 1, folds, epoch, loss.item<double>());
            reportOrCancel(progress, "contrastive", step, total, msg);
        }
    }
    encoder->eval();
}

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
    json meta = {{"format", "debut-train-state"}, {"epoch", s.epoch}, {"phase", s.phase},
                 {"best_metric", s.bestMetric}, {"best_loss", s.bestLoss}, {"best_epoch", s.bestEpoch},
                 {"bad", s.bad}, {"best_metrics", s.bestMetricsJson}, {"rng", s.rngState},
                 {"steps", s.steps}, {"folds", s.models.size()}};
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

} // namespace debut
