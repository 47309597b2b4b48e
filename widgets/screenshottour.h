#pragma once
// ScreenshotTour: drives an open MainWindow through every main view and saves
// each as PNG (`scripts/screenshots`, docs/screenshots/). Steps are chained by
// signals and single-shot timers (the event loop keeps running; no
// processEvents loops): catalogue, labels, training (trains a quick head-only
// run when the task has none), recommendations (scores when needed, selects
// the first item and waits for its explanation), runs, the import wizard's
// mapping page. Emits finished(ok) at the end.
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace debut {

class MainWindow;

class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    // Files are named <outDir>/<prefix>_<view>.png. `sampleFile`: a catalogue
    // shown in the import wizard (may be empty to skip that shot).
    ScreenshotTour(MainWindow *window, const QString &outDir, const QString &prefix, const QString &task,
                   const QString &sampleFile, QObject *parent = nullptr);
    void start();
    QStringList written() const { return m_written; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void next();
    // The recommendations shot: waits for the ranked list to load, scores the
    // catalogue first when it is empty (once: mayScore), then explains row 0.
    void recommendations(bool mayScore);
    void shoot(QWidget *widget, const QString &view);
    void later(int ms, std::function<void()> fn);
    void fail(const QString &why);

    MainWindow *m_window;
    QString m_outDir, m_prefix, m_task, m_sample;
    int m_step = 0;
    QStringList m_written;
};

}   // namespace debut
