#pragma once
// ExportDialog: export the ranked list of a task's active run to CSV (columns
// per ../shared/CLI.md: rank,item_id,title,segment,predicted_label,score, then
// p_<class> for multi-class tasks, then reasons). Options: output file, top-N
// per segment (0 = all), which segments, class-probability columns, reasons.
// The file is written by the core's CsvExport (atomic, UTF-8 with BOM) in the
// worker.
#include <QDialog>

#include <cstdint>

class QCheckBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace debut {

class ProjectDocument;

struct ExportRequest {
    QString projectPath;
    std::int64_t runId = 0;
    QString file;
    int topN = 0;                       // per segment; 0 = all
    QList<qint64> segmentIds;           // empty = all segments of the run
    bool classProbs = true;             // multi-class: p_<class> columns
    bool reasons = false;               // stored explanations as readable reasons
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(ProjectDocument *doc, std::int64_t runId, QWidget *parent = nullptr);
    ExportRequest request() const;
    void setFile(const QString &path);
    void setTopN(int n);
    void setReasons(bool on);
    void accept() override;

private:
    ProjectDocument *m_doc;
    std::int64_t m_runId;
    QLineEdit *m_file;
    QSpinBox *m_topN;
    QListWidget *m_segments;
    QCheckBox *m_probs, *m_reasons;
};

} // namespace debut
