#pragma once
// TrainingPage: the fine-tuning form (task, mode, encoder, preset and
// hyper-parameters with tooltips; Start / Cancel) and the live view of the run:
// loss curves (log-scale toggle), the classification report with the zero-shot
// baseline beside it, the confusion matrix heat map, the ROC and precision-recall
// curves of the latest epoch beside the zero-shot baseline's, and ROC/PR-AUC by epoch.
// Live data: the training job appends to a MetricsBuffer under its mutex; a
// 40 ms timer takes what is new and redraws once (never a processEvents loop).
#include <QWidget>

#include <memory>

#include "eval/epochmetrics.h"
#include "train/trainconfig.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace debut {

class AucChart;
class ConfusionView;
class CurvesView;
class LossChart;
class MetricsBuffer;
class ProjectDocument;
class ReportTable;

class TrainingPage : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPage(ProjectDocument *doc, QWidget *parent = nullptr);
    ~TrainingPage() override;

    // The form as a TrainConfig (preset values overridden by the fields).
    TrainConfig config() const;
    void setPreset(const QString &name);   // "quick" | "balanced" | "thorough"
    void setMode(TrainMode mode);
    bool selectTask(const QString &name);
    QString taskName() const;

    bool isRunning() const { return m_running; }
    std::int64_t lastRunId() const { return m_lastRunId; }
    int epochsShown() const { return m_epochsShown; }
    const EpochMetrics *latestEpoch() const { return m_latest ? &*m_latest : nullptr; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    LossChart *lossChart() const { return m_loss; }
    ReportTable *reportTable() const { return m_report; }
    CurvesView *curvesView() const { return m_curves; }
    QLabel *banner() const { return m_banner; }   // the run's notes (coverage, drawn negatives)

public Q_SLOTS:
    bool start();
    void cancel();
    // Shows a stored run's epochs (e.g. after reopening a project).
    void showRun(std::int64_t runId);

Q_SIGNALS:
    void trainingFinished(int status, qint64 runId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reloadTasks();
    void reloadEncoders();
    void applyPreset();
    void onModeChanged();
    void drainBuffer();   // the 40 ms tick
    void showEpochs(const std::vector<EpochMetrics> &epochs);
    void setRunning(bool running);
    // A run's stored summary; its notes: the banner (encoder coverage, negatives
    // drawn for positive-only labels) and auto mode's candidates table. Null hides them.
    nlohmann::json runSummaryOf(std::int64_t runId);
    void showRunNotes(const nlohmann::json &summary);
    void clearResults();   // charts, report, confusion matrix, candidates: nothing shown

    ProjectDocument *m_doc;
    std::shared_ptr<MetricsBuffer> m_buffer;
    QTimer *m_redraw;

    QComboBox *m_task, *m_mode, *m_encoder, *m_preset, *m_device;
    QSpinBox *m_epochs, *m_batch, *m_seed, *m_patience, *m_loraRank, *m_topK;
    QDoubleSpinBox *m_lr;
    QCheckBox *m_augment, *m_logScale;
    QPushButton *m_start, *m_cancel;
    QFormLayout *m_form;
    QLabel *m_status;
    LossChart *m_loss;
    AucChart *m_auc;
    ReportTable *m_report;
    ConfusionView *m_confusion;
    CurvesView *m_curves;
    QLabel *m_banner, *m_candidates;
    // Top-left cell: auto mode's candidates table and the loss chart, as tabs
    // (stacked above the charts, a long candidate list squeezed them unreadable).
    QTabWidget *m_lossTabs;
    QWidget *m_candidatesTab, *m_lossTab;

    bool m_running = false;
    bool m_applyingPreset = false;
    std::int64_t m_lastRunId = 0;
    int m_epochsShown = 0;
    int m_totalEpochs = 0;
    std::optional<EpochMetrics> m_latest;
    std::optional<EpochMetrics> m_best;
};

}   // namespace debut
