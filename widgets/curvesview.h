#pragma once
// CurvesView: the ROC and precision-recall charts of an epoch in two tabs, with
// a class chooser in the corner ("All classes" or one class, one-vs-rest; a
// binary task has the one positive class). Shows one epoch against the
// zero-shot baseline (training page) or the final epochs of two runs overlaid
// (runs page). Further tabs may be added by the owner (addTab).
#include <QTabWidget>

#include <optional>

#include "eval/epochmetrics.h"

class QComboBox;
class QLabel;

namespace debut {

class CurveChart;

class CurvesView : public QTabWidget {
    Q_OBJECT
public:
    explicit CurvesView(QWidget *parent = nullptr);

    CurveChart *rocChart() const { return m_roc; }
    CurveChart *prChart() const { return m_pr; }
    QComboBox *classBox() const { return m_class; }

    void clear();
    // One epoch (the latest while training) with its zero-shot baseline.
    void setMetrics(const EpochMetrics &m);
    // Two runs' epochs overlaid (no baseline).
    void setComparison(const QString &nameA, const EpochMetrics &a, const QString &nameB, const EpochMetrics &b);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reloadClasses(const std::vector<Curve> &curves);
    void redraw();

    CurveChart *m_roc, *m_pr;
    QComboBox *m_class;
    QLabel *m_classLabel;
    std::optional<EpochMetrics> m_a, m_b;
    QString m_nameA, m_nameB;
};

}   // namespace debut
