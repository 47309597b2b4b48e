#pragma once
// The import job the ImportWizard starts: what to import (ImportRequest) and
// what came of it (ImportOutcome), and the JobWork that runs the core Importer
// on the worker thread with its own ProjectStore connection.
#include <QChar>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

#include "jobrunner.h"

namespace debut {

struct ImportRequest {
    QString projectPath;
    QString file;
    bool labels = false;
    QString encoding = QStringLiteral("auto");   // "auto" | "utf-8" | "gb18030"
    QChar delimiter;                             // null = detect
    bool header = true;
    QStringList mapping;                             // field per column (1-based overrides); empty = guess
    QString duplicates = QStringLiteral("update");   // items: "update" | "skip" | "fail"
    QString task;                                    // labels
    QString taskKind;                                // labels: "" = existing / guessed
};

// Filled on the worker; read on the GUI thread only after JobRunner::finished.
struct ImportOutcome {
    struct Rejected {
        qint64 line = 0;
        qint64 column = 0;
        QString field, reason;
    };
    qint64 read = 0, imported = 0, updated = 0, skipped = 0, rejectedTotal = 0;
    QVector<Rejected> rejected;   // as many as the core kept (the first 1000)
    QString detail;               // format, encoding, mapping, task kind
};

JobWork importJob(const ImportRequest &request, std::shared_ptr<ImportOutcome> outcome);

}   // namespace debut
