#pragma once
// RecommendationModel: the ranked list of one run and segment (stored
// predictions, rank order, unlabelled items only), optionally filtered by text
// and category and cut at top-N. Each row: rank, item, predicted label, score
// (calibrated probability, drawn as a bar by ScoreBarDelegate), uncertainty.
#include <QAbstractTableModel>
#include <QVector>

#include <cstdint>

namespace debut {

class ProjectDocument;

class RecommendationModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RankColumn, IdColumn, TitleColumn, CategoryColumn, LabelColumn, ScoreColumn, UncertaintyColumn,
                  ColumnCount };
    enum Role { RowidRole = Qt::UserRole + 1, ScoreRole };
    explicit RecommendationModel(ProjectDocument *doc, QObject *parent = nullptr);

    // runId 0 = nothing to show.
    void setSource(std::int64_t runId, std::int64_t segmentId);
    void setFilter(const QString &text, const QString &category, int topN);
    std::int64_t runId() const { return m_runId; }
    std::int64_t segmentId() const { return m_segmentId; }
    int totalRanked() const { return int(m_all.size()); }
    std::int64_t rowidAt(int row) const;
    bool isRating() const { return m_rating; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void reload();

private:
    void applyFilter();
    struct Row {
        std::int64_t rowid = 0, rank = 0;
        QString id, title, category, label;
        double score = 0, uncertainty = 0;
    };
    ProjectDocument *m_doc;
    std::int64_t m_runId = 0, m_segmentId = 1;
    QString m_text, m_category;
    int m_topN = 100;
    bool m_rating = false;
    QVector<Row> m_all, m_rows;
};

} // namespace debut
