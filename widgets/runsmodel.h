#pragma once
// RunsModel: every training run of the project (newest first) with its task,
// mode, encoder, status, device, duration and the final metric of its best
// epoch. Reloads on ProjectDocument::runsChanged.
#include <QAbstractTableModel>
#include <QVector>

#include <map>
#include <optional>
#include <string>

#include "eval/epochmetrics.h"
#include "store/runstore.h"

namespace debut {

class ProjectDocument;

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        NameColumn,
        TaskColumn,
        ModeColumn,
        EncoderColumn,
        StatusColumn,
        DeviceColumn,
        DurationColumn,
        MetricColumn,
        ActiveColumn,
        ColumnCount
    };
    explicit RunsModel(ProjectDocument *doc, QObject *parent = nullptr);

    const RunInfo *runAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows[row].info : nullptr; }
    QString displayName(int row) const;
    int rowOfRun(std::int64_t runId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void reload();

private:
    struct Row {
        RunInfo info;
        QString task, mode, encoder, metric;
        qint64 durationSec = -1;
    };
    ProjectDocument *m_doc;
    QVector<Row> m_rows;
    // The best epoch's figures per run id, parsed once per run state (key =
    // status|finished_at): epochs are JSON with curves, read on the GUI thread.
    struct BestMetrics {
        std::string key;
        std::optional<double> f1, mae, auc;
    };
    std::map<std::int64_t, BestMetrics> m_metricCache;
    QString m_cachePath;
};

// The best (kept) epoch of a run: the epoch flagged best, else the last one.
std::optional<EpochMetrics> bestEpoch(const std::vector<EpochMetrics> &epochs);
std::vector<EpochMetrics> loadEpochs(RunStore &runs, std::int64_t runId);

}   // namespace debut
