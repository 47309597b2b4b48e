#include "rank/ranker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "dist/world.h"
#include "rank/embeddingcache.h"

namespace debut {

namespace {

std::string ratingText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}   // namespace

Ranker::Ranker(ProjectStore &store, Classifier model, std::int64_t runId, const TaskInfo &task)
    : m_store(store), m_model(std::move(model)), m_runId(runId), m_task(task)
{}

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

namespace {

// A round's prediction rows as text for rank 0 (doubles round-trip exactly).
std::string encodeRows(const std::vector<PredictionRow> &rows)
{
    nlohmann::json a = nlohmann::json::array();
    for (const auto &p : rows)
        a.push_back({p.itemRowid, p.segmentId, p.label, p.score, p.probs, p.uncertainty});
    return a.dump();
}

std::vector<PredictionRow> decodeRows(const std::string &text)
{
    std::vector<PredictionRow> rows;
    for (const auto &r : nlohmann::json::parse(text)) {
        PredictionRow p;
        p.itemRowid = r.at(0).get<std::int64_t>();
        p.segmentId = r.at(1).get<std::int64_t>();
        p.label = r.at(2).get<std::string>();
        p.score = r.at(3).get<double>();
        p.probs = r.at(4).get<std::string>();
        p.uncertainty = r.at(5).get<double>();
        rows.push_back(std::move(p));
    }
    return rows;
}

}   // namespace

RankSummary Ranker::run(bool onlyMissing, const Progress &progress)
{
    torch::NoGradGuard noGrad;
    RunStore runs(m_store.db());
    RankSummary summary;
    summary.runId = m_runId;
    const std::vector<SegmentInfo> segments = taskSegments(m_store, m_task.id);
    std::vector<std::int64_t> segmentIds;
    for (const auto &s : segments) {
        summary.segments.push_back(s.name);
        segmentIds.push_back(s.id);
    }
    summary.items = m_store.itemCount();

    const ClassifierConfig &cfg = m_model->config();
    const bool rating = cfg.kind == TaskKind::Rating;
    m_model->eval();
    const std::int64_t chunk = m_batchItems;
    const std::int64_t totalWork = summary.items * std::int64_t(segments.size());
    const std::string embeddingKey = EmbeddingCache::modelKey(m_store, *m_model, m_runId);

    // The predictions of one page of items (those without one, with onlyMissing).
    auto scorePage = [&](const std::vector<ItemRow> &page) {
        std::vector<PredictionRow> rows;
        std::set<std::pair<std::int64_t, std::int64_t>> existing;   // (segment, rowid) kept
        if (onlyMissing)
            for (const auto &k : runs.predictionKeys(m_runId, page.front().rowid, page.back().rowid))
                if (std::find(segmentIds.begin(), segmentIds.end(), k.first) != segmentIds.end())
                    existing.insert(k);
        summary.kept += std::int64_t(existing.size());
        std::vector<std::int64_t> ids;
        std::vector<ItemRecord> batch;
        for (const auto &row : page) {
            bool missing = false;
            for (const auto &s : segments)
                missing = missing || !existing.count({s.id, row.rowid});
            if (missing) {
                ids.push_back(row.rowid);
                batch.push_back(row.item);
            }
        }
        if (batch.empty())
            return rows;
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
                if (existing.count({seg.id, ids[i]}))
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
                rows.push_back(std::move(p));
                ++summary.scored;
            }
        }
        return rows;
    };

    // One worker of a group (dist/world.h) scores every size()-th page, and each
    // round of pages reaches rank 0, the only worker that writes the project.
    dist::World *world = dist::World::current();
    const int workers = world ? world->size() : 1, me = world ? world->rank() : 0;
    std::vector<PredictionRow> mine;
    auto endRound = [&] {
        if (me != 0) {
            world->sendBytes(encodeRows(mine), 0);
        } else {
            runs.stagePredictions(mine);
            for (int r = 1; r < workers; ++r)
                runs.stagePredictions(decodeRows(world->recvBytes(r)));
        }
        mine.clear();
    };

    // Pages of the catalogue in rowid order; only a round of pages and its
    // predictions are in memory, the rows wait in a TEMP table until the end.
    if (me == 0)
        runs.beginStage();
    std::int64_t after = 0, pageIndex = -1, done = 0;
    while (true) {
        const std::vector<ItemRow> page = m_store.itemsPage({}, after, int(chunk));
        if (page.empty())
            break;
        after = page.back().rowid;
        ++pageIndex;
        if (pageIndex % workers == me) {
            std::vector<PredictionRow> rows = scorePage(page);
            mine.insert(mine.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
        }
        if (pageIndex % workers == workers - 1)
            endRound();
        done += std::int64_t(page.size() * segments.size());
        reportOrCancel(progress, "score", done, totalWork);
    }
    if (world && pageIndex % workers != workers - 1)
        endRound();   // the last, partial round
    if (world) {
        std::vector<torch::Tensor> counts{
            torch::tensor({summary.scored, summary.kept, summary.embeddingsReused}, torch::kLong)};
        world->allReduceSum(counts);
        summary.scored = counts[0][0].item<std::int64_t>();
        summary.kept = counts[0][1].item<std::int64_t>();
        summary.embeddingsReused = counts[0][2].item<std::int64_t>();
        if (me != 0)
            return summary;   // rank 0 ranks and writes
    }

    // One transaction: the staged rows replace the run's predictions and are
    // ranked per segment among unlabelled items (in SQLite, not in memory).
    reportOrCancel(progress, "store", 0, 1);
    summary.ranked = runs.commitStagedPredictions(m_runId, m_task.id, onlyMissing, segmentIds);
    if (progress)
        progress("store", 1, 1, {});   // written: too late to cancel
    return summary;
}

}   // namespace debut
