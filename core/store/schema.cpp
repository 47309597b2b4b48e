#include "store/schema.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/jsondepth.h"
#include "store/database.h"

namespace debut {

const char *const kDebutVersion = "0.1.0";

namespace {

// Schema v1, as agreed by the team (see projectstore.h). Indexes beyond the
// keys exist for the cascades (deleting an item) and per-item lookups.
const char *kSchemaV1 = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE items(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '', price REAL, brand TEXT NOT NULL DEFAULT '',
      category TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}', added_at TEXT NOT NULL);
CREATE TABLE tasks(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK(kind IN ('binary','multiclass','rating')), created_at TEXT NOT NULL);
CREATE TABLE segments(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO segments(id, name) VALUES(1, '');
CREATE TABLE labels(id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
       item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
       segment_id INTEGER NOT NULL REFERENCES segments(id), value TEXT NOT NULL,
       weight REAL NOT NULL DEFAULT 1, source TEXT NOT NULL DEFAULT 'import', time TEXT NOT NULL DEFAULT '',
       UNIQUE(task_id, item_rowid, segment_id));
CREATE INDEX labels_item ON labels(item_rowid);
CREATE TABLE runs(id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
     name TEXT NOT NULL DEFAULT '', config TEXT NOT NULL DEFAULT '{}',
     status TEXT NOT NULL,
     device TEXT NOT NULL DEFAULT '', started_at TEXT, finished_at TEXT,
     timings TEXT NOT NULL DEFAULT '{}', summary TEXT NOT NULL DEFAULT '{}',
     is_active INTEGER NOT NULL DEFAULT 0);
CREATE INDEX runs_task ON runs(task_id);
CREATE TABLE epoch_metrics(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
              metrics TEXT NOT NULL, PRIMARY KEY(run_id, epoch));
CREATE TABLE predictions(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
            segment_id INTEGER NOT NULL REFERENCES segments(id), label TEXT NOT NULL, score REAL NOT NULL,
            probs TEXT NOT NULL DEFAULT '[]', uncertainty REAL NOT NULL DEFAULT 0, rank INTEGER,
            PRIMARY KEY(run_id, item_rowid, segment_id));
CREATE INDEX predictions_item ON predictions(item_rowid);
CREATE TABLE explanations(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
             item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
             method TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY(run_id, item_rowid, method));
CREATE INDEX explanations_item ON explanations(item_rowid);
CREATE TABLE artefacts(id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
          kind TEXT NOT NULL, path TEXT NOT NULL,
          sha256 TEXT NOT NULL, size INTEGER NOT NULL, created_at TEXT NOT NULL, data BLOB NOT NULL);
CREATE INDEX artefacts_run ON artefacts(run_id);
)SQL";

// v3: explanations are kept per (run, item, segment, method): a segment is a model
// input, so one item has one explanation per segment it was explained for. Rows of
// v2 carry the segment only inside their JSON (the "explained_for_segment" note
// code; none = all customers, segment 1); a row naming a segment the project no
// longer has, or whose JSON is unreadable, is dropped (explanations are recomputed
// on request).
const char *kExplanationsV3 = R"SQL(
CREATE TABLE explanations_v3(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
             item_rowid INTEGER NOT NULL REFERENCES items(rowid) ON DELETE CASCADE,
             segment_id INTEGER NOT NULL REFERENCES segments(id),
             method TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY(run_id, item_rowid, segment_id, method));
)SQL";

std::optional<std::string> explainedSegment(const std::string &data)
{
    if (JsonDepth::scan(data, JsonDepth::kMaxDepth) > JsonDepth::kMaxDepth)
        return std::nullopt;
    const auto j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object())
        return std::nullopt;
    const auto codes = j.find("note_codes");
    if (codes != j.end() && codes->is_array())
        for (const auto &c : *codes)
            if (c.is_array() && c.size() >= 2 && c[0] == "explained_for_segment" && c[1].is_string())
                return c[1].get<std::string>();
    return std::string();
}

void explanationsPerSegment(Database &db)
{
    db.exec(kExplanationsV3);
    std::map<std::string, std::int64_t> segments;
    for (auto s = db.prepare("SELECT id, name FROM segments"); s.step();)
        segments[s.columnText(1)] = s.columnInt(0);
    auto insert = db.prepare("INSERT OR REPLACE INTO explanations_v3(run_id, item_rowid, segment_id, method, data) "
                             "VALUES(?, ?, ?, ?, ?)");
    for (auto s = db.prepare("SELECT run_id, item_rowid, method, data FROM explanations"); s.step();) {
        const std::string data = s.columnText(3);
        const auto segment = explainedSegment(data);
        if (!segment || !segments.count(*segment))
            continue;
        insert.reset();
        insert.bind(1, s.columnInt(0))
            .bind(2, s.columnInt(1))
            .bind(3, segments[*segment])
            .bind(4, s.columnText(2))
            .bind(5, data);
        insert.exec();
    }
    db.exec("DROP TABLE explanations; ALTER TABLE explanations_v3 RENAME TO explanations; "
            "CREATE INDEX explanations_item ON explanations(item_rowid);");
}

}   // namespace

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> steps = {
        {0, 1, "create the v1 tables", [](Database &db) { db.exec(kSchemaV1); }},
        // owner: the process running the run ("host|boot id|pid|start time"), so a run
        // left 'running' by a killed process can be told from one still in progress.
        {1, 2, "runs.owner",
         [](Database &db) { db.exec("ALTER TABLE runs ADD COLUMN owner TEXT NOT NULL DEFAULT ''"); }},
        {2, 3, "explanations per segment", explanationsPerSegment},
    };
    return steps;
}

int latestVersion(const std::vector<Migration> &steps)
{
    int v = 0;
    for (const auto &m : steps)
        v = std::max(v, m.to);
    return v;
}

int migrate(Database &db, int target, const std::vector<Migration> &steps)
{
    int version = db.userVersion();
    if (version > target)
        throw Error(db.path() + ": schema version " + std::to_string(version) + " is newer than " +
                    std::to_string(target) + " (written by a newer Debut)");
    if (version == target)
        return 0;
    Transaction tx(db);
    int applied = 0;
    while (version < target) {
        const Migration *step = nullptr;
        for (const auto &m : steps)
            if (m.from == version && m.to == version + 1)
                step = &m;
        if (!step)
            throw Error(db.path() + ": no migration from schema version " + std::to_string(version));
        try {
            step->apply(db);
        } catch (const Error &e) {
            throw Error(db.path() + ": migration " + std::to_string(step->from) + " -> " + std::to_string(step->to) +
                        " (" + step->description + ") failed: " + e.what());
        }
        version = step->to;
        db.setUserVersion(version);
        ++applied;
    }
    tx.commit();
    return applied;
}

}   // namespace debut
