#pragma once
// WarningsModel: the structured messages (severity, time, text) shown in the
// workbench's single warnings panel. Newest last; capped at kMaxRows.
#include <QAbstractTableModel>
#include <QDateTime>
#include <QVector>

namespace debut {

class WarningsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kMaxRows = 1000;
    enum Column { SeverityColumn, TimeColumn, TextColumn, ColumnCount };
    explicit WarningsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int severityAt(int row) const { return m_rows.value(row).severity; }
    QString textAt(int row) const { return m_rows.value(row).text; }

public Q_SLOTS:
    // severity: debut::Severity as int (0 info, 1 warning, 2 error).
    void add(int severity, const QString &text);
    void clear();

private:
    struct Entry {
        int severity;
        QDateTime time;
        QString text;
    };
    QVector<Entry> m_rows;
};

}   // namespace debut
