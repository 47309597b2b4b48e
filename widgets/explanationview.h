#pragma once
// ExplanationView: why one item got its score. The title and description with
// each word's background coloured by its contribution (green pushes the score
// up, red pushes it down; stronger colour = larger share of the largest
// contribution) and a legend; the contribution of price / brand / category; the
// most similar labelled items with their labels; the method's notes (what was
// done or skipped; IG completeness error).
#include <QWidget>

#include <optional>
#include <string>

#include "explain/explanation.h"
#include "io/records.h"

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace debut {

// A note of an explanation in the workbench's language: its code's translation
// with the note's arguments; the English text when the code has none (notes of
// older projects, a code added in core but not here).
QString explanationNoteText(const ExplanationNote &note);
// The codes the workbench translates (tests check them against core's).
QStringList translatedNoteCodes();

class ExplanationView : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationView(QWidget *parent = nullptr);

    void setExplanation(const ItemRecord &item, const Explanation &e);
    void setMessage(const QString &text);   // no explanation (yet): say why
    void clear();
    const std::optional<Explanation> &explanation() const { return m_explanation; }
    // The highlighted text as HTML (also used by tests).
    QString highlightedHtml() const;

    // Builds the HTML of `text` with its spans coloured (exposed for tests).
    static QString highlight(const std::string &text, const std::string &field,
                             const std::vector<WordAttribution> &words, double maxAbs);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void render();

    QLabel *m_header, *m_legend, *m_fieldsLabel, *m_neighboursLabel, *m_notes;
    QTextBrowser *m_text;
    QTableWidget *m_fields, *m_neighbours;
    std::optional<ItemRecord> m_item;
    std::optional<Explanation> m_explanation;
};

}   // namespace debut
