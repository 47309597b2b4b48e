#include "reporttable.h"

#include <QEvent>
#include <QHeaderView>

namespace debut {

namespace {
QString num(double v) { return QString::number(v, 'f', 3); }

const ClassMetrics *findClass(const ClassificationReport &r, const std::string &label)
{
    for (const ClassMetrics &c : r.classes)
        if (c.label == label)
            return &c;
    return nullptr;
}
}   // namespace

ReportTable::ReportTable(QWidget *parent) : QTableWidget(parent)
{
    setEditTriggers(NoEditTriggers);
    setSelectionMode(NoSelection);
    verticalHeader()->hide();
    // contents decide the widths (no clipped numbers); a narrow window scrolls
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setMinimumSectionSize(36);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    setWordWrap(false);
    clearReport();
}

void ReportTable::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        if (m_last)
            setMetrics(*m_last);
        else
            clearReport();
    }
    QTableWidget::changeEvent(event);
}

void ReportTable::clearReport()
{
    m_last.reset();
    clear();
    setColumnCount(6);
    setRowCount(0);
    setHorizontalHeaderLabels(
        {tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support"), tr("Zero-shot F1")});
}

void ReportTable::setRow(int row, const QStringList &cells, bool bold)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        item->setTextAlignment(c == 0 ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter));
        if (bold) {
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
        setItem(row, c, item);
    }
}

void ReportTable::setMetrics(const EpochMetrics &m)
{
    m_last = m;
    clear();
    if (m.regression) {
        setColumnCount(3);
        setHorizontalHeaderLabels({tr("Metric"), tr("Model"), tr("Zero-shot")});
        setRowCount(3);
        const auto &r = *m.regression;
        const RegressionMetrics *b = m.baseline && m.baseline->regression ? &*m.baseline->regression : nullptr;
        setRow(0, {tr("MSE"), num(r.mse), b ? num(b->mse) : QStringLiteral("–")});
        setRow(1, {tr("MAE"), num(r.mae), b ? num(b->mae) : QStringLiteral("–")});
        setRow(2, {tr("R²"), num(r.r2), b ? num(b->r2) : QStringLiteral("–")});
        return;
    }
    setColumnCount(6);
    setHorizontalHeaderLabels(
        {tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support"), tr("Zero-shot F1")});
    if (!m.report) {
        setRowCount(0);
        return;
    }
    const ClassificationReport &r = *m.report;
    const ClassificationReport *b = m.baseline && m.baseline->report ? &*m.baseline->report : nullptr;
    setRowCount(int(r.classes.size()) + 3);
    int row = 0;
    for (const ClassMetrics &c : r.classes) {
        const ClassMetrics *bc = b ? findClass(*b, c.label) : nullptr;
        setRow(row++, {QString::fromStdString(c.label), num(c.precision), num(c.recall), num(c.f1),
                       QString::number(c.support), bc ? num(bc->f1) : QStringLiteral("–")});
    }
    setRow(row++,
           {tr("accuracy"), QString(), QString(), num(r.accuracy), QString::number(r.total),
            b ? num(b->accuracy) : QStringLiteral("–")},
           true);
    setRow(row++,
           {tr("macro avg"), num(r.macro.precision), num(r.macro.recall), num(r.macro.f1), QString::number(r.total),
            b ? num(b->macro.f1) : QStringLiteral("–")},
           true);
    setRow(row++,
           {tr("weighted avg"), num(r.weighted.precision), num(r.weighted.recall), num(r.weighted.f1),
            QString::number(r.total), b ? num(b->weighted.f1) : QStringLiteral("–")},
           true);
}

void ReportTable::setComparison(const QString &nameA, const EpochMetrics &a, const QString &nameB,
                                const EpochMetrics &b)
{
    m_last.reset();
    clear();
    setColumnCount(4);
    setHorizontalHeaderLabels({tr("Metric"), nameA, nameB, tr("B − A")});
    QList<std::tuple<QString, std::optional<double>, std::optional<double>>> rows;
    auto f1Of = [](const EpochMetrics &m, const std::string &label) -> std::optional<double> {
        if (!m.report)
            return std::nullopt;
        if (const ClassMetrics *c = findClass(*m.report, label))
            return c->f1;
        return std::nullopt;
    };
    if (a.report || b.report) {
        std::vector<std::string> labels;
        for (const EpochMetrics *m : {&a, &b})
            if (m->report)
                for (const ClassMetrics &c : m->report->classes)
                    if (std::find(labels.begin(), labels.end(), c.label) == labels.end())
                        labels.push_back(c.label);
        for (const std::string &l : labels)
            rows.append({tr("F1 %1").arg(QString::fromStdString(l)), f1Of(a, l), f1Of(b, l)});
        rows.append({tr("accuracy"), a.report ? std::optional<double>(a.report->accuracy) : std::nullopt,
                     b.report ? std::optional<double>(b.report->accuracy) : std::nullopt});
        rows.append({tr("macro F1"), a.report ? std::optional<double>(a.report->macro.f1) : std::nullopt,
                     b.report ? std::optional<double>(b.report->macro.f1) : std::nullopt});
    }
    if (a.regression || b.regression) {
        rows.append({tr("MSE"), a.regression ? std::optional<double>(a.regression->mse) : std::nullopt,
                     b.regression ? std::optional<double>(b.regression->mse) : std::nullopt});
        rows.append({tr("MAE"), a.regression ? std::optional<double>(a.regression->mae) : std::nullopt,
                     b.regression ? std::optional<double>(b.regression->mae) : std::nullopt});
    }
    rows.append({tr("ROC-AUC"), a.auc, b.auc});
    rows.append({tr("PR-AUC"), a.prAuc, b.prAuc});
    rows.append({tr("ECE"), a.ece, b.ece});
    setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const auto &[name, va, vb] = rows[i];
        setRow(i, {name, va ? num(*va) : QStringLiteral("–"), vb ? num(*vb) : QStringLiteral("–"),
                   va && vb ? QString::asprintf("%+.3f", *vb - *va) : QStringLiteral("–")});
    }
}

}   // namespace debut
