#pragma once
// ExportDialog: export the ranked list of a task's run to CSV (columns per
// docs/cli.md: rank,item_id,title,segment,predicted_label,score, then
// p_<class> for multi-class tasks, then reasons when asked). Options: output
// file, top-N per segment (0 = all), one segment or all, which columns: rank and
// item_id always; title, segment, predicted_label, score and the p_<class>
// columns can be unticked, reasons ticked (the docs/cli.md order is kept).
// The file is written by the core façade (project/recommend.h exportCsv:
// atomic, UTF-8 with BOM) in the worker. The segment list (segments with
// predictions of the run) is read on a worker too: the combo shows "All
// segments" plus a loading entry until segmentsLoaded() (signal segmentsReady).
#include <QDialog>

#include <cstdint>

#include <QMap>
#include <QString>
#include <QStringList>

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
    int topN = 0;   // per segment; 0 = all
    bool allSegments = true;
    QString segment;           // when !allSegments ("" = all customers)
    bool reasons = false;      // stored explanations as readable reasons
    bool classProbs = true;    // the p_<class> columns (multi-class tasks)
    QStringList omitColumns;   // unticked optional columns (header names)
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(ProjectDocument *doc, const QString &task, std::int64_t runId, QWidget *parent = nullptr);
    ExportSpec request() const;
    void setFile(const QString &path);
    void setTopN(int n);
    void setReasons(bool on);
    // The tick box of an optional column: "title", "segment", "predicted_label",
    // "score", "p_" (all p_<class> columns) or "reasons"; nullptr otherwise.
    QCheckBox *columnBox(const QString &name) const;
    // Why the chosen file may not be written ("" = it may): the project itself, its
    // -wal/-shm or another project (store/outputguard.h, the check exportCsv repeats).
    QString fileProblem() const;
    // Refuses (with a message box) an empty file name or one fileProblem() names.
    void accept() override;
    bool segmentsLoaded() const { return m_segmentsLoaded; }
    QComboBox *segmentBox() const { return m_segment; }

Q_SIGNALS:
    void segmentsReady();

private:
    ProjectDocument *m_doc;
    QString m_task;
    std::int64_t m_runId;
    QLineEdit *m_file;
    QSpinBox *m_topN;
    QComboBox *m_segment;
    QCheckBox *m_reasons;
    QMap<QString, QCheckBox *> m_columns;   // optional columns except reasons
    bool m_segmentsLoaded = false;
};

}   // namespace debut
