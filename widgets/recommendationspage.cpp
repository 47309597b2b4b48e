#include "recommendationspage.h"

#include "explanationview.h"
#include "exportdialog.h"
#include "projectdocument.h"
#include "recommendationmodel.h"
#include "recommendjobs.h"
#include "refillcombo.h"
#include "scorebardelegate.h"

#include "explain/explanation.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <set>

namespace debut {

RecommendationsPage::RecommendationsPage(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_model(new RecommendationModel(doc, this)), m_view(new QTableView),
      m_explanation(new ExplanationView), m_task(new QComboBox), m_segment(new QComboBox), m_category(new QComboBox),
      m_method(new QComboBox), m_search(new QLineEdit), m_topN(new QSpinBox), m_score(new QPushButton),
      m_explain(new QPushButton), m_export(new QPushButton(QIcon(QStringLiteral(":/icons/export.svg")), QString())),
      m_taskLabel(new QLabel), m_segmentLabel(new QLabel), m_topLabel(new QLabel), m_methodLabel(new QLabel),
      m_status(new QLabel), m_filterTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("RecommendationsPage"));
    m_task->setObjectName(QStringLiteral("recommendTask"));
    for (QComboBox *c : {m_task, m_segment, m_category}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        c->setMinimumContentsLength(10);
    }
    m_method->addItem(QString(), QStringLiteral("occlusion"));
    m_method->addItem(QString(), QStringLiteral("ig"));
    m_topN->setRange(0, 1000000);
    m_topN->setValue(100);
    m_search->setClearButtonEnabled(true);
    m_status->setWordWrap(true);

    m_view->setModel(m_model);
    m_view->setObjectName(QStringLiteral("recommendTable"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setItemDelegateForColumn(RecommendationModel::ScoreColumn,
                                     new ScoreBarDelegate(RecommendationModel::ScoreRole, this));
    auto *h = m_view->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(RecommendationModel::TitleColumn, QHeaderView::Stretch);
    h->resizeSection(RecommendationModel::RankColumn, 50);
    h->resizeSection(RecommendationModel::IdColumn, 95);
    h->resizeSection(RecommendationModel::CategoryColumn, 95);
    h->resizeSection(RecommendationModel::LabelColumn, 85);
    h->resizeSection(RecommendationModel::ScoreColumn, 100);
    h->resizeSection(RecommendationModel::UncertaintyColumn, 85);

    auto *row1 = new QHBoxLayout;
    row1->addWidget(m_taskLabel);
    row1->addWidget(m_task);
    row1->addWidget(m_segmentLabel);
    row1->addWidget(m_segment);
    row1->addWidget(m_topLabel);
    row1->addWidget(m_topN);
    row1->addStretch();
    row1->addWidget(m_score);
    row1->addWidget(m_export);
    auto *row2 = new QHBoxLayout;
    row2->addWidget(m_search, 2);
    row2->addWidget(m_category, 1);
    row2->addStretch();
    row2->addWidget(m_methodLabel);
    row2->addWidget(m_method);
    row2->addWidget(m_explain);

    auto *split = new QSplitter;
    split->addWidget(m_view);
    split->addWidget(m_explanation);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({640, 460});   // the ranked list with its score bars, the explanation beside
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(200);
    auto applyFilter = [this] {
        m_model->setFilter(m_search->text().trimmed(), m_category->currentData().toString(), m_topN->value());
    };
    connect(m_filterTimer, &QTimer::timeout, this, applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_category, &QComboBox::currentIndexChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_topN, &QSpinBox::valueChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_task, &QComboBox::currentIndexChanged, this, [this] {
        reloadSegments();
        refresh();
    });
    connect(m_segment, &QComboBox::currentIndexChanged, this, &RecommendationsPage::refresh);
    connect(m_score, &QPushButton::clicked, this, &RecommendationsPage::scoreCatalogue);
    connect(m_explain, &QPushButton::clicked, this, &RecommendationsPage::explainSelected);
    connect(m_export, &QPushButton::clicked, this, &RecommendationsPage::showExportDialog);
    connect(m_method, &QComboBox::currentIndexChanged, this, &RecommendationsPage::onSelectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RecommendationsPage::onSelectionChanged);
    // A reload (new scores, a filter, another job's runsChanged) keeps the selected
    // item selected when it is still listed, with its explanation.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_keptRowid = m_model->rowidAt(m_view->currentIndex().row()); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_explanation->clear();
        const int row = m_keptRowid ? m_model->rowOf(m_keptRowid) : -1;
        m_keptRowid = 0;
        if (row >= 0)
            selectRow(row);
    });
    connect(m_model, &RecommendationModel::loadingChanged, this, &RecommendationsPage::updateStatus);

    connect(doc, &ProjectDocument::projectOpened, this, [this] {
        reloadTasks();
        reloadSegments();
        refresh();
    });
    connect(doc, &ProjectDocument::projectClosed, this, [this] {
        reloadTasks();
        refresh();
    });
    connect(doc, &ProjectDocument::tasksChanged, this, &RecommendationsPage::reloadTasks);
    connect(doc, &ProjectDocument::segmentsChanged, this, &RecommendationsPage::reloadSegments);
    connect(doc, &ProjectDocument::runsChanged, this, &RecommendationsPage::refresh);
    connect(doc, &ProjectDocument::itemsChanged, this, &RecommendationsPage::refresh);
    connect(doc, &ProjectDocument::jobFinished, this, [this] {
        if (m_pendingRowid && m_model->rowidAt(m_view->currentIndex().row()) == m_pendingRowid)
            showStoredExplanation(m_pendingRowid, true);
        m_pendingRowid = 0;
    });
    retranslate();
    reloadTasks();
    reloadSegments();
    refresh();
}

void RecommendationsPage::retranslate()
{
    m_taskLabel->setText(tr("Task:"));
    m_segmentLabel->setText(tr("Segment:"));
    m_topLabel->setText(tr("Top:"));
    m_topN->setSpecialValueText(tr("all"));
    m_methodLabel->setText(tr("Explain with:"));
    m_method->setItemText(0, tr("word occlusion (fast)"));
    m_method->setItemText(1, tr("integrated gradients (precise)"));
    m_score->setText(tr("Score Catalogue"));
    m_score->setToolTip(tr("Rank every item for every segment with the task's active run."));
    m_explain->setText(tr("Explain"));
    m_export->setText(tr("Export…"));
    m_search->setPlaceholderText(tr("Filter by title or ID…"));
    if (m_category->count() > 0)
        m_category->setItemText(0, tr("All categories"));
    refresh();
}

void RecommendationsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RecommendationsPage::reloadTasks()
{
    refillCombo(m_task, m_doc, [this] {
        for (const TaskInfo &t : m_doc->store().tasks())
            m_task->addItem(QString::fromStdString(t.name), QString::fromStdString(t.name));
    });
    refillCombo(m_category, m_doc,
                [this] {
                    for (const std::string &c : m_doc->store().categories())
                        m_category->addItem(QString::fromStdString(c), QString::fromStdString(c));
                },
                {{tr("All categories"), QString()}});
}

void RecommendationsPage::reloadSegments()
{
    refillCombo(m_segment, m_doc, [this] {
        // The segments the task has labels for; the whole audience when it has none.
        const auto task = m_doc->store().task(m_task->currentData().toString().toStdString());
        std::set<std::int64_t> used;
        if (task)
            for (const LabelRow &l : m_doc->store().labels(task->id))
                used.insert(l.segmentId);
        for (const SegmentInfo &s : m_doc->store().segments())
            if (used.empty() ? s.id == 1 : used.count(s.id) > 0) {
                m_segment->addItem(s.name.empty() ? tr("All customers") : QString::fromStdString(s.name), qint64(s.id));
                m_segment->setItemData(m_segment->count() - 1, QString::fromStdString(s.name), Qt::UserRole + 1);
            }
    });
}

QString RecommendationsPage::currentSegmentName() const { return m_segment->currentData(Qt::UserRole + 1).toString(); }

bool RecommendationsPage::selectTask(const QString &name)
{
    const int i = m_task->findData(name);
    if (i >= 0)
        m_task->setCurrentIndex(i);
    return i >= 0;
}

void RecommendationsPage::refresh()
{
    m_runId = 0;
    QString status;
    if (m_doc->isOpen() && m_task->count() > 0) {
        try {
            const auto task = m_doc->store().task(m_task->currentData().toString().toStdString());
            std::optional<RunInfo> run;
            if (task)
                run = m_doc->runs().servingRun(task->id);
            if (!run) {
                status = tr("No trained run for this task yet: train one on the Training page.");
            } else {
                m_runId = run->id;
                const qint64 n = m_doc->runs().predictionCount(run->id);
                const QString name = run->name.empty() ? tr("run %1").arg(run->id) : QString::fromStdString(run->name);
                status = n > 0 ? tr("Ranked by %1 (%2 predictions).").arg(name, QLocale().toString(n))
                               : tr("%1 has not scored the catalogue yet: press “Score Catalogue”.").arg(name);
            }
        } catch (const std::exception &e) {
            status = QString::fromStdString(e.what());
        }
    } else if (m_doc->isOpen()) {
        status = tr("Create a task and label a few items first.");
    }
    m_statusText = status;
    updateStatus();
    m_score->setEnabled(m_runId > 0 && !m_doc->isBusy());
    m_export->setEnabled(m_runId > 0);
    m_explain->setEnabled(m_runId > 0);
    m_model->setFilter(m_search->text().trimmed(), m_category->currentData().toString(), m_topN->value());
    m_model->setSource(m_runId, m_segment->count() ? m_segment->currentData().toLongLong() : 1);
}

void RecommendationsPage::updateStatus()
{
    if (m_model->isLoading())
        m_status->setText(m_statusText.isEmpty() ? tr("Loading the ranked list…")
                                                 : m_statusText + QLatin1Char(' ') + tr("Loading the ranked list…"));
    else
        m_status->setText(m_statusText);
}

void RecommendationsPage::selectRow(int row)
{
    m_view->setCurrentIndex(m_model->index(row, RecommendationModel::TitleColumn));
}

void RecommendationsPage::onSelectionChanged()
{
    const std::int64_t rowid = m_model->rowidAt(m_view->currentIndex().row());
    if (!rowid) {
        m_explanation->clear();
        return;
    }
    showStoredExplanation(rowid, true);
}

void RecommendationsPage::showStoredExplanation(std::int64_t rowid, bool computeIfMissing)
{
    const std::string method = m_method->currentData().toString().toStdString();
    try {
        const auto item = m_doc->store().itemByRowid(rowid);
        if (!item)
            return;
        if (auto json = m_doc->runs().explanation(m_runId, rowid, method)) {
            m_explanation->setExplanation(item->item, Explanation::fromJson(*json));
            Q_EMIT explanationShown(rowid);
            return;
        }
        if (!computeIfMissing)
            return;
        if (m_doc->isBusy()) {
            m_pendingRowid = rowid;
            m_explanation->setMessage(tr("Waiting for the running job to finish…"));
            return;
        }
        explainSelected();
    } catch (const std::exception &e) {
        m_explanation->setMessage(QString::fromStdString(e.what()));
    }
}

void RecommendationsPage::explainSelected()
{
    const std::int64_t rowid = m_model->rowidAt(m_view->currentIndex().row());
    if (!rowid || !m_runId)
        return;
    const auto item = m_doc->store().itemByRowid(rowid);
    if (!item)
        return;
    auto json = std::make_shared<std::string>();
    JobRunner *job = m_doc->startJob(tr("Explaining %1").arg(QString::fromStdString(item->item.id)),
                                     explainJob(m_doc->path(), m_task->currentData().toString(), m_runId,
                                                QString::fromStdString(item->item.id),
                                                m_method->currentData().toString(), currentSegmentName(), json),
                                     ProjectDocument::NoChange);
    if (!job) {
        m_pendingRowid = rowid;
        return;
    }
    m_explanation->setMessage(tr("Explaining “%1”…").arg(QString::fromStdString(item->item.title)));
    connect(job, &JobRunner::finished, this, [this, rowid](int status, const QString &message) {
        if (m_model->rowidAt(m_view->currentIndex().row()) != rowid)
            return;
        if (status == 0)
            showStoredExplanation(rowid, false);
        else
            m_explanation->setMessage(status == 3 ? tr("Explanation cancelled.") : message);
    });
}

bool RecommendationsPage::scoreCatalogue()
{
    if (!m_runId)
        return false;
    JobRunner *job = m_doc->startJob(tr("Scoring %1").arg(m_task->currentData().toString()),
                                     scoreJob(m_doc->path(), m_task->currentData().toString(), m_runId),
                                     ProjectDocument::RunsChanged);
    if (!job)
        return false;
    m_score->setEnabled(false);
    connect(job, &JobRunner::finished, this, [this](int status) { Q_EMIT scoringFinished(status); });
    return true;
}

void RecommendationsPage::showExportDialog()
{
    if (!m_runId)
        return;
    ExportDialog dialog(m_doc, m_task->currentData().toString(), m_runId, this);
    dialog.setTopN(m_topN->value());
    if (dialog.exec() == QDialog::Accepted)
        exportTo(dialog.request());
}

bool RecommendationsPage::exportTo(const ExportSpec &request)
{
    auto rows = std::make_shared<std::int64_t>(0);
    JobRunner *job =
        m_doc->startJob(tr("Exporting to %1").arg(request.file), exportJob(request, rows), ProjectDocument::NoChange);
    if (!job) {
        QMessageBox::warning(this, tr("Export"), m_doc->errorString());
        return false;
    }
    const QString file = request.file;
    connect(job, &JobRunner::finished, this, [this, rows, file](int status, const QString &message) {
        if (status == 0)
            Q_EMIT m_doc->warning(0, tr("Exported %n row(s) to %1.", nullptr, int(*rows)).arg(file));
        else if (status != 3)
            Q_EMIT m_doc->warning(2, message);
        Q_EMIT exportFinished(status, file);
    });
    return true;
}

}   // namespace debut
