#pragma once
// MainWindow: the workbench shell. Left navigation (Catalogue, Labels,
// Training, Recommendations, Runs) over a stack of pages; File menu with new /
// open / recent / save-as / import; a status bar with the compute device, the
// running job's progress, ETA and a Cancel button; one warnings dock for every
// structured message. Window geometry and recent files persist in QSettings.
// Dropping a catalogue or label file (.csv/.tsv/.jsonl) opens the import
// wizard; dropping a project file opens it.
#include <QElapsedTimer>
#include <QMainWindow>
#include <QStringList>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace debut {

class CataloguePage;
class LabelsPage;
class ProjectDocument;
class RecommendationsPage;
class RunsPage;
class TrainingPage;
class WarningsModel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { CatalogueView, LabelsView, TrainingView, RecommendationsView, RunsView, PageCount };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ProjectDocument *document() const { return m_doc; }
    WarningsModel *warnings() const { return m_warnings; }
    CataloguePage *cataloguePage() const { return m_catalogue; }
    LabelsPage *labelsPage() const { return m_labels; }
    TrainingPage *trainingPage() const { return m_training; }
    RecommendationsPage *recommendationsPage() const { return m_recommend; }
    RunsPage *runsPage() const { return m_runs; }
    QToolButton *cancelButton() const { return m_cancelButton; }
    QProgressBar *jobProgressBar() const { return m_progress; }

    bool openProject(const QString &path);
    void showPage(Page page);
    Page currentPage() const;
    // Opens the import wizard on `file` (items when `labels` is false). Returns
    // the dialog's result.
    int importFile(const QString &file, bool labels);

    static QStringList recentFiles();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private Q_SLOTS:
    void newProject();
    void openProjectDialog();
    void saveProjectAs();
    void importItems();
    void importLabels();
    void showSettings();
    void showAbout();
    void onProjectOpened(const QString &path);
    void onProjectClosed();
    void onJobStarted(const QString &title);
    void onJobProgress(const QString &stage, qint64 done, qint64 total, const QString &message);
    void onJobFinished(int status, const QString &message);

private:
    void createActions();
    void createStatusBar();
    void createWarningsDock();
    void retranslate();
    void addRecentFile(const QString &path);
    void updateRecentMenu();
    void updateActions();

    ProjectDocument *m_doc;
    WarningsModel *m_warnings;
    QListWidget *m_nav = nullptr;
    QStackedWidget *m_stack = nullptr;
    CataloguePage *m_catalogue = nullptr;
    LabelsPage *m_labels = nullptr;
    TrainingPage *m_training = nullptr;
    RecommendationsPage *m_recommend = nullptr;
    RunsPage *m_runs = nullptr;

    QMenu *m_fileMenu = nullptr, *m_recentMenu = nullptr, *m_viewMenu = nullptr, *m_toolsMenu = nullptr,
          *m_helpMenu = nullptr;
    QAction *m_newAct = nullptr, *m_openAct = nullptr, *m_saveAsAct = nullptr, *m_closeAct = nullptr,
            *m_importItemsAct = nullptr, *m_importLabelsAct = nullptr, *m_quitAct = nullptr, *m_settingsAct = nullptr,
            *m_aboutAct = nullptr, *m_warningsAct = nullptr;
    class QDockWidget *m_warningsDock = nullptr;
    QTableView *m_warningsView = nullptr;

    QLabel *m_deviceLabel = nullptr;
    QLabel *m_jobLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_etaLabel = nullptr;
    QToolButton *m_cancelButton = nullptr;
    QElapsedTimer m_jobClock;
    QString m_jobStage;
    qint64 m_stageStartMs = 0;
};

}   // namespace debut
