#pragma once
// Thin RAII wrapper over the SQLite C API: Database (one connection),
// Statement (a prepared statement), Transaction (BEGIN IMMEDIATE or a nested
// SAVEPOINT). No Qt. Every failure throws debut::Error whose message names the
// database file and carries SQLite's own message.
//
// Threading: a Database (and its Statements) is used by one thread at a time.
// Background jobs open their own connection on the same file (WAL lets readers
// run while one writer writes); a busy timeout of 5 s is set on every
// connection so short lock waits do not fail.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace debut {

class Database;

// A prepared statement. Parameter indexes are 1-based (SQLite's convention),
// column indexes 0-based. Move-only; finalized on destruction.
class Statement {
public:
    Statement() = default;
    Statement(Database &db, std::string_view sql);   // throws Error on a syntax error
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool valid() const { return m_stmt != nullptr; }

    // Binding. Text and blobs are copied by SQLite (SQLITE_TRANSIENT) unless
    // noted, so the arguments may die right after the call.
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, std::int64_t(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const std::string &text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const std::optional<double> &value);   // nullopt -> NULL
    Statement &bindNull(int index);
    Statement &bindBlob(int index, const void *data, std::size_t size);
    // Binds a zero-filled blob of `size` bytes (fill it later with sqlite3_blob_* via handle()).
    Statement &bindZeroBlob(int index, std::int64_t size);

    // Runs one step: true when a row is available, false when done.
    // Throws Error on failure (constraint violations included).
    bool step();
    // Steps until done (for INSERT/UPDATE/DELETE); returns sqlite3_changes().
    int exec();
    // Resets the statement and clears its bindings, ready for reuse.
    void reset();

    // Column accessors for the current row (0-based).
    bool isNull(int column) const;
    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::optional<double> columnOptDouble(int column) const;   // NULL -> nullopt
    std::string columnText(int column) const;                  // NULL -> ""
    std::vector<std::uint8_t> columnBlob(int column) const;
    // Blob bytes without a copy; valid until the next step/reset.
    const void *columnBlobData(int column, std::size_t *size) const;
    int columnCount() const;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    void check(int rc) const;
    sqlite3_stmt *m_stmt = nullptr;
    sqlite3 *m_conn = nullptr;   // not owned; a moved Database keeps the same connection
};

// One SQLite connection.
class Database {
public:
    enum class OpenMode {
        ReadOnly,    // the file must exist; nothing is written (no WAL/SHM created)
        ReadWrite,   // the file must exist
        Create,      // created when missing
        Snapshot,    // read-only and immutable (URI immutable=1): no locks, never creates
                     // -wal/-shm files; only for validating a file nobody else has open
    };

    Database() = default;
    ~Database();
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens `path`; throws Error("PATH: reason") on failure. Sets a busy timeout
    // and nothing else (pragmas such as WAL are the caller's business).
    void open(const std::string &path, OpenMode mode);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    const std::string &path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

    // Runs one or more statements without results; throws Error.
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(*this, sql); }

    // First column of the first row, or `fallback` when there is no row / NULL.
    std::int64_t queryInt(std::string_view sql, std::int64_t fallback = 0);
    std::string queryText(std::string_view sql, const std::string &fallback = {});

    std::int64_t lastInsertRowid() const;
    int changes() const;
    bool inTransaction() const;   // false in autocommit mode

    int userVersion();
    void setUserVersion(int version);

    // "PATH: message" for the connection's last error (used by Statement).
    std::string errorMessage(int rc) const;

    // When a write waited past the busy timeout (another connection holds the
    // write lock), the error message asks `explainer(path)` who that is (e.g.
    // "training run 3 of task 'bought' (process 1234 on host h)"). Set once by
    // the store layer; it must not throw.
    using BusyExplainer = std::string (*)(const std::string &path);
    static void setBusyExplainer(BusyExplainer explainer);
    static constexpr int kBusyTimeoutMs = 5000;
    // How long a write of this connection waits for another connection's write
    // lock before it fails with that message (kBusyTimeoutMs unless set). The
    // workbench's GUI thread waits briefly, so that a busy project is named at
    // once instead of freezing the window. Throws Error when not open.
    void setBusyTimeout(int ms);

private:
    sqlite3 *m_db = nullptr;
    std::string m_path;
};

// Scoped transaction. Outermost: BEGIN IMMEDIATE … COMMIT; nested (a
// transaction is already open): SAVEPOINT … RELEASE. Destroyed without
// commit() -> rolled back (ROLLBACK / ROLLBACK TO), so an exception or a
// cancellation leaves the database exactly as before.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    void commit();     // throws Error; afterwards the destructor does nothing
    void rollback();   // explicit rollback; never throws

private:
    Database &m_db;
    bool m_nested = false;
    bool m_done = false;
    std::string m_savepoint;
};

}   // namespace debut
