#include "importjob.h"

#include "project/project.h"

#include <QObject>

namespace debut {

JobWork importJob(const ImportRequest &request, std::shared_ptr<ImportOutcome> outcome)
{
    return [request, outcome](JobContext &ctx) -> Status {
        ImportOptions opt;
        parseTextEncoding(request.encoding.toStdString(), opt.table.encoding);
        opt.table.delimiter = request.delimiter.isNull() ? 0 : char(request.delimiter.toLatin1());
        opt.table.header = request.header ? HeaderMode::Present : HeaderMode::Absent;
        // The wizard shows every column with a field: pass them all, by 1-based
        // column number (names may repeat), so the import does what was shown.
        for (int c = 0; c < request.mapping.size(); ++c)
            if (!request.mapping[c].isEmpty())
                opt.mapping[std::to_string(c + 1)] = request.mapping[c].toStdString();
        if (!parseDuplicatePolicy(request.duplicates.toStdString(), opt.onDuplicate))
            opt.onDuplicate = DuplicatePolicy::Update;
        opt.task = request.task.toStdString();
        TaskKind kind;
        if (!request.taskKind.isEmpty() && parseTaskKind(request.taskKind.toStdString(), kind))
            opt.kind = kind;
        opt.progress = ctx.progress;

        // the façade opens its own connection on the project (safe on this thread)
        const ImportResult r = request.labels
                                   ? importLabels(request.projectPath.toStdString(), request.file.toStdString(), opt)
                                   : importItems(request.projectPath.toStdString(), request.file.toStdString(), opt);
        if (!r.status.ok())
            return r.status;
        const ImportSummary &s = r.summary;
        outcome->read = s.read;
        outcome->imported = s.imported;
        outcome->updated = s.updated;
        outcome->skipped = s.skipped;
        outcome->rejectedTotal = s.rejected;
        for (const RejectedRow &r : s.rejectedRows)
            outcome->rejected.push_back({r.where.line, r.where.column, QString::fromStdString(r.where.field),
                                         QString::fromStdString(r.reason)});
        QString detail = QObject::tr("%1, %2; columns: %3")
                             .arg(QString::fromStdString(s.format).toUpper(), QString::fromStdString(s.encoding),
                                  QString::fromStdString(s.mapping));
        if (s.updated || s.skipped)
            detail += QObject::tr("; updated %1, skipped %2").arg(s.updated).arg(s.skipped);
        if (request.labels)
            detail += QObject::tr("; task “%1” (%2%3)")
                          .arg(QString::fromStdString(s.task), QString::fromLatin1(taskKindName(s.kind)),
                               s.taskCreated ? QObject::tr(", new") : QString());
        outcome->detail = detail;
        if (!s.note.empty())
            ctx.warn(Severity::Warning, request.file.toStdString() + ": " + s.note);
        if (s.rejected > 0)
            ctx.warn(Severity::Warning,
                     QObject::tr("%1: %n row(s) rejected (see the import summary).", nullptr, int(s.rejected))
                         .arg(request.file)
                         .toStdString());
        return Status::success();
    };
}

}   // namespace debut
