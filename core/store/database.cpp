#include "store/database.h"

#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "common/error.h"

namespace debut {

namespace {

// What the user can do about the storage failures (rc may be an extended code).
std::string storageHint(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return " (the disk is full or the file reached its size limit; free some space and retry: "
               "the failed change was not saved)";
    case SQLITE_READONLY: return " (the project file or its folder is read-only; the change was not saved)";
    case SQLITE_CANTOPEN:
        return " (the file, or its -wal/-shm companion, cannot be opened or created: check the folder's "
               "permissions)";
    default: return {};
    }
}

std::atomic<Database::BusyExplainer> g_busyExplainer{nullptr};

// Connections whose busy timeout is not kBusyTimeoutMs (Database::setBusyTimeout),
// so that the busy message says how long this one waited.
std::mutex g_timeoutsMutex;
std::unordered_map<const sqlite3 *, int> g_busyTimeouts;

int busyTimeoutOf(const sqlite3 *db)
{
    std::lock_guard<std::mutex> lock(g_timeoutsMutex);
    const auto it = g_busyTimeouts.find(db);
    return it == g_busyTimeouts.end() ? Database::kBusyTimeoutMs : it->second;
}

std::string durationText(int ms)
{
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// Who holds the write lock, and what to do (only for SQLITE_BUSY).
std::string busyHint(int rc, const std::string &file, int waitedMs)
{
    if ((rc & 0xff) != SQLITE_BUSY)
        return {};
    std::string who = "another program";
    if (auto explain = g_busyExplainer.load(); explain && !file.empty())
        who = explain(file);
    return " (the project is busy: " + who + " is writing to it and did not finish within " + durationText(waitedMs) +
           "; this change was not saved: try again when it has finished)";
}

std::string connectionError(sqlite3 *db, int rc)
{
    std::string file;
    if (db) {
        const char *f = sqlite3_db_filename(db, "main");
        if (f)
            file = f;
    }
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (msg.empty() || msg == "not an error")
        msg = sqlite3_errstr(rc);
    const int ext = db ? sqlite3_extended_errcode(db) : rc;
    msg += storageHint(ext) + busyHint(ext, file, busyTimeoutOf(db));
    return file.empty() ? msg : file + ": " + msg;
}

}   // namespace

// ---- Statement ----------------------------------------------------------------

Statement::Statement(Database &db, std::string_view sql) : m_conn(db.handle())
{
    if (!m_conn)
        throw Error("database is not open");
    int rc = sqlite3_prepare_v2(m_conn, sql.data(), int(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = connectionError(m_conn, rc);
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        throw Error(msg + " (in: " + std::string(sql.substr(0, 80)) + ")");
    }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_conn(std::exchange(other.m_conn, nullptr))
{}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_conn = std::exchange(other.m_conn, nullptr);
    }
    return *this;
}

void Statement::check(int rc) const
{
    if (rc != SQLITE_OK)
        throw Error(connectionError(m_conn, rc));
}

Statement &Statement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    check(
        sqlite3_bind_text64(m_stmt, index, text.data() ? text.data() : "", text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement &Statement::bind(int index, const std::optional<double> &value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement &Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt, index));
    return *this;
}

Statement &Statement::bindBlob(int index, const void *data, std::size_t size)
{
    if (size == 0)
        check(sqlite3_bind_zeroblob(m_stmt, index, 0));
    else
        check(sqlite3_bind_blob64(m_stmt, index, data, size, SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindZeroBlob(int index, std::int64_t size)
{
    check(sqlite3_bind_zeroblob64(m_stmt, index, sqlite3_uint64(size)));
    return *this;
}

bool Statement::step()
{
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    std::string msg = connectionError(m_conn, rc);
    sqlite3_reset(m_stmt);
    throw Error(msg);
}

int Statement::exec()
{
    while (step()) {
    }
    return sqlite3_changes(m_conn);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::columnInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::columnDouble(int column) const { return sqlite3_column_double(m_stmt, column); }

std::optional<double> Statement::columnOptDouble(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::columnText(int column) const
{
    const unsigned char *t = sqlite3_column_text(m_stmt, column);
    if (!t)
        return {};
    return std::string(reinterpret_cast<const char *>(t), std::size_t(sqlite3_column_bytes(m_stmt, column)));
}

std::vector<std::uint8_t> Statement::columnBlob(int column) const
{
    std::size_t n = 0;
    const auto *p = static_cast<const std::uint8_t *>(columnBlobData(column, &n));
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

const void *Statement::columnBlobData(int column, std::size_t *size) const
{
    const void *p = sqlite3_column_blob(m_stmt, column);
    if (size)
        *size = std::size_t(sqlite3_column_bytes(m_stmt, column));
    return p;
}

int Statement::columnCount() const { return sqlite3_column_count(m_stmt); }

// ---- Database -----------------------------------------------------------------

Database::~Database() { close(); }

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path))
{}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

void Database::open(const std::string &path, OpenMode mode)
{
    close();
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case OpenMode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case OpenMode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::Create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::Snapshot: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI; break;
    }
    std::string name = path;
    if (mode == OpenMode::Snapshot) {
        // URI form so that `immutable=1` applies; escape what URIs treat specially.
        name = "file:";
        for (char c : path) {
            if (c == '%' || c == '?' || c == '#') {
                static const char hex[] = "0123456789ABCDEF";
                name += '%';
                name += hex[(unsigned char)c >> 4];
                name += hex[(unsigned char)c & 15];
            } else {
                name += c;
            }
        }
        name += "?mode=ro&immutable=1";
    }
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        throw Error(path + ": cannot open project file: " + msg);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    m_db = db;
    m_path = path;
}

void Database::close()
{
    if (m_db) {
        {
            std::lock_guard<std::mutex> lock(g_timeoutsMutex);
            g_busyTimeouts.erase(m_db);
        }
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

void Database::setBusyTimeout(int ms)
{
    if (!m_db)
        throw Error("database is not open");
    sqlite3_busy_timeout(m_db, ms);
    std::lock_guard<std::mutex> lock(g_timeoutsMutex);
    g_busyTimeouts[m_db] = ms;
}

void Database::exec(std::string_view sql)
{
    if (!m_db)
        throw Error("database is not open");
    char *err = nullptr;
    int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        const int ext = sqlite3_extended_errcode(m_db);
        throw Error(m_path + ": " + msg + storageHint(ext) + busyHint(ext, m_path, busyTimeoutOf(m_db)));
    }
}

std::int64_t Database::queryInt(std::string_view sql, std::int64_t fallback)
{
    Statement st(*this, sql);
    if (st.step() && !st.isNull(0))
        return st.columnInt(0);
    return fallback;
}

std::string Database::queryText(std::string_view sql, const std::string &fallback)
{
    Statement st(*this, sql);
    if (st.step() && !st.isNull(0))
        return st.columnText(0);
    return fallback;
}

std::int64_t Database::lastInsertRowid() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
bool Database::inTransaction() const { return m_db && !sqlite3_get_autocommit(m_db); }

int Database::userVersion() { return int(queryInt("PRAGMA user_version")); }

void Database::setUserVersion(int version) { exec("PRAGMA user_version = " + std::to_string(version)); }

std::string Database::errorMessage(int rc) const { return connectionError(m_db, rc); }

void Database::setBusyExplainer(BusyExplainer explainer) { g_busyExplainer.store(explainer); }

// ---- Transaction --------------------------------------------------------------

Transaction::Transaction(Database &db) : m_db(db)
{
    static std::atomic<unsigned> counter{0};
    m_nested = db.inTransaction();
    if (m_nested) {
        m_savepoint = "debut_sp" + std::to_string(++counter);
        m_db.exec("SAVEPOINT " + m_savepoint);
    } else {
        m_db.exec("BEGIN IMMEDIATE");
    }
}

Transaction::~Transaction()
{
    if (!m_done)
        rollback();
}

void Transaction::commit()
{
    if (m_done)
        return;
    if (m_nested)
        m_db.exec("RELEASE " + m_savepoint);
    else
        m_db.exec("COMMIT");
    m_done = true;
}

void Transaction::rollback()
{
    if (m_done)
        return;
    m_done = true;
    try {
        if (m_nested)
            m_db.exec("ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint);
        else if (m_db.inTransaction())   // SQLite may already have rolled back (e.g. on SQLITE_FULL)
            m_db.exec("ROLLBACK");
    } catch (...) {
    }
}

}   // namespace debut
