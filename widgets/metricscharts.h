#pragma once
// Charts of a run's metrics (Qt Charts), fed EpochMetrics values:
//   LossChart  train and dev loss by epoch (+ per-batch training loss when the
//              job reports it), linear or log-scale y axis; extra runs can be
//              overlaid for comparison (dashed).
//   AucChart   ROC-AUC and PR-AUC of each epoch on dev, with the zero-shot
//              baseline as dashed lines ("before" vs "after").
// Both redraw only when told (the caller coalesces updates on a timer).
#include <QChartView>
#include <QColor>
#include <QVector>

#include <vector>

#include "eval/epochmetrics.h"

class QLineSeries;
class QAbstractAxis;

namespace debut {

// What the charts' x axis counts: training epochs, or (auto mode) the candidates
// cross-validated one after another, which have no train loss.
struct AxisRows {
    bool epochs = false, candidates = false;
    void add(const EpochMetrics &m) { (m.stage == MetricsStage::Candidate ? candidates : epochs) = true; }
    QString title() const;
};

class LossChart : public QChartView {
    Q_OBJECT
public:
    explicit LossChart(QWidget *parent = nullptr);

    void clear();
    // Appends epochs of the live run (x = epoch).
    void appendEpochs(const std::vector<EpochMetrics> &epochs);
    // Appends per-batch training losses; x in epochs (fractional).
    void appendBatchLoss(const QVector<QPointF> &points);
    // Adds a finished run as its own pair of series (for side-by-side comparison).
    void addRun(const QString &name, const std::vector<EpochMetrics> &epochs, const QColor &colour);
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    int pointCount() const;   // train + dev epoch points of the live run

protected:
    void changeEvent(QEvent *event) override;
    // A short chart (banners above it) drops its x-axis title, or its labels would read "…".
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuildAxes();
    void retranslate();
    // One row: its dev loss, and its train loss unless it is an auto candidate.
    void addPoint(const EpochMetrics &m, QList<QPointF> &train, QList<QPointF> &dev);
    QLineSeries *m_train, *m_dev, *m_batch;
    QList<QLineSeries *> m_extra;
    bool m_log = false;
    AxisRows m_rows;
    double m_minY = 1e300, m_maxY = -1e300, m_maxX = 1;
};

class AucChart : public QChartView {
    Q_OBJECT
public:
    explicit AucChart(QWidget *parent = nullptr);
    void clear();
    void appendEpochs(const std::vector<EpochMetrics> &epochs);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateAxes();
    QLineSeries *m_roc, *m_pr, *m_rocBase, *m_prBase;
    AxisRows m_rows;
    double m_maxX = 1;
};

}   // namespace debut
