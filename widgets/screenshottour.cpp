#include "screenshottour.h"

#include "cataloguepage.h"
#include "importwizard.h"
#include "labelspage.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "recommendationmodel.h"
#include "recommendationspage.h"
#include "runsmodel.h"
#include "runspage.h"
#include "trainingpage.h"

#include <QComboBox>
#include <QDir>
#include <QPixmap>
#include <QTableView>
#include <QTimer>

namespace debut {

namespace {
constexpr int kSettleMs = 300;   // layouts, lazy fetches and chart repaints settle
}

ScreenshotTour::ScreenshotTour(MainWindow *window, const QString &outDir, const QString &prefix, const QString &task,
                               const QString &sampleFile, QObject *parent)
    : QObject(parent), m_window(window), m_outDir(outDir), m_prefix(prefix), m_task(task), m_sample(sampleFile)
{}

void ScreenshotTour::start()
{
    QDir().mkpath(m_outDir);
    m_window->resize(1280, 800);
    m_window->show();
    later(kSettleMs, [this] { next(); });
}

void ScreenshotTour::later(int ms, std::function<void()> fn) { QTimer::singleShot(ms, this, std::move(fn)); }

void ScreenshotTour::fail(const QString &why)
{
    qWarning("screenshots: %s", qPrintable(why));
    Q_EMIT finished(false);
}

void ScreenshotTour::shoot(QWidget *widget, const QString &view)
{
    const QString file = QDir(m_outDir).filePath(QStringLiteral("%1_%2.png").arg(m_prefix, view));
    if (widget->grab().save(file))
        m_written << file;
    else
        qWarning("screenshots: cannot write %s", qPrintable(file));
}

void ScreenshotTour::next()
{
    ProjectDocument *doc = m_window->document();
    // training first: the labels page's suggestions and the ranked list need a run
    static const int kOrder[] = {0, 2, 3, 1, 4, 5};
    const int step = m_step < int(std::size(kOrder)) ? kOrder[m_step] : -1;
    ++m_step;
    switch (step) {
    case 0:
        m_window->showPage(MainWindow::CatalogueView);
        later(kSettleMs, [this] {
            m_window->cataloguePage()->view()->selectRow(2);
            shoot(m_window, QStringLiteral("catalogue"));
            next();
        });
        return;
    case 1: {
        m_window->showPage(MainWindow::LabelsView);
        LabelsPage *labels = m_window->labelsPage();
        for (int i = 0; i < labels->taskBox()->count(); ++i)
            if (labels->taskBox()->itemText(i).startsWith(m_task + QLatin1String(" (")))
                labels->taskBox()->setCurrentIndex(i);
        // the suggestions come from a job (it may score the catalogue first)
        connect(
            labels, &LabelsPage::suggestionsReady, this,
            [this, labels] {
                later(kSettleMs, [this, labels] {
                    labels->view()->selectRow(0);
                    shoot(m_window, QStringLiteral("labels"));
                    next();
                });
            },
            Qt::SingleShotConnection);
        labels->refreshSuggestions();
        return;
    }
    case 2: {
        m_window->showPage(MainWindow::TrainingView);
        TrainingPage *train = m_window->trainingPage();
        if (!train->selectTask(m_task))
            return fail(QStringLiteral("no task '%1'").arg(m_task));
        std::optional<RunInfo> run;
        if (auto t = doc->store().task(m_task.toStdString()))
            run = doc->runs().servingRun(t->id);
        if (run) {
            train->showRun(run->id);
            later(kSettleMs, [this] {
                shoot(m_window, QStringLiteral("training"));
                next();
            });
            return;
        }
        train->setPreset(QStringLiteral("quick"));
        train->setMode(TrainMode::Auto);
        connect(
            train, &TrainingPage::trainingFinished, this,
            [this](int status) {
                if (status != 0)
                    return fail(QStringLiteral("training failed"));
                later(kSettleMs, [this] {
                    shoot(m_window, QStringLiteral("training"));
                    next();
                });
            },
            Qt::SingleShotConnection);
        if (!train->start())
            fail(QStringLiteral("cannot start training: %1").arg(doc->errorString()));
        return;
    }
    case 3:
        m_window->showPage(MainWindow::RecommendationsView);
        m_window->recommendationsPage()->selectTask(m_task);
        recommendations(true);
        return;
    case 4: {
        m_window->showPage(MainWindow::RunsView);
        RunsPage *runs = m_window->runsPage();
        QList<qint64> ids;
        for (int r = 0; r < runs->model()->rowCount() && ids.size() < 2; ++r)
            if (runs->model()->runAt(r)->status == RunStatus::Done)
                ids << runs->model()->runAt(r)->id;
        runs->selectRuns(ids);
        later(kSettleMs, [this] {
            shoot(m_window, QStringLiteral("runs"));
            next();
        });
        return;
    }
    case 5: {
        if (m_sample.isEmpty())
            return next();
        auto *wizard = new ImportWizard(doc, ImportWizard::Items, m_window);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        wizard->setFile(m_sample);
        wizard->show();
        wizard->next();
        wizard->next();
        later(kSettleMs, [this, wizard] {
            shoot(wizard, QStringLiteral("import"));
            wizard->close();
            next();
        });
        return;
    }
    default: Q_EMIT finished(true);
    }
}

void ScreenshotTour::recommendations(bool mayScore)
{
    RecommendationsPage *rec = m_window->recommendationsPage();
    // The list loads on a worker: look at it once the reload started here is in
    // (the rows before it may be a superseded list's).
    connect(
        rec->model(), &RecommendationModel::loaded, this,
        [this, rec, mayScore] {
            if (rec->model()->rowCount() == 0) {
                if (!mayScore)
                    return fail(QStringLiteral("no recommendations after scoring"));
                connect(
                    rec, &RecommendationsPage::scoringFinished, this,
                    [this](int status) {
                        if (status != 0)
                            return fail(QStringLiteral("scoring failed"));
                        later(kSettleMs, [this] { recommendations(false); });
                    },
                    Qt::SingleShotConnection);
                if (!rec->scoreCatalogue())
                    fail(QStringLiteral("cannot score"));
                return;
            }
            auto done = std::make_shared<bool>(false);
            auto shot = [this, done] {
                if (*done)
                    return;
                *done = true;
                later(kSettleMs, [this] {
                    shoot(m_window, QStringLiteral("recommendations"));
                    next();
                });
            };
            connect(rec, &RecommendationsPage::explanationShown, this, shot, Qt::SingleShotConnection);
            // an explanation that fails still leaves a list worth showing
            connect(m_window->document(), &ProjectDocument::jobFinished, this, [shot](int status) {
                if (status != 0)
                    shot();
            });
            rec->selectRow(0);
        },
        Qt::SingleShotConnection);
    rec->refresh();
}

}   // namespace debut
