#pragma once
// JobRunner: runs one long core call (import, training, scoring, export) on a
// worker thread of its own, PlotJuggler/Tiled style:
//   - the runner is a QObject moved to a fresh QThread; the thread's started()
//     signal (queued) runs the work; nothing else is called across threads
//     except cancel(), which only stores an std::atomic<bool>;
//   - the work receives a JobContext whose `progress` is a debut::Progress that
//     returns false once cancel() was called, so core stops within one batch;
//   - signals are delivered queued to receivers in the GUI thread;
//   - on Linux the worker thread runs 5 nice levels below the GUI thread (and so
//     do the compute threads it starts), keeping the event loop responsive;
//   - after finished() the thread quits and both the runner and its thread are
//     freed with deleteLater (use it only to connect signals right after start()).
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "common/error.h"
#include "common/progress.h"

class QThread;

namespace debut {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

// Handed to the work function; used only on the worker thread.
struct JobContext {
    Progress progress;                                           // checks cancel, reports (throttled)
    std::function<void(const std::string &json)> epochMetrics;   // one EpochMetrics JSON per epoch
    std::function<void(Severity, const std::string &)> warn;     // structured message for the panel
    std::function<bool()> cancelled;                             // true once cancel() was called
};

// The work: runs on the worker thread; must not touch widgets. Exceptions are
// caught by the runner and reported as an internal error.
using JobWork = std::function<Status(JobContext &)>;

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Creates a runner on a new thread; the thread starts when control returns
    // to the calling thread's event loop (connect to the signals right after
    // this call). The returned object lives in the worker thread and deletes
    // itself after finished().
    static JobRunner *start(const QString &title, JobWork work);

    QString title() const { return m_title; }
    // The cancel flag, shared so that the GUI can keep it after the runner has
    // deleted itself (no dangling access across threads). Setting it asks the
    // work to stop at its next progress call.
    std::shared_ptr<std::atomic<bool>> cancelFlag() const { return m_cancel; }

Q_SIGNALS:
    // stage: core stage name ("import", "train", ...); total <= 0 when unknown.
    void progress(const QString &stage, qint64 done, qint64 total, const QString &message);
    void epochMetrics(const QString &json);
    void warning(int severity, const QString &text);
    // status: a debut::StatusCode as int (0 ok, 1 user error, 3 cancelled, 4 internal).
    void finished(int status, const QString &message);

private Q_SLOTS:
    void run();

private:
    JobRunner(const QString &title, JobWork work);
    QString m_title;
    JobWork m_work;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    qint64 m_lastEmitMs = -1;
};

}   // namespace debut
