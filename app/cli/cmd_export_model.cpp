// `debut export-model` (contract: docs/cli.md).
#include <iostream>

#include "command.h"
#include "project/exportmodel.h"

namespace debut::cli {

namespace {

int cmdExportModel(const std::vector<std::string> &argv)
{
    Args a(argv, {}, {"task", "out", "run"});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    ExportModelRequest req;
    auto task = a.option("task");
    if (!task || task->empty())
        throw UsageError("missing --task NAME");
    req.task = *task;
    auto out = a.option("out");
    if (!out || out->empty())
        throw UsageError("missing --out DIR");
    req.outDir = *out;
    req.runId = a.integer("run", 0);
    ExportModelResult r = exportModel(path, req, cliProgress());
    if (!r.status.ok())
        return statusExit(r.status);
    endProgressLine();
    std::cout << "exported run " << r.runId << " (" << r.head << " head"
              << (r.encoder.empty() ? std::string(", lexical features only") : ", encoder " + r.encoder) << ") to "
              << req.outDir << ": " << r.tensors << " tensors, " << (r.bytes + 524288) / 1048576 << " MiB\n";
    for (const auto &f : r.files)
        std::cout << "  " << f << '\n';
    std::cout << "score new items with: python3 tools/debut_score.py " << req.outDir << " ITEMS.csv\n";
    return ExitOk;
}

}   // namespace

DEBUT_COMMAND({"export-model", "  debut export-model PROJECT --task NAME --out DIR [--run RUN_ID]",
               "write a task's model as safetensors + JSON config + tokenizer, to serve without Debut",
               cmdExportModel});

}   // namespace debut::cli
