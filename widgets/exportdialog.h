#pragma once
// ExportDialog: export the ranked list of a task's run to CSV (columns per
// ../shared/CLI.md: rank,item_id,title,segment,predicted_label,score, then
// p_<class> for multi-class tasks, then reasons when asked). Options: output
// file, top-N per segment (0 = all), one segment or all, the reasons column.
// The file is written by the core façade (project/recommend.h exportCsv:
// atomic, UTF-8 with BOM) in the worker.
#include <QDialog>

#include <cstdint>

#include <QString>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace debut {

class ProjectDocument;

struct ExportSpec {
    QString projectPath;
    QString task;
    std::int64_t runId = 0;
    QString file;
    int topN = 0;                       // per segment; 0 = all
    bool allSegments = true;
    QString segment;                    // when !allSegments ("" = all customers)
    bool reasons = false;               // stored explanations as readable reasons
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(ProjectDocument *doc, const QString &task, std::int64_t runId, QWidget *parent = nullptr);
    ExportSpec request() const;
    void setFile(const QString &path);
    void setTopN(int n);
    void setReasons(bool on);
    void accept() override;

private:
    ProjectDocument *m_doc;
    QString m_task;
    std::int64_t m_runId;
    QLineEdit *m_file;
    QSpinBox *m_topN;
    QComboBox *m_segment;
    QCheckBox *m_reasons;
};

} // namespace debut
