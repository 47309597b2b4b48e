#pragma once
// Shared helpers of the GUI tests: an isolated QSettings/QStandardPaths, the
// sample data paths, and an event-loop stall probe.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include "modeltestutil.h"

namespace guitest {

inline void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DebutTests"));
    QCoreApplication::setApplicationName(QStringLiteral("debut-gui-tests"));
}

inline QString sampleFile(const QString &name) { return QStringLiteral(DEBUT_SOURCE_DIR "/sample_data/") + name; }

inline QString fixture(const QString &name) { return QStringLiteral(DEBUT_TEST_DATA "/gui/") + name; }

inline bool useLiteAvailable()
{
    const QString dir = qEnvironmentVariableIsSet("DEBUT_MODELS_DIR")
                            ? qEnvironmentVariable("DEBUT_MODELS_DIR")
                            : QStringLiteral(DEBUT_SOURCE_DIR "/.cache/models");
    return QFileInfo::exists(dir + QStringLiteral("/use-lite/model.json"));
}

}   // namespace guitest

// The initTestCase of a GUI test that trains on USE-Lite: private settings, and
// a skip (a failure in CI) when the model is missing. Returns from the caller.
#define DEBUT_GUI_INIT_WITH_USE_LITE()                                                                                 \
    do {                                                                                                               \
        guitest::isolateSettings();                                                                                    \
        if (!guitest::useLiteAvailable())                                                                              \
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model files missing (run scripts/setup)");                              \
    } while (false)

namespace guitest {

// Waits until done() with a plain event loop. While a StallProbe runs, use this
// rather than QTRY_* / QTest::qWaitFor: those poll with 10 ms sleeps of the GUI
// thread, stalls the probe would blame on the workbench.
template <typename F>
bool waitLoop(F done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll, deadline;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start(2);
    deadline.setSingleShot(true);
    deadline.start(timeoutMs);
    loop.exec();
    return done();
}

// Records the longest gap between ticks of a 5 ms timer: the worst time the
// GUI thread could not run its event loop.
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_worstNs = std::max(m_worstNs, now - m_last);
            m_last = now;
            ++m_ticks;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = -1;
        m_worstNs = 0;
        m_ticks = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worstMs() const { return m_worstNs / 1e6; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1, m_worstNs = 0;
    int m_ticks = 0;
};

}   // namespace guitest
