// Cancelling a training run midway from the workbench: the job stops within a
// batch, the GUI is idle again (no progress, Start enabled) and the project is
// valid with the run recorded as cancelled.
#include <QtTest>

#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolButton>

#include "guitestutil.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "trainingpage.h"

#include "project/project.h"

using namespace debut;

class TestGuiCancel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { DEBUT_GUI_INIT_WITH_USE_LITE(); }

    void cancelMidway()
    {
        QTemporaryDir dir;
        const std::string project = dir.filePath(QStringLiteral("p.debut")).toStdString();
        QVERIFY(createProject(project).ok());
        ImportOptions opt;
        QVERIFY(
            importItems(project, guitest::sampleFile(QStringLiteral("catalogue.csv")).toStdString(), opt).status.ok());
        opt.task = "style";
        opt.kind = TaskKind::Multiclass;
        QVERIFY(importLabels(project, guitest::sampleFile(QStringLiteral("labels_style.csv")).toStdString(), opt)
                    .status.ok());

        MainWindow w;
        w.show();
        QVERIFY(w.openProject(QString::fromStdString(project)));
        ProjectDocument *doc = w.document();
        TrainingPage *train = w.trainingPage();
        QVERIFY(train->selectTask(QStringLiteral("style")));
        train->setPreset(QStringLiteral("quick"));
        train->setMode(TrainMode::Lora);   // encoder batches: slow enough to be cancelled midway

        QSignalSpy finished(train, &TrainingPage::trainingFinished);
        QSignalSpy progress(doc, &ProjectDocument::jobProgress);
        guitest::StallProbe probe;
        probe.start();
        // midway: at the first report of the training loop itself (not preparation),
        // the user presses Cancel in the status bar
        bool clicked = false;
        connect(doc, &ProjectDocument::jobProgress, this, [&](const QString &stage) {
            if (!clicked && stage == QLatin1String("train")) {
                clicked = true;
                QVERIFY(w.cancelButton()->isVisible());
                QTest::mouseClick(w.cancelButton(), Qt::LeftButton);
            }
        });
        QVERIFY(train->start());
        QVERIFY(guitest::waitLoop([&] { return finished.count() == 1; }, 240000));
        guitest::waitLoop([] { return false; }, 300);   // and the repaints after the end
        QVERIFY2(clicked, "the run finished before it could be cancelled");
        probe.stop();
        qInfo("worst event-loop stall while training and cancelling: %.1f ms", probe.worstMs());
        QCOMPARE(finished.at(0).at(0).toInt(), int(StatusCode::Cancelled));

        // GUI idle
        QVERIFY(!doc->isBusy());
        QVERIFY(!train->isRunning());
        QVERIFY(train->startButton()->isEnabled());
        QVERIFY(!train->cancelButton()->isEnabled());
        QVERIFY(w.jobProgressBar()->isHidden());
        QVERIFY(w.cancelButton()->isHidden());

        // project valid, run recorded as cancelled and not active
        doc->close();
        QVERIFY(ProjectStore::validate(project) >= 1);
        ProjectStore store = ProjectStore::open(project);
        RunStore runs(store.db());
        const auto all = runs.runs();
        QCOMPARE(int(all.size()), 1);
        QVERIFY(all[0].status == RunStatus::Cancelled);
        QVERIFY(!all[0].active);
        QCOMPARE(store.itemCount(), std::int64_t(1610));
    }
};

QTEST_MAIN(TestGuiCancel)
#include "test_gui_cancel.moc"
