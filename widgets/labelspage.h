#pragma once
// LabelsPage: label items in place for one task and segment.
//   keys (table focused): binary 1 = positive, 0 = negative; multi-class 1..9 =
//   the n-th class; rating 1..5; Delete/Backspace removes the label. After a
//   label the selection moves to the next row (or the next suggestion).
// The "Label next" list holds the engine's suggestions (project/recommend.h
// suggestLabels, as `debut suggest`: uncertainty x diversity over the task's
// active run), computed on the worker (a ProjectDocument job) when the button is
// pressed; suggestionsReady() says when the list is filled.
// All writes go through ProjectDocument::setLabel / removeLabel.
#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;
class QTimer;

namespace debut {

class ItemTableModel;
class ProjectDocument;

class LabelsPage : public QWidget {
    Q_OBJECT
public:
    explicit LabelsPage(ProjectDocument *doc, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    ItemTableModel *model() const { return m_model; }
    QComboBox *taskBox() const { return m_task; }
    QComboBox *segmentBox() const { return m_segment; }
    QListWidget *suggestionList() const { return m_suggestions; }
    std::int64_t currentTaskId() const;
    std::int64_t currentSegmentId() const;
    // Values offered for the current task ("1","0" / class names / "1".."5").
    QStringList labelValues() const;
    // Labels the current row with `value` ("" removes) and moves to the next one.
    void labelCurrent(const QString &value);

public Q_SLOTS:
    // Starts the suggestion job (returns at once; see suggestionsReady).
    void refreshSuggestions();

Q_SIGNALS:
    void importRequested();
    // A refreshSuggestions() has finished (0 = suggestions shown; otherwise a
    // note such as "train a model first" is shown instead).
    void suggestionsReady(int status);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reloadTasks();
    void reloadSegments();
    void onContextChanged();
    void rebuildButtons();
    void newTask();
    void newSegment();
    void updateSummary();
    void selectRowid(std::int64_t rowid);
    void showSuggestionNote(const QString &text);

    ProjectDocument *m_doc;
    ItemTableModel *m_model;
    QTableView *m_view;
    QComboBox *m_task, *m_segment;
    QPushButton *m_newTask, *m_newSegment, *m_import, *m_suggest, *m_addClass;
    QLineEdit *m_search;
    QLabel *m_taskLabel, *m_segmentLabel, *m_summary, *m_hint, *m_nextLabel;
    QWidget *m_buttonRow;
    QListWidget *m_suggestions;
    QTimer *m_debounce;
    QStringList m_extraClasses;   // classes added in this session before any label uses them
};

}   // namespace debut
