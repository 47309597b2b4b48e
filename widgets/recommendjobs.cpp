#include "recommendjobs.h"

#include <QObject>

#include "explanationview.h"
#include "project/recommend.h"

namespace debut {

namespace {
RecommendOptions options(std::int64_t runId)
{
    RecommendOptions o;
    o.runId = runId;
    o.device = "auto";
    return o;
}
}   // namespace

JobWork scoreJob(const QString &projectPath, const QString &task, std::int64_t runId)
{
    return [path = projectPath.toStdString(), taskName = task.toStdString(), runId](JobContext &ctx) -> Status {
        const ScoreResult r = scoreTask(path, taskName, options(runId), false, ctx.progress);
        if (r.status.ok())
            ctx.warn(Severity::Info,
                     QObject::tr("scored %1 item-segment pairs, %2 ranked").arg(r.scored).arg(r.ranked).toStdString());
        return r.status;
    };
}

JobWork explainJob(const QString &projectPath, const QString &task, std::int64_t runId, const QString &itemId,
                   const QString &method, const QString &segment, std::shared_ptr<std::string> json)
{
    ExplainRequest req;
    req.task = task.toStdString();
    req.itemId = itemId.toStdString();
    req.method = parseExplainMethod(method.toStdString()).value_or(ExplainMethod::Occlusion);
    req.segment = segment.toStdString();
    req.store = true;
    return [path = projectPath.toStdString(), req, runId, json](JobContext &ctx) -> Status {
        const ExplainResult r = explainItem(path, req, options(runId), ctx.progress);
        if (r.status.ok()) {
            *json = r.explanation.toJson();
            for (const ExplanationNote &note : r.explanation.notes)
                ctx.warn(Severity::Info, req.itemId + ": " + explanationNoteText(note).toStdString());
        }
        return r.status;
    };
}

JobWork exportJob(const ExportSpec &spec, std::shared_ptr<std::int64_t> rows)
{
    debut::ExportRequest req;
    req.task = spec.task.toStdString();
    req.out = spec.file.toStdString();
    req.top = spec.topN;
    if (!spec.allSegments)
        req.segment = spec.segment.toStdString();
    req.reasons = spec.reasons;
    req.classProbs = spec.classProbs;
    for (const QString &c : spec.omitColumns)
        req.omitColumns.push_back(c.toStdString());
    return [path = spec.projectPath.toStdString(), req, runId = spec.runId, rows](JobContext &ctx) -> Status {
        const ExportResult r = exportCsv(path, req, options(runId), ctx.progress);
        *rows = r.rows;
        if (r.status.ok() && req.reasons && r.rowsWithReasons < r.rows)
            ctx.warn(Severity::Info, std::to_string(r.rows - r.rowsWithReasons) +
                                         " exported rows have no stored explanation (empty reasons)");
        return r.status;
    };
}

}   // namespace debut
