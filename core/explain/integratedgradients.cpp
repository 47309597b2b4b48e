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

// Places `steps` Riemann intervals on [0, 1] where f changes: a cheap
// forward-only probe of f at 33 evenly spaced points gives the variation per
// probe interval; interval boundaries are the quantiles of (50 % variation +
// 50 % uniform). A steep region (a calibrated probability crossing 0.5 with a
// small temperature) then gets many steps instead of one, which keeps the
// completeness error small at 20–50 steps. Returns midpoints and lengths.
void adaptiveGrid(const std::vector<double> &probe, int steps, std::vector<double> &nodes, std::vector<double> &widths)
{
    const std::size_t J = probe.size() - 1;   // probe intervals
    std::vector<double> mass(J);
    double variation = 0;
    for (std::size_t j = 0; j < J; ++j)
        variation += std::fabs(probe[j + 1] - probe[j]);
    for (std::size_t j = 0; j < J; ++j)
        mass[j] =
            (variation > 0 ? 0.5 * std::fabs(probe[j + 1] - probe[j]) / variation : 0.5 / double(J)) + 0.5 / double(J);
    std::vector<double> cdf(J + 1, 0.0);
    for (std::size_t j = 0; j < J; ++j)
        cdf[j + 1] = cdf[j] + mass[j];
    auto inverse = [&](double u) {   // piecewise linear inverse of the CDF
        u *= cdf[J];
        std::size_t j = 0;
        while (j + 1 < J && cdf[j + 1] < u)
            ++j;
        const double frac = mass[j] > 0 ? (u - cdf[j]) / mass[j] : 0.0;
        return (double(j) + std::clamp(frac, 0.0, 1.0)) / double(J);
    };
    std::vector<double> bounds(std::size_t(steps) + 1);
    for (int k = 0; k <= steps; ++k)
        bounds[std::size_t(k)] = k == 0 ? 0.0 : k == steps ? 1.0 : inverse(double(k) / steps);
    nodes.resize(std::size_t(steps));
    widths.resize(std::size_t(steps));
    for (int k = 0; k < steps; ++k) {
        nodes[std::size_t(k)] = 0.5 * (bounds[std::size_t(k)] + bounds[std::size_t(k) + 1]);
        widths[std::size_t(k)] = bounds[std::size_t(k) + 1] - bounds[std::size_t(k)];
    }
}

IgRun integrate(Scorer &scorer, const ItemRecord &item, const torch::Tensor &ids, const torch::Tensor &baseIds,
                int steps)
{
    torch::NoGradGuard outer;                                                     // re-enabled below only where needed
    const torch::Tensor x = scorer.embedTokens(ids).detach().to(torch::kFloat);   // [1,T,E]
    const torch::Tensor mask = torch::ones({1, ids.size(1)}, torch::kBool).to(x.device());
    const torch::Tensor b = scorer.embedTokens(baseIds).detach().to(torch::kFloat);   // [1,T,E]
    const torch::Tensor diff = x - b;

    IgRun r;
    {
        const torch::Tensor ends = scorer.scoreEmbedded(torch::cat({x, b}, 0), mask.expand({2, mask.size(1)}), item);
        r.fx = ends[0].item<double>();
        r.fb = ends[1].item<double>();
    }
    std::vector<double> probe;
    {
        constexpr int P = 33;
        const torch::Tensor a = torch::linspace(0, 1, P, torch::kFloat).view({P, 1, 1}).to(x.device());
        const torch::Tensor f = scorer.scoreEmbedded(b + a * diff, mask.expand({P, mask.size(1)}), item)
                                    .to(torch::kCPU, torch::kDouble)
                                    .contiguous();
        probe.assign(f.data_ptr<double>(), f.data_ptr<double>() + P);
    }
    std::vector<double> nodes, weights;
    adaptiveGrid(probe, steps, nodes, weights);
    const torch::Tensor alphas =
        torch::tensor(nodes, torch::kDouble).to(torch::kFloat).view({steps, 1, 1}).to(x.device());
    const torch::Tensor quadWeights =
        torch::tensor(weights, torch::kDouble).to(torch::kFloat).view({steps, 1, 1}).to(x.device());
    // Gradients in batches of at most 64 path points (bounded memory at 256 steps).
    torch::Tensor avgGrad = torch::zeros_like(x[0]);   // [T,E]
    for (int start = 0; start < steps; start += 64) {
        const int n = std::min(64, steps - start);
        torch::AutoGradMode enable(true);
        torch::Tensor path = (b + alphas.narrow(0, start, n) * diff).detach().requires_grad_(true);   // [n,T,E]
        torch::Tensor out = scorer.scoreEmbedded(path, mask.expand({n, mask.size(1)}), item);
        const torch::Tensor grads = torch::autograd::grad({out.sum()}, {path})[0];
        avgGrad += (grads * quadWeights.narrow(0, start, n)).sum(0).detach();
    }
    const torch::Tensor attr = (diff[0] * avgGrad).sum(-1).to(torch::kDouble).cpu();   // [T]
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

}   // namespace

Explanation IntegratedGradients::explain(Scorer &scorer, const ItemRecord &item, const IgOptions &options)
{
    if (!scorer.hasGradients())
        throw Error("integrated gradients need a model with a gradient path; use occlusion");
    Explanation e;
    e.method = ExplainMethod::IntegratedGradients;
    e.itemId = item.id;
    const TextLayout layout = TextLayout::of(scorer, item);
    e.notes = layout.notes;
    // The scorer copies the item once per path step (side inputs): copy a bounded
    // one (TextLayout::bounded), not a 10 MB description per step.
    bool textCut = false;
    const ItemRecord base = layout.bounded(item, 64 * 1024, &textCut);
    if (textCut)
        e.notes.push_back(ExplanationNote::make("explained_text_bounded", {std::to_string(itemText(base).size())}));

    const Encoding enc = scorer.encodeText(base);
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
    IgRun run = integrate(scorer, base, ids, baseIds, steps);
    for (int more : {options.maxSteps, options.maxAdaptiveSteps / 2, options.maxAdaptiveSteps}) {
        if (run.error <= options.targetError || more <= steps)
            continue;
        steps = std::min(more, 1000);
        run = integrate(scorer, base, ids, baseIds, steps);
    }
    if (run.error > options.targetError)
        e.notes.push_back(
            ExplanationNote::make("ig_approximate", {fmt(100.0 * options.targetError), std::to_string(steps)}));
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
    std::size_t unread = layout.unreadWords;
    for (std::size_t w = 0; w < layout.words.size(); ++w) {
        const auto &lw = layout.words[w];
        if (!lw.visible) {
            ++unread;
            continue;
        }
        e.words.push_back({lw.field, std::uint32_t(lw.begin), std::uint32_t(lw.end), lw.text, wordAttr[w]});
    }
    if (unread)
        e.notes.push_back(ExplanationNote::make("ig_unread", {std::to_string(unread)}));
    e.notes.push_back(
        ExplanationNote::make("ig_summary", {std::to_string(steps), fmt(run.fx), fmt(run.fb), fmt(100.0 * run.error)}));
    if (std::fabs(unassigned) > 1e-6)
        e.notes.push_back(ExplanationNote::make("ig_unassigned", {fmt(unassigned)}));
    return e;
}

}   // namespace debut
