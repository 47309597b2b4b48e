#pragma once
// ReportTable: a classification report (per class precision, recall, F1,
// support; accuracy, macro and weighted averages) with the zero-shot baseline's
// F1 beside each row, or regression metrics (MSE, MAE, R²) before/after.
// A second report can be shown for comparison (Runs page: run A vs run B).
#include <QTableWidget>

#include <optional>

#include "eval/epochmetrics.h"

namespace debut {

class ReportTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ReportTable(QWidget *parent = nullptr);
    // Shows `m` (its report, or regression metrics) and its baseline.
    void setMetrics(const EpochMetrics &m);
    // Compares the best epochs of two runs: F1 of A, F1 of B, difference.
    void setComparison(const QString &nameA, const EpochMetrics &a, const QString &nameB, const EpochMetrics &b);
    void clearReport();

protected:
    void changeEvent(QEvent *event) override;

private:
    void setRow(int row, const QStringList &cells, bool bold = false);
    std::optional<EpochMetrics> m_last;
};

}   // namespace debut
