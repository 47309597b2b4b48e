#include "rank/suggest.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <queue>
#include <set>

#include "common/error.h"
#include "store/runstore.h"

namespace debut {

namespace {

torch::Tensor normalise(const torch::Tensor &m)
{
    return m.to(torch::kCPU, torch::kFloat) / m.to(torch::kCPU, torch::kFloat).norm(2, 1, true).clamp_min(1e-12);
}

std::string fmt(const char *f, double v)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

}   // namespace

std::vector<SuggestCandidate> Suggester::uncertainPool(ProjectStore &store, std::int64_t runId, std::int64_t taskId,
                                                       const std::vector<SegmentInfo> &segments, int poolSize)
{
    std::set<std::int64_t> labelled;   // few-shot: the labelled items are few
    for (const auto &l : store.labels(taskId))
        labelled.insert(l.itemRowid);
    std::map<std::int64_t, std::string> segName;
    std::vector<std::int64_t> segmentIds;
    for (const auto &s : segments) {
        segName[s.id] = s.name;
        segmentIds.push_back(s.id);
    }
    // "Better" = more uncertain, then lower rowid; the heap's top is the worst kept.
    auto better = [](const PredictionRow &a, const PredictionRow &b) {
        return a.uncertainty != b.uncertainty ? a.uncertainty > b.uncertainty : a.itemRowid < b.itemRowid;
    };
    std::priority_queue<PredictionRow, std::vector<PredictionRow>, decltype(better)> heap(better);
    const std::size_t keep = std::size_t(std::max(0, poolSize));
    RunStore(store.db()).forEachMostUncertain(runId, segmentIds, [&](const PredictionRow &p) {
        if (keep == 0 || labelled.count(p.itemRowid))
            return true;
        if (heap.size() < keep) {
            heap.push(p);
        } else if (better(p, heap.top())) {
            heap.pop();
            heap.push(p);
        }
        return true;
    });
    std::vector<PredictionRow> best;
    while (!heap.empty()) {
        best.push_back(heap.top());
        heap.pop();
    }
    std::reverse(best.begin(), best.end());
    std::vector<SuggestCandidate> out;
    for (const auto &p : best) {
        const auto row = store.itemByRowid(p.itemRowid);
        if (!row)
            continue;
        out.push_back(
            {p.itemRowid, row->item.id, row->item.title, segName[p.segmentId], p.label, p.score, p.uncertainty});
    }
    return out;
}

std::vector<Suggestion> Suggester::pick(const std::vector<SuggestCandidate> &candidates,
                                        const torch::Tensor &candidateEmb, const torch::Tensor &labelledEmb,
                                        const std::vector<std::string> &labelledTitles, int count, int poolSize)
{
    if (count <= 0 || candidates.empty())
        return {};
    if (candidateEmb.dim() != 2 || candidateEmb.size(0) != std::int64_t(candidates.size()))
        throw Error("suggest: candidate embeddings do not match the candidates");
    const bool hasLabelled = labelledEmb.defined() && labelledEmb.dim() == 2 && labelledEmb.size(0) > 0;
    if (hasLabelled &&
        (labelledEmb.size(1) != candidateEmb.size(1) || labelledEmb.size(0) != std::int64_t(labelledTitles.size())))
        throw Error("suggest: labelled embeddings do not match");
    torch::NoGradGuard noGrad;

    if (poolSize <= 0)
        poolSize = std::max(5 * count, 50);
    std::vector<std::size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return candidates[a].uncertainty > candidates[b].uncertainty;
    });
    order.resize(std::min<std::size_t>(order.size(), std::size_t(poolSize)));

    std::vector<std::int64_t> poolIdx(order.begin(), order.end());
    const torch::Tensor pool = normalise(candidateEmb.index_select(0, torch::tensor(poolIdx, torch::kLong)));
    const auto P = pool.size(0);
    // Max similarity of each pool item to the reference set, and which reference.
    std::vector<double> maxSim(static_cast<std::size_t>(P), -2.0);
    std::vector<std::string> nearest(static_cast<std::size_t>(P));
    if (hasLabelled) {
        const torch::Tensor sims = torch::mm(pool, normalise(labelledEmb).t());   // [P, L]
        const auto [vals, idx] = sims.max(1);
        for (std::int64_t i = 0; i < P; ++i) {
            maxSim[std::size_t(i)] = vals[i].item<double>();
            nearest[std::size_t(i)] = "labelled '" + labelledTitles[std::size_t(idx[i].item<std::int64_t>())] + "'";
        }
    }

    std::vector<Suggestion> out;
    std::vector<bool> taken(static_cast<std::size_t>(P), false);
    while (int(out.size()) < count && int(out.size()) < P) {
        std::int64_t best = -1;
        double bestPriority = -1;
        for (std::int64_t i = 0; i < P; ++i) {
            if (taken[std::size_t(i)])
                continue;
            const double dist =
                maxSim[std::size_t(i)] < -1.5 ? 1.0 : std::clamp(1.0 - maxSim[std::size_t(i)], 0.0, 2.0);
            const double u = std::max(candidates[order[std::size_t(i)]].uncertainty, 1e-9);
            const double priority = u * dist;
            if (priority > bestPriority) {
                bestPriority = priority;
                best = i;
            }
        }
        if (best < 0)
            break;
        taken[std::size_t(best)] = true;
        Suggestion s;
        s.item = candidates[order[std::size_t(best)]];
        s.distance = maxSim[std::size_t(best)] < -1.5 ? 1.0 : 1.0 - maxSim[std::size_t(best)];
        s.priority = bestPriority;
        s.nearestTitle = nearest[std::size_t(best)];
        s.reason = "uncertain (" + fmt("%.2f", s.item.uncertainty) + ", predicted '" + s.item.predictedLabel + "' at " +
                   fmt("%.2f", s.item.score) + ")";
        if (!s.item.segment.empty())
            s.reason += " for segment '" + s.item.segment + "'";
        if (s.nearestTitle.empty())
            s.reason += "; nothing labelled to compare with";
        else
            s.reason += "; most similar: " + s.nearestTitle + " (similarity " + fmt("%.2f", 1.0 - s.distance) + ")";
        out.push_back(std::move(s));
        // The pick joins the reference set.
        const torch::Tensor simToPick = torch::mv(pool, pool[best]);
        for (std::int64_t i = 0; i < P; ++i) {
            const double v = simToPick[i].item<double>();
            if (v > maxSim[std::size_t(i)]) {
                maxSim[std::size_t(i)] = v;
                nearest[std::size_t(i)] = "suggestion '" + out.back().item.title + "'";
            }
        }
    }
    return out;
}

}   // namespace debut
