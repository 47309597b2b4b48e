#pragma once
// RecommendationModel: the ranked list of one run and segment (stored
// predictions, rank order, unlabelled items only), optionally filtered by text
// and category and cut at top-N. Each row: rank, item, predicted label, score
// (calibrated probability, drawn as a bar by ScoreBarDelegate), uncertainty.
// The list is read on a worker thread (JobRunner, its own read-only project
// connection): reload() returns at once, the model keeps its rows until the
// new list arrives (isLoading() meanwhile, loadingChanged / loaded signals);
// a newer reload supersedes an older one (its result is dropped).
#include <QAbstractTableModel>
#include <QVector>

#include <atomic>
#include <cstdint>
#include <memory>

namespace debut {

class ProjectDocument;

class RecommendationModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        IdColumn,
        TitleColumn,
        CategoryColumn,
        LabelColumn,
        ScoreColumn,
        UncertaintyColumn,
        ColumnCount
    };
    enum Role { RowidRole = Qt::UserRole + 1, ScoreRole };
    explicit RecommendationModel(ProjectDocument *doc, QObject *parent = nullptr);

    // runId 0 = nothing to show.
    void setSource(std::int64_t runId, std::int64_t segmentId);
    void setFilter(const QString &text, const QString &category, int topN);
    std::int64_t runId() const { return m_runId; }
    std::int64_t segmentId() const { return m_segmentId; }
    int totalRanked() const { return int(m_all.size()); }
    std::int64_t rowidAt(int row) const;
    int rowOf(std::int64_t rowid) const;   // -1 when not shown
    bool isRating() const { return m_rating; }
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    ~RecommendationModel() override;

    struct Row {
        std::int64_t rowid = 0, rank = 0;
        QString id, title, category, label;
        double score = 0, uncertainty = 0;
    };

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loaded();   // a reload's list is in the model (also after a failed load: empty)

private:
    void applyFilter();
    void setLoading(bool on);
    ProjectDocument *m_doc;
    std::int64_t m_runId = 0, m_segmentId = 1;
    QString m_text, m_category;
    int m_topN = 100;
    bool m_rating = false;
    QVector<Row> m_all, m_rows;
    bool m_loading = false;
    quint64 m_generation = 0;                          // of the latest reload
    std::shared_ptr<std::atomic<bool>> m_cancelLoad;   // of the load in flight
};

}   // namespace debut
