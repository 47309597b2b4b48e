#pragma once
// RankedExport: the ranked CSV of a scored run, joined in one streaming pass —
// the run's ranked predictions (segment, rank order) with their items' ids and
// titles, the class probabilities, and the reasons of the stored explanation
// computed for each row's own segment (occlusion preferred over ig). Nothing
// grows with the catalogue: predictions are streamed from the store, items are
// looked up one at a time, rows go straight to a CsvExportWriter (atomic file).
// Only the stored explanations (computed on request, few) are held in memory.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "rank/csvexport.h"
#include "store/projectstore.h"

namespace debut {

struct RankedExportSpec {
    std::string projectPath;   // for messages
    std::int64_t runId = 0;
    std::vector<SegmentInfo> segments;       // the task's segments; rows of others are skipped
    std::optional<std::int64_t> segmentId;   // only this segment
    int top = 0;                             // > 0: the first N rows of each segment
    ExportOptions options;                   // classes non-empty for multi-class (p_<class> columns)
};

struct RankedExportStats {
    std::int64_t rows = 0;
    std::int64_t rowsWithReasons = 0;
};

class RankedExport {
public:
    // Writes `out` (atomically). Throws Error (a damaged stored row names the run
    // and the item), Cancelled (Progress returning false; `out` untouched).
    static RankedExportStats write(ProjectStore &store, const RankedExportSpec &spec, const std::string &out,
                                   const Progress &progress = {});
};

}   // namespace debut
