// The merchandiser's path through the real workbench, offscreen: open the
// sample project (built here through the import wizard from sample_data/),
// start a quick head-only run, wait for the report, score the catalogue,
// select an item, export the ranked CSV and check its contents. Prints the
// worst event-loop stall seen while training (not asserted: the bench reports it).
#include <QtTest>

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>

#include <set>

#include "curvechart.h"
#include "curvesview.h"
#include "exportdialog.h"
#include "guitestutil.h"
#include "importwizard.h"
#include "itemtablemodel.h"
#include "labelspage.h"
#include "mainwindow.h"
#include "metricscharts.h"
#include "projectdocument.h"
#include "recommendationmodel.h"
#include "recommendationspage.h"
#include "reporttable.h"
#include "runsmodel.h"
#include "runspage.h"
#include "trainingpage.h"

#include "project/recommend.h"

#include <QComboBox>
#include <QListWidget>

using namespace debut;

namespace {
bool runWizard(ProjectDocument *doc, ImportWizard::Kind kind, const QString &file, const QString &task = {},
               const QString &taskKind = {})
{
    ImportWizard wizard(doc, kind);
    wizard.setFile(file);
    if (kind == ImportWizard::Labels)
        wizard.setTask(task, taskKind);
    wizard.show();
    wizard.next();
    wizard.next();
    wizard.next();
    if (!QTest::qWaitFor([&] { return wizard.importDone(); }, 60000))
        return false;
    return wizard.importStatus() == 0 && wizard.importedCount() > 0;
}
}   // namespace

class TestGuiWorkflow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { DEBUT_GUI_INIT_WITH_USE_LITE(); }

    void trainScoreExplainExport()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        ProjectDocument *doc = w.document();
        const QString project = dir.filePath(QStringLiteral("sample.debut"));
        QVERIFY(doc->newProject(project));
        QVERIFY(runWizard(doc, ImportWizard::Items, guitest::sampleFile(QStringLiteral("catalogue.csv"))));
        QVERIFY(runWizard(doc, ImportWizard::Labels, guitest::sampleFile(QStringLiteral("labels_style.csv")),
                          QStringLiteral("style"), QStringLiteral("multiclass")));
        // reopen, as a user would open the sample project
        doc->close();
        QVERIFY(w.openProject(project));

        // --- quick head-only run --------------------------------------------
        w.showPage(MainWindow::TrainingView);
        TrainingPage *train = w.trainingPage();
        QVERIFY(train->selectTask(QStringLiteral("style")));
        train->setPreset(QStringLiteral("quick"));
        train->setMode(TrainMode::Head);
        QSignalSpy finished(train, &TrainingPage::trainingFinished);
        QSignalSpy epochs(doc, &ProjectDocument::jobEpochMetrics);
        guitest::StallProbe probe;
        probe.start();
        QTest::mouseClick(train->startButton(), Qt::LeftButton);
        QVERIFY(train->isRunning());
        QVERIFY(doc->isBusy());
        QVERIFY(guitest::waitLoop([&] { return !w.cancelButton()->isHidden(); }, 5000));
        QVERIFY(guitest::waitLoop([&] { return finished.count() == 1; }, 240000));
        guitest::waitLoop([] { return false; }, 300);   // and the repaints after the end
        probe.stop();
        qInfo("worst event-loop stall while training: %.1f ms over %d ticks", probe.worstMs(), probe.ticks());
        QCOMPARE(finished.at(0).at(0).toInt(), 0);
        const qint64 runId = finished.at(0).at(1).toLongLong();
        QVERIFY(runId > 0);
        QVERIFY(epochs.count() >= 1);
        QVERIFY(train->epochsShown() >= 1);
        QVERIFY(train->lossChart()->pointCount() >= 1);
        QVERIFY(train->reportTable()->rowCount() >= 3);   // classes + accuracy/macro/weighted
        QVERIFY(train->latestEpoch() && train->latestEpoch()->report);
        // ROC and precision-recall curves of the latest epoch, one-vs-rest per class,
        // beside the zero-shot baseline's (and the chance line)
        const EpochMetrics &last = *train->latestEpoch();
        QVERIFY(!last.roc.empty() && !last.pr.empty());
        QVERIFY(last.baseline && !last.baseline->roc.empty());
        CurvesView *curves = train->curvesView();
        QCOMPARE(curves->classBox()->count(), int(last.roc.size()) + 1);   // "All classes" + each class
        QCOMPARE(curves->rocChart()->curveCount(), 2);                     // this epoch + zero-shot
        QVERIFY(curves->prChart()->curveCount() >= 1);
        curves->classBox()->setCurrentIndex(0);
        QCOMPARE(curves->rocChart()->curveCount(), int(last.roc.size()));
        // the stored run has them too (what the Runs page and a reopened project show)
        const auto stored = doc->runs().epochMetrics(finished.at(0).at(1).toLongLong());
        QVERIFY(!stored.empty());
        QVERIFY(nlohmann::json::parse(stored.back().second).contains("roc_curves"));
        QVERIFY(!doc->isBusy());
        QVERIFY(w.cancelButton()->isHidden());

        // the run is listed with its metrics
        w.showPage(MainWindow::RunsView);
        RunsPage *runs = w.runsPage();
        QTRY_VERIFY(runs->model()->rowOfRun(runId) >= 0);
        runs->selectRuns({runId});
        QVERIFY(runs->reportTable()->rowCount() > 0);

        // --- score and rank ----------------------------------------------------
        w.showPage(MainWindow::RecommendationsView);
        RecommendationsPage *rec = w.recommendationsPage();
        QVERIFY(rec->selectTask(QStringLiteral("style")));
        QCOMPARE(rec->activeRunId(), runId);
        QSignalSpy scored(rec, &RecommendationsPage::scoringFinished);
        QVERIFY(rec->scoreCatalogue());
        QTRY_COMPARE_WITH_TIMEOUT(scored.count(), 1, 240000);
        QCOMPARE(scored.at(0).at(0).toInt(), 0);
        QTRY_VERIFY(rec->model()->rowCount() > 0);
        // ranked list: unlabelled items only, rank ascending
        QCOMPARE(rec->model()->index(0, RecommendationModel::RankColumn).data().toLongLong(), 1);
        // the list is read on a worker: a refresh returns at once in a loading state and
        // keeps the rows shown until the new list arrives
        {
            const int shown = rec->model()->rowCount();
            QSignalSpy loaded(rec->model(), &RecommendationModel::loaded);
            rec->refresh();
            QVERIFY(rec->model()->isLoading());
            QCOMPARE(rec->model()->rowCount(), shown);
            QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
            QVERIFY(!rec->model()->isLoading());
            QCOMPARE(rec->model()->rowCount(), shown);
            QCOMPARE(rec->model()->index(0, RecommendationModel::RankColumn).data().toLongLong(), 1);
        }

        // --- label next: the engine's suggestions, computed on the worker -----------
        w.showPage(MainWindow::LabelsView);
        LabelsPage *labels = w.labelsPage();
        for (int i = 0; i < labels->taskBox()->count(); ++i)
            if (labels->taskBox()->itemText(i).startsWith(QLatin1String("style (")))
                labels->taskBox()->setCurrentIndex(i);
        QSignalSpy suggested(labels, &LabelsPage::suggestionsReady);
        labels->refreshSuggestions();
        QVERIFY(doc->isBusy());   // a job, not GUI-thread work
        QTRY_COMPARE_WITH_TIMEOUT(suggested.count(), 1, 120000);
        QVERIFY2(suggested.at(0).at(0).toInt() == 0,
                 qPrintable(labels->suggestionList()->count() ? labels->suggestionList()->item(0)->text() : QString()));
        const SuggestResult engine = suggestLabels(project.toStdString(), "style", 20);
        QCOMPARE(int(engine.status.code), 0);
        QCOMPARE(labels->suggestionList()->count(), int(engine.suggestions.size()));
        for (int i = 0; i < labels->suggestionList()->count(); ++i)
            QCOMPARE(labels->suggestionList()->item(i)->data(Qt::UserRole).toLongLong(),
                     qint64(engine.suggestions[std::size_t(i)].item.rowid));
        // choosing one selects that item in the table, ready for a label key
        labels->suggestionList()->setCurrentRow(1);
        const QModelIndex cur = labels->view()->currentIndex();
        QVERIFY(cur.isValid());
        QCOMPARE(labels->model()->rowidAt(cur.row()), qint64(engine.suggestions[1].item.rowid));
        w.showPage(MainWindow::RecommendationsView);

        // --- select an item ------------------------------------------------------
        rec->selectRow(0);
        QCOMPARE(rec->view()->currentIndex().row(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!doc->isBusy(), 120000);   // its explanation job, when one ran
        // a reload of the list (new scores, another job's runsChanged) keeps it selected
        {
            const qint64 selected = rec->model()->rowidAt(1);
            rec->selectRow(1);
            QTRY_VERIFY_WITH_TIMEOUT(!doc->isBusy(), 120000);
            QSignalSpy loaded(rec->model(), &RecommendationModel::loaded);
            rec->refresh();
            QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
            QCOMPARE(rec->model()->rowidAt(rec->view()->currentIndex().row()), selected);
            QTRY_VERIFY_WITH_TIMEOUT(!doc->isBusy(), 120000);
        }

        // --- export --------------------------------------------------------------
        ExportDialog dialog(doc, QStringLiteral("style"), runId);
        // its segment list is read on a worker
        QTRY_VERIFY_WITH_TIMEOUT(dialog.segmentsLoaded(), 60000);
        {
            std::set<std::int64_t> segs;
            for (const PredictionRow &p : doc->runs().predictions(runId))
                segs.insert(p.segmentId);
            QVERIFY(!segs.empty());
            // "All segments" + one entry per segment the run scored
            QCOMPARE(dialog.segmentBox()->count(), int(segs.size()) + 1);
        }
        const QString csv = dir.filePath(QStringLiteral("ranked.csv"));
        dialog.setFile(csv);
        dialog.setTopN(25);
        dialog.setReasons(false);
        QSignalSpy exported(rec, &RecommendationsPage::exportFinished);
        QVERIFY(rec->exportTo(dialog.request()));
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 60000);
        QCOMPARE(exported.at(0).at(0).toInt(), 0);

        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));   // UTF-8 BOM for spreadsheets
        const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        const QStringList header = lines.value(0).split(',');
        QCOMPARE(header.mid(0, 6),
                 QStringList({QStringLiteral("rank"), QStringLiteral("item_id"), QStringLiteral("title"),
                              QStringLiteral("segment"), QStringLiteral("predicted_label"), QStringLiteral("score")}));
        QVERIFY2(header.size() > 6 && header[6].startsWith(QStringLiteral("p_")), qPrintable(lines.value(0)));
        QCOMPARE(lines.size(), 1 + 25);
        QVERIFY(lines[1].startsWith(QStringLiteral("1,")));
        // the first exported item is the first of the ranked list shown
        const QString firstId = rec->model()->index(0, RecommendationModel::IdColumn).data().toString();
        QVERIFY2(lines[1].startsWith(QStringLiteral("1,%1,").arg(firstId)), qPrintable(lines[1]));

        // --- export with columns unticked: they are absent, the rest keep the docs/cli.md order
        {
            ExportDialog d2(doc, QStringLiteral("style"), runId);
            const QString csv2 = dir.filePath(QStringLiteral("ranked_cols.csv"));
            d2.setFile(csv2);
            d2.setTopN(5);
            QVERIFY(d2.columnBox(QStringLiteral("title")) && d2.columnBox(QStringLiteral("p_")));
            QVERIFY(d2.columnBox(QStringLiteral("title"))->isChecked());   // default: every column
            d2.columnBox(QStringLiteral("title"))->setChecked(false);
            d2.columnBox(QStringLiteral("p_"))->setChecked(false);
            d2.columnBox(QStringLiteral("reasons"))->setChecked(true);
            QSignalSpy exported2(rec, &RecommendationsPage::exportFinished);
            QVERIFY(rec->exportTo(d2.request()));
            QTRY_COMPARE_WITH_TIMEOUT(exported2.count(), 1, 60000);
            QCOMPARE(exported2.at(0).at(0).toInt(), 0);
            QFile f2(csv2);
            QVERIFY(f2.open(QIODevice::ReadOnly));
            const QStringList l2 =
                QString::fromUtf8(f2.readAll().mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
            QCOMPARE(l2.value(0), QStringLiteral("rank,item_id,segment,predicted_label,score,reasons"));
            QCOMPARE(l2.size(), 1 + 5);
            QVERIFY2(l2[1].startsWith(QStringLiteral("1,%1,").arg(firstId)), qPrintable(l2[1]));
            QCOMPARE(l2[1].count(QLatin1Char(',')) >= 5, true);
        }
    }

    // A log of purchases (positive labels only): the run draws negatives and the
    // Training page says so in its banner, for the finished run and when shown again.
    void positiveOnlyLabelsBanner()
    {
        QTemporaryDir dir;
        const QString labels = dir.filePath(QStringLiteral("bought_positive.csv"));
        {
            QFile in(guitest::sampleFile(QStringLiteral("labels_bought.csv")));
            QFile out(labels);
            QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
            const QList<QByteArray> lines = in.readAll().split('\n');
            out.write(lines.value(0) + '\n');
            for (const QByteArray &line : lines)
                if (line.split(',').value(1) == "1")
                    out.write(line + '\n');
        }
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        ProjectDocument *doc = w.document();
        QVERIFY(doc->newProject(dir.filePath(QStringLiteral("positive.debut"))));
        QVERIFY(runWizard(doc, ImportWizard::Items, guitest::sampleFile(QStringLiteral("catalogue.csv"))));
        QVERIFY(runWizard(doc, ImportWizard::Labels, labels, QStringLiteral("bought"), QStringLiteral("binary")));
        w.showPage(MainWindow::TrainingView);
        TrainingPage *train = w.trainingPage();
        QVERIFY(train->selectTask(QStringLiteral("bought")));
        train->setPreset(QStringLiteral("quick"));
        train->setMode(TrainMode::Head);
        QVERIFY(train->banner()->isHidden());
        QSignalSpy finished(train, &TrainingPage::trainingFinished);
        QTest::mouseClick(train->startButton(), Qt::LeftButton);
        QVERIFY(guitest::waitLoop([&] { return finished.count() == 1; }, 240000));
        QCOMPARE(finished.at(0).at(0).toInt(), 0);
        QVERIFY(!train->banner()->isHidden());
        QVERIFY2(train->banner()->text().contains(QStringLiteral("Positive labels only")),
                 qPrintable(train->banner()->text()));
        QVERIFY(train->banner()->text().contains(QStringLiteral("students")));
        train->showRun(finished.at(0).at(1).toLongLong());
        QVERIFY(!train->banner()->isHidden());
    }
};

QTEST_MAIN(TestGuiWorkflow)
#include "test_gui_workflow.moc"
