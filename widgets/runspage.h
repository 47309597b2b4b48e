#pragma once
// RunsPage: every run with config, device, duration and final metrics; select
// one to see its curves (loss; ROC and precision-recall of the best epoch) and
// report, two to compare them side by side (curves overlaid, reports compared). Rename, delete, and "use for
// recommendations" (the task's active run) go through the ProjectDocument.
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace debut {

class CurvesView;
class LossChart;
class ProjectDocument;
class ReportTable;
class RunsModel;

class RunsPage : public QWidget {
    Q_OBJECT
public:
    explicit RunsPage(ProjectDocument *doc, QWidget *parent = nullptr);

    RunsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    ReportTable *reportTable() const { return m_report; }
    CurvesView *curvesView() const { return m_curves; }
    // Selects the runs with these ids (one or two).
    void selectRuns(const QList<qint64> &runIds);

public Q_SLOTS:
    void renameSelected();
    void deleteSelected();
    void activateSelected();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void onSelectionChanged();
    QList<int> selectedRows() const;

    ProjectDocument *m_doc;
    RunsModel *m_model;
    QTableView *m_view;
    QPushButton *m_rename, *m_delete, *m_activate;
    QLabel *m_hint;
    LossChart *m_loss;
    CurvesView *m_curves;
    ReportTable *m_report;
};

}   // namespace debut
