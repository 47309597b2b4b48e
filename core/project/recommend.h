#pragma once
// Recommendation façade: ranked lists, label-next suggestions, CSV export and
// explanations. What `debut score | suggest | export | explain` and the GUI's
// job runner call. Never throws: failures come back as a Status (UserError
// naming the task / item / file, Cancelled, Internal).
//
// Every call opens its own connection to the project (safe on a worker thread)
// and takes a Progress (stage, done, total, message) -> keepGoing; returning
// false cancels within one batch and leaves the project as it was (predictions
// and explanations are written in one transaction each, the CSV atomically).
//
// The run: `runId` 0 = the task's serving run (RunStore::servingRun: its active run when done, else its newest "done"
// run). Scores are what rank/ranker.h documents (calibrated probability of the positive class / of the top class /
// predicted rating; uncertainty = normalised entropy, or MC-dropout std for ratings). suggest/export/explain score
// first when the run has no predictions, and score only the missing (item, segment) pairs when items were added after
// the last scoring — no retraining.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/progress.h"
#include "explain/explanation.h"
#include "rank/suggestion.h"

namespace debut {

struct RecommendOptions {
    std::int64_t runId = 0;       // 0 = active / newest done run of the task
    std::string device = "cpu";   // "auto" | "cpu" | "cuda"
    int threads = 0;              // torch threads; 0 = all cores
};

struct ScoreResult {
    Status status;
    std::int64_t runId = 0;
    std::int64_t items = 0, scored = 0, kept = 0, ranked = 0, embeddingsReused = 0;
    std::vector<std::string> segments;
};
// Scores every item x segment (onlyMissing: just the pairs without a prediction).
ScoreResult scoreTask(const std::string &projectPath, const std::string &task, const RecommendOptions &options = {},
                      bool onlyMissing = false, const Progress &progress = {});

struct SuggestResult {
    Status status;
    std::int64_t runId = 0;
    std::vector<Suggestion> suggestions;
};
// The `count` unlabelled items to label next (rank/suggest.h).
SuggestResult suggestLabels(const std::string &projectPath, const std::string &task, int count = 10,
                            const RecommendOptions &options = {}, const Progress &progress = {});

struct ExportRequest {
    std::string task;
    std::string out;                        // .csv path (written atomically)
    int top = 0;                            // > 0: the first N rows of each segment
    std::optional<std::string> segment;     // only this segment ("" = all customers)
    bool reasons = false;                   // add the `reasons` column (stored explanations)
    bool classProbs = true;                 // false: leave out every p_<class> column
    std::vector<std::string> omitColumns;   // header names left out (ExportOptions::omitColumns)
    bool rawCells = false;                  // true: no apostrophe before formula-like text cells
};
struct ExportResult {
    Status status;
    std::int64_t runId = 0;
    std::int64_t rows = 0;
    std::int64_t rowsWithReasons = 0;   // rows whose item has a stored explanation
};
// Ranked CSV (rank/csvexport.h): every item without a label in the task, once per segment.
// Refuses (UserError, nothing written) an `out` that is the project, its -wal/-shm,
// or another project (store/outputguard.h). A row's reasons are those of a stored
// explanation computed for that row's segment; rows of other segments get none.
ExportResult exportCsv(const std::string &projectPath, const ExportRequest &request,
                       const RecommendOptions &options = {}, const Progress &progress = {});

struct ExplainRequest {
    std::string task;
    std::string itemId;
    ExplainMethod method = ExplainMethod::Occlusion;
    std::string segment;   // segment whose score is explained ("" = all customers)
    int neighbours = 5;    // nearest labelled items
    bool store = true;     // save in the project (explanations table)
};
struct ExplainResult {
    Status status;
    std::int64_t runId = 0;
    Explanation explanation;
    std::string title, description;   // the item's texts the word spans point into
};
// Explains one item: words (occlusion or IG), field contributions, neighbours.
ExplainResult explainItem(const std::string &projectPath, const ExplainRequest &request,
                          const RecommendOptions &options = {}, const Progress &progress = {});

struct ExplainTopResult {
    Status status;
    std::int64_t runId = 0;
    std::int64_t explained = 0;
    std::vector<Explanation> explanations;   // in rank order
};
// Explains (and stores) the first `n` items of the ranked list of `segment`.
ExplainTopResult explainTop(const std::string &projectPath, const std::string &task, int n,
                            ExplainMethod method = ExplainMethod::Occlusion, const std::string &segment = "",
                            const RecommendOptions &options = {}, const Progress &progress = {});

}   // namespace debut
