#pragma once
// ImportWizard: brings a catalogue or a label file into the open project.
//   1 File      path (or dropped file); for labels the task name and kind
//   2 Format    encoding and delimiter as detected (overridable), header row,
//               the first lines decoded with those choices
//   3 Mapping   a preview grid of the first rows with one combo box per column:
//               the guessed field, changeable (id, title, …, extra, ignore)
//   4 Import    runs in the worker (ProjectDocument::startJob) with a progress
//               bar; then a summary (read / imported / rejected) and the rejected
//               rows (line, column, reason), savable as CSV
// The import itself is the core's (all-or-nothing: a failed or cancelled import
// leaves the project as it was).
#include <QStringList>
#include <QWizard>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace debut {

class ProjectDocument;
struct ImportOutcome;

class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum Kind { Items, Labels };
    enum PageId { FilePage, FormatPage, MappingPage, RunPage };

    ImportWizard(ProjectDocument *doc, Kind kind, QWidget *parent = nullptr);
    ~ImportWizard() override;

    Kind kind() const { return m_kind; }
    void setFile(const QString &path);
    QString file() const;
    void setTask(const QString &name, const QString &kind);   // labels: "binary" | "multiclass" | "rating"

    // Detected / chosen format (valid after the Format page was shown).
    QString encodingName() const;   // "auto" | "utf-8" | "gb18030"
    QChar delimiter() const;        // QChar() = detect
    QStringList columns() const { return m_columns; }
    // The field chosen for each column (same order as columns()).
    QStringList mapping() const;
    void setMapping(int column, const QString &field);

    // After the import: counts and the rejected rows.
    bool importDone() const { return m_done; }
    int importStatus() const { return m_status; }
    qint64 importedCount() const;
    qint64 rejectedCount() const;
    QTableWidget *rejectedTable() const { return m_rejected; }
    // Writes the rejected rows as CSV (file,line,column,field,reason); false on an I/O error.
    bool saveRejected(const QString &path) const;

    void initializePage(int id) override;
    bool validateCurrentPage() override;
    void reject() override;

Q_SIGNALS:
    void importFinished(int status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void loadPreview();
    void startImport();
    void onFinished(int status, const QString &message);

    ProjectDocument *m_doc;
    Kind m_kind;
    // file page
    QLineEdit *m_path;
    QPushButton *m_browse;
    QComboBox *m_taskName, *m_taskKind;
    QComboBox *m_duplicates;
    QLabel *m_pathLabel, *m_taskLabel, *m_kindLabel, *m_dupLabel;
    // format page
    QComboBox *m_encoding, *m_delim;
    QCheckBox *m_header;
    QLabel *m_detected, *m_encodingLabel, *m_delimLabel;
    QPlainTextEdit *m_raw;
    // mapping page
    QTableWidget *m_grid;
    QLabel *m_mappingHint;
    QStringList m_columns;
    QStringList m_fields;
    // run page
    QProgressBar *m_progress;
    QLabel *m_state, *m_summary;
    QTableWidget *m_rejected;
    QPushButton *m_saveRejected;
    std::shared_ptr<ImportOutcome> m_outcome;
    bool m_started = false, m_done = false;
    int m_status = -1;
    QString m_previewKey;
};

}   // namespace debut
