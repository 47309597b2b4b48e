#include "project/recommend.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "explain/fields.h"
#include "explain/integratedgradients.h"
#include "explain/modelscorer.h"
#include "explain/neighbours.h"
#include "explain/occlusion.h"
#include "project/project.h"
#include "rank/csvexport.h"
#include "rank/embeddingcache.h"
#include "rank/ranker.h"
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

Context openContext(const std::string &path, const std::string &taskName, const RecommendOptions &options)
{
    setThreads(options);
    Context c;
    c.store = ProjectStore::open(path);
    if (taskName.empty())
        throw Error("no task given (--task NAME)");
    auto task = c.store.task(taskName);
    if (!task) {
        std::string names;
        for (const auto &t : c.store.tasks())
            names += (names.empty() ? "" : ", ") + t.name;
        throw Error(path + ": no task '" + taskName + "'" + (names.empty() ? std::string(" (the project has no tasks)")
                                                                              : " (tasks: " + names + ")"));
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

// The segment an explanation was computed for ("" = all customers); explainLoaded
// records it as the "explained_for_segment" note.
std::string explainedSegment(const Explanation &e)
{
    for (const auto &n : e.notes)
        if (n.code == "explained_for_segment" && !n.args.empty())
            return n.args.front();
    return {};
}

Explanation explainLoaded(Context &c, const ItemRow &row, const std::string &method, const std::string &segment,
                          int k)
{
    const ItemRecord &item = row.item;
    int target = -1;
    if (c.model->config().kind == TaskKind::Multiclass) {
        torch::NoGradGuard noGrad;
        target = c.model->score({item}, {segment}).predicted.at(0);
    }
    ModelScorer scorer(c.model, segment, target);
    Explanation e;
    if (method == "occlusion")
        e = Occlusion::explain(scorer, item);
    else if (method == "ig")
        e = IntegratedGradients::explain(scorer, item);
    else
        throw Error("unknown explanation method '" + method + "' (occlusion or ig)");
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
        labels.erase(std::remove_if(labels.begin(), labels.end(), [&](const LabelRow &l) { return l.segment != segment; }),
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

} // namespace

ScoreResult scoreTask(const std::string &projectPath, const std::string &task, const RecommendOptions &options,
                      bool onlyMissing, const Progress &progress)
{
    ScoreResult r;
    r.status = guarded([&] {
        Context c = openContext(projectPath, task, options);
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
        const std::vector<std::int64_t> labelledList = Ranker::labelledRowids(c.store, c.task.id);
        const std::set<std::int64_t> labelled(labelledList.begin(), labelledList.end());
        std::map<std::int64_t, std::string> segName;
        for (const auto &s : c.segments)
            segName[s.id] = s.name;
        // Most uncertain segment per unlabelled item.
        std::map<std::int64_t, PredictionRow> best;
        for (auto &p : c.runs().predictions(c.run.id)) {
            if (labelled.count(p.itemRowid) || !segName.count(p.segmentId))
                continue;
            auto it = best.find(p.itemRowid);
            if (it == best.end() || p.uncertainty > it->second.uncertainty)
                best[p.itemRowid] = p;
        }
        std::vector<SuggestCandidate> cands;
        std::vector<std::int64_t> rowids;
        std::vector<ItemRecord> items;
        std::vector<std::int64_t> labRowids;
        std::vector<ItemRecord> labItems;
        std::vector<std::string> labTitles;
        c.store.forEachItem([&](const ItemRow &row) {
            if (labelled.count(row.rowid)) {
                labRowids.push_back(row.rowid);
                labItems.push_back(row.item);
                labTitles.push_back(row.item.title);
                return true;
            }
            auto it = best.find(row.rowid);
            if (it == best.end())
                return true;
            cands.push_back({row.rowid, row.item.id, row.item.title, segName[it->second.segmentId], it->second.label,
                             it->second.score, it->second.uncertainty});
            rowids.push_back(row.rowid);
            items.push_back(row.item);
            return true;
        });
        if (cands.empty())
            throw Error("task '" + task + "': every item is labelled, nothing to suggest");
        // Embed only the uncertainty pool (Suggester re-selects the same pool).
        const int pool = std::max(5 * count, 50);
        std::vector<std::size_t> order(cands.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return cands[a].uncertainty > cands[b].uncertainty; });
        order.resize(std::min<std::size_t>(order.size(), std::size_t(pool)));
        std::vector<SuggestCandidate> poolCands;
        std::vector<std::int64_t> poolRowids;
        std::vector<ItemRecord> poolItems;
        for (std::size_t i : order) {
            poolCands.push_back(cands[i]);
            poolRowids.push_back(rowids[i]);
            poolItems.push_back(items[i]);
        }
        auto &cache = EmbeddingCache::instance();
        const std::string key = EmbeddingCache::modelKey(c.store, *c.model, c.run.id);
        const torch::Tensor candEmb = cache.get(key, *c.model, poolRowids, poolItems, progress);
        const torch::Tensor labEmb = labItems.empty() ? torch::Tensor()
                                                      : cache.get(key, *c.model, labRowids, labItems, progress);
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
        ExportOptions eo;
        eo.reasons = request.reasons;
        eo.classProbs = request.classProbs;
        eo.omitColumns = request.omitColumns;
        eo.rawCells = request.rawCells;
        if (cfg.kind == TaskKind::Multiclass)
            eo.classes = cfg.labels;

        // Keyed by (item, segment explained for): a segment is a model input, so the
        // reasons of one segment's score are not those of another's.
        std::map<std::pair<std::int64_t, std::string>, std::string> reasons;
        if (request.reasons) {
            std::map<std::pair<std::int64_t, std::string>, std::string> byMethod;   // occlusion preferred over ig
            for (const auto &x : c.runs().explanations(c.run.id)) {
                try {
                    const Explanation e = Explanation::fromJson(x.data);
                    const auto key = std::make_pair(x.itemRowid, explainedSegment(e));
                    if (byMethod.count(key) && byMethod[key] == "occlusion")
                        continue;
                    reasons[key] = e.reasons();
                    byMethod[key] = x.method;
                } catch (const Error &) {
                    // A malformed stored explanation gives no reasons, not a failed export.
                }
            }
        }
        std::map<std::int64_t, std::string> segName;
        for (const auto &s : c.segments)
            segName[s.id] = s.name;
        std::map<std::int64_t, ItemRecord> items;
        c.store.forEachItem([&](const ItemRow &row) {
            items[row.rowid] = row.item;
            return true;
        });
        std::vector<ExportRow> rows;
        std::map<std::int64_t, int> perSegment;
        for (const auto &p : c.runs().predictions(c.run.id)) {
            if (!p.rank || !segName.count(p.segmentId) || (onlySegment && p.segmentId != *onlySegment))
                continue;
            if (request.top > 0 && perSegment[p.segmentId] >= request.top)
                continue;
            auto it = items.find(p.itemRowid);
            if (it == items.end())
                continue;
            ++perSegment[p.segmentId];
            ExportRow row;
            row.rank = *p.rank;
            row.itemId = it->second.id;
            row.title = it->second.title;
            row.segment = segName[p.segmentId];
            row.predictedLabel = p.label;
            row.score = p.score;
            if (!eo.classes.empty()) {
                // Stored by this program; a damaged project file gets a message, not an abort.
                const auto probs = nlohmann::json::parse(p.probs, nullptr, false);
                if (!probs.is_array() || probs.size() != eo.classes.size() ||
                    !std::all_of(probs.begin(), probs.end(), [](const auto &v) { return v.is_number(); }))
                    throw Error(projectPath + ": run " + std::to_string(c.run.id) + ", item '" + row.itemId +
                                "': damaged class probabilities (expected " + std::to_string(eo.classes.size()) +
                                " numbers); score the task again");
                row.classProbs = probs.get<std::vector<double>>();
            }
            if (request.reasons) {
                auto rs = reasons.find({p.itemRowid, row.segment});
                if (rs != reasons.end()) {
                    row.reasons = rs->second;
                    ++r.rowsWithReasons;
                }
            }
            rows.push_back(std::move(row));
        }
        // predictions() orders by segment id then rank: keep that order explicitly.
        std::stable_sort(rows.begin(), rows.end(), [&](const ExportRow &a, const ExportRow &b) {
            if (a.segment != b.segment)
                return *segmentOf(c, a.segment) < *segmentOf(c, b.segment);
            return a.rank < b.rank;
        });
        CsvExport::write(request.out, eo, rows, progress);
        r.rows = std::int64_t(rows.size());
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
            c.runs().putExplanation(c.run.id, row->rowid, request.method, r.explanation.toJson());
        reportOrCancel(progress, "explain", 1, 1, request.itemId);
    });
    return r;
}

ExplainTopResult explainTop(const std::string &projectPath, const std::string &task, int n, const std::string &method,
                            const std::string &segment, const RecommendOptions &options, const Progress &progress)
{
    ExplainTopResult r;
    r.status = guarded([&] {
        if (n <= 0)
            throw Error("--top must be at least 1");
        if (method != "occlusion" && method != "ig")
            throw Error("unknown explanation method '" + method + "' (occlusion or ig)");
        Context c = openContext(projectPath, task, options);
        r.runId = c.run.id;
        const auto segId = segmentOf(c, segment);
        if (!segId)
            throw Error("task '" + task + "' has no segment '" + segment + "' (segments: " + segmentList(c) + ")");
        ensureScored(c, progress);
        std::vector<PredictionRow> top;
        for (const auto &p : c.runs().predictions(c.run.id, *segId))
            if (p.rank && *p.rank <= n)
                top.push_back(p);
        std::sort(top.begin(), top.end(), [](const PredictionRow &a, const PredictionRow &b) { return *a.rank < *b.rank; });
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
            runs.putExplanation(c.run.id, e.itemRowid, method, e.toJson());
        tx.commit();
        r.explained = std::int64_t(r.explanations.size());
    });
    return r;
}

} // namespace debut
