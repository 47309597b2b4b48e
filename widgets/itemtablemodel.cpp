#include "itemtablemodel.h"

#include "projectdocument.h"

#include <QLocale>

#include <exception>

namespace debut {

ItemTableModel::ItemTableModel(ProjectDocument *doc, QObject *parent) : QAbstractTableModel(parent), m_doc(doc)
{
    connect(doc, &ProjectDocument::projectOpened, this, &ItemTableModel::reload);
    connect(doc, &ProjectDocument::projectClosed, this, &ItemTableModel::reload);
    connect(doc, &ProjectDocument::itemsChanged, this, &ItemTableModel::reload);
    connect(doc, &ProjectDocument::labelsChanged, this, &ItemTableModel::reloadLabels);
    reload();
}

void ItemTableModel::setFilter(const ItemFilter &filter)
{
    m_filter = filter;
    reload();
}

void ItemTableModel::setLabelContext(std::int64_t taskId, std::int64_t segmentId)
{
    beginResetModel();
    m_taskId = taskId;
    m_segmentId = segmentId;
    endResetModel();
    reloadLabels();
}

void ItemTableModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    m_atEnd = !m_doc->isOpen();
    if (m_doc->isOpen()) {
        try {
            m_total = m_doc->store().itemCount(m_filter);
        } catch (const std::exception &e) {
            Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
            m_atEnd = true;
        }
    }
    endResetModel();
    reloadLabels();
}

void ItemTableModel::reloadLabels()
{
    m_labels.clear();
    if (m_doc->isOpen() && m_taskId > 0) {
        try {
            for (const LabelRow &l : m_doc->store().labels(m_taskId, m_segmentId))
                m_labels.insert(l.itemRowid, QString::fromStdString(l.value));
        } catch (const std::exception &e) {
            Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
        }
    }
    if (!m_rows.isEmpty() && m_taskId > 0)
        Q_EMIT dataChanged(index(0, LabelColumn), index(int(m_rows.size()) - 1, LabelColumn));
}

bool ItemTableModel::canFetchMore(const QModelIndex &parent) const { return !parent.isValid() && !m_atEnd; }

void ItemTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd || !m_doc->isOpen())
        return;
    std::vector<ItemRow> page;
    try {
        page = m_doc->store().itemsPage(m_filter, m_rows.isEmpty() ? 0 : m_rows.back().rowid, kPageSize);
    } catch (const std::exception &e) {
        m_atEnd = true;
        Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
        return;
    }
    if (int(page.size()) < kPageSize)
        m_atEnd = true;
    if (page.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_rows.reserve(first + int(page.size()));
    for (const ItemRow &r : page) {
        Row row{r.rowid, QString::fromStdString(r.item.id), QString::fromStdString(r.item.title),
                QString::fromStdString(r.item.brand), QString::fromStdString(r.item.category),
                // the tooltip shows the start of the description; the full text stays in the store
                QString::fromStdString(r.item.description.substr(0, 400)), r.item.price};
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

std::int64_t ItemTableModel::rowidAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].rowid : 0; }

QString ItemTableModel::labelAt(int row) const { return m_labels.value(rowidAt(row)); }

int ItemTableModel::rowOfRowid(std::int64_t rowid) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].rowid == rowid)
            return i;
    return -1;
}

int ItemTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ItemTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_taskId > 0 ? ColumnCount : ColumnCount - 1);
}

QVariant ItemTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    if (role == RowidRole)
        return qint64(r.rowid);
    if (role == DescriptionRole)
        return r.description;
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case IdColumn: return r.id;
        case TitleColumn: return r.title;
        case BrandColumn: return r.brand;
        case CategoryColumn: return r.category;
        case PriceColumn: return r.price ? QVariant(QLocale().toString(*r.price, 'f', 2)) : QVariant();
        case LabelColumn: return m_labels.value(r.rowid);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == TitleColumn)
        return r.description.isEmpty() ? r.title : r.title + QStringLiteral("\n\n") + r.description;
    if (role == Qt::TextAlignmentRole && index.column() == PriceColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::TextAlignmentRole && index.column() == LabelColumn)
        return int(Qt::AlignCenter);
    return {};
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return tr("ID");
    case TitleColumn: return tr("Title");
    case BrandColumn: return tr("Brand");
    case CategoryColumn: return tr("Category");
    case PriceColumn: return tr("Price");
    case LabelColumn: return tr("Label");
    }
    return {};
}

}   // namespace debut
