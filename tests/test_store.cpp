// ProjectStore: create/open, corrupt project files never modified, migrations,
// items paging/filter, tasks/segments/labels (the project file is the only copy of the work).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <QElapsedTimer>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "common/error.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "store/schema.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

QByteArray fileHash(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void writeBytes(const std::string &path, const std::string &bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// A raw SQLite file built without ProjectStore.
void rawSqlite(const std::string &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    QVERIFY2(rc == SQLITE_OK, err ? err : "");
    sqlite3_close(db);
}

ItemRecord item(const std::string &id, const std::string &title, std::optional<double> price = {},
                const std::string &brand = {}, const std::string &category = {})
{
    ItemRecord r;
    r.id = id;
    r.title = title;
    r.price = price;
    r.brand = brand;
    r.category = category;
    return r;
}

}   // namespace

class TestStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createAndReopen();
    void createRefusesExisting();
    void corruptFiles_data();
    void corruptFiles();
    void migrateFromV0();
    void migrationFramework();
    void migrateV2ExplanationsPerSegment();
    void itemsPagingAndFilter();
    void upsertPolicies();
    void tasksLabelsSegments();
    void transactionRollback();
    void staleRunsInterrupted();
    void servingRunRule();
    void busyProjectNamed();
};

void TestStore::createAndReopen()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("p.debut").toStdString();
    {
        ProjectStore s = ProjectStore::create(path);
        QCOMPARE(s.db().userVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(s.db().queryInt("PRAGMA application_id"), std::int64_t(ProjectStore::kApplicationId));
        QCOMPARE(s.db().queryText("PRAGMA journal_mode"), std::string("wal"));
        QCOMPARE(s.db().queryInt("PRAGMA foreign_keys"), std::int64_t(1));
        QVERIFY(!s.meta("created_at").empty());
        s.upsertItem(item("a", "A"), DuplicatePolicy::Fail);
    }
    ProjectStore s = ProjectStore::open(path);
    QCOMPARE(s.itemCount(), std::int64_t(1));
    ProjectInfo info = s.info();
    QCOMPARE(info.schemaVersion, ProjectStore::kSchemaVersion);
    QCOMPARE(info.segments.size(), std::size_t(1));
    QCOMPARE(info.segments[0].name, std::string());
    QVERIFY(info.fileSize > 0);
    ProjectStore ro = ProjectStore::open(path, true);
    QCOMPARE(ro.itemCount(), std::int64_t(1));
    QVERIFY_THROWS_EXCEPTION(Error, ro.upsertItem(item("b", "B"), DuplicatePolicy::Fail));
}

void TestStore::createRefusesExisting()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("exists.debut").toStdString();
    writeBytes(path, "hello");
    const QByteArray before = fileHash(path);
    try {
        ProjectStore::create(path);
        QFAIL("create() overwrote a file");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).contains("already exists"), e.what());
    }
    QCOMPARE(fileHash(path), before);
    const std::string empty = dir.filePath("empty.debut").toStdString();
    writeBytes(empty, "");
    ProjectStore s = ProjectStore::create(empty);   // a 0-byte file is fine
    QCOMPARE(s.itemCount(), std::int64_t(0));
}

void TestStore::corruptFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("error");
    QTest::newRow("random bytes") << "random"
                                  << "not an SQLite database";
    QTest::newRow("text file") << "text"
                               << "not an SQLite database";
    QTest::newRow("empty file") << "empty"
                                << "empty file";
    QTest::newRow("truncated project") << "truncated"
                                       << "truncated";
    QTest::newRow("garbled pages") << "garbled"
                                   << "corrupt";
    QTest::newRow("newer schema") << "newer"
                                  << "newer Debut (schema version 7";
    QTest::newRow("other application") << "foreign"
                                       << "not a Debut project";
    QTest::newRow("missing") << "missing"
                             << "no such project file";
}

void TestStore::corruptFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad.debut").toStdString();
    std::mt19937 rng(42);
    auto makeProject = [&](int items) {
        ProjectStore s = ProjectStore::create(path);
        Transaction tx(s.db());
        for (int i = 0; i < items; ++i)
            s.upsertItem(item("id" + std::to_string(i), "Title " + std::to_string(i) + std::string(200, 'x')),
                         DuplicatePolicy::Fail);
        tx.commit();
        s.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        s.close();
        fs::remove(path + "-wal");
        fs::remove(path + "-shm");
    };
    if (kind == "random") {
        std::string b(8192, '\0');
        for (auto &c : b)
            c = char(rng());
        writeBytes(path, b);
    } else if (kind == "text") {
        writeBytes(path, "id,title\n1,not a project\n");
    } else if (kind == "empty") {
        writeBytes(path, "");
    } else if (kind == "truncated") {
        makeProject(2000);
        fs::resize_file(path, fs::file_size(path) / 2 + 100);
    } else if (kind == "garbled") {
        makeProject(2000);
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        const auto size = fs::file_size(path);
        // Overwrite the interior of every page after the schema page (keep page 1 intact).
        for (std::uintmax_t off = 4096 + 8; off + 512 < size; off += 4096) {
            f.seekp(std::streamoff(off));
            std::string junk(512, '\0');
            for (auto &c : junk)
                c = char(rng());
            f.write(junk.data(), std::streamsize(junk.size()));
        }
    } else if (kind == "newer") {
        makeProject(1);
        rawSqlite(path, "PRAGMA journal_mode=DELETE; PRAGMA user_version=7;");
    } else if (kind == "foreign") {
        rawSqlite(path, "CREATE TABLE t(x); INSERT INTO t VALUES(1);");
    }
    const bool exists = fs::exists(path);
    const QByteArray before = fileHash(path);
    try {
        ProjectStore::open(path);
        QFAIL("open() accepted a bad file");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).contains(error), e.what());
        if (kind != "missing")
            QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path)), e.what());
    }
    QCOMPARE(fs::exists(path), exists);
    QCOMPARE(fileHash(path), before);
    QVERIFY(!fs::exists(path + "-wal"));
    QVERIFY(!fs::exists(path + "-shm"));
}

void TestStore::migrateFromV0()
{
    // A v0 file: a Debut application id, user_version 0, no tables yet (what an
    // interrupted `debut new` leaves, and the base every migration starts from).
    QTemporaryDir dir;
    const std::string path = dir.filePath("v0.debut").toStdString();
    rawSqlite(path, "PRAGMA application_id=" + std::to_string(ProjectStore::kApplicationId) + ";");
    QCOMPARE(ProjectStore::validate(path), 0);
    ProjectStore s = ProjectStore::open(path);
    QCOMPARE(s.db().userVersion(), ProjectStore::kSchemaVersion);
    QCOMPARE(s.itemCount(), std::int64_t(0));
    QCOMPARE(s.segments().size(), std::size_t(1));
    QVERIFY(!s.meta("created_at").empty());
    QCOMPARE(s.db().queryInt("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='artefacts'"),
             std::int64_t(1));
}

// Export reasons per segment: v2 kept one explanation per (run, item, method),
// its segment only inside the JSON; v3 keys them by segment too. Rows move to the
// segment their JSON names (none: all customers); unreadable rows and rows of a
// segment the project lacks are dropped.
void TestStore::migrateV2ExplanationsPerSegment()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("v2.debut").toStdString();
    rawSqlite(path, "PRAGMA application_id=" + std::to_string(ProjectStore::kApplicationId) + ";");
    {
        Database db;
        db.open(path, Database::OpenMode::ReadWrite);
        QCOMPARE(migrate(db, 2), 2);
        db.exec("INSERT INTO items(rowid, id, title, added_at) VALUES(1, 'a', 'A', ''), (2, 'b', 'B', '');"
                "INSERT INTO tasks(id, name, kind, created_at) VALUES(1, 't', 'binary', '');"
                "INSERT INTO segments(id, name) VALUES(2, 'vip');"
                "INSERT INTO runs(id, task_id, status) VALUES(1, 1, 'done');");
        auto put = [&](int item, const char *method, const std::string &data) {
            db.prepare("INSERT INTO explanations(run_id, item_rowid, method, data) VALUES(1, ?, ?, ?)")
                .bind(1, item)
                .bind(2, method)
                .bind(3, data)
                .exec();
        };
        put(1, "occlusion", R"({"words":[],"note_codes":[["explained_for_segment","vip"]]})");
        put(1, "ig", R"({"words":[],"note_codes":[]})");
        put(2, "occlusion", R"({"words":[],"note_codes":[["explained_for_segment","gone"]]})");
        put(2, "ig", "{not json");
    }
    ProjectStore s = ProjectStore::open(path);
    QCOMPARE(s.db().userVersion(), ProjectStore::kSchemaVersion);
    RunStore runs(s.db());
    const auto rows = runs.explanations(1);
    QCOMPARE(rows.size(), std::size_t(2));
    QCOMPARE(rows[0].itemRowid, std::int64_t(1));
    QCOMPARE(rows[0].segmentId, std::int64_t(1));
    QCOMPARE(rows[0].method, std::string("ig"));
    QCOMPARE(rows[1].segmentId, std::int64_t(2));
    QCOMPARE(rows[1].method, std::string("occlusion"));
    // Both segments of one item are kept side by side now.
    runs.putExplanation(1, 1, 1, "occlusion", "{\"all\":1}");
    QCOMPARE(*runs.explanation(1, 1, 1, "occlusion"), std::string("{\"all\":1}"));
    QVERIFY(runs.explanation(1, 1, 2, "occlusion")->find("vip") != std::string::npos);
    QCOMPARE(*runs.explanation(1, 1, "occlusion"), std::string("{\"all\":1}"));
    QVERIFY(!runs.explanation(1, 2, 1, "occlusion"));
}

void TestStore::migrationFramework()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("m.debut").toStdString();
    ProjectStore s = ProjectStore::create(path);
    s.upsertItem(item("a", "A"), DuplicatePolicy::Fail);
    const int v = ProjectStore::kSchemaVersion;
    std::vector<Migration> steps = migrations();
    steps.push_back(
        {v, v + 1, "add items.colour", [](Database &db) { db.exec("ALTER TABLE items ADD COLUMN colour TEXT"); }});
    steps.push_back({v + 1, v + 2, "broken step", [](Database &db) { db.exec("CREATE TABLE items(x)"); }});
    // A failing step rolls back every step of the run.
    QVERIFY_THROWS_EXCEPTION(Error, migrate(s.db(), v + 2, steps));
    QCOMPARE(s.db().userVersion(), v);
    QCOMPARE(s.db().queryInt("SELECT count(*) FROM pragma_table_info('items') WHERE name='colour'"), std::int64_t(0));
    // A good run applies the steps in order.
    QCOMPARE(migrate(s.db(), v + 1, steps), 1);
    QCOMPARE(s.db().userVersion(), v + 1);
    QCOMPARE(s.db().queryInt("SELECT count(*) FROM pragma_table_info('items') WHERE name='colour'"), std::int64_t(1));
    QCOMPARE(s.itemCount(), std::int64_t(1));
    // A missing step is an error, and newer files are refused.
    QVERIFY_THROWS_EXCEPTION(Error, migrate(s.db(), v + 4, steps));
    QVERIFY_THROWS_EXCEPTION(Error, migrate(s.db(), v, steps));
    s.close();
    // This build supports up to kSchemaVersion: the file is now "newer" and left alone.
    const QByteArray before = fileHash(path);
    QVERIFY_THROWS_EXCEPTION(Error, ProjectStore::open(path));
    QCOMPARE(fileHash(path), before);
}

void TestStore::itemsPagingAndFilter()
{
    QTemporaryDir dir;
    ProjectStore s = ProjectStore::create(dir.filePath("p.debut").toStdString());
    {
        Transaction tx(s.db());
        for (int i = 0; i < 250; ++i)
            s.upsertItem(item("id" + std::to_string(i), (i % 2 ? "Red mug " : "Blue lamp ") + std::to_string(i),
                              double(i), i % 5 ? "Acme" : "Luma_50%", i % 3 ? "Kitchen" : "Lighting"),
                         DuplicatePolicy::Fail);
        tx.commit();
    }
    QCOMPARE(s.itemCount(), std::int64_t(250));
    ItemFilter all;
    std::int64_t last = 0, seen = 0;
    for (;;) {
        auto page = s.itemsPage(all, last, 100);
        if (page.empty())
            break;
        seen += std::int64_t(page.size());
        last = page.back().rowid;
    }
    QCOMPARE(seen, std::int64_t(250));
    ItemFilter mugs;
    mugs.text = "MUG";
    QCOMPARE(s.itemCount(mugs), std::int64_t(125));
    mugs.minPrice = 100;
    mugs.maxPrice = 199;
    QCOMPARE(s.itemCount(mugs), std::int64_t(50));
    auto at = s.itemsAt(mugs, 10, 5);
    QCOMPARE(at.size(), std::size_t(5));
    QCOMPARE(at[0].item.price.value(), 121.0);
    ItemFilter pct;
    pct.text = "_50%";   // LIKE wildcards are literal
    QCOMPARE(s.itemCount(pct), std::int64_t(50));
    ItemFilter cat;
    cat.category = "Lighting";
    QCOMPARE(s.itemCount(cat), std::int64_t(84));
    QCOMPARE(s.itemsByRowidRange(10, 19).size(), std::size_t(10));
    QCOMPARE(s.allItems().size(), std::size_t(250));
    QCOMPARE(s.categories(), (std::vector<std::string>{"Kitchen", "Lighting"}));
    QCOMPARE(s.itemById("id7")->item.title, std::string("Red mug 7"));
}

void TestStore::upsertPolicies()
{
    QTemporaryDir dir;
    ProjectStore s = ProjectStore::create(dir.filePath("p.debut").toStdString());
    std::int64_t rowid = 0;
    QCOMPARE(int(s.upsertItem(item("a", "A", 1.0), DuplicatePolicy::Fail, &rowid)), int(WriteResult::Inserted));
    const std::int64_t first = rowid;
    QCOMPARE(int(s.upsertItem(item("a", "A2", 2.0), DuplicatePolicy::Skip, &rowid)), int(WriteResult::Skipped));
    QCOMPARE(s.itemById("a")->item.title, std::string("A"));
    QCOMPARE(int(s.upsertItem(item("a", "A3"), DuplicatePolicy::Update, &rowid)), int(WriteResult::Updated));
    QCOMPARE(rowid, first);
    QCOMPARE(s.itemById("a")->item.title, std::string("A3"));
    QVERIFY(!s.itemById("a")->item.price);
    QVERIFY_THROWS_EXCEPTION(Error, s.upsertItem(item("a", "A4"), DuplicatePolicy::Fail));
    QVERIFY_THROWS_EXCEPTION(Error, s.upsertItem(item("", "No id"), DuplicatePolicy::Fail));
    QVERIFY_THROWS_EXCEPTION(Error, s.upsertItem(item("b", ""), DuplicatePolicy::Fail));
    QCOMPARE(s.itemCount(), std::int64_t(1));
}

void TestStore::tasksLabelsSegments()
{
    QTemporaryDir dir;
    ProjectStore s = ProjectStore::create(dir.filePath("p.debut").toStdString());
    std::int64_t a = 0, b = 0;
    s.upsertItem(item("a", "A"), DuplicatePolicy::Fail, &a);
    s.upsertItem(item("b", "B"), DuplicatePolicy::Fail, &b);
    const std::int64_t t = s.ensureTask("bought", TaskKind::Binary);
    QCOMPARE(s.ensureTask("bought", TaskKind::Binary), t);
    QVERIFY_THROWS_EXCEPTION(Error, s.ensureTask("bought", TaskKind::Rating));
    const std::int64_t vip = s.ensureSegment("vip");
    QCOMPARE(s.ensureSegment(""), std::int64_t(1));
    QVERIFY(!s.setLabel(t, a, 1, "1"));
    QVERIFY(!s.setLabel(t, b, 1, "0"));
    QVERIFY(!s.setLabel(t, a, vip, "0", 2.0));
    QVERIFY(s.setLabel(t, b, 1, "1"));   // replaced
    auto info = s.task("bought");
    QVERIFY(info);
    QCOMPARE(info->labelCount, std::int64_t(3));
    QCOMPARE(info->countsByValue["1"], std::int64_t(2));
    QCOMPARE(info->countsByValue["0"], std::int64_t(1));
    auto all = s.labels(t);
    QCOMPARE(all.size(), std::size_t(3));
    QCOMPARE(s.labels(t, vip).size(), std::size_t(1));
    QCOMPARE(s.labels(t, vip)[0].weight, 2.0);
    QCOMPARE(s.labels(t, vip)[0].itemId, std::string("a"));
    QVERIFY(s.removeLabel(t, a, vip));
    QVERIFY(!s.removeLabel(t, a, vip));
    QVERIFY(s.deleteItem(b));   // cascades to labels
    QCOMPARE(s.labelCount(t), std::int64_t(1));
    QCOMPARE(s.segments().size(), std::size_t(2));
    QVERIFY(s.deleteTask("bought"));
    QVERIFY(s.tasks().empty());
}

void TestStore::transactionRollback()
{
    QTemporaryDir dir;
    ProjectStore s = ProjectStore::create(dir.filePath("p.debut").toStdString());
    {
        Transaction outer(s.db());
        s.upsertItem(item("kept", "K"), DuplicatePolicy::Fail);
        {
            Transaction inner(s.db());
            s.upsertItem(item("dropped", "D"), DuplicatePolicy::Fail);
        }   // inner rolled back
        outer.commit();
    }
    QCOMPARE(s.itemCount(), std::int64_t(1));
    {
        Transaction tx(s.db());
        s.upsertItem(item("x", "X"), DuplicatePolicy::Fail);
    }
    QCOMPARE(s.itemCount(), std::int64_t(1));
    QVERIFY(!s.db().inTransaction());
}

// A run left "running" by a process that is gone (killed: the pid no longer runs,
// or runs another program; a run from before owners were recorded) becomes
// "interrupted" when the project is next opened read-write; a run whose process is
// alive (this one) or on another host stays "running".
void TestStore::staleRunsInterrupted()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("p.debut").toStdString();
    std::int64_t live = 0, killed = 0, reused = 0, legacy = 0, remote = 0;
    {
        ProjectStore s = ProjectStore::create(path);
        const auto task = s.ensureTask("t", TaskKind::Binary);
        RunStore runs(s.db());
        live = runs.createRun(task, "live", "{}", "cpu");
        killed = runs.createRun(task, "killed", "{}", "cpu");
        reused = runs.createRun(task, "reused", "{}", "cpu");
        legacy = runs.createRun(task, "legacy", "{}", "cpu");
        remote = runs.createRun(task, "remote", "{}", "cpu");
        const std::string me = RunStore::currentOwner();
        QVERIFY(RunStore::ownerAlive(me));
        const auto p = me.find('|', me.find('|') + 1);   // host|boot|
        const std::string hostBoot = me.substr(0, p + 1);
        auto setOwner = [&](std::int64_t id, const std::string &owner) {
            s.db().prepare("UPDATE runs SET owner = ? WHERE id = ?").bind(1, owner).bind(2, id).exec();
        };
        setOwner(killed, hostBoot + "2147483646|12345");   // no such pid
        setOwner(reused, hostBoot + "1|0");                // pid 1 runs, started at another time
        setOwner(legacy, "");
        setOwner(remote, "another-host.example|boot|1|1");
        runs.setStatus(live, RunStatus::Running);
    }
    ProjectStore s = ProjectStore::open(path);
    QCOMPARE(s.interruptedOnOpen(), 3);
    RunStore runs(s.db());
    QVERIFY(runs.run(live)->status == RunStatus::Running);
    QVERIFY(runs.run(remote)->status == RunStatus::Running);
    for (auto id : {killed, reused, legacy}) {
        QVERIFY(runs.run(id)->status == RunStatus::Interrupted);
        QVERIFY(runs.run(id)->finishedAt.empty());   // when it died is unknown
    }
    // Read-only opens change nothing.
    ProjectStore ro = ProjectStore::open(path, true);
    QCOMPARE(ro.interruptedOnOpen(), 0);
}

// Which run serves a task: the active run when it is done, else the newest done run.
void TestStore::servingRunRule()
{
    QTemporaryDir dir;
    ProjectStore s = ProjectStore::create(dir.filePath("p.debut").toStdString());
    const auto task = s.ensureTask("t", TaskKind::Binary);
    const auto other = s.ensureTask("u", TaskKind::Binary);
    RunStore runs(s.db());
    QVERIFY(!runs.servingRun(task));
    const auto older = runs.createRun(task, "older", "{}", "cpu");
    const auto active = runs.createRun(task, "active", "{}", "cpu");
    const auto newest = runs.createRun(task, "newest", "{}", "cpu");
    runs.createRun(other, "other task", "{}", "cpu");
    QVERIFY(!runs.servingRun(task));   // nothing finished yet
    runs.setStatus(older, RunStatus::Done);
    QCOMPARE(runs.servingRun(task)->id, older);
    runs.setStatus(active, RunStatus::Done);
    runs.setStatus(newest, RunStatus::Done);
    QCOMPARE(runs.servingRun(task)->id, newest);   // no active run: the newest done one
    runs.setActive(active);
    QCOMPARE(runs.servingRun(task)->id, active);   // the active run, though a newer one is done
    runs.setStatus(active, RunStatus::Running);    // resumed: its classifier may be partial
    QCOMPARE(runs.servingRun(task)->id, newest);
    runs.setStatus(active, RunStatus::Failed);
    runs.setStatus(newest, RunStatus::Cancelled);
    QCOMPARE(runs.servingRun(task)->id, older);
    QVERIFY(!runs.servingRun(other));
}

// A write that waits past its connection's busy timeout says who holds the
// project and how long it waited.
void TestStore::busyProjectNamed()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("p.debut").toStdString();
    ProjectStore holder = ProjectStore::create(path);
    ProjectStore waiter = ProjectStore::open(path);
    waiter.db().setBusyTimeout(200);
    Transaction tx(holder.db());
    holder.setMeta("holding", "yes");
    QElapsedTimer timer;
    timer.start();
    std::string message;
    try {
        waiter.setMeta("waiting", "yes");
    } catch (const Error &e) {
        message = e.what();
    }
    QVERIFY(timer.elapsed() < 3000);
    QVERIFY2(message.find("the project is busy: another program") != std::string::npos &&
                 message.find("did not finish within 200 ms") != std::string::npos,
             message.c_str());
}

DEBUT_TEST_MAIN(TestStore, "test_store", Core)

#include "test_store.moc"
