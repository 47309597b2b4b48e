#pragma once
// CurveChart: one ROC or precision-recall chart (Qt Charts) of a run's dev data,
// as EpochMetrics::roc / pr hold them (core/eval/metrics.h Curve).
//   one class:   the current epoch's curve (solid), the zero-shot baseline's
//                (dashed) and the chance line (ROC: the diagonal; PR: the share
//                of the class in the data), each named with its area;
//   all classes: one solid curve per class (one-vs-rest), no baseline.
// Optional extra curves (other runs) are overlaid for comparison.
// Redraws only when setCurves is called (the caller coalesces updates).
#include <QChartView>
#include <QColor>

#include <vector>

#include "eval/metrics.h"

namespace debut {

class CurveChart : public QChartView {
    Q_OBJECT
public:
    enum Kind { Roc, PrecisionRecall };
    explicit CurveChart(Kind kind, QWidget *parent = nullptr);

    Kind kind() const { return m_kind; }
    void clear();
    // Shows `cls` ("" = all classes) of `current` (named `currentName`, e.g.
    // "epoch 5") against `baseline` (may be empty). `devCount` > 0 draws the PR
    // chance line at positives / devCount.
    void setCurves(const std::vector<Curve> &current, const QString &currentName, const std::vector<Curve> &baseline,
                   const QString &cls, std::int64_t devCount);
    // Adds another run's curve of `cls` in `colour` (comparison); returns false when it has none.
    bool addCurve(const std::vector<Curve> &curves, const QString &name, const QString &cls, const QColor &colour);
    int curveCount() const;   // series drawn, the chance line excluded

protected:
    void changeEvent(QEvent *event) override;
    // Fewer value ticks on a short chart: six labels in too little height were all
    // drawn as "…".
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void addSeries(const Curve &c, const QString &name, const QColor &colour, Qt::PenStyle style, qreal width);
    Kind m_kind;
    int m_curves = 0;
};

}   // namespace debut
