// Import into the store: summaries, duplicate policies, all-or-nothing on
// failure and cancel, labels with kinds and unknown ids, CJK files (GB18030 and UTF-8 catalogues).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <fstream>
#include <map>

#include "common/error.h"
#include "store/importer.h"

#include "iotestutil.h"
#endif

using namespace debut;

namespace {

// Checksum of everything an import can touch.
QByteArray projectChecksum(ProjectStore &s)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const char *queries[] = {
        "SELECT rowid,id,title,description,quote(price),brand,category,extra FROM items ORDER BY rowid",
        "SELECT id,name,kind FROM tasks ORDER BY id",
        "SELECT id,name FROM segments ORDER BY id",
        "SELECT task_id,item_rowid,segment_id,value,weight,source,time FROM labels ORDER BY id",
    };
    for (const char *q : queries) {
        Statement st(s.db(), q);
        while (st.step())
            for (int c = 0; c < st.columnCount(); ++c) {
                h.addData(QByteArray::fromStdString(st.columnText(c)));
                h.addData(QByteArrayView("\x1f", 1));
            }
        h.addData(QByteArrayView("\x1e", 1));
    }
    return h.result();
}

struct Fixture {
    QTemporaryDir dir;
    ProjectStore store;
    Fixture() { store = ProjectStore::create(dir.filePath("p.debut").toStdString()); }
    ImportSummary items(const char *file, DuplicatePolicy p = DuplicatePolicy::Update)
    {
        ImportOptions o;
        o.onDuplicate = p;
        return Importer(store).importItems(ioFixture(file), o);
    }
};

}   // namespace

class TestImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void itemsSummary();
    void duplicatePolicies_data();
    void duplicatePolicies();
    void rollbackOnFailure_data();
    void rollbackOnFailure();
    void cancelHalfway();
    void rejectedRows_data();
    void rejectedRows();
    void cjkAndJsonl_data();
    void cjkAndJsonl();
    void labels_data();
    void labels();
    void labelKindMismatch();
    void interactionLog();
    void binaryGuessedFromWords();
};

void TestImport::itemsSummary()
{
    Fixture f;
    ImportSummary s = f.items("items_ok.csv");
    QCOMPARE(s.read, std::int64_t(4));
    QCOMPARE(s.imported, std::int64_t(4));
    QCOMPARE(s.rejected, std::int64_t(0));
    QCOMPARE(s.format, std::string("csv"));
    QCOMPARE(s.encoding, std::string("utf-8"));
    auto mug = f.store.itemById("i2");
    QVERIFY(mug);
    QCOMPARE(mug->item.price.value(), 1299.0);
    QCOMPARE(mug->item.extraJson, std::string("{\"color\":\"blue\"}"));
    QCOMPARE(f.store.itemById("i3")->item.extraJson, std::string("{}"));
    QVERIFY(QString::fromStdString(s.mapping).contains("color -> extra"));
}

void TestImport::duplicatePolicies_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<int>("imported");
    QTest::addColumn<int>("updated");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<QString>("title");   // title of the duplicated id afterwards, or "!error"
    QTest::newRow("existing/update") << "items_update.csv"
                                     << "update" << 1 << 1 << 0 << "Blue mug v2";
    QTest::newRow("existing/skip") << "items_update.csv"
                                   << "skip" << 1 << 0 << 1 << "Blue mug";
    QTest::newRow("existing/fail") << "items_update.csv"
                                   << "fail" << 0 << 0 << 0 << "!items_update.csv:2:1 [id]: duplicate item id 'i2'";
    QTest::newRow("in-file/update") << "items_dup_in_file.csv"
                                    << "update" << 2 << 1 << 0 << "First again";
    QTest::newRow("in-file/skip") << "items_dup_in_file.csv"
                                  << "skip" << 2 << 0 << 1 << "First";
    QTest::newRow("in-file/fail") << "items_dup_in_file.csv"
                                  << "fail" << 0 << 0 << 0 << "!items_dup_in_file.csv:4:1 [id]: duplicate item id 'd1'";
}

void TestImport::duplicatePolicies()
{
    QFETCH(QString, file);
    QFETCH(QString, policy);
    QFETCH(int, imported);
    QFETCH(int, updated);
    QFETCH(int, skipped);
    QFETCH(QString, title);
    Fixture f;
    f.items("items_ok.csv");
    DuplicatePolicy p;
    QVERIFY(parseDuplicatePolicy(policy.toStdString(), p));
    const QByteArray before = projectChecksum(f.store);
    const std::string dupId = file.startsWith("items_update") ? "i2" : "d1";
    try {
        ImportSummary s = f.items(file.toUtf8().constData(), p);
        QVERIFY2(!title.startsWith('!'), "expected the import to fail");
        QCOMPARE(int(s.imported), imported);
        QCOMPARE(int(s.updated), updated);
        QCOMPARE(int(s.skipped), skipped);
        QCOMPARE(QString::fromStdString(f.store.itemById(dupId)->item.title), title);
    } catch (const Error &e) {
        QVERIFY2(title.startsWith('!'), e.what());
        QVERIFY2(QString::fromStdString(e.what()).contains(title.mid(1)), e.what());
        QCOMPARE(projectChecksum(f.store), before);   // nothing written
    }
}

void TestImport::rollbackOnFailure_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("error");
    QTest::newRow("last row duplicate, policy fail") << "items_last_bad.csv"
                                                     << "items_last_bad.csv:4:1 [id]: duplicate item id 'i1'";
    QTest::newRow("unterminated quote at the end") << "items_last_unterminated.csv"
                                                   << "items_last_unterminated.csv:3:2: unterminated quoted field";
    QTest::newRow("binary file") << "binary.csv"
                                 << "NUL byte";
    QTest::newRow("empty file") << "empty.csv"
                                << "empty file";
    QTest::newRow("no title column") << "headerless.csv"
                                     << "no column for required field 'id'";
}

void TestImport::rollbackOnFailure()
{
    QFETCH(QString, file);
    QFETCH(QString, error);
    Fixture f;
    f.items("items_ok.csv");
    const std::int64_t count = f.store.itemCount();
    const QByteArray before = projectChecksum(f.store);
    try {
        f.items(file.toUtf8().constData(), DuplicatePolicy::Fail);
        QFAIL("import should fail");
    } catch (const Error &e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(error), e.what());
    }
    QCOMPARE(f.store.itemCount(), count);
    QCOMPARE(projectChecksum(f.store), before);
    QVERIFY(!f.store.db().inTransaction());
}

void TestImport::cancelHalfway()
{
    Fixture f;
    f.items("items_ok.csv");
    const QByteArray before = projectChecksum(f.store);
    const std::string path = f.dir.filePath("many.csv").toStdString();
    {
        std::ofstream out(path);
        out << "id,title,price\n";
        for (int i = 0; i < 200000; ++i)
            out << "m" << i << ",Item number " << i << "," << i % 100 << ".5\n";
    }
    ImportOptions o;
    int calls = 0;
    o.progress = [&](std::string_view stage, std::int64_t done, std::int64_t total, std::string_view) {
        ++calls;
        return !(stage == "import" && total > 0 && done * 2 >= total);
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, Importer(f.store).importItems(path, o));
    QVERIFY(calls > 1);
    QCOMPARE(projectChecksum(f.store), before);
    // The same file imports fully without cancel.
    o.progress = {};
    ImportSummary s = Importer(f.store).importItems(path, o);
    QCOMPARE(s.imported, std::int64_t(200000));
}

void TestImport::rejectedRows_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("imported");
    QTest::addColumn<QStringList>("rejected");   // RejectedRow::toString(), in order
    QTest::newRow("ragged") << "ragged.csv" << 2
                            << QStringList{"ragged.csv:3:3 [price]: expected 3 fields, found 2",
                                           "ragged.csv:4:4: expected 3 fields, found 4"};
    QTest::newRow("bad prices") << "bad_price.csv" << 1
                                << QStringList{
                                       "bad_price.csv:3:3 [price]: unparseable price 'ten dollars' (not a price)",
                                       "bad_price.csv:4:3 [price]: unparseable price '-4' (negative price)"};
    QTest::newRow("jsonl") << "items.jsonl" << 2
                           << QStringList{"items.jsonl:3:45: invalid JSON",
                                          "items.jsonl:4:1: expected a JSON object, found array"};
}

void TestImport::rejectedRows()
{
    QFETCH(QString, file);
    QFETCH(int, imported);
    QFETCH(QStringList, rejected);
    Fixture f;
    ImportSummary s = f.items(file.toUtf8().constData());
    QCOMPARE(int(s.imported), imported);
    QCOMPARE(int(s.rejected), rejected.size());
    QCOMPARE(int(s.rejectedRows.size()), rejected.size());
    for (int i = 0; i < rejected.size(); ++i) {
        const std::string full = s.rejectedRows[std::size_t(i)].toString();
        const std::string expected = ioFixture(rejected[i].toStdString().c_str());
        QVERIFY2(full.rfind(expected, 0) == 0, (full + " vs " + expected).c_str());
    }
}

void TestImport::cjkAndJsonl_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("title");
    QTest::addColumn<double>("price");
    QTest::addColumn<QString>("category");
    QTest::newRow("gbk") << "gbk.csv"
                         << "c1"
                         << "保温杯" << 99.0 << "厨房";
    QTest::newRow("utf-8 chinese") << "zh_utf8.csv"
                                   << "z1"
                                   << "茶杯" << 19.9 << "餐具";
    QTest::newRow("bom + semicolon + european price") << "bom_semicolon.csv"
                                                      << "S1"
                                                      << "Pan" << 1299.0 << "";
    QTest::newRow("jsonl sku/name") << "items.jsonl"
                                    << "j3"
                                    << "Chair" << 1299.0 << "";
    QTest::newRow("tsv") << "tabs.tsv"
                         << "1"
                         << "Soap" << -1.0 << "";
}

void TestImport::cjkAndJsonl()
{
    QFETCH(QString, file);
    QFETCH(QString, id);
    QFETCH(QString, title);
    QFETCH(double, price);
    QFETCH(QString, category);
    Fixture f;
    f.items(file.toUtf8().constData());
    auto it = f.store.itemById(id.toStdString());
    QVERIFY(it);
    QCOMPARE(QString::fromStdString(it->item.title), title);
    if (price < 0)
        QVERIFY(!it->item.price);
    else
        QCOMPARE(it->item.price.value(), price);
    QCOMPARE(QString::fromStdString(it->item.category), category);
}

void TestImport::labels_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("kind");   // "" = guess
    QTest::addColumn<QString>("expectKind");
    QTest::addColumn<int>("imported");
    QTest::addColumn<int>("rejected");
    QTest::addColumn<QString>("segments");   // after import, joined with |
    QTest::newRow("binary guessed, unknown id reported") << "labels_binary.csv"
                                                         << ""
                                                         << "binary" << 3 << 1 << "|vip";
    QTest::newRow("rating guessed") << "labels_rating.csv"
                                    << ""
                                    << "rating" << 3 << 0 << "";
    QTest::newRow("multiclass chinese") << "labels_multi.csv"
                                        << ""
                                        << "multiclass" << 3 << 0 << "|学生";
    QTest::newRow("rating forced on binary values") << "labels_binary.csv"
                                                    << "rating"
                                                    << "rating" << 3 << 1 << "|vip";
    QTest::newRow("binary forced on ratings") << "labels_rating.csv"
                                              << "binary"
                                              << "binary" << 0 << 3 << "";
}

void TestImport::labels()
{
    QFETCH(QString, file);
    QFETCH(QString, kind);
    QFETCH(QString, expectKind);
    QFETCH(int, imported);
    QFETCH(int, rejected);
    QFETCH(QString, segments);
    Fixture f;
    f.items("items_ok.csv");
    ImportOptions o;
    o.task = "t";
    if (!kind.isEmpty()) {
        TaskKind k;
        QVERIFY(parseTaskKind(kind.toStdString(), k));
        o.kind = k;
    }
    if (imported == 0) {
        // Nothing lands: an error, and the task is not created.
        QVERIFY_THROWS_EXCEPTION(Error, Importer(f.store).importLabels(ioFixture(file.toUtf8().constData()), o));
        QVERIFY(!f.store.task("t"));
        return;
    }
    ImportSummary s = Importer(f.store).importLabels(ioFixture(file.toUtf8().constData()), o);
    QCOMPARE(QString(taskKindName(s.kind)), expectKind);
    QCOMPARE(int(s.imported), imported);
    QCOMPARE(int(s.rejected), rejected);
    QCOMPARE(QString(taskKindName(f.store.task("t")->kind)), expectKind);
    QCOMPARE(int(f.store.task("t")->labelCount), imported);
    QStringList segs;
    for (const auto &sg : f.store.segments())
        segs << QString::fromStdString(sg.name);
    QCOMPARE(segs.join('|'), segments);
    if (file == "labels_binary.csv" && kind.isEmpty()) {
        QCOMPARE(QString::fromStdString(s.rejectedRows[0].reason),
                 QString("unknown item id 'nope' (import the catalogue first)"));
        QCOMPARE(s.rejectedRows[0].where.line, 5LL);
        QCOMPARE(s.rejectedRows[0].where.column, 1LL);
        // Re-import: the same labels are replaced, not duplicated.
        ImportSummary again = Importer(f.store).importLabels(ioFixture("labels_binary.csv"), o);
        QCOMPARE(int(again.updated), 3);
        QCOMPARE(int(f.store.task("t")->labelCount), 3);
    }
}

void TestImport::labelKindMismatch()
{
    Fixture f;
    f.items("items_ok.csv");
    ImportOptions o;
    o.task = "t";
    Importer(f.store).importLabels(ioFixture("labels_binary.csv"), o);
    const QByteArray before = projectChecksum(f.store);
    o.kind = TaskKind::Rating;
    QVERIFY_THROWS_EXCEPTION(Error, Importer(f.store).importLabels(ioFixture("labels_rating.csv"), o));
    QCOMPARE(projectChecksum(f.store), before);
    // The existing task's kind applies when none is given: ratings are not binary.
    // Every row rejected: an error naming the first one, and nothing changed.
    o.kind.reset();
    try {
        Importer(f.store).importLabels(ioFixture("labels_rating.csv"), o);
        QFAIL("an import in which every row is rejected must fail");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("all 3 row(s) were rejected") != std::string::npos, e.what());
    }
    QCOMPARE(projectChecksum(f.store), before);
    QCOMPARE(f.store.task("t")->kind, TaskKind::Binary);
}

// An interaction log: event names as binary labels, its columns recognised, an
// item and segment repeated (a purchase between views stays a purchase within the
// file; a later file still replaces), an event that is neither rejected by row.
void TestImport::interactionLog()
{
    Fixture f;
    f.items("items_ok.csv");
    ImportOptions o;
    o.task = "bought";
    o.kind = TaskKind::Binary;
    const ImportSummary s = Importer(f.store).importLabels(ioFixture("labels_events.csv"), o);
    QCOMPARE(int(s.read), 6);
    QCOMPARE(int(s.imported), 3);   // (i1, students), (i2, students), (i2, parents)
    QCOMPARE(int(s.updated), 1);    // the purchase replaces the view before it
    QCOMPARE(int(s.skipped), 1);    // the view after it is not taken
    QCOMPARE(int(s.rejected), 1);   // cart
    QCOMPARE(s.rejectedRows[0].where.line, 6LL);
    QVERIFY2(s.rejectedRows[0].reason.find("'cart' is not binary") != std::string::npos,
             s.rejectedRows[0].reason.c_str());
    std::map<std::string, std::string> got;
    for (const auto &l : f.store.labels(f.store.task("bought")->id))
        got[f.store.itemByRowid(l.itemRowid)->item.id + "/" + l.segment] = l.value;
    const std::map<std::string, std::string> want{{"i1/students", "1"}, {"i2/students", "0"}, {"i2/parents", "1"}};
    QCOMPARE(got, want);
}

// Without --kind, yes / no (and event names) make a binary task stored as 1 / 0,
// as --kind binary would; an event that is neither makes the task multiclass.
void TestImport::binaryGuessedFromWords()
{
    Fixture f;
    f.items("items_ok.csv");
    ImportOptions o;
    o.task = "clicked";
    const ImportSummary s = Importer(f.store).importLabels(ioFixture("labels_yesno.csv"), o);
    QVERIFY(s.kindGuessed);
    QCOMPARE(s.kind, TaskKind::Binary);
    std::map<std::string, std::string> got;
    for (const auto &l : f.store.labels(f.store.task("clicked")->id))
        got[f.store.itemByRowid(l.itemRowid)->item.id + "/" + l.segment] = l.value;
    const std::map<std::string, std::string> want{
        {"i1/", "1"}, {"i2/", "0"}, {"i3/vip", "1"}, {"i4/vip", "0"}, {"i4/", "1"}};
    QCOMPARE(got, want);

    QVERIFY(s.note.empty());

    o.task = "events";   // "cart" is neither: a third class, and a note on --kind binary
    const ImportSummary events = Importer(f.store).importLabels(ioFixture("labels_events.csv"), o);
    QCOMPARE(events.kind, TaskKind::Multiclass);
    QVERIFY2(events.note.find("5 of 6 values are binary events") != std::string::npos &&
                 events.note.find("'cart'") != std::string::npos &&
                 events.note.find("--kind binary") != std::string::npos,
             events.note.c_str());
}

DEBUT_TEST_MAIN(TestImport, "test_import", Core)

#include "test_import.moc"
