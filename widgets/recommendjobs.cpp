#include "recommendjobs.h"

#include "explain/explanation.h"
#include "project/project.h"
#include "rank/csvexport.h"
#include "store/runstore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace debut {

namespace {
// Class names in the run's label order (the order of PredictionRow::probs):
// the run summary's "labels" when the trainer stored them, else the task's
// label values in sorted order (the order the trainer assigns class indices).
std::vector<std::string> runClasses(ProjectStore &store, const RunInfo &run)
{
    const auto summary = nlohmann::json::parse(run.summary, nullptr, false);
    for (const char *key : {"labels", "classes"})
        if (summary.is_object() && summary.contains(key) && summary[key].is_array())
            return summary[key].get<std::vector<std::string>>();
    std::vector<std::string> out;
    if (auto task = store.taskById(run.taskId))
        for (const auto &kv : task->countsByValue)
            out.push_back(kv.first);
    return out;
}
} // namespace

JobWork exportJob(const ExportRequest &request, std::shared_ptr<std::int64_t> rows)
{
    return [request, rows](JobContext &ctx) -> Status {
        return guarded([&] {
            ProjectStore store = ProjectStore::open(request.projectPath.toStdString());
            RunStore runs(store.db());
            const auto run = runs.run(request.runId);
            if (!run)
                throw Error("run " + std::to_string(request.runId) + " not found");
            const auto task = store.taskById(run->taskId);
            ExportOptions opt;
            opt.reasons = request.reasons;
            if (task && task->kind == TaskKind::Multiclass && request.classProbs)
                opt.classes = runClasses(store, *run);
            std::map<std::int64_t, std::string> segmentNames;
            for (const SegmentInfo &s : store.segments())
                segmentNames[s.id] = s.name;
            std::vector<PredictionRow> preds = runs.predictions(request.runId);
            std::vector<ExportRow> out;
            std::map<std::int64_t, int> perSegment;
            std::int64_t done = 0;
            for (const PredictionRow &p : preds) {   // ordered by segment, rank
                reportOrCancel(ctx.progress, "export", ++done, std::int64_t(preds.size()));
                if (!p.rank)
                    continue;
                if (!request.segmentIds.isEmpty() && !request.segmentIds.contains(qint64(p.segmentId)))
                    continue;
                int &n = perSegment[p.segmentId];
                if (request.topN > 0 && n >= request.topN)
                    continue;
                ++n;
                const auto item = store.itemByRowid(p.itemRowid);
                if (!item)
                    continue;
                ExportRow row;
                row.rank = *p.rank;
                row.itemId = item->item.id;
                row.title = item->item.title;
                row.segment = segmentNames[p.segmentId];
                row.predictedLabel = p.label;
                row.score = p.score;
                if (!opt.classes.empty()) {
                    const auto probs = nlohmann::json::parse(p.probs, nullptr, false);
                    if (probs.is_array())
                        for (const auto &v : probs)
                            row.classProbs.push_back(v.is_number() ? v.get<double>() : 0.0);
                    row.classProbs.resize(opt.classes.size(), 0.0);
                }
                if (opt.reasons) {
                    for (const char *method : {"occlusion", "ig"}) {
                        if (auto json = runs.explanation(request.runId, p.itemRowid, method)) {
                            row.reasons = Explanation::fromJson(*json).reasons();
                            break;
                        }
                    }
                }
                out.push_back(std::move(row));
            }
            CsvExport::write(request.file.toStdString(), opt, out, ctx.progress);
            *rows = std::int64_t(out.size());
        });
    };
}

} // namespace debut

// ---- scoring and explaining --------------------------------------------------
// Kept in this translation unit only, so that torch headers are compiled once
// for the widgets library.
#include "rank/ranker.h"

namespace debut {

JobWork scoreJob(const QString &projectPath, const QString &task, std::int64_t runId)
{
    return [path = projectPath.toStdString(), taskName = task.toStdString(), runId](JobContext &ctx) -> Status {
        return guarded([&] {
            ProjectStore store = ProjectStore::open(path);
            const auto info = store.task(taskName);
            if (!info)
                throw Error("task '" + taskName + "' not found");
            Classifier model = loadRunClassifier(store, runId, parseDevice("auto"));
            Ranker ranker(store, std::move(model), runId, *info);
            const RankSummary s = ranker.run(false, ctx.progress);
            ctx.warn(Severity::Info, "scored " + std::to_string(s.scored) + " item-segment pairs, " +
                                         std::to_string(s.ranked) + " ranked");
        });
    };
}

JobWork explainJob(const QString &projectPath, const QString &task, std::int64_t runId, const QString &itemId,
                   const QString &method, std::shared_ptr<std::string> json)
{
    Q_UNUSED(projectPath);
    Q_UNUSED(task);
    Q_UNUSED(runId);
    Q_UNUSED(itemId);
    Q_UNUSED(method);
    Q_UNUSED(json);
    return [](JobContext &) -> Status { return Status::error("explanations are not available in this build yet"); };
}

} // namespace debut
