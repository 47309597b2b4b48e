#pragma once
// RecommendationsPage: the ranked list of a task's active run per segment
// (score bars, calibrated probability, uncertainty), filters and top-N;
// selecting an item shows its explanation (stored, or computed in the worker
// on demand). The list loads on a worker (RecommendationModel); the status
// line says so meanwhile. "Score" ranks the catalogue with the active run; "Export" writes
// the ranked CSV through ExportDialog.
#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace debut {

class ExplanationView;
class ProjectDocument;
class RecommendationModel;
struct ExportSpec;

class RecommendationsPage : public QWidget {
    Q_OBJECT
public:
    explicit RecommendationsPage(ProjectDocument *doc, QWidget *parent = nullptr);

    RecommendationModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    ExplanationView *explanationView() const { return m_explanation; }
    bool selectTask(const QString &name);
    std::int64_t activeRunId() const { return m_runId; }
    // Selects row `row` of the list (and explains it).
    void selectRow(int row);
    // Starts the export job for `request`; returns false when it could not start.
    bool exportTo(const ExportSpec &request);

public Q_SLOTS:
    void refresh();           // task / run / segment changed
    bool scoreCatalogue();    // ranks every item with the active run (job)
    void explainSelected();   // computes the selected item's explanation (job)
    void showExportDialog();

Q_SIGNALS:
    void explanationShown(qint64 itemRowid);
    void exportFinished(int status, const QString &file);
    void scoringFinished(int status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reloadTasks();
    void reloadSegments();
    void onSelectionChanged();
    void showStoredExplanation(std::int64_t rowid, bool computeIfMissing);
    QString currentSegmentName() const;
    void updateStatus();

    QString m_statusText;   // run / prediction summary, without the loading note

    ProjectDocument *m_doc;
    RecommendationModel *m_model;
    QTableView *m_view;
    ExplanationView *m_explanation;
    QComboBox *m_task, *m_segment, *m_category, *m_method;
    QLineEdit *m_search;
    QSpinBox *m_topN;
    QPushButton *m_score, *m_explain, *m_export;
    QLabel *m_taskLabel, *m_segmentLabel, *m_topLabel, *m_methodLabel, *m_status;
    QTimer *m_filterTimer;
    std::int64_t m_runId = 0;
    std::int64_t m_pendingRowid = 0;   // selected while a job ran: explain when idle
    std::int64_t m_keptRowid = 0;      // selected when the list began to reload: selected again after
};

}   // namespace debut
