#include "metricscharts.h"

#include "appearance.h"

#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace debut {

namespace {
QLineSeries *makeSeries(QChart *chart, const QColor &colour, qreal width, Qt::PenStyle style = Qt::SolidLine,
                        bool markers = false)
{
    auto *s = new QLineSeries;
    QPen pen(colour);
    pen.setWidthF(width);
    pen.setStyle(style);
    s->setPen(pen);
    s->setPointsVisible(markers);
    chart->addSeries(s);
    return s;
}

// An axis of epochs or candidates: 0 to the last, a tick on whole numbers only
// (at most about ten). A fixed tick count put 11 ticks on 0..11, 1.1 apart,
// labelled 0, 1, 2 … by "%d": every point sat off its label.
void countingAxis(QValueAxis *axis, double last)
{
    const double hi = std::max(1.0, std::ceil(last));
    axis->setRange(0, hi);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(std::ceil(hi / 10));
}

void styleChart(QChart *chart)
{
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);   // animations would cost frames while training
}
}   // namespace

QString AxisRows::title() const
{
    if (candidates && epochs)
        return LossChart::tr("epoch or candidate");
    return candidates ? LossChart::tr("candidate") : LossChart::tr("epoch");
}

LossChart::LossChart(QWidget *parent) : QChartView(parent)
{
    auto *c = new QChart;
    styleChart(c);
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    m_batch = makeSeries(c, QColor(160, 180, 220), 1.0);
    m_train = makeSeries(c, QColor(40, 90, 200), 2.0, Qt::SolidLine, true);
    m_dev = makeSeries(c, QColor(220, 80, 40), 2.0, Qt::SolidLine, true);
    retranslate();
    rebuildAxes();
}

void LossChart::retranslate()
{
    // No title: the chart sits in a tab named "Loss" (Training and Runs pages), and
    // on a short page the title's line left the axis labels too little room ("…").
    m_train->setName(tr("train"));
    m_dev->setName(tr("dev"));
    m_batch->setName(tr("batches"));
    rebuildAxes();
}

void LossChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        Appearance::styleChart(chart(), palette());
    QChartView::changeEvent(event);
}

void LossChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    for (QAbstractAxis *a : chart()->axes(Qt::Horizontal))
        a->setTitleVisible(height() >= 200);
}

void LossChart::clear()
{
    m_train->clear();
    m_dev->clear();
    m_batch->clear();
    for (QLineSeries *s : std::as_const(m_extra)) {
        chart()->removeSeries(s);
        delete s;
    }
    m_extra.clear();
    m_rows = AxisRows();
    m_minY = 1e300;
    m_maxY = -1e300;
    m_maxX = 1;
    rebuildAxes();
}

int LossChart::pointCount() const { return int(m_train->count() + m_dev->count()); }

void LossChart::addPoint(const EpochMetrics &m, QList<QPointF> &train, QList<QPointF> &dev)
{
    m_rows.add(m);
    if (m.stage != MetricsStage::Candidate) {   // a candidate is cross-validated, not trained in steps
        train << QPointF(m.epoch, m.trainLoss);
        m_minY = std::min(m_minY, m.trainLoss);
        m_maxY = std::max(m_maxY, m.trainLoss);
    }
    if (m.devLoss) {
        dev << QPointF(m.epoch, *m.devLoss);
        m_minY = std::min(m_minY, *m.devLoss);
        m_maxY = std::max(m_maxY, *m.devLoss);
    }
    m_maxX = std::max(m_maxX, double(m.epoch));
}

void LossChart::appendEpochs(const std::vector<EpochMetrics> &epochs)
{
    QList<QPointF> train, dev;
    for (const EpochMetrics &m : epochs)
        if (m.epoch > 0)
            addPoint(m, train, dev);
    if (train.isEmpty() && dev.isEmpty())
        return;
    if (!train.isEmpty())
        m_train->append(train);   // one append per batch of points: one repaint
    if (!dev.isEmpty())
        m_dev->append(dev);
    rebuildAxes();
}

void LossChart::appendBatchLoss(const QVector<QPointF> &points)
{
    if (points.isEmpty())
        return;
    for (const QPointF &p : points) {
        m_minY = std::min(m_minY, p.y());
        m_maxY = std::max(m_maxY, p.y());
        m_maxX = std::max(m_maxX, p.x());
    }
    m_batch->append(QList<QPointF>(points.begin(), points.end()));
    rebuildAxes();
}

void LossChart::addRun(const QString &name, const std::vector<EpochMetrics> &epochs, const QColor &colour)
{
    QList<QPointF> train, dev;
    for (const EpochMetrics &m : epochs)
        if (m.epoch > 0)
            addPoint(m, train, dev);
    // A series only for points there are: an auto run's candidates have no train
    // loss, and no "train" entry in the legend.
    if (!train.isEmpty() || dev.isEmpty()) {
        auto *t = makeSeries(chart(), colour, 2.0, Qt::SolidLine, true);
        t->setName(tr("%1 train").arg(name));
        t->append(train);
        m_extra << t;
    }
    if (!dev.isEmpty()) {
        auto *d = makeSeries(chart(), colour, 2.0, Qt::DashLine, true);
        d->setName(tr("%1 dev").arg(name));
        d->append(dev);
        m_extra << d;
    }
    rebuildAxes();
}

void LossChart::setLogScale(bool on)
{
    if (on == m_log)
        return;
    m_log = on;
    rebuildAxes();
}

void LossChart::rebuildAxes()
{
    QChart *c = chart();
    const auto oldAxes = c->axes();
    QList<QLineSeries *> all{m_batch, m_train, m_dev};
    all += m_extra;
    QAbstractAxis *x = nullptr, *y = nullptr;
    for (QAbstractAxis *a : oldAxes) {
        if (a->orientation() == Qt::Horizontal)
            x = a;
        else
            y = a;
    }
    if (!x) {
        auto *vx = new QValueAxis;
        vx->setLabelFormat(QStringLiteral("%d"));
        c->addAxis(vx, Qt::AlignBottom);
        x = vx;
    }
    x->setTitleText(m_rows.title());
    countingAxis(static_cast<QValueAxis *>(x), m_maxX);
    const bool wantLog = m_log;
    const bool isLog = y && y->type() == QAbstractAxis::AxisTypeLogValue;
    if (!y || wantLog != isLog) {
        if (y) {
            for (QLineSeries *s : all)
                s->detachAxis(y);
            c->removeAxis(y);
            delete y;
        }
        if (wantLog) {
            auto *ly = new QLogValueAxis;
            ly->setBase(10);
            ly->setLabelFormat(QStringLiteral("%.3g"));
            y = ly;
        } else {
            auto *vy = new QValueAxis;
            vy->setLabelFormat(QStringLiteral("%.3g"));
            y = vy;
        }
        c->addAxis(y, Qt::AlignLeft);
    }
    for (QLineSeries *s : all) {
        if (!s->attachedAxes().contains(x))
            s->attachAxis(x);
        if (!s->attachedAxes().contains(y))
            s->attachAxis(y);
    }
    double lo = m_minY <= m_maxY ? m_minY : 0.1, hi = m_minY <= m_maxY ? m_maxY : 1.0;
    if (wantLog) {
        lo = std::max(lo, 1e-6);
        hi = std::max(hi, lo * 1.5);
        static_cast<QLogValueAxis *>(y)->setRange(lo / 1.2, hi * 1.2);
    } else {
        static_cast<QValueAxis *>(y)->setRange(0, hi <= 0 ? 1 : hi * 1.1);
        static_cast<QValueAxis *>(y)->applyNiceNumbers();   // ticks at 0.2, 0.4 …, not 0.33, 0.661 …
    }
    y->setTitleText(wantLog ? tr("loss (log)") : tr("loss"));
    // no legend entry for a series without points (batches, the live run on the Runs
    // page, or the train loss of auto mode's candidates)
    bool changed = false;
    for (QLineSeries *s : std::as_const(all))
        for (QLegendMarker *marker : c->legend()->markers(s))
            if (marker->isVisible() != (s->count() > 0)) {
                marker->setVisible(s->count() > 0);
                changed = true;
            }
    if (changed && c->legend()->isVisible()) {   // the legend lays itself out again only when shown
        c->legend()->hide();
        c->legend()->show();
    }
    Appearance::styleChart(c, palette());   // a new axis starts with the default colours
}

AucChart::AucChart(QWidget *parent) : QChartView(parent)
{
    auto *c = new QChart;
    styleChart(c);
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    m_roc = makeSeries(c, QColor(40, 140, 60), 2.0, Qt::SolidLine, true);
    m_pr = makeSeries(c, QColor(140, 60, 160), 2.0, Qt::SolidLine, true);
    m_rocBase = makeSeries(c, QColor(40, 140, 60), 1.2, Qt::DashLine);
    m_prBase = makeSeries(c, QColor(140, 60, 160), 1.2, Qt::DashLine);
    auto *x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%d"));
    auto *y = new QValueAxis;
    y->setRange(0, 1);
    y->setLabelFormat(QStringLiteral("%.1f"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *s : {m_roc, m_pr, m_rocBase, m_prBase}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    retranslate();
    updateAxes();
    Appearance::styleChart(c, palette());
}

void AucChart::retranslate()
{
    chart()->setTitle(tr("ROC-AUC and PR-AUC on dev"));
    m_roc->setName(tr("ROC-AUC"));
    m_pr->setName(tr("PR-AUC"));
    m_rocBase->setName(tr("zero-shot ROC"));
    m_prBase->setName(tr("zero-shot PR"));
    for (QAbstractAxis *a : chart()->axes(Qt::Horizontal))
        a->setTitleText(m_rows.title());
}

void AucChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        Appearance::styleChart(chart(), palette());
    QChartView::changeEvent(event);
}

void AucChart::clear()
{
    for (QLineSeries *s : {m_roc, m_pr, m_rocBase, m_prBase})
        s->clear();
    m_maxX = 1;
    m_rows = AxisRows();
    updateAxes();
}

void AucChart::appendEpochs(const std::vector<EpochMetrics> &epochs)
{
    for (const EpochMetrics &m : epochs) {
        if (m.epoch <= 0)
            continue;
        m_rows.add(m);
        if (m.auc)
            m_roc->append(m.epoch, *m.auc);
        if (m.prAuc)
            m_pr->append(m.epoch, *m.prAuc);
        m_maxX = std::max(m_maxX, double(m.epoch));
        if (m.baseline) {
            m_rocBase->clear();
            m_prBase->clear();
            if (m.baseline->auc)
                m_rocBase->append({QPointF(0, *m.baseline->auc), QPointF(1e6, *m.baseline->auc)});
            if (m.baseline->prAuc)
                m_prBase->append({QPointF(0, *m.baseline->prAuc), QPointF(1e6, *m.baseline->prAuc)});
        }
    }
    updateAxes();
}

void AucChart::updateAxes()
{
    for (QAbstractAxis *a : chart()->axes(Qt::Horizontal)) {
        a->setTitleText(m_rows.title());
        countingAxis(static_cast<QValueAxis *>(a), m_maxX);
    }
}

}   // namespace debut
