#pragma once
// Project façade: create / open / info / import. What the CLI (`debut new`,
// `info`, `import-items`, `import-labels`) and the GUI's job runner call.
// Never throws: every failure comes back as a Status (UserError with a message
// that names the file and, for file problems, "FILE:LINE:COL: reason";
// Cancelled; Internal for unexpected exceptions).
//
// Each call that takes a project path opens its own connection, so it is safe
// to run on a worker thread while the GUI thread keeps its own ProjectStore
// open on the same file (WAL). Imports are all-or-nothing (see
// store/importer.h): on an error or cancel the project is unchanged.
#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/progress.h"
#include "project/guard.h"
#include "store/importer.h"
#include "store/projectstore.h"

namespace debut {

// CUDA devices training and scoring can use (0: they run on the CPU).
int cudaDeviceCount();

// Creates an empty project at `path` (fails when the file exists and is not empty).
Status createProject(const std::string &path);

// Opens `path` into `out` (validated, migrated; see ProjectStore::open).
Status openProject(const std::string &path, ProjectStore &out, bool readOnly = false);

struct InfoResult {
    Status status;
    ProjectInfo info;
};
// Counts, tasks with label counts, segments, runs, schema version, file size.
InfoResult projectInfo(const std::string &path);

struct ImportResult {
    Status status;
    ImportSummary summary;   // filled on success (counts, rejected rows)
};
// Imports a catalogue (CSV/TSV/JSONL) into the project at `projectPath`.
ImportResult importItems(const std::string &projectPath, const std::string &file, const ImportOptions &options);
// Imports labels for options.task (created on first import; kind from options.kind or guessed).
ImportResult importLabels(const std::string &projectPath, const std::string &file, const ImportOptions &options);

// UserError when run `runId` of the project is "running" in another live process
// (resuming it here would have two trainers writing one run), naming that
// process; success otherwise (the trainer reports a missing run itself).
Status checkResumable(const std::string &projectPath, std::int64_t runId);

}   // namespace debut
