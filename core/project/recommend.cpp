#include "project/recommend.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "dist/world.h"
#include "explain/fields.h"
#include "explain/integratedgradients.h"
#include "explain/modelscorer.h"
#include "explain/neighbours.h"
#include "explain/occlusion.h"
#include "project/project.h"
#include "rank/csvexport.h"
#include "rank/embeddingcache.h"
#include "rank/rankedexport.h"
#include "rank/ranker.h"
#include "rank/suggest.h"
#include "store/outputguard.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "train/classifier.h"

namespace debut {

namespace {

// An open project, its task, the run in use and its model.
struct Context {
    ProjectStore store;
    TaskInfo task;
    RunInfo run;
    Classifier model{nullptr};
    std::vector<SegmentInfo> segments;

    RunStore runs() { return RunStore(store.db()); }
};

void setThreads(const RecommendOptions &options)
{
    const int n = options.threads > 0 ? options.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(n);
}

Context openContext(const std::string &path, const std::string &taskName, const RecommendOptions &options,
                    bool readOnly = false)
{
    setThreads(options);
    Context c;
    c.store = ProjectStore::open(path, readOnly);
    if (taskName.empty())
        throw Error("no task given (--task NAME)");
    auto task = c.store.task(taskName);
    if (!task) {
        std::string names;
        for (const auto &t : c.store.tasks())
            names += (names.empty() ? "" : ", ") + t.name;
        throw Error(path + ": no task '" + taskName + "'" +
                    (names.empty() ? std::string(" (the project has no tasks)") : " (tasks: " + names + ")"));
    }
    c.task = *task;
    RunStore runs(c.store.db());
    std::optional<RunInfo> run;
    if (options.runId > 0) {
        run = runs.run(options.runId);
        if (!run || run->taskId != c.task.id)
            throw Error(path + ": no run " + std::to_string(options.runId) + " of task '" + taskName + "'");
    } else {
        run = runs.servingRun(c.task.id);
        if (!run)
            throw Error(path + ": task '" + taskName + "' has no finished training run (run `debut train " + path +
                        " --task " + taskName + "` first)");
    }
    c.run = *run;
    c.model = loadRunClassifier(c.store, c.run.id, parseDevice(options.device));
    c.model->eval();
    c.segments = Ranker::taskSegments(c.store, c.task.id);
    return c;
}

// Scores the run when it has no / too few predictions (items added since).
void ensureScored(Context &c, const Progress &progress)
{
    RunStore runs(c.store.db());
    const std::int64_t expected = c.store.itemCount() * std::int64_t(c.segments.size());
    if (runs.predictionCount(c.run.id) != expected) {
        Ranker ranker(c.store, c.model, c.run.id, c.task);
        ranker.run(true, progress);
    }
}

std::optional<std::int64_t> segmentOf(Context &c, const std::string &name)
{
    for (const auto &s : c.segments)
        if (s.name == name)
            return s.id;
    return std::nullopt;
}

std::string segmentList(const Context &c)
{
    std::string out;
    for (const auto &s : c.segments)
        out += std::string(out.empty() ? "" : ", ") + "'" + s.name + "'";
    return out;
}

Explanation explainLoaded(Context &c, const ItemRow &row, ExplainMethod method, const std::string &segment, int k)
{
    const ItemRecord &item = row.item;
    int target = -1;
    if (c.model->config().kind == TaskKind::Multiclass) {
        torch::NoGradGuard noGrad;
        target = c.model->score({item}, {segment}).predicted.at(0);
    }
    ModelScorer scorer(c.model, segment, target);
    Explanation e;
    e = method == ExplainMethod::IntegratedGradients ? IntegratedGradients::explain(scorer, item)
                                                     : Occlusion::explain(scorer, item);
    FieldAblation::explain(scorer, item, e);
    e.itemId = item.id;
    e.itemRowid = row.rowid;
    e.runId = c.run.id;
    e.target = scorer.targetName();
    if (!segment.empty())
        e.notes.push_back(ExplanationNote::make("explained_for_segment", {segment}));

    // Nearest labelled items (labels of this segment when it has any, else all).
    std::vector<LabelRow> labels = c.store.labels(c.task.id);
    if (std::any_of(labels.begin(), labels.end(), [&](const LabelRow &l) { return l.segment == segment; }))
        labels.erase(
            std::remove_if(labels.begin(), labels.end(), [&](const LabelRow &l) { return l.segment != segment; }),
            labels.end());
    for (const auto &l : labels)
        if (l.itemRowid == row.rowid)
            e.notes.push_back(l.segment.empty()
                                  ? ExplanationNote::make("item_labelled", {l.value})
                                  : ExplanationNote::make("item_labelled_for_segment", {l.value, l.segment}));
    if (k > 0 && !labels.empty()) {
        std::vector<std::int64_t> rowids;
        std::vector<ItemRecord> items;
        std::vector<NeighbourItem> meta;
        for (const auto &l : labels) {
            if (l.itemRowid == row.rowid)
                continue;
            auto r = c.store.itemByRowid(l.itemRowid);
            if (!r)
                continue;
            rowids.push_back(l.itemRowid);
            items.push_back(r->item);
            meta.push_back({r->item.id, r->item.title, l.value, l.segment, 0.0});
        }
        if (!items.empty()) {
            auto &cache = EmbeddingCache::instance();
            const std::string key = EmbeddingCache::modelKey(c.store, *c.model, c.run.id);
            const torch::Tensor lab = cache.get(key, *c.model, rowids, items);
            const torch::Tensor q = cache.get(key, *c.model, {row.rowid}, {item})[0];
            e.neighbours = Neighbours::nearest(q, lab, meta, k, item.id);
        }
    } else if (labels.empty()) {
        e.notes.push_back(ExplanationNote::make("no_labelled_items"));
    }
    return e;
}

}   // namespace

ScoreResult scoreTask(const std::string &projectPath, const std::string &task, const RecommendOptions &options,
                      bool onlyMissing, const Progress &progress)
{
    ScoreResult r;
    r.status = guarded([&] {
        // Workers of a group (dist/world.h) score slices of the catalogue; only
        // rank 0 writes the project.
        Context c = openContext(projectPath, task, options, /*readOnly=*/dist::World::currentRank() != 0);
        r.runId = c.run.id;
        Ranker ranker(c.store, c.model, c.run.id, c.task);
        const RankSummary s = ranker.run(onlyMissing, progress);
        r.items = s.items;
        r.scored = s.scored;
        r.kept = s.kept;
        r.ranked = s.ranked;
        r.embeddingsReused = s.embeddingsReused;
        r.segments = s.segments;
    });
    return r;
}

SuggestResult suggestLabels(const std::string &projectPath, const std::string &task, int count,
                            const RecommendOptions &options, const Progress &progress)
{
    SuggestResult r;
    r.status = guarded([&] {
        if (count <= 0)
            throw Error("--count must be at least 1");
        Context c = openContext(projectPath, task, options);
        r.runId = c.run.id;
        ensureScored(c, progress);
        // The uncertainty pool (rank/suggest.h), streamed from the predictions: only
        // the pool and the labelled items are embedded (Suggester re-selects the pool).
        const int pool = std::max(5 * count, 50);
        const std::vector<SuggestCandidate> poolCands =
            Suggester::uncertainPool(c.store, c.run.id, c.task.id, c.segments, pool);
        if (poolCands.empty())
            throw Error("task '" + task + "': every item is labelled, nothing to suggest");
        std::vector<std::int64_t> poolRowids;
        std::vector<ItemRecord> poolItems;
        for (const auto &cand : poolCands) {
            poolRowids.push_back(cand.rowid);
            poolItems.push_back(c.store.itemByRowid(cand.rowid)->item);
        }
        std::vector<std::int64_t> labRowids;
        std::vector<ItemRecord> labItems;
        std::vector<std::string> labTitles;
        for (std::int64_t rowid : Ranker::labelledRowids(c.store, c.task.id)) {
            if (auto row = c.store.itemByRowid(rowid)) {
                labRowids.push_back(rowid);
                labItems.push_back(row->item);
                labTitles.push_back(row->item.title);
            }
        }
        auto &cache = EmbeddingCache::instance();
        const std::string key = EmbeddingCache::modelKey(c.store, *c.model, c.run.id);
        const torch::Tensor candEmb = cache.get(key, *c.model, poolRowids, poolItems, progress);
        const torch::Tensor labEmb =
            labItems.empty() ? torch::Tensor() : cache.get(key, *c.model, labRowids, labItems, progress);
        r.suggestions = Suggester::pick(poolCands, candEmb, labEmb, labTitles, count, pool);
    });
    return r;
}

ExportResult exportCsv(const std::string &projectPath, const ExportRequest &request, const RecommendOptions &options,
                       const Progress &progress)
{
    ExportResult r;
    r.status = guarded([&] {
        if (request.out.empty())
            throw Error("no output file given (--out FILE.csv)");
        OutputGuard::check(request.out, projectPath);
        Context c = openContext(projectPath, request.task, options);
        r.runId = c.run.id;
        std::optional<std::int64_t> onlySegment;
        if (request.segment) {
            onlySegment = segmentOf(c, *request.segment);
            if (!onlySegment)
                throw Error("task '" + request.task + "' has no segment '" + *request.segment +
                            "' (segments: " + segmentList(c) + ")");
        }
        ensureScored(c, progress);
        const ClassifierConfig &cfg = c.model->config();
        RankedExportSpec spec;
        spec.projectPath = projectPath;
        spec.runId = c.run.id;
        spec.segments = c.segments;
        spec.segmentId = onlySegment;
        spec.top = request.top;
        spec.options.reasons = request.reasons;
        spec.options.classProbs = request.classProbs;
        spec.options.omitColumns = request.omitColumns;
        spec.options.rawCells = request.rawCells;
        if (cfg.kind == TaskKind::Multiclass)
            spec.options.classes = cfg.labels;
        const RankedExportStats stats = RankedExport::write(c.store, spec, request.out, progress);
        r.rows = stats.rows;
        r.rowsWithReasons = stats.rowsWithReasons;
    });
    return r;
}

ExplainResult explainItem(const std::string &projectPath, const ExplainRequest &request,
                          const RecommendOptions &options, const Progress &progress)
{
    ExplainResult r;
    r.status = guarded([&] {
        Context c = openContext(projectPath, request.task, options);
        r.runId = c.run.id;
        auto row = c.store.itemById(request.itemId);
        if (!row)
            throw Error(projectPath + ": no item '" + request.itemId + "'");
        if (!request.segment.empty() && !c.store.segmentId(request.segment))
            throw Error(projectPath + ": no segment '" + request.segment + "'");
        reportOrCancel(progress, "explain", 0, 1, request.itemId);
        r.explanation = explainLoaded(c, *row, request.method, request.segment, request.neighbours);
        r.title = row->item.title;
        r.description = row->item.description;
        if (request.store)
            c.runs().putExplanation(c.run.id, row->rowid, *c.store.segmentId(request.segment),
                                    explainMethodName(request.method), r.explanation.toJson());
        reportOrCancel(progress, "explain", 1, 1, request.itemId);
    });
    return r;
}

ExplainTopResult explainTop(const std::string &projectPath, const std::string &task, int n, ExplainMethod method,
                            const std::string &segment, const RecommendOptions &options, const Progress &progress)
{
    ExplainTopResult r;
    r.status = guarded([&] {
        if (n <= 0)
            throw Error("--top must be at least 1");
        Context c = openContext(projectPath, task, options);
        r.runId = c.run.id;
        const auto segId = segmentOf(c, segment);
        if (!segId)
            throw Error("task '" + task + "' has no segment '" + segment + "' (segments: " + segmentList(c) + ")");
        ensureScored(c, progress);
        std::vector<PredictionRow> top;
        // Streamed in rank order: stop after the first n, not a list of the catalogue.
        c.runs().forEachPrediction(c.run.id, *segId, [&](const PredictionRow &p) {
            if (!p.rank || *p.rank > n)
                return false;
            top.push_back(p);
            return true;
        });
        std::sort(top.begin(), top.end(),
                  [](const PredictionRow &a, const PredictionRow &b) { return *a.rank < *b.rank; });
        std::int64_t done = 0;
        for (const auto &p : top) {
            auto row = c.store.itemByRowid(p.itemRowid);
            if (!row)
                continue;
            r.explanations.push_back(explainLoaded(c, *row, method, segment, 5));
            reportOrCancel(progress, "explain", ++done, std::int64_t(top.size()), row->item.id);
        }
        // All stored at once: a cancel above leaves no partial set behind.
        Transaction tx(c.store.db());
        RunStore runs = c.runs();
        for (const auto &e : r.explanations)
            runs.putExplanation(c.run.id, e.itemRowid, *segId, explainMethodName(method), e.toJson());
        tx.commit();
        r.explained = std::int64_t(r.explanations.size());
    });
    return r;
}

}   // namespace debut
