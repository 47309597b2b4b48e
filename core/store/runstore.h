#pragma once
// RunStore: the run-side tables of a project (runs, epoch_metrics, predictions,
// explanations, artefacts; schema v1, see ProjectStore). A thin API over a
// Database it does not own (usually `ProjectStore::db()`); the Database must
// outlive the RunStore. Same threading rule as Database: one thread at a time.
//
// Artefacts are byte blobs stored inside the project file (artefacts.data) with
// their SHA-256 (hex, lower case) and size; reading verifies both and throws
// Error("artefact N (path): checksum mismatch") on corruption.
//
// Errors: every call throws debut::Error naming the database file on failure.
// Multi-row writes (predictions) run in one (nested-safe) transaction.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace debut {

// A run's life: Running -> Done | Cancelled | Failed; a Running run whose process
// died becomes Interrupted (resumable from its last checkpoint).
enum class RunStatus { Running, Done, Cancelled, Failed, Interrupted };
// "running" | "done" | "cancelled" | "failed" | "interrupted": the one spelling, in
// the project file, `debut report --json`/`debut train --json` and the CLI's text.
const char *runStatusName(RunStatus status);
// The status a spelling names; nullopt for anything else.
std::optional<RunStatus> parseRunStatus(std::string_view name);

struct RunInfo {
    std::int64_t id = 0;
    std::int64_t taskId = 0;
    std::string name;
    std::string config = "{}";               // JSON (TrainConfig)
    RunStatus status = RunStatus::Running;   // a spelling the file should not hold reads as Failed
    std::string device;
    std::string startedAt, finishedAt;
    std::string timings = "{}";   // JSON
    std::string summary = "{}";   // JSON
    bool active = false;          // the run used for recommendations of its task
};

struct PredictionRow {
    std::int64_t itemRowid = 0;
    std::int64_t segmentId = 1;
    std::string label;                  // predicted label (class name; rating as text)
    double score = 0;                   // calibrated probability of the positive / predicted class; rating value
    std::string probs = "[]";           // JSON array of class probabilities (label order of the run)
    double uncertainty = 0;             // 0..1 (e.g. normalised entropy)
    std::optional<std::int64_t> rank;   // 1-based within (run, segment); nullopt = unranked
};

struct ArtefactInfo {
    std::int64_t id = 0;
    std::optional<std::int64_t> runId;   // nullopt = project-level (e.g. a pretrained encoder)
    std::string kind;                    // "checkpoint" | "best" | "tokenizer" | "pretrained" | "classifier" ...
    std::string path;                    // logical name, e.g. "runs/3/best.pt"
    std::string sha256;
    std::int64_t size = 0;
    std::string createdAt;
};

class RunStore {
public:
    explicit RunStore(Database &db) : m_db(db) {}

    // ---- runs --------------------------------------------------------------
    // Inserts a run with status Running and started_at = now; returns its id.
    std::int64_t createRun(std::int64_t taskId, const std::string &name, const std::string &configJson,
                           const std::string &device);
    // Sets status; any status other than Running also sets finished_at = now
    // (Running clears it and makes this process the run's owner).
    void setStatus(std::int64_t runId, RunStatus status);
    void setSummary(std::int64_t runId, const std::string &summaryJson);
    void setTimings(std::int64_t runId, const std::string &timingsJson);
    void setConfig(std::int64_t runId, const std::string &configJson);
    void setName(std::int64_t runId, const std::string &name);
    // Makes `runId` the only active run of its task.
    void setActive(std::int64_t runId);
    std::optional<RunInfo> run(std::int64_t runId);
    // Runs of a task (taskId 0 = all), newest first.
    std::vector<RunInfo> runs(std::int64_t taskId = 0);
    // The run the user marked active for the task (any status; see servingRun).
    std::optional<RunInfo> activeRun(std::int64_t taskId);
    // The one rule for which run serves a task (scores, rankings, suggestions,
    // explanations, exports, the workbench's Recommendations and Labels pages):
    // the task's active run when it is "done", else the task's newest "done" run;
    // nullopt when the task has no finished run. An active run that is not done
    // (resumed and running again, or failed or cancelled since) never serves, as
    // its classifier may be a partial one; the newest finished run serves instead.
    std::optional<RunInfo> servingRun(std::int64_t taskId);
    // Newest run of the task with the given status (nullopt = any).
    std::optional<RunInfo> latestRun(std::int64_t taskId, std::optional<RunStatus> status = RunStatus::Done);
    bool deleteRun(std::int64_t runId);   // cascades to metrics, predictions, artefacts
    // Marks runs left "running" by a process that no longer exists (killed, crashed,
    // machine rebooted) as "interrupted" (finished_at left empty: the time of death is
    // unknown); returns how many. A run's owner is the
    // process that created or resumed it (host, boot id, pid and start time, so a
    // recycled pid is not mistaken for it); runs owned by another host, or by a live
    // process, are left alone. An interrupted run resumes from its last checkpoint.
    int interruptStaleRuns();
    // The owner string of this process ("host|boot id|pid|start time").
    static std::string currentOwner();
    // Whether the process an owner string names is still running (true when it
    // cannot be told: another host, no /proc).
    static bool ownerAlive(const std::string &owner);
    // "process 1234 on host h" for an owner string ("an unknown process" when unreadable).
    static std::string describeOwner(const std::string &owner);
    // The owner of run `runId` when the run is "running" in another live process
    // (not this one); nullopt when it is not running, or runs here, or is dead.
    std::optional<std::string> liveOwnerElsewhere(std::int64_t runId);
    // "training run 3 of task 'bought' (process 1234 on host h)", one per run that
    // is "running" in another live process, joined with "; " ("" when none).
    std::string liveRunsElsewhere();

    // ---- epoch metrics (JSON of EpochMetrics) --------------------------------
    void putEpochMetrics(std::int64_t runId, int epoch, const std::string &metricsJson);   // replaces
    std::vector<std::pair<int, std::string>> epochMetrics(std::int64_t runId);             // by epoch
    void clearEpochMetrics(std::int64_t runId, int fromEpoch = 0);                         // epochs >= fromEpoch

    // ---- predictions ---------------------------------------------------------
    // Replaces all predictions of the run by `rows` (one transaction).
    void replacePredictions(std::int64_t runId, const std::vector<PredictionRow> &rows);
    // Inserts or replaces the given rows only.
    void upsertPredictions(std::int64_t runId, const std::vector<PredictionRow> &rows);
    // Predictions of a run (segmentId 0 = all), ordered by segment, rank (nulls last), score desc.
    std::vector<PredictionRow> predictions(std::int64_t runId, std::int64_t segmentId = 0);
    std::int64_t predictionCount(std::int64_t runId);
    // Ids of the segments the run has predictions for, ascending.
    std::vector<std::int64_t> predictionSegments(std::int64_t runId);
    // Streams the predictions of a run in predictions()' order (segmentId 0 = all);
    // return false from `fn` to stop. Memory does not grow with the catalogue.
    void forEachPrediction(std::int64_t runId, std::int64_t segmentId,
                           const std::function<bool(const PredictionRow &)> &fn);
    // Per item (rowid order), its prediction with the highest uncertainty among
    // `segmentIds` (ties: lowest segment id), streamed; return false from `fn` to stop.
    void forEachMostUncertain(std::int64_t runId, const std::vector<std::int64_t> &segmentIds,
                              const std::function<bool(const PredictionRow &)> &fn);
    // (segment id, item rowid) of the predictions of items firstRowid..lastRowid.
    std::vector<std::pair<std::int64_t, std::int64_t>> predictionKeys(std::int64_t runId, std::int64_t firstRowid,
                                                                      std::int64_t lastRowid);

    // Staged scoring, so that 1,000,000 items need no list in memory and the
    // project is locked only at the end: stage rows in a TEMP table of this
    // connection (no lock on the project), then commitStagedPredictions() in one
    // transaction: removes the run's predictions (all of them, or with keepOthers
    // those of segments not in `segmentIds`), adds the staged rows (replacing) and
    // ranks them (rankPredictions). An error or an abandoned stage leaves the
    // stored predictions as they were; beginStage() clears any earlier stage.
    void beginStage();
    void stagePredictions(const std::vector<PredictionRow> &rows);
    std::int64_t commitStagedPredictions(std::int64_t runId, std::int64_t taskId, bool keepOthers,
                                         const std::vector<std::int64_t> &segmentIds);
    // Ranks per segment (1-based, score descending, ties by item rowid) the run's
    // predictions of items without a label in the task; the others get no rank.
    // Returns how many were ranked. Sorting happens in SQLite (spills to disk).
    std::int64_t rankPredictions(std::int64_t runId, std::int64_t taskId);

    // ---- explanations (JSON) -------------------------------------------------
    // One per (run, item, segment, method): the segment (segments.id; 1 = all
    // customers) is the one the explanation was computed for. Replaces.
    void putExplanation(std::int64_t runId, std::int64_t itemRowid, std::int64_t segmentId, const std::string &method,
                        const std::string &dataJson);
    std::optional<std::string> explanation(std::int64_t runId, std::int64_t itemRowid, std::int64_t segmentId,
                                           const std::string &method);
    // Any segment's: all customers' when stored, else the lowest segment id's.
    std::optional<std::string> explanation(std::int64_t runId, std::int64_t itemRowid, const std::string &method);
    // (item rowid, segment id, method, JSON) of a run, ordered by item, segment, method.
    struct ExplanationRow {
        std::int64_t itemRowid = 0, segmentId = 1;
        std::string method, data;
    };
    std::vector<ExplanationRow> explanations(std::int64_t runId);

    // ---- artefacts -------------------------------------------------------------
    // Stores `bytes` under (runId, path), replacing an artefact with the same run
    // and path. Returns its id.
    std::int64_t putArtefact(std::optional<std::int64_t> runId, const std::string &kind, const std::string &path,
                             std::string_view bytes);
    std::optional<ArtefactInfo> artefactInfo(std::int64_t artefactId);
    // Newest artefact of the run with that kind.
    std::optional<ArtefactInfo> findArtefact(std::optional<std::int64_t> runId, const std::string &kind);
    std::optional<ArtefactInfo> findArtefactByPath(const std::string &path);
    std::vector<ArtefactInfo> artefacts(std::optional<std::int64_t> runId);   // nullopt = project-level
    // Bytes of an artefact, checked against size and sha256 (throws Error on mismatch).
    std::string artefactData(std::int64_t artefactId);
    bool deleteArtefact(std::int64_t artefactId);
    int deleteArtefacts(std::int64_t runId, const std::string &kind);

private:
    Database &m_db;
};

}   // namespace debut
