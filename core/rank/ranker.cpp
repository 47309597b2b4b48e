#include "rank/ranker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "rank/embeddingcache.h"

namespace debut {

namespace {

std::string ratingText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

} // namespace

Ranker::Ranker(ProjectStore &store, Classifier model, std::int64_t runId, const TaskInfo &task)
    : m_store(store), m_model(std::move(model)), m_runId(runId), m_task(task)
{
}

std::vector<SegmentInfo> Ranker::taskSegments(ProjectStore &store, std::int64_t taskId)
{
    std::set<std::int64_t> ids;
    for (const auto &l : store.labels(taskId))
        ids.insert(l.segmentId);
    std::vector<SegmentInfo> out;
    for (const auto &s : store.segments())
        if (ids.count(s.id))
            out.push_back(s);
    if (out.empty())
        out.push_back({store.ensureSegment(""), ""});
    return out;
}

std::vector<std::int64_t> Ranker::labelledRowids(ProjectStore &store, std::int64_t taskId)
{
    std::set<std::int64_t> ids;
    for (const auto &l : store.labels(taskId))
        ids.insert(l.itemRowid);
    return {ids.begin(), ids.end()};
}

RankSummary Ranker::run(bool onlyMissing, const Progress &progress)
{
    torch::NoGradGuard noGrad;
    RunStore runs(m_store.db());
    RankSummary summary;
    summary.runId = m_runId;
    const std::vector<SegmentInfo> segments = taskSegments(m_store, m_task.id);
    for (const auto &s : segments)
        summary.segments.push_back(s.name);
    const std::vector<std::int64_t> labelledList = labelledRowids(m_store, m_task.id);
    const std::set<std::int64_t> labelled(labelledList.begin(), labelledList.end());

    std::vector<std::int64_t> rowids;
    std::vector<ItemRecord> items;
    m_store.forEachItem([&](const ItemRow &r) {
        rowids.push_back(r.rowid);
        items.push_back(r.item);
        return true;
    });
    summary.items = std::int64_t(items.size());

    // Existing predictions: kept when onlyMissing and still valid.
    std::map<std::pair<std::int64_t, std::int64_t>, PredictionRow> rows;   // (segment, rowid)
    std::set<std::int64_t> itemSet(rowids.begin(), rowids.end());
    std::set<std::int64_t> segSet;
    for (const auto &s : segments)
        segSet.insert(s.id);
    if (onlyMissing)
        for (auto &p : runs.predictions(m_runId))
            if (itemSet.count(p.itemRowid) && segSet.count(p.segmentId))
                rows[{p.segmentId, p.itemRowid}] = std::move(p);
    summary.kept = std::int64_t(rows.size());

    std::vector<std::size_t> todo;   // items with a missing segment
    for (std::size_t i = 0; i < items.size(); ++i) {
        bool missing = false;
        for (const auto &s : segments)
            missing = missing || !rows.count({s.id, rowids[i]});
        if (missing)
            todo.push_back(i);
    }

    const ClassifierConfig &cfg = m_model->config();
    const bool rating = cfg.kind == TaskKind::Rating;
    m_model->eval();
    constexpr std::size_t chunk = 512;
    const std::int64_t totalWork = std::int64_t(todo.size() * segments.size());
    const std::string embeddingKey = EmbeddingCache::modelKey(m_store, *m_model, m_runId);
    std::int64_t done = 0;
    for (std::size_t start = 0; start < todo.size(); start += chunk) {
        const std::size_t end = std::min(todo.size(), start + chunk);
        std::vector<std::int64_t> ids;
        std::vector<ItemRecord> batch;
        for (std::size_t k = start; k < end; ++k) {
            ids.push_back(rowids[todo[k]]);
            batch.push_back(items[todo[k]]);
        }
        std::int64_t reused = 0;
        const torch::Tensor pooled =
            EmbeddingCache::instance().get(embeddingKey, *m_model, ids, batch, progress, &reused).to(m_model->device());
        summary.embeddingsReused += reused;
        for (const auto &seg : segments) {
            const std::vector<std::string> segNames(batch.size(), seg.name);
            const SideInputs side = m_model->side(batch, segNames).to(m_model->device());
            const ItemScores s = m_model->scoreEmbeddings(pooled, side);
            std::vector<double> mcStd(batch.size(), 0.0);
            if (rating) {
                // MC dropout on the head: the spread of the rating under dropout.
                m_model->train();
                std::vector<torch::Tensor> passes;
                for (int k = 0; k < 8; ++k)
                    passes.push_back(m_model->probabilities(m_model->logitsFromPooled(pooled, side)).reshape({-1}));
                m_model->eval();
                const torch::Tensor sd = torch::stack(passes).std(0).to(torch::kCPU, torch::kDouble).contiguous();
                for (std::size_t i = 0; i < batch.size(); ++i)
                    mcStd[i] = sd[std::int64_t(i)].item<double>();
            }
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const auto key = std::make_pair(seg.id, ids[i]);
                if (rows.count(key))
                    continue;
                PredictionRow p;
                p.itemRowid = ids[i];
                p.segmentId = seg.id;
                p.score = s.score.at(i);
                p.probs = nlohmann::json(s.probs.at(i)).dump();
                if (rating) {
                    p.label = ratingText(p.score);
                    p.uncertainty = mcStd[i];
                } else {
                    const int c = s.predicted.at(i);
                    p.label = c >= 0 && c < int(cfg.labels.size()) ? cfg.labels[std::size_t(c)] : std::to_string(c);
                    p.uncertainty = s.uncertainty.at(i);
                }
                rows[key] = std::move(p);
                ++summary.scored;
            }
            done += std::int64_t(batch.size());
            reportOrCancel(progress, "score", done, totalWork);
        }
    }

    // Rank per segment among unlabelled items.
    std::map<std::int64_t, std::vector<PredictionRow *>> bySegment;
    for (auto &[key, p] : rows) {
        p.rank.reset();
        if (!labelled.count(p.itemRowid))
            bySegment[key.first].push_back(&p);
    }
    for (auto &[seg, list] : bySegment) {
        std::stable_sort(list.begin(), list.end(), [](const PredictionRow *a, const PredictionRow *b) {
            if (a->score != b->score)
                return a->score > b->score;
            return a->itemRowid < b->itemRowid;
        });
        for (std::size_t r = 0; r < list.size(); ++r)
            list[r]->rank = std::int64_t(r + 1);
        summary.ranked += std::int64_t(list.size());
    }
    std::vector<PredictionRow> out;
    out.reserve(rows.size());
    for (auto &[key, p] : rows)
        out.push_back(std::move(p));
    reportOrCancel(progress, "store", 0, 1);
    runs.replacePredictions(m_runId, out);
    if (progress)
        progress("store", 1, 1, {});   // written: too late to cancel
    return summary;
}

} // namespace debut
