#include "confusionview.h"

#include <QPainter>

#include <algorithm>

namespace debut {

ConfusionView::ConfusionView(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionView::setMatrix(const QStringList &labels, const std::vector<std::vector<std::int64_t>> &counts)
{
    m_labels = labels;
    m_counts = counts;
    update();
}

void ConfusionView::clear()
{
    m_labels.clear();
    m_counts.clear();
    update();
}

void ConfusionView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    const QFontMetrics fm = fontMetrics();
    QFont bold = font();
    bold.setBold(true);
    const int n = int(m_counts.size());
    const QRect titleRect(0, 2, width(), fm.height() + 4);
    p.setPen(pal.color(QPalette::Text));
    p.setFont(bold);
    p.drawText(titleRect, Qt::AlignCenter, tr("Confusion matrix (rows: true, columns: predicted)"));
    p.setFont(font());
    if (n == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No evaluation yet"));
        return;
    }
    int labelW = 0;
    for (const QString &l : m_labels)
        labelW = std::max(labelW, fm.horizontalAdvance(l));
    labelW = std::min(labelW + 8, width() / 3);
    const int top = titleRect.bottom() + fm.height() + 6;
    const int left = labelW;
    const int cell = std::max(8, std::min((width() - left - 4) / n, (height() - top - 4) / n));
    const QColor hi = pal.color(QPalette::Highlight);
    const QColor base = pal.color(QPalette::Base);
    for (int c = 0; c < n; ++c) {   // predicted labels above the columns
        const QRect r(left + c * cell, top - fm.height() - 4, cell, fm.height());
        p.setPen(pal.color(QPalette::Text));
        p.drawText(r, Qt::AlignCenter, fm.elidedText(m_labels.value(c), Qt::ElideRight, cell - 2));
    }
    for (int t = 0; t < n; ++t) {
        std::int64_t rowTotal = 0;
        for (std::int64_t v : m_counts[t])
            rowTotal += v;
        const QRect lr(0, top + t * cell, labelW - 6, cell);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(lr, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(m_labels.value(t), Qt::ElideRight, labelW - 6));
        for (int c = 0; c < n && c < int(m_counts[t].size()); ++c) {
            const double share = rowTotal > 0 ? double(m_counts[t][c]) / double(rowTotal) : 0.0;
            QColor fill;
            fill.setRgbF(base.redF() + (hi.redF() - base.redF()) * share,
                         base.greenF() + (hi.greenF() - base.greenF()) * share,
                         base.blueF() + (hi.blueF() - base.blueF()) * share);
            const QRect cr(left + c * cell, top + t * cell, cell - 1, cell - 1);
            p.fillRect(cr, fill);
            p.setPen(share > 0.5 ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
            if (cell >= fm.height())
                p.drawText(cr, Qt::AlignCenter, QString::number(m_counts[t][c]));
        }
    }
}

}   // namespace debut
