// ProjectStore::validate: checks a project file before anything opens it for
// writing (the SQLite header against the file size, then SQLite's own checks
// under a deadline), so a damaged file is reported, never "repaired" by a write.
#include "store/projectstore.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "store/schema.h"

namespace fs = std::filesystem;

namespace debut {

namespace {

std::uint32_t be32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Checks the 100-byte SQLite header and the file size against the page count
// it declares, without SQLite (so nothing can be written). Throws Error.
void checkHeader(const std::string &path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(path + ": no such project file");
    if (fs::is_directory(path, ec))
        throw Error(path + ": is a directory, not a project file");
    auto size = fs::file_size(path, ec);
    if (ec)
        throw Error(path + ": cannot read: " + ec.message());
    if (size == 0)
        throw Error(path + ": empty file, not a Debut project (create one with 'debut new')");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot open for reading");
    unsigned char h[100] = {};
    in.read(reinterpret_cast<char *>(h), sizeof h);
    std::size_t got = std::size_t(in.gcount());
    static const char magic[] = "SQLite format 3";   // 16 bytes with its NUL
    if (got < 16 || std::memcmp(h, magic, 16) != 0)
        throw Error(path + ": not a Debut project (not an SQLite database)");
    if (got < 100)
        throw Error(path + ": truncated project file (incomplete SQLite header)");
    std::uint32_t pageSize = (std::uint32_t(h[16]) << 8) | h[17];
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)))
        throw Error(path + ": corrupt project file (invalid page size in the SQLite header)");
    // A checkpoint interrupted by a crash can leave the main file shorter than its
    // header says, or mid-way through growing; the -wal still holds every committed
    // page and SQLite recovers from it on open. With a -wal present the size checks
    // are left to SQLite (validateWithSqlite, quick_check included).
    const auto walSize = fs::file_size(path + "-wal", ec);
    if (!ec && walSize > 0)
        return;
    std::uint32_t pages = be32(h + 28);
    bool sizeValid = pages > 0 && be32(h + 24) == be32(h + 92);   // "in-header database size" valid
    if (sizeValid && std::uint64_t(pages) * pageSize > size)
        throw Error(path + ": truncated project file (" + std::to_string(size) + " bytes, the header declares " +
                    std::to_string(std::uint64_t(pages) * pageSize) + ")");
    if (size % pageSize != 0)
        throw Error(path + ": truncated or corrupt project file (size is not a multiple of the page size)");
}

// Interrupts a statement after a deadline (keeps quick_check cheap on big files).
struct Deadline {
    std::chrono::steady_clock::time_point until;
    bool hit = false;
};

int deadlineHandler(void *p)
{
    auto *d = static_cast<Deadline *>(p);
    if (std::chrono::steady_clock::now() > d->until) {
        d->hit = true;
        return 1;
    }
    return 0;
}

// Validates through a read-only connection; returns the schema version.
int validateWithSqlite(const std::string &path)
{
    // No -wal next to the file: open as an immutable snapshot, which creates no files.
    // With a -wal (another process has it open, or a crash): a plain read-only open
    // so the WAL's committed content is seen.
    std::error_code ec;
    bool hasWal = fs::exists(path + "-wal", ec);
    Database db;
    db.open(path, hasWal ? Database::OpenMode::ReadOnly : Database::OpenMode::Snapshot);
    auto fail = [&](const std::string &what) -> Error { return Error(path + ": " + what); };
    int version = 0;
    std::int64_t appId = 0;
    std::int64_t tableCount = 0;
    try {
        tableCount = db.queryInt("SELECT count(*) FROM sqlite_master");
        version = db.userVersion();
        appId = db.queryInt("PRAGMA application_id");
    } catch (const Error &e) {
        throw fail(std::string("corrupt or unreadable project file (") + e.what() + ")");
    }
    if (appId != 0 && appId != ProjectStore::kApplicationId)
        throw fail("not a Debut project (SQLite database of another application)");
    if (appId == 0 && tableCount > 0)
        throw fail("not a Debut project (SQLite database without Debut's application id)");
    if (version > ProjectStore::kSchemaVersion)
        throw fail("written by a newer Debut (schema version " + std::to_string(version) + "; this build reads up to " +
                   std::to_string(ProjectStore::kSchemaVersion) + "); the file was not modified");
    // quick_check is O(file size) and runs on every open: bound it to 300 ms so big
    // projects still open fast. An interrupted check counts as passed (the header and
    // page-count checks above, and SQLite's own checks while reading, still apply).
    Deadline deadline{std::chrono::steady_clock::now() + std::chrono::milliseconds(300)};
    sqlite3_progress_handler(db.handle(), 10000, deadlineHandler, &deadline);
    std::string result;
    try {
        Statement st(db, "PRAGMA quick_check(5)");
        while (st.step()) {
            std::string line = st.columnText(0);
            if (line != "ok")
                result += (result.empty() ? "" : "; ") + line;
        }
    } catch (const Error &e) {
        if (!deadline.hit)
            throw fail(std::string("corrupt project file (") + e.what() + ")");
    }
    sqlite3_progress_handler(db.handle(), 0, nullptr, nullptr);
    if (!result.empty())
        throw fail("corrupt project file (integrity check: " + result + ")");
    return version;
}

}   // namespace

int ProjectStore::validate(const std::string &path)
{
    checkHeader(path);
    return validateWithSqlite(path);
}

}   // namespace debut
