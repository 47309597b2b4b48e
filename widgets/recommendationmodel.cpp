#include "recommendationmodel.h"

#include "jobrunner.h"
#include "projectdocument.h"

#include "store/projectstore.h"
#include "store/runstore.h"

#include <algorithm>

namespace debut {

RecommendationModel::RecommendationModel(ProjectDocument *doc, QObject *parent)
    : QAbstractTableModel(parent), m_doc(doc)
{
    connect(doc, &ProjectDocument::projectClosed, this, [this] { setSource(0, 1); });
}

void RecommendationModel::setSource(std::int64_t runId, std::int64_t segmentId)
{
    m_runId = runId;
    m_segmentId = segmentId;
    reload();
}

void RecommendationModel::setFilter(const QString &text, const QString &category, int topN)
{
    m_text = text;
    m_category = category;
    m_topN = topN;
    beginResetModel();
    applyFilter();
    endResetModel();
}

namespace {

struct LoadedList {
    QVector<RecommendationModel::Row> rows;
    bool rating = false;
};

// Worker side: reads the ranked predictions of (runId, segmentId) with the
// item fields through its own read-only connection.
JobWork loadListJob(const std::string &path, std::int64_t runId, std::int64_t segmentId,
                    std::shared_ptr<LoadedList> out)
{
    return [path, runId, segmentId, out](JobContext &ctx) -> Status {
        ProjectStore store = ProjectStore::open(path, true);
        RunStore runs(store.db());
        if (auto run = runs.run(runId))
            if (auto task = store.taskById(run->taskId))
                out->rating = task->kind == TaskKind::Rating;
        for (const PredictionRow &p : runs.predictions(runId, segmentId)) {
            if (!p.rank)
                continue;   // labelled items are scored but not recommended
            RecommendationModel::Row r;
            r.rowid = p.itemRowid;
            r.rank = *p.rank;
            r.label = QString::fromStdString(p.label);
            r.score = p.score;
            r.uncertainty = p.uncertainty;
            out->rows.push_back(r);
        }
        std::sort(out->rows.begin(), out->rows.end(),
                  [](const RecommendationModel::Row &a, const RecommendationModel::Row &b) { return a.rank < b.rank; });
        qint64 done = 0;
        for (RecommendationModel::Row &r : out->rows) {
            if ((++done & 1023) == 0 && ctx.cancelled())
                return Status::cancelled();
            if (auto item = store.itemByRowid(r.rowid)) {
                r.id = QString::fromStdString(item->item.id);
                r.title = QString::fromStdString(item->item.title);
                r.category = QString::fromStdString(item->item.category);
            }
        }
        return {};
    };
}

}   // namespace

RecommendationModel::~RecommendationModel()
{
    if (m_cancelLoad)
        m_cancelLoad->store(true);
}

void RecommendationModel::setLoading(bool on)
{
    if (m_loading == on)
        return;
    m_loading = on;
    Q_EMIT loadingChanged(on);
}

void RecommendationModel::reload()
{
    const quint64 generation = ++m_generation;
    if (m_cancelLoad) {
        m_cancelLoad->store(true);   // superseded
        m_cancelLoad.reset();
    }
    if (!m_doc->isOpen() || m_runId <= 0) {
        beginResetModel();
        m_all.clear();
        m_rating = false;
        applyFilter();
        endResetModel();
        setLoading(false);
        Q_EMIT loaded();
        return;
    }
    auto out = std::make_shared<LoadedList>();
    JobRunner *job = JobRunner::start(QStringLiteral("ranked list"),
                                      loadListJob(m_doc->path().toStdString(), m_runId, m_segmentId, out));
    m_cancelLoad = job->cancelFlag();
    setLoading(true);
    connect(job, &JobRunner::finished, this, [this, generation, out](int status, const QString &message) {
        if (generation != m_generation)
            return;   // a newer reload is in flight or done
        m_cancelLoad.reset();
        beginResetModel();
        m_all.clear();
        m_rating = false;
        if (status == 0) {
            m_all = std::move(out->rows);
            m_rating = out->rating;
        } else if (status != 3) {
            Q_EMIT m_doc->warning(2, message);
        }
        applyFilter();
        endResetModel();
        setLoading(false);
        Q_EMIT loaded();
    });
}

void RecommendationModel::applyFilter()
{
    m_rows.clear();
    for (const Row &r : std::as_const(m_all)) {
        if (!m_category.isEmpty() && r.category != m_category)
            continue;
        if (!m_text.isEmpty() && !r.title.contains(m_text, Qt::CaseInsensitive) &&
            !r.id.contains(m_text, Qt::CaseInsensitive))
            continue;
        m_rows.push_back(r);
        if (m_topN > 0 && m_rows.size() >= m_topN)
            break;
    }
}

std::int64_t RecommendationModel::rowidAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].rowid : 0;
}

int RecommendationModel::rowOf(std::int64_t rowid) const
{
    for (int r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].rowid == rowid)
            return r;
    return -1;
}

int RecommendationModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int RecommendationModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RecommendationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows[index.row()];
    if (role == RowidRole)
        return qint64(r.rowid);
    if (role == ScoreRole)
        return r.score;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case RankColumn: return qint64(r.rank);
        case IdColumn: return r.id;
        case TitleColumn: return r.title;
        case CategoryColumn: return r.category;
        case LabelColumn: return r.label;
        case ScoreColumn: return m_rating ? QString::number(r.score, 'f', 2) : QString::number(r.score, 'f', 3);
        case UncertaintyColumn: return QString::number(r.uncertainty, 'f', 2);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ScoreColumn)
        return m_rating ? tr("Predicted rating")
                        : tr("Calibrated probability: about %1% of items scored like this "
                             "are positives.")
                              .arg(qRound(r.score * 100));
    if (role == Qt::ToolTipRole && index.column() == UncertaintyColumn)
        return tr("0 = the model is sure, 1 = it cannot tell the classes apart.");
    if (role == Qt::TextAlignmentRole && (index.column() == RankColumn || index.column() == UncertaintyColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RecommendationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RankColumn: return tr("Rank");
    case IdColumn: return tr("ID");
    case TitleColumn: return tr("Title");
    case CategoryColumn: return tr("Category");
    case LabelColumn: return tr("Predicted");
    case ScoreColumn: return m_rating ? tr("Rating") : tr("Probability");
    case UncertaintyColumn: return tr("Uncertainty");
    }
    return {};
}

}   // namespace debut
