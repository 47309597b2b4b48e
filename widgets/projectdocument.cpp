#include "projectdocument.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QThread>

#include "project/project.h"

#include <exception>

namespace debut {

namespace {
std::string utf8(const QString &s) { return s.toStdString(); }
}   // namespace

ProjectDocument::ProjectDocument(QObject *parent) : QObject(parent) {}

ProjectDocument::~ProjectDocument()
{
    // A job still running holds its own connection; ask it to stop. The runner
    // frees itself once the core call returns.
    cancelJob();
}

bool ProjectDocument::fail(const QString &message)
{
    m_error = message;
    Q_EMIT warning(int(Severity::Error), message);
    return false;
}

void ProjectDocument::adopt(ProjectStore store, const QString &path)
{
    close();
    m_store = std::move(store);
    m_store.db().setBusyTimeout(kGuiBusyTimeoutMs);
    m_runs = std::make_unique<RunStore>(m_store.db());
    m_path = QFileInfo(path).absoluteFilePath();
    m_error.clear();
    Q_EMIT projectOpened(m_path);
}

bool ProjectDocument::newProject(const QString &path)
{
    if (isBusy())
        return fail(tr("A job is running; wait for it or cancel it first."));
    try {
        adopt(ProjectStore::create(utf8(path)), path);
        return true;
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

bool ProjectDocument::open(const QString &path)
{
    if (isBusy())
        return fail(tr("A job is running; wait for it or cancel it first."));
    try {
        ProjectStore store = ProjectStore::open(utf8(path));
        if (int stale = store.interruptedOnOpen())
            Q_EMIT warning(int(Severity::Warning),
                           tr("%n run(s) stopped when the program running them ended; they are marked interrupted "
                              "and resume from their last checkpoint (debut train --resume).",
                              nullptr, stale));
        adopt(std::move(store), path);
        return true;
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

bool ProjectDocument::saveAs(const QString &path)
{
    if (!isOpen())
        return fail(tr("No project is open."));
    if (isBusy())
        return fail(tr("A job is running; wait for it or cancel it first."));
    if (QFileInfo(path).absoluteFilePath() == m_path)
        return true;
    if (QFileInfo::exists(path) && !QFile::remove(path))
        return fail(tr("Cannot replace %1.").arg(path));
    try {
        m_store.writeCompactCopy(utf8(path));
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    return open(path);
}

void ProjectDocument::close()
{
    if (!m_store.isOpen())
        return;
    m_runs.reset();
    m_store.close();
    m_path.clear();
    Q_EMIT projectClosed();
}

bool ProjectDocument::setLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId,
                               const QString &value)
{
    try {
        m_store.setLabel(taskId, itemRowid, segmentId, utf8(value), 1.0, "gui", ProjectStore::nowIso());
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    Q_EMIT labelsChanged(taskId);
    return true;
}

bool ProjectDocument::removeLabel(std::int64_t taskId, std::int64_t itemRowid, std::int64_t segmentId)
{
    try {
        m_store.removeLabel(taskId, itemRowid, segmentId);
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    Q_EMIT labelsChanged(taskId);
    return true;
}

bool ProjectDocument::ensureTask(const QString &name, TaskKind kind, std::int64_t *taskId)
{
    try {
        const bool existed = m_store.task(utf8(name)).has_value();
        const std::int64_t id = m_store.ensureTask(utf8(name), kind);
        if (taskId)
            *taskId = id;
        if (!existed)
            Q_EMIT tasksChanged();
        return true;
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

bool ProjectDocument::ensureSegment(const QString &name, std::int64_t *segmentId)
{
    try {
        const bool existed = m_store.segmentId(utf8(name)).has_value();
        const std::int64_t id = m_store.ensureSegment(utf8(name));
        if (segmentId)
            *segmentId = id;
        if (!existed)
            Q_EMIT segmentsChanged();
        return true;
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
}

bool ProjectDocument::renameRun(std::int64_t runId, const QString &name)
{
    try {
        m_runs->setName(runId, utf8(name));
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    Q_EMIT runsChanged();
    return true;
}

bool ProjectDocument::deleteRun(std::int64_t runId)
{
    if (isBusy())
        return fail(tr("A job is running; wait for it or cancel it first."));
    try {
        m_runs->deleteRun(runId);
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    Q_EMIT runsChanged();
    return true;
}

bool ProjectDocument::setActiveRun(std::int64_t runId)
{
    try {
        m_runs->setActive(runId);
    } catch (const std::exception &e) {
        return fail(QString::fromStdString(e.what()));
    }
    Q_EMIT runsChanged();
    return true;
}

JobRunner *ProjectDocument::startJob(const QString &title, JobWork work, int changes)
{
    if (isBusy()) {
        fail(tr("A job is already running (%1).").arg(m_jobTitle));
        return nullptr;
    }
    JobRunner *job = JobRunner::start(title, std::move(work));
    m_busy = true;
    m_jobTitle = title;
    m_jobCancel = job->cancelFlag();
    connect(job, &JobRunner::progress, this, &ProjectDocument::jobProgress);
    connect(job, &JobRunner::epochMetrics, this, &ProjectDocument::jobEpochMetrics);
    connect(job, &JobRunner::warning, this, &ProjectDocument::warning);
    connect(job, &JobRunner::finished, this, [this, changes, title](int status, const QString &message) {
        m_busy = false;
        m_jobTitle.clear();
        m_jobCancel.reset();
        if (status == int(StatusCode::Ok))
            Q_EMIT warning(int(Severity::Info), tr("%1: done. %2").arg(title, message).trimmed());
        else if (status == int(StatusCode::Cancelled))
            Q_EMIT warning(int(Severity::Warning), tr("%1: cancelled.").arg(title));
        else
            Q_EMIT warning(int(Severity::Error), tr("%1 failed: %2").arg(title, message));
        if (changes & ItemsChanged)
            Q_EMIT itemsChanged();
        if (changes & TasksChanged)
            Q_EMIT tasksChanged();
        if (changes & LabelsChanged)
            Q_EMIT labelsChanged(0);
        if (changes & RunsChanged)
            Q_EMIT runsChanged();
        Q_EMIT jobFinished(status, message);
    });
    Q_EMIT jobStarted(title);
    return job;
}

void ProjectDocument::cancelJob()
{
    if (m_jobCancel)
        m_jobCancel->store(true);
}

QString ProjectDocument::deviceDescription()
{
    if (const int cuda = cudaDeviceCount())
        return tr("CUDA (%n device(s))", nullptr, cuda);
    return tr("CPU (%n thread(s))", nullptr, QThread::idealThreadCount());
}

}   // namespace debut
