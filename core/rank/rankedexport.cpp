#include "rank/rankedexport.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/jsondepth.h"
#include "explain/explanation.h"
#include "store/runstore.h"

namespace debut {

RankedExportStats RankedExport::write(ProjectStore &store, const RankedExportSpec &spec, const std::string &out,
                                      const Progress &progress)
{
    RunStore runs(store.db());
    const ExportOptions &eo = spec.options;
    // Keyed by (item, segment explained for): a segment is a model input, so the
    // reasons of one segment's score are not those of another's.
    std::map<std::pair<std::int64_t, std::int64_t>, std::string> reasons;
    if (eo.reasons) {
        std::map<std::pair<std::int64_t, std::int64_t>, std::string> byMethod;   // occlusion preferred over ig
        for (const auto &x : runs.explanations(spec.runId)) {
            try {
                const auto key = std::make_pair(x.itemRowid, x.segmentId);
                if (byMethod.count(key) && byMethod[key] == explainMethodName(ExplainMethod::Occlusion))
                    continue;
                reasons[key] = Explanation::fromJson(x.data).reasons();
                byMethod[key] = x.method;
            } catch (const Error &) {
                // A malformed stored explanation gives no reasons, not a failed export.
            }
        }
    }
    std::map<std::int64_t, std::string> segName;
    for (const auto &s : spec.segments)
        segName[s.id] = s.name;

    RankedExportStats stats;
    CsvExportWriter writer(out, eo);
    const std::int64_t total = runs.predictionCount(spec.runId);
    std::int64_t seen = 0, perSegment = 0, segment = -1;
    // forEachPrediction orders by segment id, then rank (unranked last).
    runs.forEachPrediction(spec.runId, spec.segmentId.value_or(0), [&](const PredictionRow &p) {
        if ((++seen & 1023) == 0)
            reportOrCancel(progress, "export", seen, total);
        if (!p.rank || !segName.count(p.segmentId))
            return true;
        if (p.segmentId != segment) {
            segment = p.segmentId;
            perSegment = 0;
        }
        if (spec.top > 0 && perSegment >= spec.top)
            return true;
        const auto item = store.itemByRowid(p.itemRowid);
        if (!item)
            return true;
        ++perSegment;
        ExportRow row;
        row.rank = *p.rank;
        row.itemId = item->item.id;
        row.title = item->item.title;
        row.segment = segName[p.segmentId];
        row.predictedLabel = p.label;
        row.score = p.score;
        if (!eo.classes.empty()) {
            // Stored by this program; a damaged project file gets a message, not an abort.
            // (A flat array: deeper nesting is damage, refused before it is parsed.)
            const auto probs =
                JsonDepth::scan(p.probs, 2) > 1 ? nlohmann::json() : nlohmann::json::parse(p.probs, nullptr, false);
            if (!probs.is_array() || probs.size() != eo.classes.size() ||
                !std::all_of(probs.begin(), probs.end(), [](const auto &v) { return v.is_number(); }))
                throw Error(spec.projectPath + ": run " + std::to_string(spec.runId) + ", item '" + row.itemId +
                            "': damaged class probabilities (expected " + std::to_string(eo.classes.size()) +
                            " numbers); score the task again");
            row.classProbs = probs.get<std::vector<double>>();
        }
        if (eo.reasons) {
            const auto rs = reasons.find({p.itemRowid, p.segmentId});
            if (rs != reasons.end()) {
                row.reasons = rs->second;
                ++stats.rowsWithReasons;
            }
        }
        writer.add(row);
        return true;
    });
    reportOrCancel(progress, "export", total, total);
    writer.commit();
    stats.rows = writer.rows();
    return stats;
}

}   // namespace debut
