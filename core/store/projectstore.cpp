#include "store/projectstore.h"
#include "store/runstore.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "store/schema.h"

namespace fs = std::filesystem;

namespace debut {

const char *duplicatePolicyName(DuplicatePolicy p)
{
    switch (p) {
    case DuplicatePolicy::Update: return "update";
    case DuplicatePolicy::Skip: return "skip";
    case DuplicatePolicy::Fail: return "fail";
    }
    return "update";
}

bool parseDuplicatePolicy(const std::string &s, DuplicatePolicy &out)
{
    if (s == "update")
        out = DuplicatePolicy::Update;
    else if (s == "skip")
        out = DuplicatePolicy::Skip;
    else if (s == "fail")
        out = DuplicatePolicy::Fail;
    else
        return false;
    return true;
}

std::string ProjectStore::nowIso()
{
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

// Who holds a busy project (Database::setBusyExplainer): the training runs live in
// other processes, read through a connection of its own (WAL readers never wait
// for the writer). Never throws.
std::string describeHolders(const std::string &path)
{
    try {
        Database db;
        db.open(path, Database::OpenMode::ReadOnly);
        const std::string runs = RunStore(db).liveRunsElsewhere();
        if (!runs.empty())
            return runs;
    } catch (...) {
    }
    return "another program (the workbench or a `debut` command; no training run is in progress)";
}

const bool g_busyExplainerSet = (Database::setBusyExplainer(&describeHolders), true);

}   // namespace

void ProjectStore::configureReadWrite()
{
    std::string mode = m_db.queryText("PRAGMA journal_mode=WAL");
    if (mode != "wal")
        throw Error(m_db.path() + ": cannot switch the project to WAL journaling (got '" + mode + "')");
    // FULL: every commit (a label click, an import, a run's epoch) is on disk when
    // it returns, so a power cut loses nothing committed. NORMAL could lose the
    // last commits in WAL mode, and a merchandiser's labels are days of work; the
    // cost is one fsync per commit, and bulk writes are one commit each.
    m_db.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
}

ProjectStore ProjectStore::create(const std::string &path)
{
    std::error_code ec;
    if (fs::exists(path, ec)) {
        if (fs::is_directory(path, ec))
            throw Error(path + ": is a directory");
        if (fs::file_size(path, ec) > 0)
            throw Error(path + ": already exists (will not overwrite it)");
    }
    ProjectStore store;
    store.m_db.open(path, Database::OpenMode::Create);
    try {
        store.m_db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        store.configureReadWrite();
        Transaction tx(store.m_db);
        migrate(store.m_db, kSchemaVersion);
        store.setMeta("created_at", nowIso());
        store.setMeta("app_version", kDebutVersion);
        tx.commit();
    } catch (...) {
        store.close();
        std::error_code ignored;
        fs::remove(path, ignored);
        fs::remove(path + "-wal", ignored);
        fs::remove(path + "-shm", ignored);
        throw;
    }
    return store;
}

ProjectStore ProjectStore::open(const std::string &path, bool readOnly)
{
    int version = validate(path);
    ProjectStore store;
    if (readOnly) {
        if (version != kSchemaVersion)
            throw Error(path + ": schema version " + std::to_string(version) +
                        " needs migrating; open it read-write first");
        store.m_db.open(path, Database::OpenMode::ReadOnly);
        store.m_db.exec("PRAGMA foreign_keys=ON");
        return store;
    }
    store.m_db.open(path, Database::OpenMode::ReadWrite);
    // SQLite silently falls back to read-only when the OS refuses write access.
    if (sqlite3_db_readonly(store.m_db.handle(), "main") == 1)
        throw Error(path + ": the project file is read-only (no permission to write it); make it writable, "
                           "or open it read-only. Nothing was changed.");
    store.configureReadWrite();
    if (version < kSchemaVersion) {
        Transaction tx(store.m_db);
        if (store.m_db.queryInt("PRAGMA application_id") == 0)
            store.m_db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        migrate(store.m_db, kSchemaVersion);
        if (store.meta("created_at").empty())
            store.setMeta("created_at", nowIso());
        store.setMeta("app_version", kDebutVersion);
        tx.commit();
    }
    try {
        store.m_interruptedOnOpen = RunStore(store.m_db).interruptStaleRuns();
    } catch (const std::exception &) {
        // Busy (another process is writing) or out of space: the runs stay as they
        // are and the next open tries again; opening the project matters more.
    }
    return store;
}

void ProjectStore::writeCompactCopy(const std::string &path)
{
    // VACUUM INTO writes a consistent, compact copy (WAL content included).
    m_db.prepare("VACUUM INTO ?1").bind(1, path).exec();
}

void ProjectStore::close()
{
    m_insertItem = Statement();
    m_updateItem = Statement();
    m_findItem = Statement();
    m_upsertLabel = Statement();
    m_db.close();
}

// ---- meta ------------------------------------------------------------------------

std::string ProjectStore::meta(const std::string &key, const std::string &fallback)
{
    Statement st(m_db, "SELECT value FROM meta WHERE key=?");
    st.bind(1, key);
    return st.step() ? st.columnText(0) : fallback;
}

void ProjectStore::setMeta(const std::string &key, const std::string &value)
{
    Statement st(m_db, "INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    st.bind(1, key).bind(2, value).exec();
}

// ---- items -----------------------------------------------------------------------

namespace {

const char *kItemColumns = "rowid,id,title,description,price,brand,category,extra,added_at";

ItemRow readItem(const Statement &st)
{
    ItemRow r;
    r.rowid = st.columnInt(0);
    r.item.id = st.columnText(1);
    r.item.title = st.columnText(2);
    r.item.description = st.columnText(3);
    r.item.price = st.columnOptDouble(4);
    r.item.brand = st.columnText(5);
    r.item.category = st.columnText(6);
    r.item.extraJson = st.columnText(7);
    r.addedAt = st.columnText(8);
    return r;
}

std::string likePattern(const std::string &text)
{
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            p += '\\';
        p += c;
    }
    return p + "%";
}

// WHERE clause (without "WHERE") for a filter; parameters are bound by bindFilter
// starting at index 1, in the same order.
std::string filterSql(const ItemFilter &f)
{
    std::string w = "1";
    if (!f.text.empty())
        w += " AND (title LIKE ?1 ESCAPE '\\' OR brand LIKE ?1 ESCAPE '\\' OR category LIKE ?1 ESCAPE '\\')";
    if (!f.category.empty())
        w += " AND category = ?2";
    if (f.minPrice)
        w += " AND price >= ?3";
    if (f.maxPrice)
        w += " AND price <= ?4";
    if (!f.brand.empty())
        w += " AND brand = ?7";   // ?5, ?6: paging parameters of the callers
    return w;
}

void bindFilter(Statement &st, const ItemFilter &f)
{
    if (!f.text.empty())
        st.bind(1, likePattern(f.text));
    if (!f.category.empty())
        st.bind(2, f.category);
    if (f.minPrice)
        st.bind(3, *f.minPrice);
    if (f.maxPrice)
        st.bind(4, *f.maxPrice);
    if (!f.brand.empty())
        st.bind(7, f.brand);
}

}   // namespace

std::int64_t ProjectStore::itemCount() { return m_db.queryInt("SELECT count(*) FROM items"); }

std::int64_t ProjectStore::itemCount(const ItemFilter &filter)
{
    if (filter.empty())
        return itemCount();
    Statement st(m_db, "SELECT count(*) FROM items WHERE " + filterSql(filter));
    bindFilter(st, filter);
    return st.step() ? st.columnInt(0) : 0;
}

std::vector<ItemRow> ProjectStore::itemsPage(const ItemFilter &filter, std::int64_t afterRowid, int limit)
{
    Statement st(m_db, std::string("SELECT ") + kItemColumns + " FROM items WHERE " + filterSql(filter) +
                           " AND rowid > ?5 ORDER BY rowid LIMIT ?6");
    bindFilter(st, filter);
    st.bind(5, afterRowid).bind(6, std::int64_t(limit));
    std::vector<ItemRow> out;
    while (st.step())
        out.push_back(readItem(st));
    return out;
}

std::vector<ItemRow> ProjectStore::itemsAt(const ItemFilter &filter, std::int64_t offset, int limit)
{
    Statement st(m_db, std::string("SELECT ") + kItemColumns + " FROM items WHERE " + filterSql(filter) +
                           " ORDER BY rowid LIMIT ?6 OFFSET ?5");
    bindFilter(st, filter);
    st.bind(5, offset).bind(6, std::int64_t(limit));
    std::vector<ItemRow> out;
    while (st.step())
        out.push_back(readItem(st));
    return out;
}

std::vector<ItemRow> ProjectStore::itemsByRowidRange(std::int64_t first, std::int64_t last)
{
    Statement st(m_db,
                 std::string("SELECT ") + kItemColumns + " FROM items WHERE rowid BETWEEN ? AND ? ORDER BY rowid");
    st.bind(1, first).bind(2, last);
    std::vector<ItemRow> out;
    while (st.step())
        out.push_back(readItem(st));
    return out;
}

std::vector<ItemRow> ProjectStore::allItems()
{
    std::vector<ItemRow> out;
    out.reserve(std::size_t(itemCount()));
    forEachItem([&](const ItemRow &r) {
        out.push_back(r);
        return true;
    });
    return out;
}

void ProjectStore::forEachItem(const std::function<bool(const ItemRow &)> &fn)
{
    Statement st(m_db, std::string("SELECT ") + kItemColumns + " FROM items ORDER BY rowid");
    while (st.step())
        if (!fn(readItem(st)))
            break;
}

std::optional<ItemRow> ProjectStore::itemByRowid(std::int64_t rowid)
{
    Statement st(m_db, std::string("SELECT ") + kItemColumns + " FROM items WHERE rowid=?");
    st.bind(1, rowid);
    if (st.step())
        return readItem(st);
    return std::nullopt;
}

std::optional<ItemRow> ProjectStore::itemById(const std::string &id)
{
    Statement st(m_db, std::string("SELECT ") + kItemColumns + " FROM items WHERE id=?");
    st.bind(1, id);
    if (st.step())
        return readItem(st);
    return std::nullopt;
}

std::optional<std::int64_t> ProjectStore::rowidOf(const std::string &itemId)
{
    if (!m_findItem.valid())
        m_findItem = Statement(m_db, "SELECT rowid FROM items WHERE id=?");
    m_findItem.reset();
    m_findItem.bind(1, itemId);
    std::optional<std::int64_t> r;
    if (m_findItem.step())
        r = m_findItem.columnInt(0);
    m_findItem.reset();
    return r;
}

std::vector<std::string> ProjectStore::categories()
{
    Statement st(m_db, "SELECT DISTINCT category FROM items WHERE category <> '' ORDER BY category");
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.columnText(0));
    return out;
}

std::vector<std::string> ProjectStore::brands(int limit)
{
    std::string sql = "SELECT DISTINCT brand FROM items WHERE brand <> '' ORDER BY brand";
    if (limit > 0)
        sql += " LIMIT " + std::to_string(limit);
    Statement st(m_db, sql);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.columnText(0));
    return out;
}

WriteResult ProjectStore::upsertItem(const ItemRecord &item, DuplicatePolicy policy, std::int64_t *rowid)
{
    if (item.id.empty())
        throw Error("item id is empty");
    if (item.title.empty())
        throw Error("item '" + item.id + "' has an empty title");
    if (!m_insertItem.valid())
        m_insertItem = Statement(m_db, "INSERT INTO items(id,title,description,price,brand,category,extra,added_at) "
                                       "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(id) DO NOTHING");
    Statement &ins = m_insertItem;
    ins.reset();
    ins.bind(1, item.id).bind(2, item.title).bind(3, item.description).bind(4, item.price);
    ins.bind(5, item.brand).bind(6, item.category).bind(7, item.extraJson.empty() ? std::string("{}") : item.extraJson);
    // added_at is per second: cache the string so a bulk import does not format time per row.
    static thread_local std::time_t cachedSecond = 0;
    static thread_local std::string cachedIso;
    std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        cachedSecond = now;
        cachedIso = nowIso();
    }
    ins.bind(8, cachedIso);
    int changed = ins.exec();
    ins.reset();
    if (changed == 1) {
        if (rowid)
            *rowid = m_db.lastInsertRowid();
        return WriteResult::Inserted;
    }
    switch (policy) {
    case DuplicatePolicy::Fail: throw Error("duplicate item id '" + item.id + "'");
    case DuplicatePolicy::Skip:
        if (rowid)
            *rowid = rowidOf(item.id).value_or(0);
        return WriteResult::Skipped;
    case DuplicatePolicy::Update: break;
    }
    if (!m_updateItem.valid())
        m_updateItem =
            Statement(m_db, "UPDATE items SET title=?2,description=?3,price=?4,brand=?5,category=?6,extra=?7 "
                            "WHERE id=?1");
    Statement &up = m_updateItem;
    up.reset();
    up.bind(1, item.id).bind(2, item.title).bind(3, item.description).bind(4, item.price);
    up.bind(5, item.brand).bind(6, item.category).bind(7, item.extraJson.empty() ? std::string("{}") : item.extraJson);
    up.exec();
    up.reset();
    if (rowid)
        *rowid = rowidOf(item.id).value_or(0);
    return WriteResult::Updated;
}

bool ProjectStore::deleteItem(std::int64_t rowid)
{
    Statement st(m_db, "DELETE FROM items WHERE rowid=?");
    return st.bind(1, rowid).exec() > 0;
}

// ---- tasks -----------------------------------------------------------------------

namespace {

TaskKind kindFromText(const std::string &s)
{
    TaskKind k = TaskKind::Binary;
    parseTaskKind(s, k);
    return k;
}

}   // namespace

std::vector<TaskInfo> ProjectStore::tasks()
{
    std::vector<TaskInfo> out;
    {
        Statement st(m_db, "SELECT id,name,kind,created_at FROM tasks ORDER BY id");
        while (st.step()) {
            TaskInfo t;
            t.id = st.columnInt(0);
            t.name = st.columnText(1);
            t.kind = kindFromText(st.columnText(2));
            t.createdAt = st.columnText(3);
            out.push_back(std::move(t));
        }
    }
    Statement st(m_db, "SELECT task_id,value,count(*) FROM labels GROUP BY task_id,value");
    while (st.step()) {
        std::int64_t id = st.columnInt(0);
        for (auto &t : out)
            if (t.id == id) {
                t.countsByValue[st.columnText(1)] = st.columnInt(2);
                t.labelCount += st.columnInt(2);
            }
    }
    return out;
}

std::optional<TaskInfo> ProjectStore::task(const std::string &name)
{
    for (auto &t : tasks())
        if (t.name == name)
            return t;
    return std::nullopt;
}

std::optional<TaskInfo> ProjectStore::taskById(std::int64_t id)
{
    for (auto &t : tasks())
        if (t.id == id)
            return t;
    return std::nullopt;
}

std::int64_t ProjectStore::ensureTask(const std::string &name, TaskKind kind)
{
    if (name.empty())
        throw Error("task name is empty");
    Statement find(m_db, "SELECT id,kind FROM tasks WHERE name=?");
    find.bind(1, name);
    if (find.step()) {
        std::string existing = find.columnText(1);
        if (existing != taskKindName(kind))
            throw Error("task '" + name + "' is " + existing + ", not " + taskKindName(kind));
        return find.columnInt(0);
    }
    Statement ins(m_db, "INSERT INTO tasks(name,kind,created_at) VALUES(?,?,?)");
    ins.bind(1, name).bind(2, taskKindName(kind)).bind(3, nowIso()).exec();
    return m_db.lastInsertRowid();
}

void ProjectStore::setTaskKind(std::int64_t taskId, TaskKind kind)
{
    Statement st(m_db, "UPDATE tasks SET kind=? WHERE id=?");
    st.bind(1, taskKindName(kind)).bind(2, taskId).exec();
}

bool ProjectStore::deleteTask(const std::string &name)
{
    Statement st(m_db, "DELETE FROM tasks WHERE name=?");
    return st.bind(1, name).exec() > 0;
}

// ---- segments --------------------------------------------------------------------

std::vector<SegmentInfo> ProjectStore::segments()
{
    Statement st(m_db, "SELECT id,name FROM segments ORDER BY id");
    std::vector<SegmentInfo> out;
    while (st.step())
        out.push_back({st.columnInt(0), st.columnText(1)});
    return out;
}

std::optional<std::int64_t> ProjectStore::segmentId(const std::string &name)
{
    Statement st(m_db, "SELECT id FROM segments WHERE name=?");
    st.bind(1, name);
    if (st.step())
        return st.columnInt(0);
    return std::nullopt;
}

std::int64_t ProjectStore::ensureSegment(const std::string &name)
{
    if (auto id = segmentId(name))
        return *id;
    Statement ins(m_db, "INSERT INTO segments(name) VALUES(?)");
    ins.bind(1, name).exec();
    return m_db.lastInsertRowid();
}

// ---- labels ----------------------------------------------------------------------

std::vector<LabelRow> ProjectStore::labels(std::int64_t taskId, std::int64_t segmentId)
{
    Statement st(m_db, "SELECT l.id,l.task_id,l.item_rowid,i.id,l.segment_id,s.name,l.value,l.weight,l.source,l.time "
                       "FROM labels l JOIN items i ON i.rowid=l.item_rowid JOIN segments s ON s.id=l.segment_id "
                       "WHERE l.task_id=?1 AND (?2=0 OR l.segment_id=?2) ORDER BY l.segment_id,l.item_rowid");
    st.bind(1, taskId).bind(2, segmentId);
    std::vector<LabelRow> out;
    while (st.step()) {
        LabelRow r;
        r.id = st.columnInt(0);
        r.taskId = st.columnInt(1);
        r.itemRowid = st.columnInt(2);
        r.itemId = st.columnText(3);
        r.segmentId = st.columnInt(4);
        r.segment = st.columnText(5);
        r.value = st.columnText(6);
        r.weight = st.columnDouble(7);
        r.source = st.columnText(8);
        r.time = st.columnText(9);
        out.push_back(std::move(r));
    }
    return out;
}

std::int64_t ProjectStore::labelCount(std::int64_t taskId)
{
    Statement st(m_db, "SELECT count(*) FROM labels WHERE task_id=?");
    st.bind(1, taskId);
    return st.step() ? st.columnInt(0) : 0;
}

bool ProjectStore::setLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId,
                            const std::string &value, double weight, const std::string &source, const std::string &time)
{
    if (!m_upsertLabel.valid())
        m_upsertLabel = Statement(m_db, "INSERT INTO labels(task_id,item_rowid,segment_id,value,weight,source,time) "
                                        "VALUES(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(task_id,item_rowid,segment_id) DO "
                                        "UPDATE SET value=excluded.value,weight=excluded.weight,"
                                        "source=excluded.source,time=excluded.time");
    // sqlite3_changes() is 1 for both an insert and an upsert-update, so look first.
    bool existed = false;
    {
        Statement find(m_db, "SELECT 1 FROM labels WHERE task_id=? AND item_rowid=? AND segment_id=?");
        find.bind(1, taskId).bind(2, itemRowid).bind(3, segmentId);
        existed = find.step();
    }
    Statement &st = m_upsertLabel;
    st.reset();
    st.bind(1, taskId).bind(2, itemRowid).bind(3, segmentId).bind(4, value).bind(5, weight);
    st.bind(6, source).bind(7, time);
    st.exec();
    st.reset();
    return existed;
}

void ProjectStore::recodeLabels(std::int64_t taskId, const std::string &from, const std::string &to)
{
    Statement st(m_db, "UPDATE labels SET value=? WHERE task_id=? AND value=?");
    st.bind(1, to).bind(2, taskId).bind(3, from).exec();
}

bool ProjectStore::removeLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId)
{
    Statement st(m_db, "DELETE FROM labels WHERE task_id=? AND item_rowid=? AND segment_id=?");
    return st.bind(1, taskId).bind(2, itemRowid).bind(3, segmentId).exec() > 0;
}

// ---- info ------------------------------------------------------------------------

ProjectInfo ProjectStore::info()
{
    ProjectInfo p;
    p.path = path();
    p.schemaVersion = m_db.userVersion();
    std::error_code ec;
    p.fileSize = std::int64_t(fs::file_size(path(), ec));
    if (ec)
        p.fileSize = 0;
    p.itemCount = itemCount();
    p.runCount = m_db.queryInt("SELECT count(*) FROM runs");
    p.tasks = tasks();
    p.segments = segments();
    p.createdAt = meta("created_at");
    p.appVersion = meta("app_version");
    return p;
}

}   // namespace debut
