#include "runsmodel.h"

#include "projectdocument.h"

#include <QDateTime>
#include <QFont>

#include <nlohmann/json.hpp>

namespace debut {

std::optional<EpochMetrics> bestEpoch(const std::vector<EpochMetrics> &epochs)
{
    std::optional<EpochMetrics> best;
    for (const EpochMetrics &m : epochs)
        if (m.best)
            best = m;
    if (!best && !epochs.empty())
        best = epochs.back();
    return best;
}

std::vector<EpochMetrics> loadEpochs(RunStore &runs, std::int64_t runId)
{
    std::vector<EpochMetrics> out;
    for (const auto &[epoch, json] : runs.epochMetrics(runId)) {
        try {
            out.push_back(EpochMetrics::fromJson(nlohmann::json::parse(json)));
        } catch (const std::exception &) {
            // a malformed row (an older build) is skipped, not fatal
        }
    }
    return out;
}

RunsModel::RunsModel(ProjectDocument *doc, QObject *parent) : QAbstractTableModel(parent), m_doc(doc)
{
    connect(doc, &ProjectDocument::projectOpened, this, &RunsModel::reload);
    connect(doc, &ProjectDocument::projectClosed, this, &RunsModel::reload);
    connect(doc, &ProjectDocument::runsChanged, this, &RunsModel::reload);
    connect(doc, &ProjectDocument::tasksChanged, this, &RunsModel::reload);
    reload();
}

void RunsModel::reload()
{
    beginResetModel();
    m_rows.clear();
    if (m_doc->path() != m_cachePath) {   // another project: run ids mean other runs
        m_metricCache.clear();
        m_cachePath = m_doc->path();
    }
    if (m_doc->isOpen()) {
        try {
            std::map<std::int64_t, QString> taskNames;
            for (const TaskInfo &t : m_doc->store().tasks())
                taskNames[t.id] = QString::fromStdString(t.name);
            for (const RunInfo &r : m_doc->runs().runs()) {
                Row row;
                row.info = r;
                row.task = taskNames[r.taskId];
                const auto cfg = nlohmann::json::parse(r.config, nullptr, false);
                if (cfg.is_object()) {
                    row.mode = QString::fromStdString(cfg.value("mode", std::string()));
                    row.encoder = QString::fromStdString(cfg.value("encoder", std::string()));
                }
                const auto start = QDateTime::fromString(QString::fromStdString(r.startedAt), Qt::ISODate);
                const auto end = QDateTime::fromString(QString::fromStdString(r.finishedAt), Qt::ISODate);
                if (start.isValid() && end.isValid())
                    row.durationSec = start.secsTo(end);
                // A run's epochs change only while it runs: parse them (JSON with
                // curves, on the GUI thread) once per run and state, not on every reload.
                const std::string key = std::string(runStatusName(r.status)) + '|' + r.finishedAt;
                auto cached = m_metricCache.find(r.id);
                if (cached == m_metricCache.end() || cached->second.key != key) {
                    BestMetrics b;
                    b.key = key;
                    if (auto best = bestEpoch(loadEpochs(m_doc->runs(), r.id))) {
                        if (best->report)
                            b.f1 = best->report->macro.f1;
                        else if (best->regression)
                            b.mae = best->regression->mae;
                        b.auc = best->auc;
                    }
                    cached = m_metricCache.insert_or_assign(r.id, b).first;
                }
                const BestMetrics &b = cached->second;
                if (b.f1)
                    row.metric = tr("macro-F1 %1").arg(*b.f1, 0, 'f', 3);
                else if (b.mae)
                    row.metric = tr("MAE %1").arg(*b.mae, 0, 'f', 3);
                if (b.auc)
                    row.metric += tr(", AUC %1").arg(*b.auc, 0, 'f', 3);
                m_rows.push_back(row);
            }
        } catch (const std::exception &e) {
            Q_EMIT m_doc->warning(2, QString::fromStdString(e.what()));
        }
    }
    endResetModel();
}

QString RunsModel::displayName(int row) const
{
    const RunInfo *r = runAt(row);
    if (!r)
        return {};
    return r->name.empty() ? tr("run %1").arg(r->id) : QString::fromStdString(r->name);
}

int RunsModel::rowOfRun(std::int64_t runId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].info.id == runId)
            return i;
    return -1;
}

int RunsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int RunsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    if (role == Qt::UserRole)
        return qint64(r.info.id);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn: return qint64(r.info.id);
        case NameColumn: return QString::fromStdString(r.info.name);
        case TaskColumn: return r.task;
        case ModeColumn: return r.mode;
        case EncoderColumn: return r.encoder;
        case StatusColumn:
            switch (r.info.status) {
            case RunStatus::Done: return tr("done");
            case RunStatus::Running: return tr("running");
            case RunStatus::Cancelled: return tr("cancelled");
            case RunStatus::Failed: return tr("failed");
            case RunStatus::Interrupted: return tr("interrupted");
            }
            return QString();
        case DeviceColumn: return QString::fromStdString(r.info.device);
        case DurationColumn:
            if (r.durationSec < 0)
                return QString();
            return r.durationSec < 120 ? tr("%1 s").arg(r.durationSec)
                                       : tr("%1 min").arg(r.durationSec / 60.0, 0, 'f', 1);
        case MetricColumn: return r.metric;
        case ActiveColumn: return r.info.active ? tr("✓ in use") : QString();
        }
    }
    if (role == Qt::FontRole && r.info.active) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole)
        return QString::fromStdString(r.info.config);
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("Run");
    case NameColumn: return tr("Name");
    case TaskColumn: return tr("Task");
    case ModeColumn: return tr("Mode");
    case EncoderColumn: return tr("Encoder");
    case StatusColumn: return tr("Status");
    case DeviceColumn: return tr("Device");
    case DurationColumn: return tr("Duration");
    case MetricColumn: return tr("Final metrics");
    case ActiveColumn: return tr("Recommendations");
    }
    return {};
}

}   // namespace debut
