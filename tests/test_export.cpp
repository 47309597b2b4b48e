// CSV export (docs/cli.md "Export columns"): BOM, RFC 4180 quoting,
// column order, atomic write; and, end to end through the façade, one row per
// unlabelled item per segment.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/error.h"
#include "csvtestutil.h"
#include "project/recommend.h"
#include "rank/csvexport.h"
#include "store/runstore.h"

#include "explaintestutil.h"
#include "filetestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

using testutil::parseCsv;

}   // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    fs::path m_dir;
    testutil::TrainedProject m_project;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = fs::temp_directory_path() / ("debut_test_export_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void cleanupTestCase()
    {
        fs::remove_all(m_dir);
        testutil::removeTrainedProject(m_project);
    }

    void quoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "Rain Jacket"
                               << "Rain Jacket";
        QTest::newRow("comma") << "Jacket, waterproof"
                               << "\"Jacket, waterproof\"";
        QTest::newRow("quote") << "The \"Storm\" jacket"
                               << "\"The \"\"Storm\"\" jacket\"";
        QTest::newRow("lf") << "line1\nline2"
                            << "\"line1\nline2\"";
        QTest::newRow("cr") << "line1\rline2"
                            << "\"line1\rline2\"";
        QTest::newRow("chinese") << QString::fromUtf8("防水冲锋衣") << QString::fromUtf8("防水冲锋衣");
        QTest::newRow("chinese comma") << QString::fromUtf8("防水,透气") << QString::fromUtf8("\"防水,透气\"");
        QTest::newRow("fullwidth comma") << QString::fromUtf8("防水，透气") << QString::fromUtf8("防水，透气");
        QTest::newRow("empty") << ""
                               << "";
    }
    void quoting()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(CsvExport::field(value.toStdString())), expected);
    }

    void columnOrder()
    {
        ExportOptions plain;
        QCOMPARE(QString::fromStdString(CsvExport::header(plain)),
                 QStringLiteral("rank,item_id,title,segment,predicted_label,score"));
        ExportOptions multi;
        multi.classes = {"sporty", "classic", "a,b"};
        multi.reasons = true;
        QCOMPARE(
            QString::fromStdString(CsvExport::header(multi)),
            QStringLiteral("rank,item_id,title,segment,predicted_label,score,p_sporty,p_classic,\"p_a,b\",reasons"));
    }

    void numbers()
    {
        QCOMPARE(QString::fromStdString(CsvExport::number(0.25)), QStringLiteral("0.25"));
        QCOMPARE(QString::fromStdString(CsvExport::number(1)), QStringLiteral("1"));
        const double v = 0.123456789012345;
        QCOMPARE(std::strtod(CsvExport::number(v).c_str(), nullptr), v);
    }

    void fileRoundTrip()
    {
        ExportOptions o;
        o.classes = {"sporty", "classic"};
        o.reasons = true;
        std::vector<ExportRow> rows;
        rows.push_back({1,
                        "A-1",
                        "Jacket, \"Storm\"\nedition",
                        "students",
                        "sporty",
                        0.9,
                        {0.9, 0.1},
                        "+ 'waterproof', + brand Acme, \u2212 price"});
        rows.push_back({2, "ZH-2", "防水冲锋衣，男款", "", "classic", 0.6, {0.4, 0.6}, ""});
        const fs::path out = m_dir / "ranked.csv";
        CsvExport::write(out.string(), o, rows);
        const std::string text = readAll(out);
        QVERIFY(text.rfind("\xEF\xBB\xBF", 0) == 0);   // BOM first
        const auto parsed = parseCsv(text.substr(3));
        QCOMPARE(int(parsed.size()), 3);
        QCOMPARE(int(parsed[0].size()), 9);
        QCOMPARE(QString::fromStdString(parsed[0][0]), QStringLiteral("rank"));
        QCOMPARE(QString::fromStdString(parsed[0][8]), QStringLiteral("reasons"));
        QCOMPARE(int(parsed[1].size()), 9);
        QCOMPARE(QString::fromStdString(parsed[1][2]), QStringLiteral("Jacket, \"Storm\"\nedition"));
        QCOMPARE(QString::fromStdString(parsed[1][3]), QStringLiteral("students"));
        QCOMPARE(QString::fromStdString(parsed[1][6]), QStringLiteral("0.9"));
        QCOMPARE(QString::fromStdString(parsed[2][2]), QString::fromUtf8("防水冲锋衣，男款"));
        QCOMPARE(QString::fromStdString(parsed[2][3]), QString());
        // Starts with '+': an apostrophe keeps spreadsheets from evaluating it as a formula.
        QCOMPARE(QString::fromStdString(parsed[1][8]),
                 QString::fromUtf8("'+ 'waterproof', + brand Acme, \u2212 price"));
        // Lines end with CRLF.
        QVERIFY(text.find("score,p_sporty,p_classic,reasons\r\n") != std::string::npos);
    }

    void atomicWrite()
    {
        const fs::path out = m_dir / "keep.csv";
        {
            std::ofstream(out) << "previous content";
        }
        std::vector<ExportRow> rows(5000);
        for (std::size_t i = 0; i < rows.size(); ++i)
            rows[i] = {std::int64_t(i + 1), "I" + std::to_string(i), std::string(40, 'x'), "", "1", 0.5, {}, ""};
        // Cancel half-way: the old file stays, no temporary file remains.
        bool cancelled = false;
        try {
            CsvExport::write(out.string(), {}, rows,
                             [](std::string_view, std::int64_t done, std::int64_t total, std::string_view) {
                                 return done < total / 2;
                             });
        } catch (const Cancelled &) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(QString::fromStdString(readAll(out)), QStringLiteral("previous content"));
        int files = 0;
        for (const auto &e : fs::directory_iterator(m_dir))
            files += e.path().filename().string().find(".tmp-") != std::string::npos;
        QCOMPARE(files, 0);
        // Finished: replaced in one go.
        CsvExport::write(out.string(), {}, rows);
        QCOMPARE(int(parseCsv(readAll(out).substr(3)).size()), 5001);
        // Unwritable target directory: an Error naming the path, nothing created.
        bool failed = false;
        try {
            CsvExport::write((m_dir / "missing-dir" / "x.csv").string(), {}, rows);
        } catch (const Error &e) {
            failed = std::string(e.what()).find("x.csv") != std::string::npos;
        }
        QVERIFY(failed);
    }

    // End to end: every item without a label in the task, once per segment.
    void facadeOneRowPerUnlabelledItemPerSegment_data()
    {
        QTest::addColumn<QString>("task");
        QTest::addColumn<int>("segments");
        QTest::addColumn<bool>("multiclass");
        QTest::newRow("style (multi-class, one segment)") << "style" << 1 << true;
        QTest::newRow("bought (binary, per segment)") << "bought" << 3 << false;
    }
    void facadeOneRowPerUnlabelledItemPerSegment()
    {
        if (m_project.path.empty()) {
            m_project = testutil::makeTrainedProject("test_export", 120);
            DEBUT_REQUIRE_TRAINED_PROJECT(m_project);
        }
        QFETCH(QString, task);
        QFETCH(int, segments);
        QFETCH(bool, multiclass);
        ProjectStore store = ProjectStore::open(m_project.path);
        const auto info = store.task(task.toStdString());
        std::set<std::int64_t> labelled;
        for (const auto &l : store.labels(info->id))
            labelled.insert(l.itemRowid);
        std::set<std::string> unlabelled;
        for (const auto &row : store.allItems())
            if (!labelled.count(row.rowid))
                unlabelled.insert(row.item.id);

        const ScoreResult sr = scoreTask(m_project.path, task.toStdString());
        QVERIFY2(sr.status.ok(), sr.status.message.c_str());
        QCOMPARE(int(sr.segments.size()), segments);
        QCOMPARE(sr.ranked, std::int64_t(unlabelled.size() * std::size_t(segments)));

        ExportRequest req;
        req.task = task.toStdString();
        req.out = (m_dir / (task.toStdString() + ".csv")).string();
        req.reasons = true;
        ExportResult er = exportCsv(m_project.path, req);
        QVERIFY2(er.status.ok(), er.status.message.c_str());
        auto rows = parseCsv(readAll(req.out).substr(3));
        const auto header = rows.front();
        QCOMPARE(QString::fromStdString(header[0]), QStringLiteral("rank"));
        QCOMPARE(QString::fromStdString(header[5]), QStringLiteral("score"));
        QCOMPARE(QString::fromStdString(header.back()), QStringLiteral("reasons"));
        if (multiclass)
            QVERIFY(header[6].rfind("p_", 0) == 0);
        else
            QCOMPARE(int(header.size()), 7);
        rows.erase(rows.begin());
        QCOMPARE(int(rows.size()), int(unlabelled.size()) * segments);
        std::set<std::pair<std::string, std::string>> seen;
        std::map<std::string, std::int64_t> lastRank;
        std::map<std::string, double> lastScore;
        for (const auto &r : rows) {
            QCOMPARE(r.size(), header.size());
            QVERIFY(unlabelled.count(r[1]));
            QVERIFY(seen.insert({r[1], r[3]}).second);   // once per segment
            const std::int64_t rank = std::stoll(r[0]);
            const double score = std::stod(r[5]);
            QCOMPARE(rank, lastRank[r[3]] + 1);   // 1..N per segment
            if (lastRank[r[3]] > 0)
                QVERIFY(score <= lastScore[r[3]]);   // ranked by score
            lastRank[r[3]] = rank;
            lastScore[r[3]] = score;
        }

        // --top and --segment.
        ExportRequest top = req;
        top.top = 5;
        top.reasons = false;
        top.segment = sr.segments.back();
        top.out = (m_dir / "top.csv").string();
        er = exportCsv(m_project.path, top);
        QVERIFY2(er.status.ok(), er.status.message.c_str());
        const auto topRows = parseCsv(readAll(top.out).substr(3));
        QCOMPARE(int(topRows.size()), 6);
        for (std::size_t i = 1; i < topRows.size(); ++i)
            QCOMPARE(topRows[i][3], sr.segments.back());
        ExportRequest badSeg = top;
        badSeg.segment = "martians";
        QCOMPARE(exportCsv(m_project.path, badSeg).status.code, StatusCode::UserError);
    }

    // Items added after training are scored without retraining.
    void newItemsScoredWithoutRetraining()
    {
        if (m_project.path.empty())
            QSKIP("no trained project");
        ProjectStore store = ProjectStore::open(m_project.path);
        const auto runsBefore = RunStore(store.db()).runs().size();
        ItemRecord item;
        item.id = "NEW-0001";
        item.title = "Brand-new waterproof hiking jacket, \"Storm\" edition";
        item.description = "防水 breathable shell";
        item.price = 120;
        store.upsertItem(item, DuplicatePolicy::Fail);
        ExportRequest req;
        req.task = "bought";
        req.out = (m_dir / "new.csv").string();
        const ExportResult er = exportCsv(m_project.path, req);
        QVERIFY2(er.status.ok(), er.status.message.c_str());
        int found = 0;
        for (const auto &r : parseCsv(readAll(req.out).substr(3)))
            if (r[1] == "NEW-0001") {
                ++found;
                QCOMPARE(r[2], item.title);
            }
        QCOMPARE(found, 3);
        QCOMPARE(RunStore(store.db()).runs().size(), runsBefore);
    }
};

DEBUT_TEST_MAIN(TestExport, "test_export", None)

#include "test_export.moc"
