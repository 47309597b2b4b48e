#include "labelspage.h"

#include "itemtablemodel.h"
#include "projectdocument.h"
#include "refillcombo.h"

#include "project/recommend.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>
#include <set>

namespace debut {

namespace {
constexpr int kSuggestionCount = 20;
}

LabelsPage::LabelsPage(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_model(new ItemTableModel(doc, this)), m_view(new QTableView),
      m_task(new QComboBox), m_segment(new QComboBox), m_newTask(new QPushButton), m_newSegment(new QPushButton),
      m_import(new QPushButton(QIcon(QStringLiteral(":/icons/import.svg")), QString())), m_suggest(new QPushButton),
      m_addClass(new QPushButton), m_search(new QLineEdit), m_taskLabel(new QLabel), m_segmentLabel(new QLabel),
      m_summary(new QLabel), m_hint(new QLabel), m_nextLabel(new QLabel), m_buttonRow(new QWidget),
      m_suggestions(new QListWidget), m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("LabelsPage"));
    m_task->setObjectName(QStringLiteral("labelTask"));
    m_task->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_task->setMinimumContentsLength(14);
    m_segment->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_segment->setMinimumContentsLength(14);
    m_search->setClearButtonEnabled(true);

    m_view->setModel(m_model);
    m_view->setObjectName(QStringLiteral("labelTable"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->installEventFilter(this);
    auto *h = m_view->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(ItemTableModel::TitleColumn, QHeaderView::Stretch);
    h->resizeSection(ItemTableModel::IdColumn, 110);
    h->resizeSection(ItemTableModel::BrandColumn, 110);
    h->resizeSection(ItemTableModel::CategoryColumn, 110);
    h->resizeSection(ItemTableModel::PriceColumn, 80);

    m_suggestions->setObjectName(QStringLiteral("labelNext"));
    m_suggestions->setWordWrap(true);
    m_suggestions->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_suggestions->setTextElideMode(Qt::ElideRight);
    m_hint->setWordWrap(true);
    m_summary->setWordWrap(true);   // a long class list must not widen the window past 1280 px
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);

    auto *top = new QHBoxLayout;
    top->addWidget(m_taskLabel);
    top->addWidget(m_task);
    top->addWidget(m_newTask);
    top->addSpacing(12);
    top->addWidget(m_segmentLabel);
    top->addWidget(m_segment);
    top->addWidget(m_newSegment);
    top->addStretch();
    top->addWidget(m_import);

    auto *buttons = new QHBoxLayout(m_buttonRow);
    buttons->setContentsMargins(0, 0, 0, 0);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_view, 1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_buttonRow);
    row->addWidget(m_addClass);
    row->addStretch();
    row->addWidget(m_summary);
    leftLayout->addLayout(row);
    leftLayout->addWidget(m_hint);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_nextLabel);
    rightLayout->addWidget(m_suggestions, 1);
    rightLayout->addWidget(m_suggest);

    auto *split = new QSplitter;
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_task, &QComboBox::currentIndexChanged, this, [this] {
        m_extraClasses.clear();
        onContextChanged();
    });
    connect(m_segment, &QComboBox::currentIndexChanged, this, &LabelsPage::onContextChanged);
    connect(m_newTask, &QPushButton::clicked, this, &LabelsPage::newTask);
    connect(m_newSegment, &QPushButton::clicked, this, &LabelsPage::newSegment);
    connect(m_import, &QPushButton::clicked, this, &LabelsPage::importRequested);
    connect(m_suggest, &QPushButton::clicked, this, &LabelsPage::refreshSuggestions);
    connect(m_addClass, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString c =
            QInputDialog::getText(this, tr("Add Class"), tr("Class name:"), QLineEdit::Normal, {}, &ok).trimmed();
        if (ok && !c.isEmpty() && !labelValues().contains(c)) {
            m_extraClasses << c;
            rebuildButtons();
        }
    });
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] {
        ItemFilter f;
        f.text = m_search->text().trimmed().toStdString();
        m_model->setFilter(f);
    });
    connect(m_suggestions, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { selectRowid(item->data(Qt::UserRole).toLongLong()); });
    connect(m_suggestions, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            selectRowid(item->data(Qt::UserRole).toLongLong());
    });

    connect(doc, &ProjectDocument::projectOpened, this, [this] {
        reloadSegments();
        reloadTasks();
        m_suggestions->clear();
    });
    connect(doc, &ProjectDocument::projectClosed, this, [this] {
        reloadSegments();
        reloadTasks();
        m_suggestions->clear();
    });
    connect(doc, &ProjectDocument::tasksChanged, this, &LabelsPage::reloadTasks);
    connect(doc, &ProjectDocument::segmentsChanged, this, &LabelsPage::reloadSegments);
    connect(doc, &ProjectDocument::labelsChanged, this, [this] {
        // an import may have brought new segments and classes
        if (m_doc->isBusy())
            return;
        reloadSegments();
        rebuildButtons();
        updateSummary();
    });
    // a new or deleted run makes the list stale; a fresh one is a click away
    // (computing it scores the catalogue, not something to start unasked)
    connect(doc, &ProjectDocument::runsChanged, this, [this] {
        if (m_suggestions->count() > 0 && (m_suggestions->item(0)->flags() & Qt::ItemIsEnabled))
            showSuggestionNote(tr("The models changed: press “%1” for new suggestions.").arg(m_suggest->text()));
    });
    retranslate();
    reloadSegments();
    reloadTasks();
}

void LabelsPage::retranslate()
{
    m_taskLabel->setText(tr("Task:"));
    m_segmentLabel->setText(tr("Segment:"));
    m_newTask->setText(tr("New Task…"));
    m_newSegment->setText(tr("New Segment…"));
    m_import->setText(tr("Import Labels…"));
    m_suggest->setText(tr("Suggest Items to Label"));
    m_addClass->setText(tr("Add Class…"));
    m_search->setPlaceholderText(tr("Search items…"));
    m_nextLabel->setText(tr("Label next (most informative first):"));
    m_hint->setText(tr("Keys: 1 / 0 (binary), 1–9 (n-th class), Delete removes the label. "
                       "The selection then moves on to the next item."));
    if (m_segment->count() > 0)
        m_segment->setItemText(0, tr("All customers"));
    rebuildButtons();
    updateSummary();
}

void LabelsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

std::int64_t LabelsPage::currentTaskId() const { return m_task->currentData().toLongLong(); }

std::int64_t LabelsPage::currentSegmentId() const
{
    const qint64 id = m_segment->currentData().toLongLong();
    return id > 0 ? id : 1;
}

void LabelsPage::reloadTasks()
{
    refillCombo(m_task, m_doc, [this] {
        for (const TaskInfo &t : m_doc->store().tasks())
            m_task->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(t.name),
                                                          QString::fromLatin1(taskKindName(t.kind))),
                            qint64(t.id));
    });
    onContextChanged();
}

void LabelsPage::reloadSegments()
{
    refillCombo(m_segment, m_doc, [this] {
        for (const SegmentInfo &s : m_doc->store().segments())
            m_segment->addItem(s.name.empty() ? tr("All customers") : QString::fromStdString(s.name), qint64(s.id));
    });
    if (m_model->segmentId() != currentSegmentId())
        onContextChanged();
}

void LabelsPage::onContextChanged()
{
    m_model->setLabelContext(m_doc->isOpen() ? currentTaskId() : 0, currentSegmentId());
    m_view->horizontalHeader()->resizeSection(ItemTableModel::LabelColumn, 110);
    rebuildButtons();
    updateSummary();
}

QStringList LabelsPage::labelValues() const
{
    if (!m_doc->isOpen() || currentTaskId() <= 0)
        return {};
    std::optional<TaskInfo> t;
    try {
        t = m_doc->store().taskById(currentTaskId());
    } catch (const std::exception &) {
    }
    if (!t)
        return {};
    if (t->kind == TaskKind::Binary)
        return {QStringLiteral("1"), QStringLiteral("0")};
    if (t->kind == TaskKind::Rating)
        return {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4"),
                QStringLiteral("5")};
    QStringList classes;
    for (const auto &kv : t->countsByValue)
        classes << QString::fromStdString(kv.first);
    for (const QString &c : m_extraClasses)
        if (!classes.contains(c))
            classes << c;
    return classes;
}

void LabelsPage::rebuildButtons()
{
    auto *layout = m_buttonRow->layout();
    while (QLayoutItem *item = layout->takeAt(0)) {
        // deleteLater: this may run inside one of these buttons' clicked() handlers
        if (QWidget *w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    const QStringList values = labelValues();
    bool binary = values == QStringList{QStringLiteral("1"), QStringLiteral("0")};
    int n = 0;
    for (const QString &v : values) {
        ++n;
        QString text = v;
        if (binary)
            text = v == QLatin1String("1") ? tr("Yes (1)") : tr("No (0)");
        else if (n <= 9)
            text = QStringLiteral("%1  [%2]").arg(v).arg(n);
        auto *b = new QPushButton(text);
        b->setObjectName(QStringLiteral("labelButton_%1").arg(v));
        connect(b, &QPushButton::clicked, this, [this, v] { labelCurrent(v); });
        layout->addWidget(b);
    }
    if (!values.isEmpty()) {
        auto *clear = new QPushButton(tr("Remove [Del]"));
        connect(clear, &QPushButton::clicked, this, [this] { labelCurrent(QString()); });
        layout->addWidget(clear);
    }
    m_addClass->setVisible(!values.isEmpty() && !binary && values.size() != 5);
    m_suggest->setEnabled(m_doc->isOpen() && currentTaskId() > 0);
}

void LabelsPage::updateSummary()
{
    if (!m_doc->isOpen() || currentTaskId() <= 0) {
        m_summary->setText(m_doc->isOpen() ? tr("Create a task or import labels to start.") : QString());
        return;
    }
    try {
        const auto t = m_doc->store().taskById(currentTaskId());
        if (!t)
            return;
        QStringList parts;
        for (const auto &kv : t->countsByValue)
            parts << QStringLiteral("%1: %2").arg(QString::fromStdString(kv.first)).arg(kv.second);
        m_summary->setText(tr("%n label(s)", nullptr, int(t->labelCount)) +
                           (parts.isEmpty()
                                ? QString()
                                : QStringLiteral("  (") + parts.join(QStringLiteral(", ")) + QLatin1Char(')')));
    } catch (const std::exception &e) {
        Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
    }
}

void LabelsPage::labelCurrent(const QString &value)
{
    const QModelIndex idx = m_view->currentIndex();
    if (!idx.isValid() || currentTaskId() <= 0)
        return;
    const std::int64_t rowid = m_model->rowidAt(idx.row());
    const bool ok = value.isEmpty() ? m_doc->removeLabel(currentTaskId(), rowid, currentSegmentId())
                                    : m_doc->setLabel(currentTaskId(), rowid, currentSegmentId(), value);
    if (!ok)
        return;
    // drop it from the label-next queue and move on
    for (int i = 0; i < m_suggestions->count(); ++i) {
        if (m_suggestions->item(i)->data(Qt::UserRole).toLongLong() == rowid) {
            QSignalBlocker block(m_suggestions);
            delete m_suggestions->takeItem(i);
            if (!value.isEmpty() && i < m_suggestions->count()) {
                m_suggestions->setCurrentRow(i);
                selectRowid(m_suggestions->item(i)->data(Qt::UserRole).toLongLong());
                return;
            }
            break;
        }
    }
    if (!value.isEmpty()) {
        if (idx.row() + 1 >= m_model->rowCount() && m_model->canFetchMore({}))
            m_model->fetchMore({});
        m_view->setCurrentIndex(m_model->index(qMin(idx.row() + 1, m_model->rowCount() - 1), idx.column()));
    }
}

bool LabelsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return false;
        if (key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) {
            labelCurrent(QString());
            return true;
        }
        const QStringList values = labelValues();
        if (key->key() >= Qt::Key_0 && key->key() <= Qt::Key_9 && !values.isEmpty()) {
            const int digit = key->key() - Qt::Key_0;
            const bool direct = values == QStringList{QStringLiteral("1"), QStringLiteral("0")} ||
                                (values.size() == 5 && values.first() == QLatin1String("1"));
            if (direct) {
                if (values.contains(QString::number(digit)))
                    labelCurrent(QString::number(digit));
            } else if (digit >= 1 && digit <= values.size()) {
                labelCurrent(values[digit - 1]);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LabelsPage::newTask()
{
    if (!m_doc->isOpen())
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New Task"), tr("Task name:"), QLineEdit::Normal, {}, &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    const QStringList kinds = {tr("Binary (yes / no)"), tr("Multi-class"), tr("Rating (1–5)")};
    const QString kind = QInputDialog::getItem(this, tr("New Task"), tr("Kind:"), kinds, 0, false, &ok);
    if (!ok)
        return;
    const TaskKind k = kind == kinds[0] ? TaskKind::Binary : kind == kinds[1] ? TaskKind::Multiclass : TaskKind::Rating;
    std::int64_t id = 0;
    if (m_doc->ensureTask(name, k, &id)) {
        reloadTasks();
        m_task->setCurrentIndex(qMax(0, m_task->findData(qint64(id))));
    } else {
        QMessageBox::warning(this, tr("New Task"), m_doc->errorString());
    }
}

void LabelsPage::newSegment()
{
    if (!m_doc->isOpen())
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New Segment"), tr("Customer segment name:"), QLineEdit::Normal, {}, &ok)
            .trimmed();
    if (!ok || name.isEmpty())
        return;
    std::int64_t id = 0;
    if (!m_doc->ensureSegment(name, &id)) {
        QMessageBox::warning(this, tr("New Segment"), m_doc->errorString());
        return;
    }
    m_segment->setCurrentIndex(qMax(0, m_segment->findData(qint64(id))));
}

void LabelsPage::selectRowid(std::int64_t rowid)
{
    int row = m_model->rowOfRowid(rowid);
    if (row < 0 && !m_model->filter().empty()) {
        QSignalBlocker block(m_search);
        m_search->clear();
        m_model->setFilter({});
        row = m_model->rowOfRowid(rowid);
    }
    // fetch pages until the item is loaded (suggestions are few; pages are cheap)
    while (row < 0 && m_model->canFetchMore({})) {
        m_model->fetchMore({});
        row = m_model->rowOfRowid(rowid);
    }
    if (row >= 0) {
        m_view->setCurrentIndex(m_model->index(row, ItemTableModel::TitleColumn));
        m_view->scrollTo(m_view->currentIndex());
    }
}

void LabelsPage::showSuggestionNote(const QString &text)
{
    m_suggestions->clear();
    auto *item = new QListWidgetItem(text);
    item->setFlags(Qt::NoItemFlags);
    m_suggestions->addItem(item);
}

void LabelsPage::refreshSuggestions()
{
    m_suggestions->clear();
    const std::int64_t taskId = currentTaskId();
    if (!m_doc->isOpen() || taskId <= 0) {
        Q_EMIT suggestionsReady(1);
        return;
    }
    try {
        if (!m_doc->runs().servingRun(taskId)) {
            showSuggestionNote(tr("Train a model first: suggestions come from its uncertainty."));
            Q_EMIT suggestionsReady(1);
            return;
        }
    } catch (const std::exception &e) {
        Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
        Q_EMIT suggestionsReady(4);
        return;
    }
    // The engine (debut suggest) ranks the unlabelled items by uncertainty x
    // diversity on the worker: it may score the catalogue first and embeds the
    // candidate pool, far too slow for the GUI thread.
    QString task;
    try {
        if (const auto t = m_doc->store().taskById(taskId))
            task = QString::fromStdString(t->name);
    } catch (const std::exception &) {
    }
    auto result = std::make_shared<SuggestResult>();
    const std::string path = m_doc->path().toStdString(), taskName = task.toStdString();
    const int threads = std::max(1, QThread::idealThreadCount() - 1);
    JobWork work = [path, taskName, result, threads](JobContext &ctx) -> Status {
        RecommendOptions options;
        options.threads = threads;
        *result = suggestLabels(path, taskName, kSuggestionCount, options, ctx.progress);
        return result->status;
    };
    JobRunner *job =
        m_doc->startJob(tr("Suggesting items to label (%1)").arg(task), std::move(work), ProjectDocument::NoChange);
    if (!job) {
        showSuggestionNote(tr("Busy: suggest again when the running job has finished."));
        Q_EMIT suggestionsReady(1);
        return;
    }
    showSuggestionNote(tr("Finding the items whose labels would teach the model most…"));
    m_suggest->setEnabled(false);
    connect(job, &JobRunner::finished, this, [this, result, taskId](int status, const QString &message) {
        m_suggest->setEnabled(m_doc->isOpen() && currentTaskId() > 0);
        if (currentTaskId() != taskId) {   // the user moved on to another task meanwhile
            m_suggestions->clear();
            Q_EMIT suggestionsReady(status);
            return;
        }
        if (status != 0) {
            showSuggestionNote(status == 3 ? tr("Cancelled.") : tr("No suggestions: %1").arg(message));
            Q_EMIT suggestionsReady(status);
            return;
        }
        m_suggestions->clear();
        for (const Suggestion &s : result->suggestions) {
            auto *w = new QListWidgetItem(QStringLiteral("%1\n    %2")
                                              .arg(QString::fromStdString(s.item.title))
                                              .arg(tr("uncertainty %1").arg(s.item.uncertainty, 0, 'f', 2)));
            w->setData(Qt::UserRole, qint64(s.item.rowid));
            QStringList tip;
            tip << QString::fromStdString(s.item.itemId);
            tip << tr("Predicted: %1 (score %2)")
                       .arg(QString::fromStdString(s.item.predictedLabel))
                       .arg(s.item.score, 0, 'f', 2);
            if (!s.item.segment.empty())
                tip << tr("Most uncertain for segment: %1").arg(QString::fromStdString(s.item.segment));
            if (!s.reason.empty())
                tip << QString::fromStdString(s.reason);
            w->setToolTip(tip.join(QLatin1Char('\n')));
            m_suggestions->addItem(w);
        }
        if (m_suggestions->count() == 0)
            showSuggestionNote(tr("Every item is labelled."));
        Q_EMIT suggestionsReady(0);
    });
}

}   // namespace debut
