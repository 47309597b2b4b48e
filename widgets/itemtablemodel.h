#pragma once
// ItemTableModel: the catalogue as a lazy table (Qt's canFetchMore/fetchMore).
// Rows arrive in pages of kPageSize from ProjectStore::itemsPage (keyset paging
// by rowid, so every page costs the same however far the user scrolled): a
// 1,000,000-item project opens at once and scrolls smoothly; only the rows
// fetched so far are held (display fields only).
//
// Optional label column: with setLabelContext(task, segment) the last column
// shows each item's label in that task and segment (editable through the
// ProjectDocument, never written here).
//
// Threading: GUI thread; reads the document's store connection.
#include <QAbstractTableModel>
#include <QHash>
#include <QString>
#include <QVector>

#include <optional>

#include "store/projectstore.h"

namespace debut {

class ProjectDocument;

class ItemTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, TitleColumn, BrandColumn, CategoryColumn, PriceColumn, LabelColumn, ColumnCount };
    enum Role { RowidRole = Qt::UserRole + 1, DescriptionRole };
    static constexpr int kPageSize = 500;

    explicit ItemTableModel(ProjectDocument *doc, QObject *parent = nullptr);

    void setFilter(const ItemFilter &filter);
    const ItemFilter &filter() const { return m_filter; }
    // Items matching the filter in the whole project (one COUNT query, cached).
    qint64 totalCount() const { return m_total; }

    // taskId 0 hides the label column.
    void setLabelContext(std::int64_t taskId, std::int64_t segmentId);
    std::int64_t taskId() const { return m_taskId; }
    std::int64_t segmentId() const { return m_segmentId; }

    std::int64_t rowidAt(int row) const;
    QString labelAt(int row) const;
    // Row of an item among those fetched so far, -1 when not fetched.
    int rowOfRowid(std::int64_t rowid) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public Q_SLOTS:
    void reload();         // items changed: drop the rows, fetch the first page again
    void reloadLabels();   // labels changed: refresh the label column only

private:
    struct Row {
        std::int64_t rowid;
        QString id, title, brand, category, description;
        std::optional<double> price;
    };
    ProjectDocument *m_doc;
    ItemFilter m_filter;
    QVector<Row> m_rows;
    bool m_atEnd = true;
    qint64 m_total = 0;
    std::int64_t m_taskId = 0, m_segmentId = 1;
    QHash<qint64, QString> m_labels;   // item rowid -> label value
};

}   // namespace debut
