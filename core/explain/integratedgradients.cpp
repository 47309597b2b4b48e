#include "explain/integratedgradients.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/error.h"
#include "explain/textnotes.h"

namespace debut {

namespace {

struct IgRun {
    double fx = 0, fb = 0;
    std::vector<double> tokenAttr;   // [T]
    double error = 0;
};

IgRun integrate(Scorer &scorer, const ItemRecord &item, const torch::Tensor &ids, const torch::Tensor &baseIds,
                int steps)
{
    torch::NoGradGuard outer;  // re-enabled below only where needed
    const torch::Tensor x = scorer.embedTokens(ids).detach().to(torch::kFloat);       // [1,T,E]
    const torch::Tensor mask = torch::ones({1, ids.size(1)}, torch::kBool).to(x.device());
    const torch::Tensor b = scorer.embedTokens(baseIds).detach().to(torch::kFloat);   // [1,T,E]
    const torch::Tensor diff = x - b;

    IgRun r;
    {
        const torch::Tensor ends = scorer.scoreEmbedded(torch::cat({x, b}, 0), mask.expand({2, mask.size(1)}), item);
        r.fx = ends[0].item<double>();
        r.fb = ends[1].item<double>();
    }
    const torch::Tensor alphas =
        (torch::arange(steps, torch::kFloat) + 0.5f).div_(float(steps)).view({steps, 1, 1}).to(x.device());
    torch::Tensor grads;
    {
        torch::AutoGradMode enable(true);
        torch::Tensor path = (b + alphas * diff).detach().requires_grad_(true);   // [S,T,E]
        torch::Tensor out = scorer.scoreEmbedded(path, mask.expand({steps, mask.size(1)}), item);
        grads = torch::autograd::grad({out.sum()}, {path})[0];
    }
    const torch::Tensor attr = (diff[0] * grads.mean(0)).sum(-1).to(torch::kDouble).cpu();   // [T]
    r.tokenAttr.assign(attr.data_ptr<double>(), attr.data_ptr<double>() + attr.numel());
    double sum = 0;
    for (double a : r.tokenAttr)
        sum += a;
    r.error = std::fabs(sum - (r.fx - r.fb)) / std::max(std::fabs(r.fx - r.fb), 1e-3);
    return r;
}

std::string fmt(double v)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

} // namespace

Explanation IntegratedGradients::explain(Scorer &scorer, const ItemRecord &item, const IgOptions &options)
{
    if (!scorer.hasGradients())
        throw Error("integrated gradients need a model with a gradient path; use occlusion");
    Explanation e;
    e.method = "ig";
    e.itemId = item.id;
    const TextLayout layout = TextLayout::of(scorer, item);
    e.notes = layout.notes;

    const Encoding enc = scorer.encodeText(item);
    const auto T = static_cast<std::int64_t>(enc.ids.size());
    if (T == 0)
        throw Error("integrated gradients: the tokenizer produced no tokens");
    std::vector<std::int64_t> idv(enc.ids.begin(), enc.ids.end()), basev(idv);
    for (std::int64_t t = 0; t < T; ++t) {
        const auto &off = enc.offsets[std::size_t(t)];
        const bool special = off.first == off.second && (t == 0 || t == T - 1);
        if (!special)
            basev[std::size_t(t)] = scorer.padId();
    }
    const torch::Tensor ids = torch::tensor(idv, torch::kLong).view({1, T});
    const torch::Tensor baseIds = torch::tensor(basev, torch::kLong).view({1, T});

    int steps = std::clamp(options.steps, 1, 1000);
    IgRun run = integrate(scorer, item, ids, baseIds, steps);
    if (run.error > options.targetError && options.maxSteps > steps) {
        steps = options.maxSteps;
        run = integrate(scorer, item, ids, baseIds, steps);
    }
    e.score = run.fx;
    e.baselineScore = run.fb;
    e.completenessError = run.error;
    e.steps = steps;

    // Tokens -> words by overlapping bytes of itemText.
    std::vector<double> wordAttr(layout.words.size(), 0.0);
    double unassigned = 0;
    for (std::int64_t t = 0; t < T; ++t) {
        const auto [tb, te] = enc.offsets[std::size_t(t)];
        const double a = run.tokenAttr[std::size_t(t)];
        if (te <= tb) {
            unassigned += a;
            continue;
        }
        std::vector<std::pair<std::size_t, std::size_t>> overlaps;   // word index, bytes
        std::size_t total = 0;
        for (std::size_t w = 0; w < layout.words.size(); ++w) {
            const auto &lw = layout.words[w];
            const std::size_t lo = std::max<std::size_t>(lw.textBegin, tb), hi = std::min<std::size_t>(lw.textEnd, te);
            if (hi > lo) {
                overlaps.emplace_back(w, hi - lo);
                total += hi - lo;
            }
        }
        if (overlaps.empty()) {
            unassigned += a;
            continue;
        }
        for (const auto &[w, bytes] : overlaps)
            wordAttr[w] += a * double(bytes) / double(total);
    }
    std::size_t unread = 0;
    for (std::size_t w = 0; w < layout.words.size(); ++w) {
        const auto &lw = layout.words[w];
        if (!lw.visible) {
            ++unread;
            continue;
        }
        e.words.push_back({lw.field, std::uint32_t(lw.begin), std::uint32_t(lw.end), lw.text, wordAttr[w]});
    }
    if (unread)
        e.notes.push_back(std::to_string(unread) + " word(s) after the model's input limit get no attribution");
    e.notes.push_back("integrated gradients: " + std::to_string(steps) + " steps against a padding baseline, f(x) = " +
                      fmt(run.fx) + ", f(baseline) = " + fmt(run.fb) + ", completeness error " +
                      fmt(100.0 * run.error) + "%");
    if (std::fabs(unassigned) > 1e-6)
        e.notes.push_back("attribution on punctuation/special tokens (not shown): " + fmt(unassigned));
    return e;
}

} // namespace debut
