#include "train/contrastive.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "train/linearmodel.h"

namespace debut {

namespace {

// The head's initial fit weighs each segment's deviation this much against the
// shared weights: cheaper, as the auto learner's per-segment candidates start
// (train/autotrain.cpp: ~30x on opposite-minded segments).
constexpr double kDeviationPenalty = 0.03;

}   // namespace

void contrastiveStage(Classifier &model, const std::vector<std::size_t> &train, const std::vector<Encoding> &enc,
                      std::int32_t padId, const std::vector<int> &y, const std::vector<std::int64_t> &segment,
                      const TrainConfig &cfg, std::mt19937 &rng, const torch::Device &device, const Progress &progress,
                      int fold, int folds)
{
    auto &encoder = model->encoder();
    std::vector<torch::Tensor> params;
    for (auto &p : encoder->parameters(true))
        if (p.requires_grad())
            params.push_back(p);
    if (params.empty() || train.size() < 2)
        return;
    // Pairs: per item, half positives (same segment and label) and half negatives
    // (same segment, another label) when available.
    std::map<std::pair<std::int64_t, int>, std::vector<std::size_t>> byClass;
    std::map<std::int64_t, std::vector<std::size_t>> bySegment;
    for (auto i : train) {
        byClass[{segment[i], y[i]}].push_back(i);
        bySegment[segment[i]].push_back(i);
    }
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
                const auto &same = byClass[{segment[i], y[i]}];
                const auto &mine = bySegment[segment[i]];
                const bool wantPositive = (k % 2 == 0) && same.size() > 1;
                std::size_t j = i;
                if (wantPositive) {
                    while (j == i)
                        j = same[rng() % same.size()];
                } else {
                    for (int tries = 0; tries < 20 && (j == i || y[j] == y[i]); ++tries)
                        j = mine[rng() % mine.size()];
                    if (j == i || y[j] == y[i])
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
            const double factor =
                double(step) < warm
                    ? (double(step) + 1) / warm
                    : std::max(0.0, (double(total) - double(step)) / std::max(1.0, double(total) - warm));
            for (auto &g : opt.param_groups())
                g.options().set_lr(lr * factor);
            opt.step();
            ++step;
            char msg[160];
            std::snprintf(msg, sizeof msg, "fold %d/%d epoch %d loss %.4f", fold + 1, folds, epoch,
                          loss.item<double>());
            reportOrCancel(progress, "contrastive", step, total, msg);
        }
    }
    encoder->eval();
}

void fitHeadOnEmbeddings(Classifier &model, const torch::Tensor &pooled, const std::vector<std::size_t> &train,
                         const std::vector<int> &y, const std::vector<std::int64_t> &segment)
{
    const int outputs = int(model->config().numOutputs());
    if (model->config().kind == TaskKind::Rating || train.size() < 2 || !pooled.defined())
        return;
    const torch::Tensor x = pooled.to(torch::kCPU, torch::kFloat).contiguous();
    FeatureRows rows;
    rows.denseDim = int(x.size(1));
    rows.dense = std::make_shared<std::vector<float>>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    rows.sparse = std::make_shared<std::vector<SparseVector>>(std::size_t(x.size(0)));
    LinearProblem lp;
    lp.x = &rows;
    lp.rows = train;
    lp.outputs = outputs;
    lp.c = 10;
    auto params = model->named_parameters(true);
    torch::Tensor *deviations = params.find("segment_head");
    if (deviations) {
        lp.segments = int(deviations->size(0)) - 1;
        lp.deviationPenalty = kDeviationPenalty;
    }
    for (std::size_t i : train) {
        lp.label.push_back(y[i]);
        lp.target.push_back(0.0);
        lp.segment.push_back(deviations ? int(segment[i]) : 0);
    }
    lp.weight = balancedWeights(lp.label, std::vector<double>(train.size(), 1.0), outputs, false);
    const LinearModel fitted = fitLinear(lp);
    torch::Tensor *w = params.find("head.weight"), *b = params.find("head.bias");
    if (!w || !b || w->size(0) != outputs || w->size(1) < rows.denseDim)
        return;
    torch::Tensor nw = torch::zeros({w->size(0), w->size(1)}), nb = torch::zeros({outputs});
    auto wa = nw.accessor<float, 2>();
    for (int c = 0; c < outputs; ++c) {
        nb[c] = fitted.bias(0, c);
        for (int f = 0; f < rows.denseDim; ++f)
            wa[c][f] = float(fitted.weight(std::size_t(f), 0, c));
    }
    torch::NoGradGuard noGrad;
    w->copy_(nw.to(w->device(), w->scalar_type()));
    b->copy_(nb.to(b->device(), b->scalar_type()));
    if (deviations && deviations->size(1) == rows.denseDim && deviations->size(2) == outputs) {
        torch::Tensor nd = torch::zeros({deviations->size(0), deviations->size(1), outputs});
        auto da = nd.accessor<float, 3>();
        for (int s = 1; s <= lp.segments; ++s)
            for (int f = 0; f < rows.denseDim; ++f)
                for (int c = 0; c < outputs; ++c)
                    da[s][f][c] = float(fitted.weight(std::size_t(f), s, c));
        deviations->copy_(nd.to(deviations->device(), deviations->scalar_type()));
    }
}

}   // namespace debut
