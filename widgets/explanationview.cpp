#include "explanationview.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace debut {

namespace {
const QColor kPositive(30, 160, 60);
const QColor kNegative(215, 50, 50);

QString rgba(QColor c, double alpha)
{
    return QStringLiteral("rgba(%1,%2,%3,%4)").arg(c.red()).arg(c.green()).arg(c.blue()).arg(alpha, 0, 'f', 2);
}

QString esc(const std::string &s, std::size_t from, std::size_t to)
{
    return QString::fromUtf8(s.data() + from, int(to - from)).toHtmlEscaped();
}

// Core's notes (core/explain/explanation.cpp, kNotes) by code. The source texts
// are core's English sentences, word for word (test_explain checks), so an
// untranslated language shows exactly what the CLI prints.
struct NoteSource {
    const char *code;
    const char *source;
};
const NoteSource kNoteSources[] = {
    {"explained_for_segment", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "explained for segment '%1'")},
    {"item_labelled", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "this item is labelled '%1'")},
    {"item_labelled_for_segment",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes", "this item is labelled '%1' for segment '%2'")},
    {"no_labelled_items", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "no labelled items to compare with")},
    {"price_missing", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "price missing: no price contribution")},
    {"brand_empty", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "brand empty: no brand contribution")},
    {"category_empty", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "category empty: no category contribution")},
    {"brand_unseen", QT_TRANSLATE_NOOP("debut::ExplanationNotes",
                                       "brand '%1' was not seen in training: the model treats it as unknown")},
    {"category_unseen", QT_TRANSLATE_NOOP("debut::ExplanationNotes",
                                          "category '%1' was not seen in training: the model treats it as unknown")},
    {"description_empty", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "description empty: explained the title only")},
    {"description_no_words",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes",
                       "description has no words (only spaces/punctuation): explained the title only")},
    {"title_empty", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "title empty")},
    {"title_no_words", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "title has no words (only spaces/punctuation)")},
    {"no_words", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "no words to explain: only side fields can contribute")},
    {"title_cut", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "the model reads only the first %1 of %2 bytes: the "
                                                               "title is cut and the description is not read")},
    {"description_cut", QT_TRANSLATE_NOOP("debut::ExplanationNotes",
                                          "the model reads the description only up to byte %1 of %2: words after "
                                          "it do not affect the score")},
    {"occlusion_unread",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes", "%1 word(s) after the model's input limit "
                                                  "were not occluded (the model does not read them)")},
    {"occlusion_capped",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes", "%1 word(s) beyond the first %2 were not occluded")},
    {"explained_text_bounded",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes", "explained on the first %1 bytes of the text (the model reads less; "
                                                  "a very long text is not copied per variant)")},
    {"occlusion_summary",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes",
                       "occlusion: %1 word(s) removed one at a time, all variants scored in one batch")},
    {"ig_approximate", QT_TRANSLATE_NOOP("debut::ExplanationNotes", "completeness error stays above %1% at %2 steps: "
                                                                    "read the word weights as approximate")},
    {"ig_unread",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes", "%1 word(s) after the model's input limit get no attribution")},
    {"ig_summary", QT_TRANSLATE_NOOP("debut::ExplanationNotes",
                                     "integrated gradients: %1 steps against a padding baseline, f(x) = %2, "
                                     "f(baseline) = %3, completeness error %4%")},
    {"ig_unassigned",
     QT_TRANSLATE_NOOP("debut::ExplanationNotes", "attribution on punctuation/special tokens (not shown): %1")},
};
}   // namespace

QString explanationNoteText(const ExplanationNote &note)
{
    for (const auto &s : kNoteSources) {
        if (note.code != s.code)
            continue;
        QString text = QCoreApplication::translate("debut::ExplanationNotes", s.source);
        // %1..%n in one pass (like core's fillTemplate): an argument holding
        // "%2" is not substituted again.
        QString out;
        for (int i = 0; i < text.size(); ++i) {
            const int k = i + 1 < text.size() ? text[i + 1].digitValue() : -1;
            if (text[i] == QLatin1Char('%') && k >= 1 && std::size_t(k) <= note.args.size()) {
                out += QString::fromStdString(note.args[std::size_t(k - 1)]);
                ++i;
            } else {
                out += text[i];
            }
        }
        return out;
    }
    return QString::fromStdString(note.text);
}

QStringList translatedNoteCodes()
{
    QStringList codes;
    for (const auto &s : kNoteSources)
        codes << QString::fromLatin1(s.code);
    return codes;
}

ExplanationView::ExplanationView(QWidget *parent)
    : QWidget(parent), m_header(new QLabel), m_legend(new QLabel), m_fieldsLabel(new QLabel),
      m_neighboursLabel(new QLabel), m_notes(new QLabel), m_text(new QTextBrowser), m_fields(new QTableWidget),
      m_neighbours(new QTableWidget)
{
    setObjectName(QStringLiteral("ExplanationView"));
    m_header->setWordWrap(true);
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);   // notes quote brands and segments as the user typed them
    m_legend->setTextFormat(Qt::RichText);
    m_text->setObjectName(QStringLiteral("explanationText"));
    m_text->setOpenLinks(false);
    for (QTableWidget *t : {m_fields, m_neighbours}) {
        t->verticalHeader()->hide();
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setSelectionMode(QAbstractItemView::NoSelection);
        t->setWordWrap(false);
        t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    }
    m_fields->setColumnCount(3);
    m_fields->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // header + price, brand, category rows, never squeezed below that
    m_fields->setFixedHeight((m_fields->fontMetrics().height() + 8) * 4 + 6);
    m_neighbours->setColumnCount(3);
    m_neighbours->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_neighbours->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_neighbours->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_text, 2);
    layout->addWidget(m_legend);
    layout->addWidget(m_fieldsLabel);
    layout->addWidget(m_fields, 0);
    layout->addWidget(m_neighboursLabel);
    layout->addWidget(m_neighbours, 2);
    layout->addWidget(m_notes);
    retranslate();
    clear();
}

void ExplanationView::retranslate()
{
    m_legend->setText(tr("<span style=\"background:%1\">&nbsp;word&nbsp;</span> raises the score &nbsp; "
                         "<span style=\"background:%2\">&nbsp;word&nbsp;</span> lowers it &nbsp; "
                         "(stronger colour = larger effect)")
                          .arg(rgba(kPositive, 0.55), rgba(kNegative, 0.55)));
    m_fieldsLabel->setText(tr("<b>Side fields</b>"));
    m_neighboursLabel->setText(tr("<b>Most similar labelled items</b>"));
    m_fields->setHorizontalHeaderLabels({tr("Field"), tr("Value"), tr("Effect on score")});
    m_neighbours->setHorizontalHeaderLabels({tr("Title"), tr("Label"), tr("Similarity")});
    render();
}

void ExplanationView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ExplanationView::clear()
{
    m_item.reset();
    m_explanation.reset();
    setMessage(tr("Select a recommended item to see why it is ranked there."));
}

void ExplanationView::setMessage(const QString &text)
{
    m_explanation.reset();
    m_header->setText(text);
    m_text->clear();
    m_fields->setRowCount(0);
    m_neighbours->setRowCount(0);
    m_notes->clear();
}

void ExplanationView::setExplanation(const ItemRecord &item, const Explanation &e)
{
    m_item = item;
    m_explanation = e;
    render();
}

QString ExplanationView::highlight(const std::string &text, const std::string &field,
                                   const std::vector<WordAttribution> &words, double maxAbs)
{
    std::vector<const WordAttribution *> spans;
    for (const WordAttribution &w : words)
        if (w.field == field && w.begin < w.end && w.end <= text.size())
            spans.push_back(&w);
    std::sort(spans.begin(), spans.end(), [](auto *a, auto *b) { return a->begin < b->begin; });
    QString html;
    std::size_t pos = 0;
    for (const WordAttribution *w : spans) {
        if (w->begin < pos)
            continue;   // overlapping span: keep the first
        html += esc(text, pos, w->begin);
        const double strength = maxAbs > 0 ? std::min(1.0, std::abs(w->weight) / maxAbs) : 0.0;
        const QString word = esc(text, w->begin, w->end);
        if (strength < 0.05) {
            html += word;
        } else {
            html += QStringLiteral("<span style=\"background-color:%1\" title=\"%2\">%3</span>")
                        .arg(rgba(w->weight > 0 ? kPositive : kNegative, 0.15 + 0.6 * strength))
                        .arg(QString::asprintf("%+.4f", w->weight), word);
        }
        pos = w->end;
    }
    html += esc(text, pos, text.size());
    return html;
}

QString ExplanationView::highlightedHtml() const { return m_text->toHtml(); }

void ExplanationView::render()
{
    if (!m_item || !m_explanation)
        return;
    const Explanation &e = *m_explanation;
    double maxAbs = 0;
    for (const WordAttribution &w : e.words)
        maxAbs = std::max(maxAbs, std::abs(w.weight));
    QString method = e.method == ExplainMethod::IntegratedGradients ? tr("integrated gradients") : tr("word occlusion");
    QString header = tr("<b>%1</b> — score %2 for “%3” (%4)")
                         .arg(QString::fromStdString(m_item->id).toHtmlEscaped())
                         .arg(e.score, 0, 'f', 3)
                         .arg(QString::fromStdString(e.target).toHtmlEscaped(), method);
    if (e.completenessError)
        header += tr("; completeness error %1%").arg(*e.completenessError * 100, 0, 'f', 1);
    m_header->setText(header);
    QString html =
        QStringLiteral("<p style=\"font-size:large; font-weight:600\">%1</p><p>%2</p>")
            .arg(highlight(m_item->title, "title", e.words, maxAbs),
                 m_item->description.empty() ? tr("<i>(no description)</i>")
                                             : highlight(m_item->description, "description", e.words, maxAbs));
    m_text->setHtml(html);

    m_fields->setRowCount(int(e.fields.size()));
    for (int i = 0; i < int(e.fields.size()); ++i) {
        const FieldContribution &f = e.fields[i];
        QString name = f.field == "price"      ? tr("price")
                       : f.field == "brand"    ? tr("brand")
                       : f.field == "category" ? tr("category")
                                               : QString::fromStdString(f.field);
        m_fields->setItem(i, 0, new QTableWidgetItem(name));
        m_fields->setItem(i, 1,
                          new QTableWidgetItem(f.value.empty() ? tr("(missing)") : QString::fromStdString(f.value)));
        auto *d = new QTableWidgetItem(QString::asprintf("%+.4f", f.delta));
        d->setForeground(f.delta > 0 ? kPositive : f.delta < 0 ? kNegative : palette().color(QPalette::Text));
        d->setToolTip(tr("Score change when %1 is replaced by “%2”.").arg(name, QString::fromStdString(f.neutral)));
        m_fields->setItem(i, 2, d);
    }
    m_neighbours->setRowCount(int(e.neighbours.size()));
    for (int i = 0; i < int(e.neighbours.size()); ++i) {
        const NeighbourItem &n = e.neighbours[i];
        auto *t = new QTableWidgetItem(QString::fromStdString(n.title));
        t->setToolTip(QString::fromStdString(n.itemId));
        m_neighbours->setItem(i, 0, t);
        m_neighbours->setItem(
            i, 1,
            new QTableWidgetItem(
                QString::fromStdString(n.label) +
                (n.segment.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(n.segment)))));
        m_neighbours->setItem(i, 2, new QTableWidgetItem(QString::number(n.similarity, 'f', 2)));
    }
    QStringList notes;
    for (const ExplanationNote &n : e.notes)
        notes << QStringLiteral("· ") + explanationNoteText(n);
    m_notes->setText(notes.join(QLatin1Char('\n')));
}

}   // namespace debut
