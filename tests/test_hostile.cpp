// Nothing lost, nothing injected: an export may not replace a project file, the
// CSV cannot carry spreadsheet formulas, a label import that lands nothing
// changes nothing, cached embeddings follow the model artefact, exported
// reasons belong to the row's segment, hostile `.bin` files and deep nesting
// end in a clear error, a project whose WAL checkpoint was interrupted opens,
// and a second process is told who holds the project.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/error.h"
#include "csvtestutil.h"
#include "filetestutil.h"
#include "hostiletestutil.h"
#include "models/scratch.h"
#include "project/recommend.h"
#include "rank/csvexport.h"
#include "rank/embeddingcache.h"
#include "store/importer.h"
#include "store/outputguard.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "text/sptokenizer.h"

#include "clitestutil.h"
#include "explaintestutil.h"
#include "scratchtestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

using clitest::fixture;
using clitest::Run;

Run cli(const QStringList &args, int timeoutMs = 120000) { return clitest::run(args, timeoutMs); }

using testutil::parseCsv;

}   // namespace

class TestHostile : public QObject {
    Q_OBJECT

private:
    fs::path m_dir;

    // A fresh project with items_ok.csv and its binary labels (3 labels).
    std::string smallProject(const std::string &name)
    {
        const std::string path = (m_dir / name).string();
        ProjectStore store = ProjectStore::create(path);
        ImportOptions o;
        Importer(store).importItems(fixture("items_ok.csv").toStdString(), o);
        o.task = "bought";
        o.kind = TaskKind::Binary;
        Importer(store).importLabels(fixture("labels_binary.csv").toStdString(), o);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = fs::temp_directory_path() / ("debut_test_hostile_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void cleanupTestCase() { fs::remove_all(m_dir); }

    // --- an export never replaces a project ---------------------------------------
    void exportTargetIsCompared()
    {
        const std::string project = smallProject("guard.debut");
        const std::string other = smallProject("other.debut");
        // The project itself, however spelled.
        QVERIFY(throwsWith([&] { OutputGuard::check(project, project); }, "the project file itself"));
        const std::string dotted = (m_dir / "." / "guard.debut").string();
        QVERIFY(throwsWith([&] { OutputGuard::check(dotted, project); }, "the project file itself"));
        const fs::path link = m_dir / "link.csv";
        fs::create_symlink(project, link);
        QVERIFY(throwsWith([&] { OutputGuard::check(link.string(), project); }, "the project file itself"));
        const fs::path hard = m_dir / "hard.csv";
        fs::create_hard_link(project, hard);
        QVERIFY(throwsWith([&] { OutputGuard::check(hard.string(), project); }, "the project file itself"));
        // Its companions, existing or not.
        QVERIFY(throwsWith([&] { OutputGuard::check(project + "-wal", project); }, "-wal"));
        QVERIFY(throwsWith([&] { OutputGuard::check(project + "-shm", project); }, "-shm"));
        // Another project, and the companions of one.
        QVERIFY(throwsWith([&] { OutputGuard::check(other, project); }, "a Debut project"));
        writeFile(other + "-wal", "");
        QVERIFY(throwsWith([&] { OutputGuard::check(other + "-wal", project); }, "-wal file of a Debut project"));
        // An ordinary file is fine.
        OutputGuard::check((m_dir / "ranked.csv").string(), project);
        OutputGuard::check(project + ".csv", project);
    }

    void cliExportOverProjectRefused()
    {
        const std::string project = smallProject("cli_guard.debut");
        const QString p = QString::fromStdString(project);
        const std::string before = readAll(project);
        for (const QString &out : {p, p + "-wal", p + "-shm"}) {
            const Run r = cli({"export", p, "--task", "bought", "--out", out});
            QVERIFY2(r.code == 1, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
            QVERIFY2(r.err.startsWith("debut: error: ") && r.err.contains("refusing to write the export there"),
                     qPrintable(r.err));
        }
        QCOMPARE(readAll(project) == before, true);
        const Run info = cli({"info", p});
        QVERIFY2(info.code == 0 && info.out.contains("bought (binary): 3 labels"), qPrintable(info.out + info.err));
    }

    // --- CSV formula injection ----------------------------------------------------
    void formulaCellsNeutralised_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("hyperlink") << "=HYPERLINK(\"http://x\",\"click\")"
                                   << "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"";
        QTest::newRow("at") << "@SUM(A1)"
                            << "'@SUM(A1)";
        QTest::newRow("plus") << "+1+cmd"
                              << "'+1+cmd";
        QTest::newRow("minus") << "-2+3"
                               << "'-2+3";
        QTest::newRow("tab") << "\tx"
                             << "'\tx";
        QTest::newRow("cr") << "\rx"
                            << "\"'\rx\"";
        QTest::newRow("negative number") << "-3.5"
                                         << "-3.5";
        QTest::newRow("plain") << "Red mug"
                               << "Red mug";
        QTest::newRow("inner equals") << "a=b"
                                      << "a=b";
    }
    void formulaCellsNeutralised()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(CsvExport::textField(value.toStdString())), expected);
        QCOMPARE(QString::fromStdString(CsvExport::textField(value.toStdString(), true)),
                 QString::fromStdString(CsvExport::field(value.toStdString())));
    }

    void formulaRowsNumbersUntouched()
    {
        ExportOptions o;
        o.classes = {"a", "b"};
        o.reasons = true;
        ExportRow row{3, "@id", "=HYPERLINK(\"http://evil\")", "-seg", "+x", -0.5, {-1e-3, 1.5}, "+ 'word'"};
        const std::string line = CsvExport::line(row, o);
        QCOMPARE(QString::fromStdString(line),
                 QStringLiteral("3,'@id,\"'=HYPERLINK(\"\"http://evil\"\")\",'-seg,'+x,-0.5,-0.001,1.5,'+ 'word'"));
        o.rawCells = true;
        QCOMPARE(QString::fromStdString(CsvExport::line(row, o)),
                 QStringLiteral("3,@id,\"=HYPERLINK(\"\"http://evil\"\")\",-seg,+x,-0.5,-0.001,1.5,+ 'word'"));
    }

    void exportHelpNamesRawCells()
    {
        const Run help = cli({"export", "--help"});
        QVERIFY2(help.code == 0 && help.out.contains("--raw-cells") && help.out.contains("apostrophe"),
                 qPrintable(help.out));
    }

    // --- a label import that lands nothing changes nothing -----------------------
    void labelImportRejectingEverythingFails()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("p.debut");
        QCOMPARE(cli({"new", project}).code, 0);
        const std::string before = readAll(project.toStdString());
        // Labels before the catalogue: every row rejected.
        Run r = cli({"import-labels", project, fixture("labels_binary.csv"), "--task", "bought"});
        QVERIFY2(r.code == 1, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains("debut: error: ") && r.err.contains("no label imported") &&
                     r.err.contains("all 4 row(s) were rejected") && r.err.contains("labels_binary.csv:2:1"),
                 qPrintable(r.err));
        Run info = cli({"info", project, "--json"});
        QCOMPARE(info.code, 0);
        QVERIFY2(info.out.contains("\"tasks\": []"), qPrintable(info.out));
        // With the catalogue but a task kind nothing fits: still nothing.
        QCOMPARE(cli({"import-items", project, fixture("items_ok.csv")}).code, 0);
        r = cli({"import-labels", project, fixture("labels_multi.csv"), "--task", "stars", "--kind", "binary"});
        QVERIFY2(r.code == 1 && r.err.contains("no label imported"), qPrintable(r.err));
        info = cli({"info", project, "--json"});
        QVERIFY2(info.out.contains("\"tasks\": []"), qPrintable(info.out));
        // Header only: no data rows.
        const QString empty = dir.filePath("empty.csv");
        writeFile(empty.toStdString(), "item_id,label\n");
        r = cli({"import-labels", project, empty, "--task", "bought"});
        QVERIFY2(r.code == 1 && r.err.contains("no data rows"), qPrintable(r.err));
        (void)before;
    }

    // --- cached embeddings follow the stored model, not the run id ---------------
    // Two tuned (encoderState "full") classifiers on different tiny encoders stored
    // as the newest run one after the other: run ids come back after a delete, so
    // a cache keyed by run id served the deleted model's embeddings.
    void embeddingCacheFollowsArtefact()
    {
        const std::string path = smallProject("cache.debut");
        ProjectStore store = ProjectStore::open(path);
        std::vector<ItemRecord> items;
        std::vector<std::int64_t> rowids;
        for (const auto &row : store.allItems()) {
            items.push_back(row.item);
            rowids.push_back(row.rowid);
        }
        std::vector<std::string> texts;
        for (int k = 0; k < 40; ++k)
            for (const auto &it : items)
                texts.push_back(itemText(it) + " " + std::to_string(k));
        const testutil::TinyScratch tiny = testutil::tinyScratch(texts);
        auto model = [&](int seed) {
            torch::manual_seed(seed);
            ClassifierConfig cc;
            cc.kind = TaskKind::Binary;
            cc.labels = {"0", "1"};
            cc.encoderSpec = "scratch";
            cc.encoderState = "full";
            cc.maxLength = 16;
            Classifier c(std::make_shared<ScratchEncoderImpl>(tiny.config, tiny.tok), cc);
            c->eval();
            return c;
        };
        const std::int64_t task = store.task("bought")->id;
        RunStore runs(store.db());
        EmbeddingCache &cache = EmbeddingCache::instance();
        cache.clear();

        Classifier first = model(1);
        const std::int64_t run1 = runs.createRun(task, "first", "{}", "cpu");
        runs.putArtefact(run1, "classifier", "runs/first/classifier.pt", first->save());
        const std::string key1 = EmbeddingCache::modelKey(store, *first, run1);
        const torch::Tensor e1 = cache.get(key1, *first, rowids, items);

        // Delete the newest run, train again: the new run gets the same id.
        QVERIFY(runs.deleteRun(run1));
        Classifier second = model(2);
        const std::int64_t run2 = runs.createRun(task, "second", "{}", "cpu");
        QCOMPARE(run2, run1);
        runs.putArtefact(run2, "classifier", "runs/second/classifier.pt", second->save());
        const std::string key2 = EmbeddingCache::modelKey(store, *second, run2);
        QVERIFY(key2 != key1);
        std::int64_t reused = -1;
        const torch::Tensor e2 = cache.get(key2, *second, rowids, items, {}, &reused);
        QCOMPARE(reused, std::int64_t(0));
        const torch::Tensor expected = second->embedItems(items).to(torch::kFloat);
        QVERIFY(torch::allclose(e2, expected, 1e-5, 1e-6));
        QVERIFY(!torch::allclose(e2, e1, 1e-3, 1e-4));
        // The same model again: served from the cache.
        cache.get(key2, *second, rowids, items, {}, &reused);
        QCOMPARE(reused, std::int64_t(items.size()));

        // Bounded: a capacity of two rows keeps at most two, and get() still
        // returns every row asked for.
        cache.setCapacityBytes(2 * (16 * sizeof(float) + key2.size() + 96));
        QVERIFY(cache.size() <= 2);
        const torch::Tensor again = cache.get(key2, *second, rowids, items);
        QCOMPARE(again.size(0), std::int64_t(items.size()));
        QVERIFY(cache.size() <= 2);
        QVERIFY(cache.bytes() <= cache.capacityBytes());
        cache.setCapacityBytes(std::size_t(256) << 20);
        cache.clear();
    }

    // --- exported reasons belong to the row's segment ----------------------------
    // Each item is explained for two segments; each segment's export row carries
    // the reasons computed for that segment (stored per (run, item, segment,
    // method): the second explanation used to replace the first).
    void exportReasonsPerSegment()
    {
        // Its own folder: the fixture removes its folder, which must not be m_dir.
        testutil::TrainedProject t = testutil::makeTrainedProject("hostile_reasons", 40);
        DEBUT_REQUIRE_TRAINED_PROJECT(t);
        const ScoreResult sr = scoreTask(t.path, "bought");
        QVERIFY2(sr.status.ok(), sr.status.message.c_str());
        QVERIFY(sr.segments.size() >= 2);
        const std::string explained = sr.segments.back(), other = sr.segments.front();
        QVERIFY(!explained.empty() && other != explained);
        const ExplainTopResult et = explainTop(t.path, "bought", 3, ExplainMethod::Occlusion, explained);
        QVERIFY2(et.status.ok(), et.status.message.c_str());
        QCOMPARE(et.explained, std::int64_t(3));
        std::map<std::pair<std::string, std::string>, std::string> expected;   // (item, segment) -> reasons
        for (const auto &e : et.explanations) {
            expected[{e.itemId, explained}] = e.reasons();
            ExplainRequest req;
            req.task = "bought";
            req.itemId = e.itemId;
            req.segment = other;
            const ExplainResult er = explainItem(t.path, req);
            QVERIFY2(er.status.ok(), er.status.message.c_str());
            expected[{e.itemId, other}] = er.explanation.reasons();
        }
        ExportRequest req;
        req.task = "bought";
        req.out = (m_dir / "reasons.csv").string();
        req.reasons = true;
        req.rawCells = true;
        const ExportResult er = exportCsv(t.path, req);
        QVERIFY2(er.status.ok(), er.status.message.c_str());
        int withReasons = 0;
        std::map<std::string, int> segmentsWithReasons;
        for (const auto &r : parseCsv(readAll(req.out).substr(3))) {
            if (r[0] == "rank")
                continue;
            const auto it = expected.find({r[1], r[3]});
            if (it == expected.end()) {
                QVERIFY2(r.back().empty(), ("segment '" + r[3] + "' row of " + r[1] + " got reasons").c_str());
                continue;
            }
            QVERIFY2(r.back() == it->second,
                     ("segment '" + r[3] + "' row of " + r[1] + ": '" + r.back() + "' instead of '" + it->second + "'")
                         .c_str());
            ++withReasons;
            ++segmentsWithReasons[r[1]];
        }
        // Rows exist only where the item is unlabelled for the segment: at least one
        // item must carry reasons in both segments for this to prove anything.
        QVERIFY(std::any_of(segmentsWithReasons.begin(), segmentsWithReasons.end(),
                            [](const auto &kv) { return kv.second == 2; }));
        QCOMPARE(er.rowsWithReasons, std::int64_t(withReasons));
        testutil::removeTrainedProject(t);
    }

    // --- a project whose WAL checkpoint was interrupted opens ---------------------
    // A crash copy: the main file as it was on disk while the WAL held every later
    // commit, with page 1 already checkpointed (its header declares the grown size).
    void interruptedCheckpointRecovers()
    {
        const std::string path = smallProject("wal.debut");
        const std::string crash = (m_dir / "crash.debut").string();
        std::size_t labels = 0;
        {
            ProjectStore store = ProjectStore::open(path);
            store.db().exec("PRAGMA wal_autocheckpoint=0");
            store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
            const std::int64_t task = store.task("bought")->id;
            Transaction tx(store.db());
            for (int k = 0; k < 3000; ++k) {
                ItemRecord item;
                item.id = "bulk" + std::to_string(k);
                item.title = "bulk item " + std::to_string(k) + std::string(200, 'x');
                std::int64_t rowid = 0;
                store.upsertItem(item, DuplicatePolicy::Fail, &rowid);
                store.setLabel(task, rowid, 1, k % 2 ? "1" : "0");
            }
            tx.commit();
            labels = std::size_t(store.labelCount(task));
            // Copy while this connection is open: the WAL is not checkpointed.
            fs::copy_file(path, crash);
            fs::copy_file(path + "-wal", crash + "-wal");
        }
        QVERIFY(labels > 3000);
        // Page 1 as the WAL has it (newest frame of page 1) written over the copy's.
        {
            const std::string wal = readAll(crash + "-wal");
            const std::uint32_t pageSize = (std::uint8_t(wal[8]) << 24) | (std::uint8_t(wal[9]) << 16) |
                                           (std::uint8_t(wal[10]) << 8) | std::uint8_t(wal[11]);
            std::string page1;
            for (std::size_t at = 32; at + 24 + pageSize <= wal.size(); at += 24 + pageSize) {
                const std::uint32_t pageNo = (std::uint8_t(wal[at]) << 24) | (std::uint8_t(wal[at + 1]) << 16) |
                                             (std::uint8_t(wal[at + 2]) << 8) | std::uint8_t(wal[at + 3]);
                if (pageNo == 1)
                    page1 = wal.substr(at + 24, pageSize);
            }
            QVERIFY(!page1.empty());
            std::fstream f(crash, std::ios::in | std::ios::out | std::ios::binary);
            f.write(page1.data(), std::streamsize(page1.size()));
        }
        const auto declared = [&] {
            const std::string h = readAll(crash).substr(0, 100);
            const std::uint64_t pages = (std::uint8_t(h[28]) << 24) | (std::uint8_t(h[29]) << 16) |
                                        (std::uint8_t(h[30]) << 8) | std::uint8_t(h[31]);
            const std::uint64_t pageSize = (std::uint8_t(h[16]) << 8) | std::uint8_t(h[17]);
            // The header's size counts only when the change counter matches "version valid for".
            if (h.substr(24, 4) != h.substr(92, 4))
                return std::uint64_t(0);
            return pages * pageSize;
        }();
        QVERIFY2(declared > fs::file_size(crash), "the crash copy should look truncated");
        ProjectStore back = ProjectStore::open(crash);
        QCOMPARE(std::size_t(back.labelCount(back.task("bought")->id)), labels);
        QCOMPARE(back.db().queryText("PRAGMA synchronous"), std::string("2"));   // FULL
        back.close();
        // Without a -wal the same size check still refuses a truncated file.
        const std::string cut = (m_dir / "cut.debut").string();
        fs::copy_file(crash, cut);
        fs::resize_file(cut, fs::file_size(cut) / 2 / 4096 * 4096);
        std::string msg;
        QVERIFY2(throwsWith([&] { ProjectStore::open(cut); }, "truncated", &msg), msg.c_str());
    }

    // --- two processes -------------------------------------------------------------
    void secondWriterToldWhoHoldsTheProject()
    {
        const std::string path = smallProject("busy.debut");
        ProjectStore store = ProjectStore::open(path);
        RunStore runs(store.db());
        // A run this (live) process owns: to the CLI it is live in another process.
        const std::int64_t run = runs.createRun(store.task("bought")->id, "live", "{}", "cpu");
        const QString p = QString::fromStdString(path);
        Run r = cli({"train", p, "--task", "bought", "--resume", QString::number(run)});
        QVERIFY2(r.code == 1, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains("is still training in process " + QString::number(::getpid())), qPrintable(r.err));
        // Hold the write lock: the second writer waits, then says who holds it.
        {
            Transaction tx(store.db());
            store.setMeta("holding", "yes");
            r = cli({"import-labels", p, fixture("labels_binary.csv"), "--task", "other"});
            QVERIFY2(r.code == 1, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
            QVERIFY2(
                r.err.contains("the project is busy") &&
                    r.err.contains(QString("training run %1 of task 'bought' (process %2").arg(run).arg(::getpid())),
                qPrintable(r.err));
        }
        const Run info = cli({"info", p});
        QVERIFY2(info.out.contains("bought (binary): 3 labels") && !info.out.contains("other"), qPrintable(info.out));
    }
};

DEBUT_TEST_MAIN(TestHostile, "test_hostile", Core)

#include "test_hostile.moc"
