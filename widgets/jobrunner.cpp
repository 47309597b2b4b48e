#include "jobrunner.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <exception>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace debut {

JobRunner::JobRunner(const QString &title, JobWork work) : m_title(title), m_work(std::move(work)) {}

JobRunner *JobRunner::start(const QString &title, JobWork work)
{
    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("debut-job"));
    auto *runner = new JobRunner(title, std::move(work));
    runner->moveToThread(thread);
    connect(thread, &QThread::started, runner, &JobRunner::run);
    connect(runner, &JobRunner::finished, thread, &QThread::quit);
    connect(thread, &QThread::finished, runner, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    // Started from the caller's event loop, not here: whoever receives the
    // runner connects to its signals first, so even an instant job's finished()
    // cannot be emitted before anyone listens.
    QMetaObject::invokeMethod(
        thread, [thread] { thread->start(); }, Qt::QueuedConnection);
    return runner;
}

void JobRunner::run()
{
#ifdef __linux__
    // The GUI thread goes first: this worker (and the compute threads it starts,
    // which inherit it) runs 5 nice levels lower, so that on a busy machine the
    // scheduler does not make the event loop wait behind a training batch.
    const auto tid = id_t(syscall(SYS_gettid));
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        setpriority(PRIO_PROCESS, tid, std::min(nice + 5, 19));
#endif
    QElapsedTimer clock;
    clock.start();
    JobContext ctx;
    ctx.cancelled = [this] { return m_cancel->load(); };
    // Core may call progress thousands of times a second (one call per row
    // chunk); the GUI needs ~20 updates a second, so intermediate calls are
    // dropped here rather than flooding the GUI thread's event queue.
    ctx.progress = [this, &clock](std::string_view stage, std::int64_t done, std::int64_t total,
                                  std::string_view message) {
        const qint64 now = clock.elapsed();
        const bool last = total > 0 && done >= total;
        if (last || m_lastEmitMs < 0 || now - m_lastEmitMs >= 50) {
            m_lastEmitMs = now;
            Q_EMIT progress(QString::fromUtf8(stage.data(), int(stage.size())), done, total,
                            QString::fromUtf8(message.data(), int(message.size())));
        }
        return !m_cancel->load();
    };
    ctx.epochMetrics = [this](const std::string &json) { Q_EMIT epochMetrics(QString::fromStdString(json)); };
    ctx.warn = [this](Severity s, const std::string &text) { Q_EMIT warning(int(s), QString::fromStdString(text)); };

    Status status;
    try {
        status = m_work(ctx);
    } catch (const Cancelled &) {
        status = Status::cancelled();
    } catch (const std::exception &e) {
        status = {StatusCode::Internal, e.what()};
    } catch (...) {
        status = {StatusCode::Internal, "unknown error"};
    }
    Q_EMIT finished(int(status.code), QString::fromStdString(status.message));
}

}   // namespace debut
