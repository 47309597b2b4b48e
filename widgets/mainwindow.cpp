#include "mainwindow.h"

#include "appearance.h"

#include "cataloguepage.h"
#include "importwizard.h"
#include "labelspage.h"
#include "projectdocument.h"
#include "recommendationspage.h"
#include "runspage.h"
#include "settingsdialog.h"
#include "trainingpage.h"
#include "warningsmodel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

static void initDebutResources() { Q_INIT_RESOURCE(debut); }

namespace debut {

namespace {
constexpr int kMaxRecent = 8;
const char *kRecentKey = "recentFiles";

bool isProjectFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("debut") || suffix == QLatin1String("sqlite") || suffix == QLatin1String("db");
}

bool isDataFile(const QString &path)
{
    static const QStringList kSuffixes = {QStringLiteral("csv"), QStringLiteral("tsv"), QStringLiteral("txt"),
                                          QStringLiteral("jsonl"), QStringLiteral("ndjson")};
    return kSuffixes.contains(QFileInfo(path).suffix().toLower());
}

bool looksLikeLabels(const QString &path)
{
    return QFileInfo(path).fileName().contains(QLatin1String("label"), Qt::CaseInsensitive);
}

QString formatDuration(qint64 secs)
{
    if (secs < 60)
        return QObject::tr("%1 s").arg(secs);
    if (secs < 3600)
        return QObject::tr("%1 min %2 s").arg(secs / 60).arg(secs % 60);
    return QObject::tr("%1 h %2 min").arg(secs / 3600).arg((secs % 3600) / 60);
}
}   // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_doc(new ProjectDocument(this)), m_warnings(new WarningsModel(this))
{
    initDebutResources();
    // the saved light / dark choice; "" keeps the system's palette
    if (!Appearance::configured().isEmpty())
        Appearance::apply(Appearance::configured());
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/debut.svg")));
    setAcceptDrops(true);
    connect(m_doc, &ProjectDocument::warning, m_warnings, &WarningsModel::add);

    m_nav = new QListWidget;
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setIconSize(QSize(24, 24));
    m_nav->setSpacing(2);
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    static const char *kIcons[] = {"catalogue", "labels", "training", "recommendations", "runs"};
    for (int i = 0; i < PageCount; ++i)
        new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(kIcons[i]))), QString(), m_nav);

    m_stack = new QStackedWidget;
    m_catalogue = new CataloguePage(m_doc);
    m_labels = new LabelsPage(m_doc);
    m_training = new TrainingPage(m_doc);
    m_recommend = new RecommendationsPage(m_doc);
    m_runs = new RunsPage(m_doc);
    m_stack->addWidget(m_catalogue);
    m_stack->addWidget(m_labels);
    m_stack->addWidget(m_training);
    m_stack->addWidget(m_recommend);
    m_stack->addWidget(m_runs);
    connect(m_nav, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    auto *central = new QWidget;
    auto *centralLayout = new QHBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_nav);
    centralLayout->addWidget(m_stack, 1);
    setCentralWidget(central);

    createActions();
    createStatusBar();
    createWarningsDock();
    retranslate();
    m_nav->setCurrentRow(0);
    m_nav->setFixedWidth(qMax(160, m_nav->sizeHintForColumn(0) + 24));

    connect(m_doc, &ProjectDocument::projectOpened, this, &MainWindow::onProjectOpened);
    connect(m_doc, &ProjectDocument::projectClosed, this, &MainWindow::onProjectClosed);
    connect(m_doc, &ProjectDocument::jobStarted, this, &MainWindow::onJobStarted);
    connect(m_doc, &ProjectDocument::jobProgress, this, &MainWindow::onJobProgress);
    connect(m_doc, &ProjectDocument::jobFinished, this, &MainWindow::onJobFinished);
    connect(m_labels, &LabelsPage::importRequested, this, &MainWindow::importLabels);
    connect(m_catalogue, &CataloguePage::importRequested, this, &MainWindow::importItems);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    updateRecentMenu();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_newAct = new QAction(QIcon(QStringLiteral(":/icons/new.svg")), QString(), this);
    m_newAct->setShortcut(QKeySequence::New);
    connect(m_newAct, &QAction::triggered, this, &MainWindow::newProject);
    m_openAct = new QAction(QIcon(QStringLiteral(":/icons/open.svg")), QString(), this);
    m_openAct->setShortcut(QKeySequence::Open);
    connect(m_openAct, &QAction::triggered, this, &MainWindow::openProjectDialog);
    m_saveAsAct = new QAction(QIcon(QStringLiteral(":/icons/save.svg")), QString(), this);
    m_saveAsAct->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAct, &QAction::triggered, this, &MainWindow::saveProjectAs);
    m_closeAct = new QAction(this);
    m_closeAct->setShortcut(QKeySequence::Close);
    connect(m_closeAct, &QAction::triggered, m_doc, &ProjectDocument::close);
    m_importItemsAct = new QAction(QIcon(QStringLiteral(":/icons/import.svg")), QString(), this);
    m_importItemsAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(m_importItemsAct, &QAction::triggered, this, &MainWindow::importItems);
    m_importLabelsAct = new QAction(this);
    m_importLabelsAct->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    connect(m_importLabelsAct, &QAction::triggered, this, &MainWindow::importLabels);
    m_quitAct = new QAction(this);
    m_quitAct->setShortcut(QKeySequence::Quit);
    m_quitAct->setMenuRole(QAction::QuitRole);
    connect(m_quitAct, &QAction::triggered, this, &QWidget::close);
    m_settingsAct = new QAction(QIcon(QStringLiteral(":/icons/settings.svg")), QString(), this);
    m_settingsAct->setShortcut(QKeySequence::Preferences);
    m_settingsAct->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAct, &QAction::triggered, this, &MainWindow::showSettings);
    m_aboutAct = new QAction(this);
    connect(m_aboutAct, &QAction::triggered, this, &MainWindow::showAbout);

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_newAct);
    m_fileMenu->addAction(m_openAct);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_saveAsAct);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_importItemsAct);
    m_fileMenu->addAction(m_importLabelsAct);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_closeAct);
    m_fileMenu->addAction(m_quitAct);
    m_viewMenu = menuBar()->addMenu(QString());
    for (int i = 0; i < PageCount; ++i) {
        auto *act = m_viewMenu->addAction(QString());
        act->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
        connect(act, &QAction::triggered, this, [this, i] { showPage(Page(i)); });
    }
    m_viewMenu->addSeparator();
    m_toolsMenu = menuBar()->addMenu(QString());
    m_toolsMenu->addAction(m_settingsAct);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAct);

    auto *tb = addToolBar(QString());
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->setIconSize(QSize(20, 20));
    tb->addAction(m_newAct);
    tb->addAction(m_openAct);
    tb->addAction(m_saveAsAct);
    tb->addSeparator();
    tb->addAction(m_importItemsAct);
}

void MainWindow::createStatusBar()
{
    m_deviceLabel = new QLabel(this);
    m_jobLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("jobProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setMaximumHeight(18);
    m_etaLabel = new QLabel(this);
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelJob"));
    m_cancelButton->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));
    m_cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancelButton->setAutoRaise(true);
    connect(m_cancelButton, &QToolButton::clicked, m_doc, &ProjectDocument::cancelJob);
    statusBar()->addWidget(m_jobLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_etaLabel);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->addPermanentWidget(m_deviceLabel);
    m_progress->hide();
    m_etaLabel->hide();
    m_cancelButton->hide();
}

void MainWindow::createWarningsDock()
{
    m_warningsDock = new QDockWidget(this);
    m_warningsDock->setObjectName(QStringLiteral("warningsDock"));
    m_warningsView = new QTableView(m_warningsDock);
    m_warningsView->setModel(m_warnings);
    m_warningsView->verticalHeader()->hide();
    m_warningsView->horizontalHeader()->setStretchLastSection(true);
    m_warningsView->horizontalHeader()->resizeSection(WarningsModel::SeverityColumn, 110);
    m_warningsView->horizontalHeader()->resizeSection(
        WarningsModel::TimeColumn, m_warningsView->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00")) + 24);
    m_warningsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_warningsView->setWordWrap(false);
    m_warningsView->setShowGrid(false);
    m_warningsDock->setWidget(m_warningsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_warningsDock);
    resizeDocks({m_warningsDock}, {120}, Qt::Vertical);
    m_warningsAct = m_warningsDock->toggleViewAction();
    m_warningsAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_viewMenu->addAction(m_warningsAct);
    connect(m_warnings, &QAbstractItemModel::rowsInserted, m_warningsView,
            [this] { m_warningsView->scrollToBottom(); });
}

void MainWindow::retranslate()
{
    m_nav->item(CatalogueView)->setText(tr("Catalogue"));
    m_nav->item(LabelsView)->setText(tr("Labels"));
    m_nav->item(TrainingView)->setText(tr("Training"));
    m_nav->item(RecommendationsView)->setText(tr("Recommendations"));
    m_nav->item(RunsView)->setText(tr("Runs"));
    m_newAct->setText(tr("&New Project…"));
    m_openAct->setText(tr("&Open Project…"));
    m_saveAsAct->setText(tr("Save Project &As…"));
    m_closeAct->setText(tr("&Close Project"));
    m_importItemsAct->setText(tr("Import &Items…"));
    m_importLabelsAct->setText(tr("Import &Labels…"));
    m_quitAct->setText(tr("&Quit"));
    m_settingsAct->setText(tr("&Settings…"));
    m_aboutAct->setText(tr("&About Debut"));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_viewMenu->setTitle(tr("&View"));
    m_toolsMenu->setTitle(tr("&Tools"));
    m_helpMenu->setTitle(tr("&Help"));
    const QList<QAction *> viewActs = m_viewMenu->actions();
    for (int i = 0; i < PageCount && i < viewActs.size(); ++i)
        viewActs[i]->setText(m_nav->item(i)->text());
    m_warningsDock->setWindowTitle(tr("Messages"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the running job after its current batch"));
    m_deviceLabel->setText(tr("Device: %1").arg(ProjectDocument::deviceDescription()));
    setWindowTitle(m_doc->isOpen() ? tr("%1 — Debut").arg(QFileInfo(m_doc->path()).fileName()) : tr("Debut Workbench"));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange && m_nav)
        retranslate();
    QMainWindow::changeEvent(event);
}

bool MainWindow::openProject(const QString &path)
{
    if (!m_doc->open(path)) {
        QMessageBox::warning(this, tr("Open Project"), m_doc->errorString());
        return false;
    }
    return true;
}

void MainWindow::showPage(Page page) { m_nav->setCurrentRow(int(page)); }

MainWindow::Page MainWindow::currentPage() const { return Page(m_stack->currentIndex()); }

void MainWindow::newProject()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("New Project"), QString(), tr("Debut projects (*.debut)"));
    if (path.isEmpty())
        return;
    QString file = path;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".debut");
    if (QFileInfo::exists(file) && !QFile::remove(file)) {
        QMessageBox::warning(this, tr("New Project"), tr("Cannot replace %1.").arg(file));
        return;
    }
    if (!m_doc->newProject(file))
        QMessageBox::warning(this, tr("New Project"), m_doc->errorString());
}

void MainWindow::openProjectDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), QString(),
                                                      tr("Debut projects (*.debut);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::saveProjectAs()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Project As"), m_doc->path(), tr("Debut projects (*.debut)"));
    if (!path.isEmpty() && !m_doc->saveAs(path))
        QMessageBox::warning(this, tr("Save Project As"), m_doc->errorString());
}

int MainWindow::importFile(const QString &file, bool labels)
{
    if (!m_doc->isOpen()) {
        QMessageBox::information(this, tr("Import"), tr("Open or create a project first."));
        return 0;
    }
    ImportWizard wizard(m_doc, labels ? ImportWizard::Labels : ImportWizard::Items, this);
    if (!file.isEmpty())
        wizard.setFile(file);
    return wizard.exec();
}

void MainWindow::importItems() { importFile(QString(), false); }
void MainWindow::importLabels() { importFile(QString(), true); }

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Debut"),
                       tr("<b>Debut %1</b><p>Few-shot recommendations for new items: label a handful, "
                          "fine-tune a text encoder, rank, explain and export.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::onProjectOpened(const QString &path)
{
    addRecentFile(path);
    retranslate();
    updateActions();
}

void MainWindow::onProjectClosed()
{
    retranslate();
    updateActions();
}

void MainWindow::onJobStarted(const QString &title)
{
    m_jobClock.start();
    m_jobStage.clear();
    m_stageStartMs = 0;
    m_jobLabel->setText(title);
    m_progress->setRange(0, 0);
    m_progress->show();
    m_etaLabel->clear();
    m_etaLabel->show();
    m_cancelButton->setEnabled(true);
    m_cancelButton->show();
    updateActions();
}

void MainWindow::onJobProgress(const QString &stage, qint64 done, qint64 total, const QString &message)
{
    const qint64 now = m_jobClock.elapsed();
    if (stage != m_jobStage) {   // the ETA is per stage: stages run at very different speeds
        m_jobStage = stage;
        m_stageStartMs = now;
    }
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(qBound<qint64>(qint64(0), done * 1000 / total, qint64(1000))));
        const qint64 spent = now - m_stageStartMs;
        if (done > 0 && spent > 500) {
            const qint64 left = spent * (total - done) / done / 1000;
            m_etaLabel->setText(tr("ETA %1").arg(formatDuration(left)));
        }
    } else {
        m_progress->setRange(0, 0);
    }
    m_jobLabel->setText(message.isEmpty() ? QStringLiteral("%1 — %2").arg(m_doc->currentJobTitle(), stage)
                                          : QStringLiteral("%1 — %2").arg(m_doc->currentJobTitle(), message));
}

void MainWindow::onJobFinished(int status, const QString &message)
{
    Q_UNUSED(message);
    m_progress->hide();
    m_etaLabel->hide();
    m_cancelButton->hide();
    m_jobLabel->setText(status == 0 ? tr("Done.") : status == 3 ? tr("Cancelled.") : tr("Failed — see Messages."));
    updateActions();
}

void MainWindow::updateActions()
{
    const bool open = m_doc->isOpen();
    const bool busy = m_doc->isBusy();
    m_saveAsAct->setEnabled(open && !busy);
    m_closeAct->setEnabled(open && !busy);
    m_importItemsAct->setEnabled(open && !busy);
    m_importLabelsAct->setEnabled(open && !busy);
    m_newAct->setEnabled(!busy);
    m_openAct->setEnabled(!busy);
    m_recentMenu->setEnabled(!busy);
}

QStringList MainWindow::recentFiles() { return QSettings().value(QLatin1String(kRecentKey)).toStringList(); }

void MainWindow::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(QLatin1String(kRecentKey), files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString &f : files) {
        QAction *act = m_recentMenu->addAction(QFileInfo(f).fileName());
        act->setToolTip(f);
        connect(act, &QAction::triggered, this, [this, f] { openProject(f); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_doc->isBusy()) {
        const auto answer =
            QMessageBox::question(this, tr("Quit"), tr("A job is running. Cancel it and quit when it has stopped?"));
        if (answer == QMessageBox::Yes) {
            m_doc->cancelJob();
            connect(m_doc, &ProjectDocument::jobFinished, this, &QWidget::close, Qt::QueuedConnection);
        }
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) {
        const QString f = urls.first().toLocalFile();
        if (isProjectFile(f) || isDataFile(f))
            event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString f = event->mimeData()->urls().value(0).toLocalFile();
    event->acceptProposedAction();
    if (isProjectFile(f))
        openProject(f);
    else if (isDataFile(f))
        // queued: the wizard's own event loop must not run inside the drop handler
        QMetaObject::invokeMethod(
            this, [this, f] { importFile(f, looksLikeLabels(f)); }, Qt::QueuedConnection);
}

}   // namespace debut
