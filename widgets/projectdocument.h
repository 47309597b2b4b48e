#pragma once
// ProjectDocument: the one object through which the workbench changes a
// project (Tiled's MapDocument). It owns the open project's path and a
// ProjectStore connection on the GUI thread (reads by the item models, small
// writes such as one label), starts long jobs on a JobRunner (each job opens its
// own connection on the same file; SQLite WAL lets the GUI keep reading), and
// emits change signals the models and pages listen to.
//
// Errors: calls return false and set errorString(); core exceptions never
// escape. Structured messages (severity, text) go out through warning().
// Another process writing the project (an import, a training run): a small edit
// on the GUI thread waits at most kGuiBusyTimeoutMs for it, then fails with the
// store's message naming who holds the project ("the project is busy: training
// run 3 of task 'bought' (process 1234 on host h) is writing to it ..."), instead
// of freezing the window for the store's full wait.
// Threading: GUI thread only (except the JobWork functions, which run on the
// worker and must use only their own store connection).
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

#include "jobrunner.h"
#include "store/projectstore.h"
#include "store/runstore.h"

namespace debut {

class ProjectDocument : public QObject {
    Q_OBJECT
public:
    static constexpr int kGuiBusyTimeoutMs = 2000;

    explicit ProjectDocument(QObject *parent = nullptr);
    ~ProjectDocument() override;

    bool isOpen() const { return m_store.isOpen(); }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    bool newProject(const QString &path);
    bool open(const QString &path);
    // Writes a compact copy of the open project to `path` and switches to it.
    bool saveAs(const QString &path);
    void close();

    // Read access for models and pages (GUI thread). Valid while isOpen().
    ProjectStore &store() { return m_store; }
    RunStore &runs() { return *m_runs; }

    // ---- small edits (GUI thread, one statement each) ----------------------
    bool setLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId, const QString &value);
    bool removeLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId);
    bool ensureTask(const QString &name, TaskKind kind, std::int64_t *taskId = nullptr);
    // Emits segmentsChanged() when the segment is new.
    bool ensureSegment(const QString &name, std::int64_t *segmentId = nullptr);
    bool renameRun(std::int64_t runId, const QString &name);
    bool deleteRun(std::int64_t runId);
    bool setActiveRun(std::int64_t runId);

    // ---- long jobs ---------------------------------------------------------
    // Starts `work` on a worker unless a job is running (then returns nullptr and
    // sets errorString()). `changes` says which change signals to emit when the
    // job has finished (any status: a cancelled job may have rolled back, a
    // refresh is cheap). The work opens its own ProjectStore on path().
    enum Change { NoChange = 0, ItemsChanged = 1, LabelsChanged = 2, RunsChanged = 4, TasksChanged = 8 };
    JobRunner *startJob(const QString &title, JobWork work, int changes);
    bool isBusy() const { return m_busy; }
    QString currentJobTitle() const { return m_jobTitle; }
    void cancelJob();

    // Human-readable compute device ("CPU (16 threads)", "CUDA: NVIDIA H100").
    static QString deviceDescription();

Q_SIGNALS:
    void projectOpened(const QString &path);
    void projectClosed();
    void itemsChanged();
    void labelsChanged(qint64 taskId);
    void tasksChanged();
    void segmentsChanged();
    void runsChanged();
    void warning(int severity, const QString &text);

    void jobStarted(const QString &title);
    void jobProgress(const QString &stage, qint64 done, qint64 total, const QString &message);
    void jobEpochMetrics(const QString &json);
    void jobFinished(int status, const QString &message);

private:
    bool fail(const QString &message);
    void adopt(ProjectStore store, const QString &path);

    ProjectStore m_store;
    std::unique_ptr<RunStore> m_runs;
    QString m_path;
    QString m_error;
    bool m_busy = false;
    QString m_jobTitle;
    std::shared_ptr<std::atomic<bool>> m_jobCancel;
};

}   // namespace debut
