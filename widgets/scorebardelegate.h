#pragma once
// ScoreBarDelegate: draws a value in [0, 1] (ScoreRole, or the display text
// parsed as a number) as a horizontal bar behind its text. `maximum` rescales
// other ranges (e.g. 5 for ratings).
#include <QStyledItemDelegate>

namespace debut {

class ScoreBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ScoreBarDelegate(int valueRole, QObject *parent = nullptr);
    void setMaximum(double maximum) { m_max = maximum; }
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
    double m_max = 1.0;
};

}   // namespace debut
