#include "store/runstore.h"

#include "common/error.h"
#include "common/sha256.h"
#include "store/projectstore.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace debut {

namespace {

constexpr const char *kRunStatusNames[] = {"running", "done", "cancelled", "failed", "interrupted"};

}   // namespace

const char *runStatusName(RunStatus status) { return kRunStatusNames[int(status)]; }

std::optional<RunStatus> parseRunStatus(std::string_view name)
{
    for (int i = 0; i < int(std::size(kRunStatusNames)); ++i)
        if (name == kRunStatusNames[i])
            return RunStatus(i);
    return std::nullopt;
}

namespace {

const char *kRunColumns =
    "SELECT id, task_id, name, config, status, device, COALESCE(started_at,''), COALESCE(finished_at,''), "
    "timings, summary, is_active FROM runs ";

RunInfo readRun(const Statement &s)
{
    RunInfo r;
    r.id = s.columnInt(0);
    r.taskId = s.columnInt(1);
    r.name = s.columnText(2);
    r.config = s.columnText(3);
    r.status = parseRunStatus(s.columnText(4)).value_or(RunStatus::Failed);
    r.device = s.columnText(5);
    r.startedAt = s.columnText(6);
    r.finishedAt = s.columnText(7);
    r.timings = s.columnText(8);
    r.summary = s.columnText(9);
    r.active = s.columnInt(10) != 0;
    return r;
}

const char *kArtefactColumns = "SELECT id, run_id, kind, path, sha256, size, created_at FROM artefacts ";

ArtefactInfo readArtefact(const Statement &s)
{
    ArtefactInfo a;
    a.id = s.columnInt(0);
    if (!s.isNull(1))
        a.runId = s.columnInt(1);
    a.kind = s.columnText(2);
    a.path = s.columnText(3);
    a.sha256 = s.columnText(4);
    a.size = s.columnInt(5);
    a.createdAt = s.columnText(6);
    return a;
}

void bindRun(Statement &s, int index, const std::optional<std::int64_t> &runId)
{
    if (runId)
        s.bind(index, *runId);
    else
        s.bindNull(index);
}

// Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); "" if unreadable.
std::string processStartTime(const std::string &pid)
{
    std::ifstream in("/proc/" + pid + "/stat");
    std::string stat;
    if (!std::getline(in, stat))
        return {};
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream rest(stat.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i)
        if (i == 22)
            return field;
    return {};
}

std::string firstLine(const char *path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string hostName()
{
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0)
        return {};
    return name;
}

std::vector<std::string> splitOwner(const std::string &owner)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(owner);
    while (std::getline(in, part, '|'))
        parts.push_back(part);
    return parts;
}

}   // namespace

std::string RunStore::currentOwner()
{
    const std::string pid = std::to_string(getpid());
    return hostName() + "|" + firstLine("/proc/sys/kernel/random/boot_id") + "|" + pid + "|" + processStartTime(pid);
}

bool RunStore::ownerAlive(const std::string &owner)
{
    const auto parts = splitOwner(owner);
    if (parts.size() != 4 || parts[0].empty() || parts[1].empty() || parts[3].empty())
        return false;   // a run from before owners were recorded, or unreadable: nobody can be running it now
    if (parts[0] != hostName())
        return true;   // another machine (a shared folder): cannot tell, leave it
    const std::string boot = firstLine("/proc/sys/kernel/random/boot_id");
    if (boot.empty())
        return true;   // no /proc: cannot tell
    if (parts[1] != boot)
        return false;                                // the machine rebooted since
    return processStartTime(parts[2]) == parts[3];   // gone, or the pid was reused
}

std::int64_t RunStore::createRun(std::int64_t taskId, const std::string &name, const std::string &configJson,
                                 const std::string &device)
{
    auto s = m_db.prepare("INSERT INTO runs(task_id, name, config, status, device, started_at, owner) "
                          "VALUES(?, ?, ?, 'running', ?, ?, ?)");
    s.bind(1, taskId)
        .bind(2, name)
        .bind(3, configJson)
        .bind(4, device)
        .bind(5, ProjectStore::nowIso())
        .bind(6, currentOwner());
    s.exec();
    return m_db.lastInsertRowid();
}

void RunStore::setStatus(std::int64_t runId, RunStatus status)
{
    const bool running = status == RunStatus::Running;
    auto s = m_db.prepare(running ? "UPDATE runs SET status = ?, finished_at = NULL, owner = ? WHERE id = ?"
                                  : "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?");
    s.bind(1, std::string(runStatusName(status)))
        .bind(2, running ? currentOwner() : ProjectStore::nowIso())
        .bind(3, runId);
    if (s.exec() == 0)
        throw Error(m_db.path() + ": no run " + std::to_string(runId));
}

void RunStore::setSummary(std::int64_t runId, const std::string &summaryJson)
{
    m_db.prepare("UPDATE runs SET summary = ? WHERE id = ?").bind(1, summaryJson).bind(2, runId).exec();
}

void RunStore::setTimings(std::int64_t runId, const std::string &timingsJson)
{
    m_db.prepare("UPDATE runs SET timings = ? WHERE id = ?").bind(1, timingsJson).bind(2, runId).exec();
}

void RunStore::setConfig(std::int64_t runId, const std::string &configJson)
{
    m_db.prepare("UPDATE runs SET config = ? WHERE id = ?").bind(1, configJson).bind(2, runId).exec();
}

void RunStore::setName(std::int64_t runId, const std::string &name)
{
    m_db.prepare("UPDATE runs SET name = ? WHERE id = ?").bind(1, name).bind(2, runId).exec();
}

void RunStore::setActive(std::int64_t runId)
{
    Transaction tx(m_db);
    auto r = run(runId);
    if (!r)
        throw Error(m_db.path() + ": no run " + std::to_string(runId));
    m_db.prepare("UPDATE runs SET is_active = 0 WHERE task_id = ?").bind(1, r->taskId).exec();
    m_db.prepare("UPDATE runs SET is_active = 1 WHERE id = ?").bind(1, runId).exec();
    tx.commit();
}

std::optional<RunInfo> RunStore::run(std::int64_t runId)
{
    auto s = m_db.prepare(std::string(kRunColumns) + "WHERE id = ?");
    s.bind(1, runId);
    if (!s.step())
        return std::nullopt;
    return readRun(s);
}

std::vector<RunInfo> RunStore::runs(std::int64_t taskId)
{
    auto s = m_db.prepare(std::string(kRunColumns) + (taskId ? "WHERE task_id = ? " : "") + "ORDER BY id DESC");
    if (taskId)
        s.bind(1, taskId);
    std::vector<RunInfo> out;
    while (s.step())
        out.push_back(readRun(s));
    return out;
}

std::optional<RunInfo> RunStore::activeRun(std::int64_t taskId)
{
    auto s = m_db.prepare(std::string(kRunColumns) + "WHERE task_id = ? AND is_active = 1 ORDER BY id DESC LIMIT 1");
    s.bind(1, taskId);
    if (!s.step())
        return std::nullopt;
    return readRun(s);
}

std::optional<RunInfo> RunStore::servingRun(std::int64_t taskId)
{
    auto s = m_db.prepare(std::string(kRunColumns) + "WHERE task_id = ? AND status = 'done' "
                                                     "ORDER BY is_active DESC, id DESC LIMIT 1");
    s.bind(1, taskId);
    if (!s.step())
        return std::nullopt;
    return readRun(s);
}

std::optional<RunInfo> RunStore::latestRun(std::int64_t taskId, std::optional<RunStatus> wanted)
{
    const std::string status = wanted ? runStatusName(*wanted) : "";
    auto s = m_db.prepare(std::string(kRunColumns) + "WHERE task_id = ? AND (? = '' OR status = ?) "
                                                     "ORDER BY id DESC LIMIT 1");
    s.bind(1, taskId).bind(2, status).bind(3, status);
    if (!s.step())
        return std::nullopt;
    return readRun(s);
}

bool RunStore::deleteRun(std::int64_t runId)
{
    return m_db.prepare("DELETE FROM runs WHERE id = ?").bind(1, runId).exec() > 0;
}

std::string RunStore::describeOwner(const std::string &owner)
{
    const auto parts = splitOwner(owner);
    if (parts.size() != 4 || parts[2].empty())
        return "an unknown process";
    return "process " + parts[2] + " on host " + (parts[0].empty() ? std::string("?") : parts[0]);
}

std::optional<std::string> RunStore::liveOwnerElsewhere(std::int64_t runId)
{
    auto s = m_db.prepare("SELECT status, owner FROM runs WHERE id = ?");
    s.bind(1, runId);
    if (!s.step() || parseRunStatus(s.columnText(0)) != RunStatus::Running)
        return std::nullopt;
    const std::string owner = s.columnText(1);
    if (owner == currentOwner() || !ownerAlive(owner))
        return std::nullopt;
    return owner;
}

std::string RunStore::liveRunsElsewhere()
{
    auto s = m_db.prepare("SELECT r.id, t.name, r.owner FROM runs r JOIN tasks t ON t.id = r.task_id "
                          "WHERE r.status = 'running' ORDER BY r.id");
    const std::string self = currentOwner();
    std::string out;
    while (s.step()) {
        const std::string owner = s.columnText(2);
        if (owner == self || !ownerAlive(owner))
            continue;
        out += std::string(out.empty() ? "" : "; ") + "training run " + std::to_string(s.columnInt(0)) + " of task '" +
               s.columnText(1) + "' (" + describeOwner(owner) + ")";
    }
    return out;
}

int RunStore::interruptStaleRuns()
{
    std::vector<std::int64_t> stale;
    {
        auto s = m_db.prepare("SELECT id, owner FROM runs WHERE status = 'running'");
        while (s.step())
            if (!ownerAlive(s.columnText(1)))
                stale.push_back(s.columnInt(0));
    }
    if (stale.empty())
        return 0;
    Transaction tx(m_db);
    for (const auto id : stale)
        // finished_at stays empty: when the process died is not known (the time of this
        // open would show a made-up duration).
        m_db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'").bind(1, id).exec();
    tx.commit();
    return static_cast<int>(stale.size());
}

void RunStore::putEpochMetrics(std::int64_t runId, int epoch, const std::string &metricsJson)
{
    m_db.prepare("INSERT OR REPLACE INTO epoch_metrics(run_id, epoch, metrics) VALUES(?, ?, ?)")
        .bind(1, runId)
        .bind(2, epoch)
        .bind(3, metricsJson)
        .exec();
}

std::vector<std::pair<int, std::string>> RunStore::epochMetrics(std::int64_t runId)
{
    auto s = m_db.prepare("SELECT epoch, metrics FROM epoch_metrics WHERE run_id = ? ORDER BY epoch");
    s.bind(1, runId);
    std::vector<std::pair<int, std::string>> out;
    while (s.step())
        out.emplace_back(int(s.columnInt(0)), s.columnText(1));
    return out;
}

void RunStore::clearEpochMetrics(std::int64_t runId, int fromEpoch)
{
    m_db.prepare("DELETE FROM epoch_metrics WHERE run_id = ? AND epoch >= ?").bind(1, runId).bind(2, fromEpoch).exec();
}

void RunStore::upsertPredictions(std::int64_t runId, const std::vector<PredictionRow> &rows)
{
    Transaction tx(m_db);
    auto s = m_db.prepare("INSERT OR REPLACE INTO predictions(run_id, item_rowid, segment_id, label, score, probs, "
                          "uncertainty, rank) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto &r : rows) {
        s.bind(1, runId).bind(2, r.itemRowid).bind(3, r.segmentId).bind(4, r.label).bind(5, r.score);
        s.bind(6, r.probs).bind(7, r.uncertainty);
        if (r.rank)
            s.bind(8, *r.rank);
        else
            s.bindNull(8);
        s.exec();
        s.reset();
    }
    tx.commit();
}

void RunStore::replacePredictions(std::int64_t runId, const std::vector<PredictionRow> &rows)
{
    Transaction tx(m_db);
    m_db.prepare("DELETE FROM predictions WHERE run_id = ?").bind(1, runId).exec();
    upsertPredictions(runId, rows);
    tx.commit();
}

std::vector<PredictionRow> RunStore::predictions(std::int64_t runId, std::int64_t segmentId)
{
    auto s = m_db.prepare("SELECT item_rowid, segment_id, label, score, probs, uncertainty, rank FROM predictions "
                          "WHERE run_id = ? AND (? = 0 OR segment_id = ?) "
                          "ORDER BY segment_id, rank IS NULL, rank, score DESC, item_rowid");
    s.bind(1, runId).bind(2, segmentId).bind(3, segmentId);
    std::vector<PredictionRow> out;
    forEachPrediction(runId, segmentId, [&](const PredictionRow &r) {
        out.push_back(r);
        return true;
    });
    return out;
}

namespace {

PredictionRow predictionAt(const Statement &s)
{
    PredictionRow r;
    r.itemRowid = s.columnInt(0);
    r.segmentId = s.columnInt(1);
    r.label = s.columnText(2);
    r.score = s.columnDouble(3);
    r.probs = s.columnText(4);
    r.uncertainty = s.columnDouble(5);
    if (!s.isNull(6))
        r.rank = s.columnInt(6);
    return r;
}

}   // namespace

void RunStore::forEachPrediction(std::int64_t runId, std::int64_t segmentId,
                                 const std::function<bool(const PredictionRow &)> &fn)
{
    auto s = m_db.prepare("SELECT item_rowid, segment_id, label, score, probs, uncertainty, rank FROM predictions "
                          "WHERE run_id = ? AND (? = 0 OR segment_id = ?) "
                          "ORDER BY segment_id, rank IS NULL, rank, score DESC, item_rowid");
    s.bind(1, runId).bind(2, segmentId).bind(3, segmentId);
    while (s.step())
        if (!fn(predictionAt(s)))
            break;
}

void RunStore::forEachMostUncertain(std::int64_t runId, const std::vector<std::int64_t> &segmentIds,
                                    const std::function<bool(const PredictionRow &)> &fn)
{
    std::string in;
    for (auto id : segmentIds)
        in += (in.empty() ? "" : ",") + std::to_string(id);
    auto s = m_db.prepare("SELECT item_rowid, segment_id, label, score, probs, uncertainty, rank FROM predictions "
                          "WHERE run_id = ? AND segment_id IN (" +
                          in +
                          ") "
                          "ORDER BY item_rowid, uncertainty DESC, segment_id");
    s.bind(1, runId);
    std::int64_t last = 0;
    bool any = false;
    while (s.step()) {
        const std::int64_t item = s.columnInt(0);
        if (any && item == last)
            continue;
        any = true;
        last = item;
        if (!fn(predictionAt(s)))
            break;
    }
}

std::vector<std::pair<std::int64_t, std::int64_t>> RunStore::predictionKeys(std::int64_t runId, std::int64_t firstRowid,
                                                                            std::int64_t lastRowid)
{
    auto s = m_db.prepare("SELECT segment_id, item_rowid FROM predictions WHERE run_id = ? AND item_rowid >= ? "
                          "AND item_rowid <= ?");
    s.bind(1, runId).bind(2, firstRowid).bind(3, lastRowid);
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    while (s.step())
        out.emplace_back(s.columnInt(0), s.columnInt(1));
    return out;
}

void RunStore::beginStage()
{
    m_db.exec("CREATE TEMP TABLE IF NOT EXISTS prediction_stage(item_rowid INTEGER NOT NULL, "
              "segment_id INTEGER NOT NULL, label TEXT NOT NULL, score REAL NOT NULL, probs TEXT NOT NULL, "
              "uncertainty REAL NOT NULL, PRIMARY KEY(segment_id, item_rowid)); DELETE FROM temp.prediction_stage;");
}

void RunStore::stagePredictions(const std::vector<PredictionRow> &rows)
{
    // Autocommit on the TEMP table: the project file is not locked.
    auto s = m_db.prepare("INSERT OR REPLACE INTO temp.prediction_stage(item_rowid, segment_id, label, score, probs, "
                          "uncertainty) VALUES(?, ?, ?, ?, ?, ?)");
    for (const auto &r : rows) {
        s.bind(1, r.itemRowid).bind(2, r.segmentId).bind(3, r.label).bind(4, r.score).bind(5, r.probs);
        s.bind(6, r.uncertainty);
        s.exec();
        s.reset();
    }
}

std::int64_t RunStore::commitStagedPredictions(std::int64_t runId, std::int64_t taskId, bool keepOthers,
                                               const std::vector<std::int64_t> &segmentIds)
{
    Transaction tx(m_db);
    if (!keepOthers) {
        m_db.prepare("DELETE FROM predictions WHERE run_id = ?").bind(1, runId).exec();
    } else {
        std::string in;
        for (auto id : segmentIds)
            in += (in.empty() ? "" : ",") + std::to_string(id);
        m_db.prepare("DELETE FROM predictions WHERE run_id = ? AND segment_id NOT IN (" + in + ")")
            .bind(1, runId)
            .exec();
    }
    // Items deleted since they were staged are left out (the join), as a cascade would.
    m_db.prepare("INSERT OR REPLACE INTO predictions(run_id, item_rowid, segment_id, label, score, probs, uncertainty, "
                 "rank) SELECT ?, s.item_rowid, s.segment_id, s.label, s.score, s.probs, s.uncertainty, NULL "
                 "FROM temp.prediction_stage s JOIN items i ON i.rowid = s.item_rowid")
        .bind(1, runId)
        .exec();
    const std::int64_t ranked = rankPredictions(runId, taskId);
    tx.commit();
    m_db.exec("DELETE FROM temp.prediction_stage");
    return ranked;
}

std::int64_t RunStore::rankPredictions(std::int64_t runId, std::int64_t taskId)
{
    Transaction tx(m_db);
    m_db.prepare("UPDATE predictions SET rank = NULL WHERE run_id = ? AND rank IS NOT NULL").bind(1, runId).exec();
    // No index orders by score: SQLite sorts every row before returning the first,
    // so updating `rank` (not a sort key) while stepping is safe.
    auto s = m_db.prepare("SELECT item_rowid, segment_id FROM predictions WHERE run_id = ?1 AND item_rowid NOT IN "
                          "(SELECT item_rowid FROM labels WHERE task_id = ?2) "
                          "ORDER BY segment_id, score DESC, item_rowid");
    s.bind(1, runId).bind(2, taskId);
    auto u = m_db.prepare("UPDATE predictions SET rank = ? WHERE run_id = ? AND item_rowid = ? AND segment_id = ?");
    std::int64_t ranked = 0, segment = -1, rank = 0;
    while (s.step()) {
        const std::int64_t item = s.columnInt(0), seg = s.columnInt(1);
        rank = seg == segment ? rank + 1 : 1;
        segment = seg;
        u.bind(1, rank).bind(2, runId).bind(3, item).bind(4, seg);
        u.exec();
        u.reset();
        ++ranked;
    }
    tx.commit();
    return ranked;
}

std::int64_t RunStore::predictionCount(std::int64_t runId)
{
    auto s = m_db.prepare("SELECT COUNT(*) FROM predictions WHERE run_id = ?");
    s.bind(1, runId);
    return s.step() ? s.columnInt(0) : 0;
}

std::vector<std::int64_t> RunStore::predictionSegments(std::int64_t runId)
{
    auto s = m_db.prepare("SELECT DISTINCT segment_id FROM predictions WHERE run_id = ? ORDER BY segment_id");
    s.bind(1, runId);
    std::vector<std::int64_t> out;
    while (s.step())
        out.push_back(s.columnInt(0));
    return out;
}

void RunStore::putExplanation(std::int64_t runId, std::int64_t itemRowid, std::int64_t segmentId,
                              const std::string &method, const std::string &dataJson)
{
    m_db.prepare("INSERT OR REPLACE INTO explanations(run_id, item_rowid, segment_id, method, data) "
                 "VALUES(?, ?, ?, ?, ?)")
        .bind(1, runId)
        .bind(2, itemRowid)
        .bind(3, segmentId)
        .bind(4, method)
        .bind(5, dataJson)
        .exec();
}

std::optional<std::string> RunStore::explanation(std::int64_t runId, std::int64_t itemRowid, std::int64_t segmentId,
                                                 const std::string &method)
{
    auto s = m_db.prepare("SELECT data FROM explanations WHERE run_id = ? AND item_rowid = ? AND segment_id = ? "
                          "AND method = ?");
    s.bind(1, runId).bind(2, itemRowid).bind(3, segmentId).bind(4, method);
    if (!s.step())
        return std::nullopt;
    return s.columnText(0);
}

std::optional<std::string> RunStore::explanation(std::int64_t runId, std::int64_t itemRowid, const std::string &method)
{
    auto s = m_db.prepare("SELECT data FROM explanations WHERE run_id = ? AND item_rowid = ? AND method = ? "
                          "ORDER BY segment_id LIMIT 1");
    s.bind(1, runId).bind(2, itemRowid).bind(3, method);
    if (!s.step())
        return std::nullopt;
    return s.columnText(0);
}

std::vector<RunStore::ExplanationRow> RunStore::explanations(std::int64_t runId)
{
    auto s = m_db.prepare("SELECT item_rowid, segment_id, method, data FROM explanations WHERE run_id = ? "
                          "ORDER BY item_rowid, segment_id, method");
    s.bind(1, runId);
    std::vector<ExplanationRow> out;
    while (s.step())
        out.push_back({s.columnInt(0), s.columnInt(1), s.columnText(2), s.columnText(3)});
    return out;
}

std::int64_t RunStore::putArtefact(std::optional<std::int64_t> runId, const std::string &kind, const std::string &path,
                                   std::string_view bytes)
{
    Transaction tx(m_db);
    auto del = m_db.prepare("DELETE FROM artefacts WHERE path = ? AND run_id IS ?");
    del.bind(1, path);
    bindRun(del, 2, runId);
    del.exec();
    auto s = m_db.prepare("INSERT INTO artefacts(run_id, kind, path, sha256, size, created_at, data) "
                          "VALUES(?, ?, ?, ?, ?, ?, ?)");
    bindRun(s, 1, runId);
    s.bind(2, kind).bind(3, path).bind(4, sha256Hex(bytes)).bind(5, std::int64_t(bytes.size()));
    s.bind(6, ProjectStore::nowIso());
    s.bindBlob(7, bytes.data(), bytes.size());
    s.exec();
    const std::int64_t id = m_db.lastInsertRowid();
    tx.commit();
    return id;
}

std::optional<ArtefactInfo> RunStore::artefactInfo(std::int64_t artefactId)
{
    auto s = m_db.prepare(std::string(kArtefactColumns) + "WHERE id = ?");
    s.bind(1, artefactId);
    if (!s.step())
        return std::nullopt;
    return readArtefact(s);
}

std::optional<ArtefactInfo> RunStore::findArtefact(std::optional<std::int64_t> runId, const std::string &kind)
{
    auto s = m_db.prepare(std::string(kArtefactColumns) + "WHERE run_id IS ? AND kind = ? ORDER BY id DESC LIMIT 1");
    bindRun(s, 1, runId);
    s.bind(2, kind);
    if (!s.step())
        return std::nullopt;
    return readArtefact(s);
}

std::optional<ArtefactInfo> RunStore::findArtefactByPath(const std::string &path)
{
    auto s = m_db.prepare(std::string(kArtefactColumns) + "WHERE path = ? ORDER BY id DESC LIMIT 1");
    s.bind(1, path);
    if (!s.step())
        return std::nullopt;
    return readArtefact(s);
}

std::vector<ArtefactInfo> RunStore::artefacts(std::optional<std::int64_t> runId)
{
    auto s = m_db.prepare(std::string(kArtefactColumns) + "WHERE run_id IS ? ORDER BY id");
    bindRun(s, 1, runId);
    std::vector<ArtefactInfo> out;
    while (s.step())
        out.push_back(readArtefact(s));
    return out;
}

std::string RunStore::artefactData(std::int64_t artefactId)
{
    auto s = m_db.prepare("SELECT path, sha256, size, data FROM artefacts WHERE id = ?");
    s.bind(1, artefactId);
    if (!s.step())
        throw Error(m_db.path() + ": no artefact " + std::to_string(artefactId));
    const std::string path = s.columnText(0), sum = s.columnText(1);
    const std::int64_t size = s.columnInt(2);
    std::size_t n = 0;
    const void *data = s.columnBlobData(3, &n);
    std::string bytes(static_cast<const char *>(data ? data : ""), n);
    if (std::int64_t(n) != size || sha256Hex(bytes) != sum)
        throw Error(m_db.path() + ": artefact " + std::to_string(artefactId) + " (" + path + "): checksum mismatch");
    return bytes;
}

bool RunStore::deleteArtefact(std::int64_t artefactId)
{
    return m_db.prepare("DELETE FROM artefacts WHERE id = ?").bind(1, artefactId).exec() > 0;
}

int RunStore::deleteArtefacts(std::int64_t runId, const std::string &kind)
{
    return m_db.prepare("DELETE FROM artefacts WHERE run_id = ? AND kind = ?").bind(1, runId).bind(2, kind).exec();
}

}   // namespace debut
