#include "scorebardelegate.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace debut {

ScoreBarDelegate::ScoreBarDelegate(int valueRole, QObject *parent) : QStyledItemDelegate(parent), m_role(valueRole) {}

void ScoreBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);   // background, selection

    bool ok = false;
    double v = index.data(m_role).toDouble(&ok);
    if (!ok)
        v = text.toDouble(&ok);
    const double share = ok && m_max > 0 ? std::clamp(v / m_max, 0.0, 1.0) : 0.0;
    const QRect r = opt.rect.adjusted(3, 4, -3, -4);
    QColor bar = opt.palette.color(QPalette::Highlight);
    bar.setAlpha(opt.state & QStyle::State_Selected ? 200 : 110);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(bar);
    painter->drawRoundedRect(QRectF(r.left(), r.top(), r.width() * share, r.height()), 2, 2);
    painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(r.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight, text);
    painter->restore();
}

}   // namespace debut
