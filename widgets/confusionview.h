#pragma once
// ConfusionView: a confusion matrix as a heat map. Rows = true class, columns =
// predicted class; a cell's colour is its share of its row (recall view), the
// count is printed inside. Colours come from the palette's highlight so light
// and dark themes both read.
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace debut {

class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(QWidget *parent = nullptr);
    void setMatrix(const QStringList &labels, const std::vector<std::vector<std::int64_t>> &counts);
    void clear();
    QSize minimumSizeHint() const override { return {200, 160}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QStringList m_labels;
    std::vector<std::vector<std::int64_t>> m_counts;
};

}   // namespace debut
