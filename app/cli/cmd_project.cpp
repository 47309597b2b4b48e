// `debut new | info | import-items | import-labels` (contract: docs/cli.md).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command.h"
#include "io/columnmapping.h"
#include "project/project.h"

namespace debut::cli {

namespace {

int cmdNew(const std::vector<std::string> &argv)
{
    Args a(argv, {}, {});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    Status s = createProject(path);
    if (!s.ok())
        return statusExit(s);
    std::cout << "created " << path << '\n';
    return ExitOk;
}

int cmdInfo(const std::vector<std::string> &argv)
{
    Args a(argv, {"json"}, {});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    InfoResult r = projectInfo(path);
    if (!r.status.ok())
        return statusExit(r.status);
    const ProjectInfo &p = r.info;
    if (a.flag("json")) {
        nlohmann::json j;
        j["path"] = p.path;
        j["schema_version"] = p.schemaVersion;
        j["file_size"] = p.fileSize;
        j["created_at"] = p.createdAt;
        j["app_version"] = p.appVersion;
        j["items"] = p.itemCount;
        j["runs"] = p.runCount;
        j["segments"] = nlohmann::json::array();
        for (const auto &s : p.segments)
            j["segments"].push_back(s.name);
        j["tasks"] = nlohmann::json::array();
        for (const auto &t : p.tasks) {
            nlohmann::json counts = nlohmann::json::object();
            for (const auto &[v, n] : t.countsByValue)
                counts[v] = n;
            j["tasks"].push_back(
                {{"name", t.name}, {"kind", taskKindName(t.kind)}, {"labels", t.labelCount}, {"counts", counts}});
        }
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return ExitOk;
    }
    std::cout << "project: " << p.path << '\n'
              << "schema version: " << p.schemaVersion << '\n'
              << "file size: " << p.fileSize << " bytes\n"
              << "items: " << p.itemCount << '\n';
    std::cout << "segments:";
    for (const auto &s : p.segments)
        std::cout << ' ' << (s.name.empty() ? "(all)" : s.name);
    std::cout << '\n' << "tasks: " << p.tasks.size() << '\n';
    for (const auto &t : p.tasks) {
        std::cout << "  " << t.name << " (" << taskKindName(t.kind) << "): " << t.labelCount << " labels";
        const char *sep = " — ";
        for (const auto &[v, n] : t.countsByValue) {
            std::cout << sep << v << ": " << n;
            sep = ", ";
        }
        std::cout << '\n';
    }
    if (p.runCount > 0)
        std::cout << "runs: " << p.runCount << '\n';
    return ExitOk;
}

void printSummary(const ImportSummary &s, bool labels)
{
    endProgressLine();
    std::cout << "file: " << s.file << " (" << s.format << ", " << s.encoding << ")\n"
              << "mapping: " << s.mapping << '\n';
    if (labels)
        std::cout << "task: " << s.task << " (" << taskKindName(s.kind) << (s.kindGuessed ? ", guessed" : "")
                  << (s.taskCreated ? ", new" : "") << ")\n";
    std::cout << "read: " << s.read << '\n' << "imported: " << s.imported << '\n' << "updated: " << s.updated << '\n';
    if (!labels)
        std::cout << "skipped: " << s.skipped << '\n';
    else if (s.skipped > 0)
        std::cout << "kept positive: " << s.skipped
                  << " (a later negative row of an item and segment that this file labels positive)\n";
    std::cout << "rejected: " << s.rejected << '\n';
    if (!s.note.empty())
        std::fprintf(stderr, "debut: note: %s\n", s.note.c_str());
    const std::size_t shown = std::min<std::size_t>(20, s.rejectedRows.size());
    for (std::size_t i = 0; i < shown; ++i)
        std::fprintf(stderr, "debut: rejected: %s\n", s.rejectedRows[i].toString().c_str());
    if (s.rejected > std::int64_t(shown))
        std::fprintf(stderr, "debut: ... and %lld more rejected rows\n", (long long)(s.rejected - std::int64_t(shown)));
}

ImportOptions commonOptions(const Args &a)
{
    ImportOptions o;
    if (!parseTableFormat(a.option("format", "auto"), o.table.format))
        throw UsageError("--format must be auto, csv, tsv or jsonl");
    if (!parseTextEncoding(a.option("encoding", "auto"), o.table.encoding))
        throw UsageError("--encoding must be auto, utf-8 or gb18030");
    try {
        o.mapping = ColumnMapping::parseOverrides(a.options("map"));
    } catch (const Error &e) {
        throw UsageError(e.what());
    }
    o.progress = cliProgress();
    return o;
}

int cmdImportItems(const std::vector<std::string> &argv)
{
    Args a(argv, {}, {"format", "encoding", "map", "on-duplicate"});
    const std::string &project = a.positional(0, "PROJECT");
    const std::string &file = a.positional(1, "FILE");
    a.maxPositional(2);
    ImportOptions o = commonOptions(a);
    if (!parseDuplicatePolicy(a.option("on-duplicate", "update"), o.onDuplicate))
        throw UsageError("--on-duplicate must be update, skip or fail");
    ImportResult r = importItems(project, file, o);
    if (!r.status.ok())
        return statusExit(r.status);
    printSummary(r.summary, false);
    return ExitOk;
}

int cmdImportLabels(const std::vector<std::string> &argv)
{
    Args a(argv, {}, {"format", "encoding", "map", "task", "kind"});
    const std::string &project = a.positional(0, "PROJECT");
    const std::string &file = a.positional(1, "FILE");
    a.maxPositional(2);
    ImportOptions o = commonOptions(a);
    auto task = a.option("task");
    if (!task || task->empty())
        throw UsageError("--task NAME is required");
    o.task = *task;
    if (auto k = a.option("kind")) {
        TaskKind kind;
        if (!parseTaskKind(*k, kind))
            throw UsageError("--kind must be binary, multiclass or rating");
        o.kind = kind;
    }
    ImportResult r = importLabels(project, file, o);
    if (!r.status.ok())
        return statusExit(r.status);
    printSummary(r.summary, true);
    return ExitOk;
}

}   // namespace

DEBUT_COMMAND({"new", "debut new PROJECT", "create an empty project file", cmdNew});
DEBUT_COMMAND({"info", "debut info PROJECT [--json]",
               "items, tasks with label counts, segments, runs, schema version, file size", cmdInfo});
DEBUT_COMMAND({"import-items",
               "debut import-items PROJECT FILE [--format auto|csv|tsv|jsonl] [--encoding auto|utf-8|gb18030]\n"
               "                   [--map SOURCE_COLUMN=FIELD]... [--on-duplicate update|skip|fail]\n"
               "FIELD: id, title, description, price, brand, category, extra, ignore",
               "import a catalogue (CSV, TSV, JSON Lines) into a project", cmdImportItems});
DEBUT_COMMAND({"import-labels",
               "debut import-labels PROJECT FILE --task NAME [--kind binary|multiclass|rating]\n"
               "                   [--map SOURCE_COLUMN=FIELD]... [--format …] [--encoding …]\n"
               "FIELD: item_id, label, segment, weight, time, ignore",
               "import labels for a task (created on first import)", cmdImportLabels});

}   // namespace debut::cli
