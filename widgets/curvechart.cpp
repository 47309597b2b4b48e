#include "curvechart.h"

#include "appearance.h"

#include <QEvent>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

namespace debut {

namespace {
const QColor kCurrent(40, 90, 200), kBaseline(230, 120, 30), kChance(150, 150, 150);
const QColor kClassColours[] = {QColor(40, 90, 200),  QColor(220, 80, 40),  QColor(40, 140, 60),
                                QColor(140, 60, 160), QColor(200, 150, 20), QColor(20, 150, 160),
                                QColor(180, 60, 110), QColor(110, 110, 110)};

const Curve *findCurve(const std::vector<Curve> &curves, const QString &cls)
{
    if (curves.size() == 1 && cls.isEmpty())
        return &curves.front();
    for (const Curve &c : curves)
        if (QString::fromStdString(c.label) == cls)
            return &c;
    return nullptr;
}
}   // namespace

CurveChart::CurveChart(Kind kind, QWidget *parent) : QChartView(parent), m_kind(kind)
{
    auto *c = new QChart;
    c->setMargins(QMargins(2, 2, 2, 2));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setBackgroundRoundness(0);
    c->setAnimationOptions(QChart::NoAnimation);
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    for (Qt::Orientation o : {Qt::Horizontal, Qt::Vertical}) {
        auto *a = new QValueAxis;
        a->setRange(0, 1);
        a->setTickCount(6);
        a->setLabelFormat(QStringLiteral("%.1f"));
        QFont f = a->titleFont();
        f.setBold(false);
        f.setPointSizeF(f.pointSizeF() * 0.9);
        a->setTitleFont(f);
        c->addAxis(a, o == Qt::Horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    }
    retranslate();
    Appearance::styleChart(c, palette());
}

void CurveChart::retranslate()
{
    const bool roc = m_kind == Roc;
    const auto h = chart()->axes(Qt::Horizontal), v = chart()->axes(Qt::Vertical);
    if (!h.isEmpty())
        h.first()->setTitleText(roc ? tr("false-positive rate") : tr("recall"));
    if (!v.isEmpty())
        v.first()->setTitleText(roc ? tr("true-positive rate") : tr("precision"));
    setToolTip(roc ? tr("How well the model puts the class's items above the others. The closer the curve runs "
                        "to the top-left corner, the better; the diagonal is guessing. The area (AUC) is 1 for a "
                        "perfect ranking and 0.5 for guessing.")
                   : tr("Precision: the share of the items the model picks that really are of the class. Recall: "
                        "the share of the class's items it finds. Higher is better; the dotted line is picking at "
                        "random."));
}

void CurveChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        Appearance::styleChart(chart(), palette());
    QChartView::changeEvent(event);
}

void CurveChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    const int ticks = height() >= 230 ? 6 : 3;   // 0.0 … 1.0 by 0.2, or 0, 0.5, 1
    for (QAbstractAxis *a : chart()->axes(Qt::Vertical))
        if (auto *v = qobject_cast<QValueAxis *>(a); v && v->tickCount() != ticks)
            v->setTickCount(ticks);
}

void CurveChart::clear()
{
    chart()->removeAllSeries();
    m_curves = 0;
}

int CurveChart::curveCount() const { return m_curves; }

void CurveChart::addSeries(const Curve &c, const QString &name, const QColor &colour, Qt::PenStyle style, qreal width)
{
    auto *s = new QLineSeries;
    QPen pen(colour);
    pen.setWidthF(width);
    pen.setStyle(style);
    s->setPen(pen);
    s->setName(name);
    QList<QPointF> points;
    points.reserve(qsizetype(c.x.size()));
    for (std::size_t i = 0; i < c.x.size() && i < c.y.size(); ++i)
        points << QPointF(c.x[i], c.y[i]);
    s->replace(points);
    chart()->addSeries(s);
    for (QAbstractAxis *a : chart()->axes())
        s->attachAxis(a);
}

void CurveChart::setCurves(const std::vector<Curve> &current, const QString &currentName,
                           const std::vector<Curve> &baseline, const QString &cls, std::int64_t devCount)
{
    clear();
    const bool roc = m_kind == Roc;
    const QString area = roc ? tr("AUC") : tr("PR-AUC");
    auto named = [&](const QString &who, const Curve &c) {
        return c.auc ? QStringLiteral("%1 · %2 %3").arg(who, area, QString::number(*c.auc, 'f', 2)) : who;
    };
    if (cls.isEmpty() && current.size() > 1) {   // all classes, one-vs-rest
        int i = 0;
        for (const Curve &c : current)
            addSeries(c, named(QString::fromStdString(c.label), c), kClassColours[i++ % int(std::size(kClassColours))],
                      Qt::SolidLine, 1.6);
        m_curves = int(current.size());
        return;
    }
    const Curve *cur = findCurve(current, cls);
    if (!cur)
        return;
    // chance: the diagonal, or precision = the class's share of the dev items
    Curve chance;
    if (roc) {
        chance.x = {0, 1};
        chance.y = {0, 1};
    } else if (devCount > 0 && cur->positives > 0) {
        const double share = double(cur->positives) / double(devCount);
        chance.x = {0, 1};
        chance.y = {share, share};
    }
    if (!chance.empty())
        addSeries(chance, tr("chance"), kChance, Qt::DotLine, 1.0);
    if (const Curve *base = findCurve(baseline, QString::fromStdString(cur->label))) {
        addSeries(*base, named(tr("zero-shot"), *base), kBaseline, Qt::DashLine, 1.6);
        ++m_curves;
    }
    addSeries(*cur, named(currentName, *cur), kCurrent, Qt::SolidLine, 2.2);
    ++m_curves;
}

bool CurveChart::addCurve(const std::vector<Curve> &curves, const QString &name, const QString &cls,
                          const QColor &colour)
{
    const Curve *c = findCurve(curves, cls);
    if (!c)
        return false;
    const QString area = m_kind == Roc ? tr("AUC") : tr("PR-AUC");
    addSeries(*c, c->auc ? QStringLiteral("%1 · %2 %3").arg(name, area, QString::number(*c->auc, 'f', 2)) : name,
              colour, Qt::SolidLine, 2.0);
    ++m_curves;
    return true;
}

}   // namespace debut
