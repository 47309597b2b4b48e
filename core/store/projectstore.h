#pragma once
// ProjectStore: one Debut project = one SQLite file (schema: see
// /tmp/team CONTEXT "Agreed SQLite schema v1", implemented in store/schema.cpp).
//
// Opening is safe on bad input: the file is first validated through a
// read-only connection (SQLite header, `PRAGMA quick_check`, application_id,
// user_version). A non-SQLite file, a truncated or corrupt file, or a file
// written by a newer Debut (user_version > kSchemaVersion) throws Error naming
// the file, and the file's bytes are never modified (no WAL/SHM is created
// next to it either). Only then is it reopened read-write, migrated forward
// (one transaction) and switched to WAL with foreign keys on and
// synchronous=FULL (a commit, labels included, survives a power cut).
// A file whose last WAL checkpoint was interrupted (main file shorter than its
// header says, with a -wal beside it) is not refused on size: SQLite recovers
// it from the -wal, and the SQLite checks still apply.
// Two processes: a write that waits past the busy timeout (5 s) fails with a
// message naming who holds the project (training runs live in other processes).
//
// Errors: every call throws debut::Error (message names the file) on failure;
// the façade (project/project.h) turns them into Status results.
// Threading: one ProjectStore per thread; open a second one on the same path
// for background work (WAL allows concurrent readers and one writer).
// Multi-row writes: wrap them in a Transaction(store.db()); single calls below
// that write several rows open their own (nested-safe) transaction.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"
#include "store/database.h"

namespace debut {

// An item with its store row id (items.rowid; stable for the item's life,
// referenced by labels / predictions / explanations).
struct ItemRow {
    std::int64_t rowid = 0;
    ItemRecord item;
    std::string addedAt;   // ISO-8601 UTC
};

// Filter for the GUI's lazy item table. All parts are ANDed; empty = no filter.
struct ItemFilter {
    std::string text;                 // case-insensitive (ASCII) substring of title, brand or category
    std::string category;             // exact category match
    std::optional<double> minPrice;   // inclusive; items without price are excluded when set
    std::optional<double> maxPrice;   // inclusive
    std::string brand;                // exact brand match (evaluated in SQL like category)
    bool empty() const { return text.empty() && category.empty() && !minPrice && !maxPrice && brand.empty(); }
};

enum class DuplicatePolicy { Update, Skip, Fail };
const char *duplicatePolicyName(DuplicatePolicy p);   // "update" | "skip" | "fail"
bool parseDuplicatePolicy(const std::string &s, DuplicatePolicy &out);

// What upsertItem did.
enum class WriteResult { Inserted, Updated, Skipped };

struct SegmentInfo {
    std::int64_t id = 0;
    std::string name;   // "" = all customers (id 1)
};

struct TaskInfo {
    std::int64_t id = 0;
    std::string name;
    TaskKind kind = TaskKind::Binary;
    std::string createdAt;
    std::int64_t labelCount = 0;                         // all segments
    std::map<std::string, std::int64_t> countsByValue;   // label value -> count (all segments)
};

struct LabelRow {
    std::int64_t id = 0;
    std::int64_t taskId = 0;
    std::int64_t itemRowid = 0;
    std::string itemId;   // items.id of itemRowid
    std::int64_t segmentId = 1;
    std::string segment;   // "" = all customers
    std::string value;
    double weight = 1.0;
    std::string source;   // "import", "gui", ...
    std::string time;
};

struct ProjectInfo {
    std::string path;
    int schemaVersion = 0;
    std::int64_t fileSize = 0;   // bytes of the main file (WAL not included)
    std::int64_t itemCount = 0;
    std::int64_t runCount = 0;
    std::vector<TaskInfo> tasks;
    std::vector<SegmentInfo> segments;
    std::string createdAt;
    std::string appVersion;
};

class ProjectStore {
public:
    static constexpr int kSchemaVersion = 3;                     // PRAGMA user_version written by this build
    static constexpr std::int32_t kApplicationId = 0x44425554;   // 'DBUT'

    ProjectStore() = default;
    ProjectStore(ProjectStore &&) noexcept = default;
    ProjectStore &operator=(ProjectStore &&) noexcept = default;

    // Creates a new project. Throws Error when `path` exists and is not empty
    // (an existing 0-byte file is accepted and filled).
    static ProjectStore create(const std::string &path);
    // Opens an existing project (see the header comment for the checks).
    // readOnly: no migration, no writes; fails on a file that needs migrating.
    // Read-write opens also mark runs whose process is gone (killed, crashed) as
    // "interrupted" (RunStore::interruptStaleRuns); interruptedOnOpen() counts them.
    static ProjectStore open(const std::string &path, bool readOnly = false);
    int interruptedOnOpen() const { return m_interruptedOnOpen; }
    // Validates a file without opening it for writing: throws Error as open() would.
    // Returns the file's schema version.
    static int validate(const std::string &path);

    // Writes a consistent, compact copy of the open project to `path` (which
    // must not exist), committed content of other connections included.
    void writeCompactCopy(const std::string &path);

    void close();
    bool isOpen() const { return m_db.isOpen(); }
    const std::string &path() const { return m_db.path(); }
    Database &db() { return m_db; }
    sqlite3 *handle() const { return m_db.handle(); }

    // ---- meta --------------------------------------------------------------
    std::string meta(const std::string &key, const std::string &fallback = {});
    void setMeta(const std::string &key, const std::string &value);

    // ---- items -------------------------------------------------------------
    std::int64_t itemCount();
    std::int64_t itemCount(const ItemFilter &filter);
    // One page of items matching `filter`, ordered by rowid, rows with rowid > afterRowid
    // (keyset paging: pass the last rowid of the previous page, 0 for the first page).
    std::vector<ItemRow> itemsPage(const ItemFilter &filter, std::int64_t afterRowid, int limit);
    // Rows [offset, offset+limit) of the filtered list ordered by rowid (for random
    // access from a lazy table model; cost grows with offset, prefer itemsPage when scanning).
    std::vector<ItemRow> itemsAt(const ItemFilter &filter, std::int64_t offset, int limit);
    // Items with first <= rowid <= last, ordered by rowid.
    std::vector<ItemRow> itemsByRowidRange(std::int64_t first, std::int64_t last);
    std::vector<ItemRow> allItems();
    // Streams every item in rowid order; return false from `fn` to stop early.
    void forEachItem(const std::function<bool(const ItemRow &)> &fn);
    std::optional<ItemRow> itemByRowid(std::int64_t rowid);
    std::optional<ItemRow> itemById(const std::string &id);
    std::optional<std::int64_t> rowidOf(const std::string &itemId);
    // Distinct non-empty categories, sorted.
    std::vector<std::string> categories();
    // Distinct non-empty brands, sorted (at most `limit` when limit > 0).
    std::vector<std::string> brands(int limit = 0);

    // Inserts `item`, or, when its id exists: Update -> overwrite fields (rowid and
    // added_at kept; labels stay attached), Skip -> leave it, Fail -> throw Error
    // ("duplicate item id 'X'"). Uses cached prepared statements: fast in a loop
    // inside one Transaction. Throws Error when id or title is empty.
    WriteResult upsertItem(const ItemRecord &item, DuplicatePolicy policy, std::int64_t *rowid = nullptr);
    bool deleteItem(std::int64_t rowid);   // labels/predictions cascade

    // ---- tasks -------------------------------------------------------------
    std::vector<TaskInfo> tasks();
    std::optional<TaskInfo> task(const std::string &name);
    std::optional<TaskInfo> taskById(std::int64_t id);
    // Id of task `name`; creates it with `kind` when missing. Throws Error when it
    // exists with another kind.
    std::int64_t ensureTask(const std::string &name, TaskKind kind);
    void setTaskKind(std::int64_t taskId, TaskKind kind);
    bool deleteTask(const std::string &name);   // labels/runs cascade

    // ---- segments ----------------------------------------------------------
    std::vector<SegmentInfo> segments();   // ordered by id; id 1 = "" always present
    std::optional<std::int64_t> segmentId(const std::string &name);
    std::int64_t ensureSegment(const std::string &name);   // "" -> 1

    // ---- labels ------------------------------------------------------------
    // Labels of a task, ordered by (segment id, item rowid). segmentId 0 = all segments.
    std::vector<LabelRow> labels(std::int64_t taskId, std::int64_t segmentId = 0);
    std::int64_t labelCount(std::int64_t taskId);
    // Insert or replace the label of (task, item, segment). Returns true when a
    // label was replaced, false when inserted.
    bool setLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId, const std::string &value,
                  double weight = 1.0, const std::string &source = "gui", const std::string &time = {});
    // Rewrites every label of the task whose value is `from` as `to`.
    void recodeLabels(std::int64_t taskId, const std::string &from, const std::string &to);
    // Removes the label of (task, item, segment); false when there was none.
    bool removeLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId);

    // ---- info --------------------------------------------------------------
    ProjectInfo info();

    // Current UTC time as ISO-8601 ("2024-05-01T12:34:56Z").
    static std::string nowIso();

private:
    void configureReadWrite();
    Database m_db;
    int m_interruptedOnOpen = 0;
    // Cached statements for hot loops (import).
    Statement m_insertItem, m_updateItem, m_findItem, m_upsertLabel;
};

}   // namespace debut
