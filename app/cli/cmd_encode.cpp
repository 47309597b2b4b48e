// `debut encode`: sentence embeddings of a project's items or of raw text lines
// (contract: docs/cli.md; the work is core/project/encoding.h).
#include <algorithm>
#include <cstdio>
#include <thread>

#include "command.h"
#include "common/strings.h"
#include "project/encoding.h"

namespace debut::cli {

namespace {

int cmdEncode(const std::vector<std::string> &argv)
{
    Args a(argv, {"header"}, {"out", "text", "encoder", "batch", "threads", "precision"});
    const auto outPath = a.option("out");
    if (!outPath)
        throw UsageError("--out FILE(.csv|.npy) is required");
    if (!endsWith(*outPath, ".npy") && !endsWith(*outPath, ".csv"))
        throw UsageError("--out must end in .csv or .npy");
    const auto textFile = a.option("text");
    a.maxPositional(textFile ? 0 : 1);
    if (!textFile && a.positional().empty())
        throw UsageError("give a PROJECT or --text LINES.txt");
    EncodeRequest req;
    req.outPath = *outPath;
    req.textFile = textFile.value_or("");
    if (!textFile)
        req.projectPath = a.positional(0, "PROJECT");
    req.encoder = a.option("encoder", "use-lite");
    req.csvHeader = a.flag("header");
    const long long batch = a.integer("batch", 64);
    const long long threads = a.integer("threads", std::max(1u, std::thread::hardware_concurrency()));
    if (batch < 1 || threads < 1)
        throw UsageError("--batch and --threads must be >= 1");
    req.options.batchSize = static_cast<int>(batch);
    req.threads = static_cast<int>(threads);
    try {
        req.options.precision = parsePrecision(a.option("precision", "fp32"));
    } catch (const Error &e) {
        throw UsageError(std::string("--precision: ") + e.what());
    }
    req.onNote = [](const std::string &note) { std::fprintf(stderr, "encode: %s\n", note.c_str()); };
    const EncodeResult r = encode(req, cliProgress());
    if (!r.status.ok())
        return statusExit(r.status);
    endProgressLine();
    std::fprintf(stderr, "encode: wrote %lld x %lld to %s\n", static_cast<long long>(r.rows),
                 static_cast<long long>(r.dims), outPath->c_str());
    return ExitOk;
}

}   // namespace

DEBUT_COMMAND(
    {"encode",
     "debut encode PROJECT --out FILE(.csv|.npy) [--encoder use-lite|scratch|pretrained[:N]|HF_FOLDER|RUN_ID]\n"
     "             [--header]\n"
     "debut encode --text LINES.txt --out FILE(.csv|.npy) [--encoder …] [--header]\n"
     "             [--batch N] [--threads N] [--precision fp32|bf16]",
     "sentence embeddings of a project's items (or of text lines) to CSV or NPY", cmdEncode});

}   // namespace debut::cli
