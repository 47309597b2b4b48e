// `debut new | info | import-items | import-labels`: exit codes, messages,
// project unchanged on a malformed file (a failed import must leave no half of it).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <cmath>

#include "clitestutil.h"
#include "modeltestutil.h"
#endif

namespace {

using clitest::fixture;
using clitest::Run;

Run cli(const QStringList &args) { return clitest::run(args, 60000); }

QByteArray itemsDump(const QString &project)
{
    Run r = cli({"info", project, "--json"});
    return r.out.toUtf8();
}

}   // namespace

class TestCliProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void malformedLeavesProjectUnchanged();
    void infoJson();
    void encode();
    void tuningModeSegmentLists();

private:
    QTemporaryDir m_dir;
    QString m_imported;   // a project holding items_ok.csv: each test starts from a copy
};

void TestCliProject::initTestCase()
{
    // Every CLI start loads libtorch (about a second here): the tests share one import.
    m_imported = m_dir.filePath("imported.debut");
    QCOMPARE(cli({"new", m_imported}).code, 0);
    QCOMPARE(cli({"import-items", m_imported, fixture("items_ok.csv")}).code, 0);
}

void TestCliProject::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");   // PROJECT is replaced by the project path
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("expect");   // substring of stdout+stderr
    QTest::newRow("help") << QStringList{"import-items", "--help"} << 0 << "--on-duplicate update|skip|fail";
    QTest::newRow("new again") << QStringList{"new", "PROJECT"} << 1 << "already exists";
    QTest::newRow("import ok") << QStringList{"import-items", "PROJECT", fixture("items_update.csv")} << 0
                               << "imported: 1\nupdated: 1";
    QTest::newRow("rejected rows listed") << QStringList{"import-items", "PROJECT", fixture("bad_price.csv")} << 0
                                          << "bad_price.csv:3:3 [price]: unparseable price";
    QTest::newRow("duplicate with fail") << QStringList{"import-items", "PROJECT", fixture("items_ok.csv"),
                                                        "--on-duplicate", "fail"}
                                         << 1 << "debut: error: ";
    QTest::newRow("bad policy") << QStringList{"import-items", "PROJECT", fixture("items_ok.csv"), "--on-duplicate",
                                               "maybe"}
                                << 2 << "--on-duplicate";
    QTest::newRow("bad map") << QStringList{"import-items", "PROJECT", fixture("items_ok.csv"), "--map", "nocolumn"}
                             << 2 << "--map";
    QTest::newRow("map to unknown field")
        << QStringList{"import-items", "PROJECT", fixture("items_ok.csv"), "--map", "color=colour"} << 1
        << "unknown field 'colour'";
    QTest::newRow("missing file arg") << QStringList{"import-items", "PROJECT"} << 2 << "missing FILE";
    QTest::newRow("not a project") << QStringList{"info", fixture("items_ok.csv")} << 1 << "not a Debut project";
    QTest::newRow("labels need task") << QStringList{"import-labels", "PROJECT", fixture("labels_binary.csv")} << 2
                                      << "--task";
    QTest::newRow("labels ok") << QStringList{"import-labels", "PROJECT", fixture("labels_binary.csv"), "--task",
                                              "bought"}
                               << 0 << "unknown item id 'nope'";
    QTest::newRow("gbk with mapping") << QStringList{"import-items", "PROJECT", fixture("gbk.csv"), "--encoding",
                                                     "gb18030"}
                                      << 0 << "imported: 2";
}

void TestCliProject::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, expect);
    QTemporaryDir dir;
    const QString project = dir.filePath("p.debut");
    QVERIFY(QFile::copy(m_imported, project));
    for (auto &a : args)
        if (a == "PROJECT")
            a = project;
    Run r = cli(args);
    QVERIFY2(r.code == code, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
    QVERIFY2((r.out + r.err).contains(expect), qPrintable(r.out + r.err));
    if (code == 1)   // one line "debut: error: …" (after any progress line)
        QVERIFY2(r.err.split('\n').filter(QRegularExpression("^debut: error: ")).size() == 1, qPrintable(r.err));
}

void TestCliProject::malformedLeavesProjectUnchanged()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("p.debut");
    QVERIFY(QFile::copy(m_imported, project));
    const QByteArray before = itemsDump(project);
    Run r = cli({"import-items", project, fixture("items_last_unterminated.csv")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("items_last_unterminated.csv:3:2: unterminated quoted field"), qPrintable(r.err));
    QCOMPARE(itemsDump(project), before);
}

void TestCliProject::infoJson()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("p.debut");
    QVERIFY(QFile::copy(m_imported, project));
    QCOMPARE(cli({"import-labels", project, fixture("labels_multi.csv"), "--task", "occasion"}).code, 0);
    Run r = cli({"info", project, "--json"});
    QCOMPARE(r.code, 0);
    QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8());
    QVERIFY2(doc.isObject(), qPrintable(r.out));
    QJsonObject o = doc.object();
    QCOMPARE(o["items"].toInt(), 4);
    QCOMPARE(o["schema_version"].toInt(), 3);   // v3: explanations per segment
    QCOMPARE(o["tasks"].toArray().size(), 1);
    QJsonObject t = o["tasks"].toArray()[0].toObject();
    QCOMPARE(t["kind"].toString(), QString("multiclass"));
    QCOMPARE(t["labels"].toInt(), 3);
    QCOMPARE(t["counts"].toObject()["gift"].toInt(), 2);
    QVERIFY(o["segments"].toArray().contains(QString::fromUtf8("学生")));
    Run text = cli({"info", project});
    QVERIFY2(text.out.contains("occasion (multiclass): 3 labels"), qPrintable(text.out));
}

// `debut encode`: one row of 512 values per item (CSV as the contract says, NPY
// with its header), unit length; --precision bf16 runs bf16 only where the CPU
// has bfloat16 instructions (the kernel's flags name them) and says so otherwise.
void TestCliProject::encode()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("p.debut");
    QVERIFY(QFile::copy(m_imported, project));
    const QString csvPath = dir.filePath("e.csv");
    Run r = cli({"encode", project, "--out", csvPath});
    if (r.code == 1 && r.err.contains("scripts/setup"))
        DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 4);
    for (const QByteArray &row : rows) {
        const QList<QByteArray> values = row.split(',');
        QCOMPARE(values.size(), 512);
        double norm = 0;
        for (const QByteArray &v : values)
            norm += v.toDouble() * v.toDouble();
        QVERIFY2(std::abs(norm - 1.0) < 1e-4, qPrintable(QString::number(norm)));
    }

    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        QSKIP("no /proc/cpuinfo to tell whether the CPU has bfloat16 instructions");
    const QByteArray flags = cpuinfo.readAll();
    const bool bf16 = flags.contains(" avx512_bf16") || flags.contains(" amx_bf16");
    const QString npyPath = dir.filePath("e.npy");
    r = cli({"encode", project, "--out", npyPath, "--precision", "bf16"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.err.contains("no bfloat16 instructions"), !bf16);
    QVERIFY2(r.err.contains(bf16 ? "threads, bf16)" : "threads, fp32)"), qPrintable(r.err));
    QFile npy(npyPath);
    QVERIFY(npy.open(QIODevice::ReadOnly));
    const QByteArray bytes = npy.readAll();
    QVERIFY(bytes.startsWith("\x93NUMPY"));
    QVERIFY2(bytes.contains("'shape': (4, 512)"), bytes.left(128).constData());
    const int headerLength = (unsigned char)bytes[8] | (unsigned char)bytes[9] << 8;
    QCOMPARE(bytes.size(), 10 + headerLength + 4 * 512 * 4);   // float32 values after the header
}

// A tuning mode on the sample's `bought` labels (three segments): every segment
// gets its own list (the head's per-segment deviations), and neither `train` nor
// `report` carries the note that older runs of these modes had (one order for all).
void TestCliProject::tuningModeSegmentLists()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("sample.debut");
    const QString sample = QStringLiteral(DEBUT_SOURCE_DIR "/sample_data/");
    QCOMPARE(cli({"new", project}).code, 0);
    QCOMPARE(cli({"import-items", project, sample + "catalogue.csv"}).code, 0);
    QCOMPARE(cli({"import-labels", project, sample + "labels_bought.csv", "--task", "bought", "--kind", "binary"}).code,
             0);
    Run t = clitest::run({"train", project, "--task", "bought", "--mode", "head", "--preset", "quick", "--epochs", "2"},
                         240000);
    QCOMPARE(t.code, 0);
    QVERIFY2(!t.err.contains(QStringLiteral("same order")), qPrintable(t.err));
    Run r = cli({"report", project, "--task", "bought", "--json"});
    QCOMPARE(r.code, 0);
    QVERIFY2(!QJsonDocument::fromJson(r.out.toUtf8()).object().contains(QStringLiteral("segments_note")),
             qPrintable(r.out));
    QCOMPARE(clitest::run({"score", project, "--task", "bought"}, 240000).code, 0);
    auto order = [&](const QString &segment) {
        const QString out = dir.filePath(segment + ".csv");
        const Run e = cli({"export", project, "--task", "bought", "--segment", segment, "--out", out});
        QStringList ids;
        QFile f(out);
        if (e.code != 0 || !f.open(QIODevice::ReadOnly))
            return ids;
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (int i = 1; i < lines.size(); ++i)
            ids << lines[i].section(QLatin1Char(','), 1, 1);   // rank,item_id,…
        return ids;
    };
    const QStringList students = order(QStringLiteral("students")), parents = order(QStringLiteral("parents"));
    QVERIFY(students.size() > 100);
    QCOMPARE(students.size(), parents.size());
    QVERIFY(students != parents);
}

DEBUT_TEST_MAIN(TestCliProject, "test_cli_project", Core)

#include "test_cli_project.moc"
