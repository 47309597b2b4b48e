#pragma once
// Ranker: scores every catalogue item of a task for every segment with a run's
// Classifier and stores the ranked predictions (RunStore::replacePredictions).
//
// Segments: the distinct segments of the task's labels ("" = all customers when
// the task has none). Every item gets one prediction per segment:
//   label        predicted class name (binary/multiclass) or the rating as text
//   score        binary: calibrated P(positive class); multiclass: calibrated
//                probability of the predicted (top) class; rating: predicted rating
//   probs        JSON array of calibrated class probabilities in the run's label
//                order (rating: [rating])
//   uncertainty  binary/multiclass: normalised entropy of the calibrated class
//                distribution, in [0, 1] (0 = certain, 1 = uniform);
//                rating: standard deviation of the predicted rating over 8
//                MC-dropout passes of the head (same units as the rating)
//   rank         1-based, by score descending (ties: item rowid ascending),
//                within the segment among the items WITHOUT any label in the
//                task; labelled items are scored but unranked (NULL)
// Embeddings come from the EmbeddingCache (head-only runs share encoder
// embeddings), so re-scoring costs only the head.
// onlyMissing: score only (item, segment) pairs without a prediction (new items
// added after training) and re-rank everything; nothing is retrained.
// Streams: the catalogue is read in pages of batchItems() items, scored, and the
// rows staged in a TEMP table (RunStore::beginStage); ranking is done by SQLite.
// Memory does not grow with the catalogue (1,000,000 items stay within a few
// hundred MB with USE-Lite), and results do not depend on the page size.
// Writes all rows in one transaction at the end: a cancel (Progress returning
// false -> Cancelled) or an error leaves the previous predictions untouched.
#include <cstdint>
#include <string>
#include <vector>

#include "common/progress.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "train/classifier.h"

namespace debut {

struct RankSummary {
    std::int64_t runId = 0;
    std::int64_t items = 0;    // catalogue size
    std::int64_t scored = 0;   // (item, segment) pairs scored now
    std::int64_t kept = 0;     // pairs kept from earlier scoring (onlyMissing)
    std::int64_t embeddingsReused = 0;
    std::int64_t ranked = 0;   // pairs with a rank (unlabelled items x segments)
    std::vector<std::string> segments;
};

class Ranker {
public:
    Ranker(ProjectStore &store, Classifier model, std::int64_t runId, const TaskInfo &task);

    RankSummary run(bool onlyMissing = false, const Progress &progress = {});

    // Items read, embedded and scored at a time (default 512; tests use small pages).
    void setBatchItems(int n) { m_batchItems = n > 0 ? n : 512; }
    int batchItems() const { return m_batchItems; }

    // Segments of a task's labels, ordered by segment id ("" when none).
    static std::vector<SegmentInfo> taskSegments(ProjectStore &store, std::int64_t taskId);
    // Item rowids with any label in the task.
    static std::vector<std::int64_t> labelledRowids(ProjectStore &store, std::int64_t taskId);

private:
    ProjectStore &m_store;
    Classifier m_model;
    std::int64_t m_runId;
    TaskInfo m_task;
    int m_batchItems = 512;
};

}   // namespace debut
