#include "warningsmodel.h"

#include <QIcon>

namespace debut {

WarningsModel::WarningsModel(QObject *parent) : QAbstractTableModel(parent) {}

int WarningsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int WarningsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant WarningsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Entry &e = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SeverityColumn: return e.severity >= 2 ? tr("Error") : e.severity == 1 ? tr("Warning") : tr("Info");
        case TimeColumn: return e.time.toString(QStringLiteral("HH:mm:ss"));
        case TextColumn: return e.text;
        }
    }
    if (role == Qt::DecorationRole && index.column() == SeverityColumn)
        return QIcon(e.severity >= 2   ? QStringLiteral(":/icons/error.svg")
                     : e.severity == 1 ? QStringLiteral(":/icons/warning.svg")
                                       : QStringLiteral(":/icons/info.svg"));
    if (role == Qt::ToolTipRole && index.column() == TextColumn)
        return e.text;
    return {};
}

QVariant WarningsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case TimeColumn: return tr("Time");
    case TextColumn: return tr("Message");
    }
    return {};
}

void WarningsModel::add(int severity, const QString &text)
{
    if (m_rows.size() >= kMaxRows) {
        beginRemoveRows({}, 0, 0);
        m_rows.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.push_back({severity, QDateTime::currentDateTime(), text});
    endInsertRows();
}

void WarningsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

}   // namespace debut
