#include "runspage.h"

#include "curvesview.h"
#include "metricscharts.h"
#include "projectdocument.h"
#include "reporttable.h"
#include "runsmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace debut {

RunsPage::RunsPage(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_model(new RunsModel(doc, this)), m_view(new QTableView), m_rename(new QPushButton),
      m_delete(new QPushButton), m_activate(new QPushButton), m_hint(new QLabel), m_loss(new LossChart),
      m_curves(new CurvesView), m_report(new ReportTable)
{
    setObjectName(QStringLiteral("RunsPage"));
    m_view->setModel(m_model);
    m_view->setObjectName(QStringLiteral("runsTable"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RunsModel::MetricColumn, QHeaderView::Stretch);
    m_hint->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_activate);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_view, 1);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_hint);

    auto *bottom = new QSplitter;
    m_curves->insertTab(0, m_loss, QString());   // loss, ROC, precision-recall
    m_curves->setCurrentIndex(0);
    bottom->addWidget(m_curves);
    bottom->addWidget(m_report);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setSizes({620, 470});   // the report's six columns fit without scrolling

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::onSelectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsPage::onSelectionChanged);
    connect(m_rename, &QPushButton::clicked, this, &RunsPage::renameSelected);
    connect(m_delete, &QPushButton::clicked, this, &RunsPage::deleteSelected);
    connect(m_activate, &QPushButton::clicked, this, &RunsPage::activateSelected);
    retranslate();
    onSelectionChanged();
}

void RunsPage::retranslate()
{
    m_rename->setText(tr("Rename…"));
    m_delete->setText(tr("Delete"));
    m_activate->setText(tr("Use for Recommendations"));
    m_activate->setToolTip(tr("Rank and explain this task's items with this run's model."));
    m_curves->setTabText(m_curves->indexOf(m_loss), tr("Loss"));
    m_hint->setText(tr("Select one run to see its curves and report; select two (Ctrl+click) to compare them."));
}

void RunsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QList<int> RunsPage::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        rows << i.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void RunsPage::selectRuns(const QList<qint64> &runIds)
{
    m_view->clearSelection();
    for (qint64 id : runIds) {
        const int row = m_model->rowOfRun(id);
        if (row >= 0)
            m_view->selectionModel()->select(m_model->index(row, 0),
                                             QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

void RunsPage::onSelectionChanged()
{
    const QList<int> rows = selectedRows();
    m_rename->setEnabled(rows.size() == 1);
    m_delete->setEnabled(!rows.isEmpty() && !m_doc->isBusy());
    m_activate->setEnabled(rows.size() == 1 && m_model->runAt(rows[0]) &&
                           m_model->runAt(rows[0])->status == RunStatus::Done);
    m_loss->clear();
    m_curves->clear();
    m_report->clearReport();
    if (rows.isEmpty() || !m_doc->isOpen())
        return;
    static const QColor kColours[] = {QColor(40, 90, 200), QColor(220, 80, 40)};
    std::vector<std::optional<EpochMetrics>> best;
    for (int i = 0; i < rows.size() && i < 2; ++i) {
        const RunInfo *r = m_model->runAt(rows[i]);
        try {
            const auto epochs = loadEpochs(m_doc->runs(), r->id);
            m_loss->addRun(m_model->displayName(rows[i]), epochs, kColours[i]);
            best.push_back(bestEpoch(epochs));
        } catch (const std::exception &e) {
            Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
        }
    }
    if (best.size() == 1 && best[0]) {
        m_report->setMetrics(*best[0]);
        m_curves->setMetrics(*best[0]);
    } else if (best.size() == 2 && best[0] && best[1]) {
        m_report->setComparison(m_model->displayName(rows[0]), *best[0], m_model->displayName(rows[1]), *best[1]);
        m_curves->setComparison(m_model->displayName(rows[0]), *best[0], m_model->displayName(rows[1]), *best[1]);
    }
}

void RunsPage::renameSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.size() != 1)
        return;
    const RunInfo *r = m_model->runAt(rows[0]);
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Run"), tr("Name:"), QLineEdit::Normal,
                                               QString::fromStdString(r->name), &ok);
    if (ok)
        m_doc->renameRun(r->id, name.trimmed());
}

void RunsPage::deleteSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    QList<qint64> ids;
    for (int row : rows)
        ids << m_model->runAt(row)->id;
    if (QMessageBox::question(this, tr("Delete Runs"),
                              tr("Delete %n run(s) with their metrics, predictions and models?", nullptr,
                                 int(ids.size()))) != QMessageBox::Yes)
        return;
    for (qint64 id : ids)
        m_doc->deleteRun(id);
}

void RunsPage::activateSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.size() == 1)
        m_doc->setActiveRun(m_model->runAt(rows[0])->id);
}

}   // namespace debut
