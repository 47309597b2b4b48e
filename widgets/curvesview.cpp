#include "curvesview.h"

#include "curvechart.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace debut {

CurvesView::CurvesView(QWidget *parent)
    : QTabWidget(parent), m_roc(new CurveChart(CurveChart::Roc)), m_pr(new CurveChart(CurveChart::PrecisionRecall)),
      m_class(new QComboBox), m_classLabel(new QLabel)
{
    setObjectName(QStringLiteral("curvesView"));
    m_class->setObjectName(QStringLiteral("curveClass"));
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_class->setMinimumContentsLength(9);
    addTab(m_roc, QString());
    addTab(m_pr, QString());
    auto *corner = new QWidget;
    auto *layout = new QHBoxLayout(corner);
    layout->setContentsMargins(4, 0, 2, 2);
    layout->addWidget(m_classLabel);
    layout->addWidget(m_class);
    setCornerWidget(corner, Qt::TopRightCorner);
    connect(m_class, &QComboBox::currentIndexChanged, this, &CurvesView::redraw);
    retranslate();
    reloadClasses({});
}

void CurvesView::retranslate()
{
    setTabText(indexOf(m_roc), tr("ROC"));
    setTabText(indexOf(m_pr), tr("Precision-recall"));
    setTabToolTip(indexOf(m_roc), tr("ROC curve of the chosen class on the dev data"));
    setTabToolTip(indexOf(m_pr), tr("Precision-recall curve of the chosen class on the dev data"));
    m_classLabel->setText(tr("Class:"));
    m_class->setToolTip(tr("The class whose items are to be found (one class against all the others)."));
    if (m_class->count() > 0 && m_class->itemData(0).toString().isEmpty())
        m_class->setItemText(0, tr("All classes"));
    redraw();
}

void CurvesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QTabWidget::changeEvent(event);
}

void CurvesView::clear()
{
    m_a.reset();
    m_b.reset();
    reloadClasses({});
    m_roc->clear();
    m_pr->clear();
}

void CurvesView::reloadClasses(const std::vector<Curve> &curves)
{
    QStringList names;
    for (const Curve &c : curves)
        names << QString::fromStdString(c.label);
    QStringList shown;
    for (int i = 0; i < m_class->count(); ++i)
        shown << m_class->itemData(i).toString();
    QStringList wanted;
    if (names.size() > 1)
        wanted << QString();   // all classes
    wanted += names;
    if (shown == wanted)
        return;
    const QString current = m_class->currentData().toString();
    const bool hadAll = m_class->count() > 0 && m_class->currentIndex() == 0 && current.isEmpty();
    QSignalBlocker block(m_class);
    m_class->clear();
    for (const QString &n : wanted)
        m_class->addItem(n.isEmpty() ? tr("All classes") : n, n);
    int i = m_class->findData(current);
    if (i < 0 || (current.isEmpty() && !hadAll))
        i = wanted.size() > 1 ? 1 : 0;   // the first class: its curve beside the zero-shot one reads best
    m_class->setCurrentIndex(i);
    m_class->setEnabled(wanted.size() > 1);
}

void CurvesView::setMetrics(const EpochMetrics &m)
{
    m_a = m;
    m_b.reset();
    reloadClasses(m.roc.empty() ? m.pr : m.roc);
    redraw();
}

void CurvesView::setComparison(const QString &nameA, const EpochMetrics &a, const QString &nameB, const EpochMetrics &b)
{
    m_a = a;
    m_b = b;
    m_nameA = nameA;
    m_nameB = nameB;
    reloadClasses(a.roc.empty() ? a.pr : a.roc);
    redraw();
}

void CurvesView::redraw()
{
    if (!m_a) {
        m_roc->clear();
        m_pr->clear();
        return;
    }
    const QString cls = m_class->currentData().toString();
    if (!m_b) {
        static const std::vector<Curve> none;
        const EpochMetrics &m = *m_a;
        // Auto runs' rows are candidates ("lexical"), not epochs.
        const QString name = m.stage == MetricsStage::Candidate ? QString::fromStdString(m.stageName)
                             : m.epoch > 0                      ? tr("epoch %1").arg(m.epoch)
                                                                : tr("model");
        m_roc->setCurves(m.roc, name, m.baseline ? m.baseline->roc : none, cls, m.devCount);
        m_pr->setCurves(m.pr, name, m.baseline ? m.baseline->pr : none, cls, m.devCount);
        return;
    }
    // two runs: one class at a time (the "all classes" view would draw 2 x K lines)
    QString one = cls;
    if (one.isEmpty() && m_class->count() > 1)
        one = m_class->itemData(1).toString();
    for (CurveChart *c : {m_roc, m_pr}) {
        c->clear();
        const bool roc = c == m_roc;
        c->addCurve(roc ? m_a->roc : m_a->pr, m_nameA, one, QColor(40, 90, 200));
        c->addCurve(roc ? m_b->roc : m_b->pr, m_nameB, one, QColor(220, 80, 40));
    }
}

}   // namespace debut
