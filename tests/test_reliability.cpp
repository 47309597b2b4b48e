// Reliability (the project file is the only copy): a full disk or a read-only project file gives a
// clear message naming the file, and nothing half-written remains.
//  - full disk in SQLite: simulated with `PRAGMA max_page_count` on the
//    project's own connection (SQLite then fails exactly as on ENOSPC: SQLITE_FULL);
//  - full disk for an export: RLIMIT_FSIZE (write() fails with EFBIG, like ENOSPC);
//  - read-only file / folder: chmod; as root (which ignores permissions) the
//    check runs in a forked child that dropped to uid/gid 65534 (nobody).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/modelpaths.h"
#include "models/torchbin.h"
#include "models/uselite.h"
#include "rank/csvexport.h"
#include "store/importer.h"
#include "store/projectstore.h"

#include "fsizelimit.h"
#include "modeltestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

std::string sampleData(const std::string &name) { return std::string(DEBUT_SOURCE_DIR) + "/sample_data/" + name; }

QByteArray fileHash(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// (task, item id, segment) -> value, for every label of the project.
std::map<std::string, std::string> allLabels(ProjectStore &store)
{
    std::map<std::string, std::string> out;
    for (const auto &t : store.tasks())
        for (const auto &l : store.labels(t.id))
            out[t.name + "|" + l.itemId + "|" + l.segment] = l.value;
    return out;
}

// A project with the sample catalogue and both label files.
void makeProject(const std::string &path)
{
    ProjectStore store = ProjectStore::create(path);
    ImportOptions o;
    Importer(store).importItems(sampleData("catalogue.csv"), o);
    o.task = "bought";
    o.kind = TaskKind::Binary;
    Importer(store).importLabels(sampleData("labels_bought.csv"), o);
    o.task = "style";
    o.kind = TaskKind::Multiclass;
    Importer(store).importLabels(sampleData("labels_style.csv"), o);
}

std::string writeCatalogue(const std::string &path, int rows)
{
    std::ofstream f(path, std::ios::binary);
    f << "id,title,description,price,brand,category\n";
    for (int i = 0; i < rows; ++i)
        f << "R" << i << ",Reliability item " << i << ",a fairly long description so that pages fill up quickly " << i
          << "," << (i % 97) + 0.5 << ",B" << (i % 13) << ",home\n";
    return path;
}

// Runs `check` (returns "" when fine, else what failed) where file permissions
// apply: directly when not root, else in a child dropped to nobody. Returns
// {ran, failure}; ran=false when privileges could not be dropped.
std::pair<bool, std::string> runUnprivileged(const std::function<std::string()> &check)
{
    if (::geteuid() != 0)
        return {true, check()};
    int fds[2];
    if (::pipe(fds) != 0)
        return {false, "pipe"};
    const pid_t pid = ::fork();
    if (pid < 0)
        return {false, "fork"};
    if (pid == 0) {
        ::close(fds[0]);
        std::string result;
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
            result = "\x01";   // could not drop privileges
        } else {
            try {
                result = check();
            } catch (const std::exception &e) {
                result = std::string("unexpected exception: ") + e.what();
            }
        }
        if (!result.empty())
            (void)!::write(fds[1], result.data(), result.size());
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[512];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
        out.append(buf, std::size_t(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (out == "\x01")
        return {false, "cannot drop privileges"};
    if (!WIFEXITED(status))
        return {true, "child crashed"};
    return {true, out};
}

bool contains(const std::string &s, const std::string &part) { return s.find(part) != std::string::npos; }

}   // namespace

class TestReliability : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fullDiskImportRollsBack();
    void fullDiskLabelsRollBack();
    void readOnlyProjectFile();
    void readOnlyProjectFolder();
    void exportDiskFull();
    void corruptTorchBin_data();
    void corruptTorchBin();
    void tfjsWrongShape();
};

// An import that runs out of space fails naming the file and saying so; the
// project keeps exactly what it had, opens, and takes the import once there is room.
void TestReliability::fullDiskImportRollsBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("full.debut").toStdString();
    makeProject(path);
    const std::string more = writeCatalogue(dir.filePath("more.csv").toStdString(), 20000);

    ProjectStore store = ProjectStore::open(path);
    const auto labelsBefore = allLabels(store);
    const std::int64_t itemsBefore = store.itemCount();
    QVERIFY(labelsBefore.size() > 50);
    const std::int64_t pages = store.db().queryInt("PRAGMA page_count");
    store.db().exec("PRAGMA max_page_count=" + std::to_string(pages + 8));
    std::string message;
    try {
        Importer(store).importItems(more, ImportOptions());
    } catch (const Error &e) {
        message = e.what();
    }
    QVERIFY2(!message.empty(), "the import did not fail on a full disk");
    QVERIFY2(contains(message, path), message.c_str());
    QVERIFY2(contains(message, "full"), message.c_str());
    QVERIFY2(contains(message, "not saved"), message.c_str());
    QVERIFY(!store.db().inTransaction());
    QCOMPARE(store.itemCount(), itemsBefore);
    QVERIFY(allLabels(store) == labelsBefore);
    store.close();

    // Reopens (validated, quick_check) with the same content; room again -> the import lands.
    QCOMPARE(ProjectStore::validate(path), ProjectStore::kSchemaVersion);
    ProjectStore again = ProjectStore::open(path);
    QCOMPARE(again.itemCount(), itemsBefore);
    QVERIFY(allLabels(again) == labelsBefore);
    ImportSummary s = Importer(again).importItems(more, ImportOptions());
    QCOMPARE(s.imported, std::int64_t(20000));
    QCOMPARE(again.itemCount(), itemsBefore + 20000);
}

// A label import into a full project: all or nothing, older labels untouched.
void TestReliability::fullDiskLabelsRollBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("labels.debut").toStdString();
    makeProject(path);
    {
        ProjectStore store = ProjectStore::open(path);
        Importer(store).importItems(writeCatalogue(dir.filePath("more.csv").toStdString(), 20000), ImportOptions());
    }
    const std::string labelsCsv = dir.filePath("many_labels.csv").toStdString();
    {
        std::ofstream f(labelsCsv, std::ios::binary);
        f << "item_id,label\n";
        for (int i = 0; i < 20000; ++i)
            f << "R" << i << "," << (i % 2) << "\n";
    }
    ProjectStore store = ProjectStore::open(path);
    const auto before = allLabels(store);
    const std::int64_t pages = store.db().queryInt("PRAGMA page_count");
    store.db().exec("PRAGMA max_page_count=" + std::to_string(pages + 4));
    ImportOptions o;
    o.task = "bought";
    std::string message;
    try {
        Importer(store).importLabels(labelsCsv, o);
    } catch (const Error &e) {
        message = e.what();
    }
    QVERIFY2(contains(message, path) && contains(message, "full"), message.c_str());
    QVERIFY(allLabels(store) == before);
    store.close();
    ProjectStore again = ProjectStore::open(path, true);
    QVERIFY(allLabels(again) == before);
}

// A project file without write permission: opening it for writing says so and
// names it; it still opens read-only; the file is not modified.
void TestReliability::readOnlyProjectFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("ro.debut").toStdString();
    makeProject(path);
    const QByteArray hash = fileHash(path);
    ::chmod(dir.path().toLocal8Bit().constData(), 0777);   // the unprivileged child may create -shm there
    ::chmod(path.c_str(), 0444);
    auto [ran, failure] = runUnprivileged([&]() -> std::string {
        try {
            ProjectStore::open(path);
            return "a read-only file opened for writing";
        } catch (const Error &e) {
            const std::string m = e.what();
            if (!contains(m, path) || !contains(m, "read-only"))
                return "unclear message: " + m;
        }
        try {
            ProjectStore ro = ProjectStore::open(path, true);
            if (allLabels(ro).empty())
                return "read-only open lost the labels";
        } catch (const Error &e) {
            return std::string("read-only open failed: ") + e.what();
        }
        return {};
    });
    ::chmod(path.c_str(), 0644);
    ::chmod(dir.path().toLocal8Bit().constData(), 0700);
    if (!ran)
        QSKIP(("cannot run without write permission: " + failure).c_str());
    QVERIFY2(failure.empty(), failure.c_str());
    QCOMPARE(fileHash(path), hash);
}

// A writable file in a read-only folder (WAL needs its -wal/-shm companions):
// a clear message naming the file, nothing changed.
void TestReliability::readOnlyProjectFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string sub = dir.filePath("locked").toStdString();
    fs::create_directory(sub);
    const std::string path = sub + "/p.debut";
    makeProject(path);
    const QByteArray hash = fileHash(path);
    ::chmod(dir.path().toLocal8Bit().constData(), 0755);
    ::chmod(path.c_str(), 0666);
    ::chmod(sub.c_str(), 0555);
    auto [ran, failure] = runUnprivileged([&]() -> std::string {
        try {
            ProjectStore store = ProjectStore::open(path);
            store.ensureTask("new-task", TaskKind::Binary);
            return "wrote into a project whose folder is read-only";
        } catch (const Error &e) {
            const std::string m = e.what();
            if (!contains(m, path))
                return "message does not name the file: " + m;
        }
        return {};
    });
    ::chmod(sub.c_str(), 0755);
    ::chmod(dir.path().toLocal8Bit().constData(), 0700);
    if (!ran)
        QSKIP(("cannot run without write permission: " + failure).c_str());
    QVERIFY2(failure.empty(), failure.c_str());
    QCOMPARE(fileHash(path), hash);
    QVERIFY(!fs::exists(path + "-wal"));
    ProjectStore ro = ProjectStore::open(path, true);
    QVERIFY(!ro.task("new-task"));
}

// An export that runs out of space: the message names the file, the previous
// file is untouched and no temporary file is left.
void TestReliability::exportDiskFull()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string out = dir.filePath("ranked.csv").toStdString();
    {
        std::ofstream(out, std::ios::binary) << "previous export\r\n";
    }
    const QByteArray hash = fileHash(out);
    std::vector<ExportRow> rows;
    for (int i = 0; i < 20000; ++i) {
        ExportRow r;
        r.rank = i + 1;
        r.itemId = "I" + std::to_string(i);
        r.title = "An item title, with a comma and \"quotes\" " + std::to_string(i);
        r.predictedLabel = "1";
        r.score = 1.0 / (i + 1);
        rows.push_back(r);
    }
    // A file-size limit makes write() fail like a full disk (EFBIG instead of ENOSPC).
    std::string message;
    {
        FileSizeLimit limit(64 * 1024);
        QVERIFY(limit.ok());
        try {
            CsvExport::write(out, ExportOptions(), rows);
        } catch (const Error &e) {
            message = e.what();
        }
    }
    QVERIFY2(contains(message, out) && contains(message, "write failed"), message.c_str());
    QCOMPARE(fileHash(out), hash);
    int files = 0;
    for (const auto &e : fs::directory_iterator(dir.path().toStdString())) {
        (void)e;
        ++files;
    }
    QCOMPARE(files, 1);   // ranked.csv only: no temporary file left
}

// Corrupt PyTorch .bin files (cases test_bert does not cover): the message names
// the file and the tensor. Each row patches tests/data/torchbin/tiny.bin in place
// (same length; the reader does not check zip CRCs, as torch.load does not).
void TestReliability::corruptTorchBin_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("tensor");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown dtype") << QByteArray("torch\nHalfStorage") << QByteArray("torch\nHalfStorXge") << "half"
                                   << "unsupported storage type torch.HalfStorXge";
    // weight: size (2, 3) -> (2, 9) over a 6-element storage
    QTest::newRow("shape beyond storage")
        << QByteArray("K\x02K\x03\x86q\x09", 7) << QByteArray("K\x02K\x09\x86q\x09", 7) << "weight"
        << "tensor view reaches beyond its storage of 6 elements";
    // weight's storage declares 7 floats, its entry holds 24 bytes
    QTest::newRow("storage beyond its data") << QByteArray("K\x06tq\x08", 5) << QByteArray("K\x07tq\x08", 5) << "weight"
                                             << "fewer than its 7 elements need";
}

void TestReliability::corruptTorchBin()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, tensor);
    QFETCH(QString, reason);
    QFile in(QString(DEBUT_TEST_DATA) + "/torchbin/tiny.bin");
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray bytes = in.readAll();
    const int at = bytes.indexOf(from);
    QVERIFY2(at >= 0 && bytes.indexOf(from, at + 1) < 0, "patch site not found once in tiny.bin");
    bytes.replace(at, from.size(), to);
    QTemporaryDir dir;
    const std::string path = dir.filePath("broken.bin").toStdString();
    {
        std::ofstream(path, std::ios::binary).write(bytes.constData(), bytes.size());
    }
    QString msg;
    try {
        readTorchBin(path);
    } catch (const Error &e) {
        msg = QString::fromStdString(e.what());
    }
    QVERIFY2(!msg.isEmpty(), "no error");
    QVERIFY2(msg.contains("broken.bin"), qPrintable(msg));
    QVERIFY2(msg.contains("[" + tensor + "]"), qPrintable(msg));
    QVERIFY2(msg.contains(reason), qPrintable(msg));
}

// TF.js manifest with a tensor's shape transposed (same byte count, so the shards
// still add up): loading the encoder names model.json, the tensor and both shapes.
void TestReliability::tfjsWrongShape()
{
    const fs::path model = defaultModelsDir() / "use-lite";
    if (!fs::is_regular_file(model / "model.json"))
        DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString() + "/use-lite";
    fs::create_directories(dir);
    for (const auto &e : fs::directory_iterator(model))
        if (e.path().filename() != "model.json")
            fs::create_symlink(e.path(), dir / e.path().filename());
    nlohmann::json j;
    {
        std::ifstream in(model / "model.json");
        in >> j;
    }
    std::string name;
    for (auto &w : j["weightsManifest"][0]["weights"]) {
        auto shape = w["shape"].get<std::vector<std::int64_t>>();
        if (shape.size() == 2 && shape[0] != shape[1]) {
            w["shape"] = std::vector<std::int64_t>{shape[1], shape[0]};
            name = w["name"].get<std::string>();
            break;
        }
    }
    QVERIFY(!name.empty());
    std::ofstream(dir / "model.json") << j.dump();
    std::string msg;
    try {
        loadUseLite(dir);
    } catch (const Error &e) {
        msg = e.what();
    }
    QVERIFY2(!msg.empty(), "a transposed weight loaded without an error");
    QVERIFY2(contains(msg, "model.json") && contains(msg, name) && contains(msg, "expected"), msg.c_str());
}

DEBUT_TEST_MAIN(TestReliability, "test_reliability", Core)

#include "test_reliability.moc"
