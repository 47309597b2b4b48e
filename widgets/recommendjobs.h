#pragma once
// The recommendation-side jobs the workbench runs on a JobRunner: scoring a
// task's catalogue with its active run, explaining one item, exporting the
// ranked list. Each opens its own project connection (worker thread).
#include <QString>

#include <cstdint>
#include <memory>
#include <string>

#include "exportdialog.h"
#include "jobrunner.h"

namespace debut {

// Scores every item for every segment of the task with the run's model and
// stores the ranked predictions.
JobWork scoreJob(const QString &projectPath, const QString &task, std::int64_t runId);

// Explains one item with the run's model ("occlusion" or "ig") for a segment;
// the explanation is stored in the project and its JSON copied to *json.
JobWork explainJob(const QString &projectPath, const QString &task, std::int64_t runId, const QString &itemId,
                   const QString &method, const QString &segment, std::shared_ptr<std::string> json);

// Writes the CSV described by `request`; *rows receives the number of data rows.
JobWork exportJob(const ExportSpec &request, std::shared_ptr<std::int64_t> rows);

}   // namespace debut
