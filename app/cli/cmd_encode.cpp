// `debut encode`: sentence embeddings of a project's items or of raw text lines
// (contract: docs/cli.md). CSV: one row per input, plain decimals, no header
// unless --header; NPY: float32 [N, D] (NumPy format 1.0, little-endian).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <torch/torch.h>

#include "command.h"
#include "common/error.h"
#include "io/records.h"
#include "models/encoder.h"
#include "models/factory.h"
#include "store/projectstore.h"
#include "train/classifier.h"

namespace debut::cli {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Shortest plain decimal (no exponent) that keeps float32 precision.
std::string decimal(float v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9f", static_cast<double>(v));
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0')
            s.pop_back();
        if (s.back() == '.')
            s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

void writeCsv(std::ostream &out, const torch::Tensor &e, bool header)
{
    auto a = e.accessor<float, 2>();
    if (header) {
        for (std::int64_t j = 0; j < e.size(1); ++j)
            out << (j ? "," : "") << 'e' << j;
        out << '\n';
    }
    for (std::int64_t i = 0; i < e.size(0); ++i) {
        for (std::int64_t j = 0; j < e.size(1); ++j)
            out << (j ? "," : "") << decimal(a[i][j]);
        out << '\n';
    }
}

void writeNpy(std::ostream &out, const torch::Tensor &e)
{
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(e.size(0)) + ", " +
                         std::to_string(e.size(1)) + "), }";
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    const auto len = static_cast<std::uint16_t>(header.size());
    out.write("\x93NUMPY\x01\x00", 8);
    const char lenBytes[2] = {static_cast<char>(len & 0xFF), static_cast<char>(len >> 8)};
    out.write(lenBytes, 2);
    out << header;
    torch::Tensor c = e.contiguous();
    out.write(static_cast<const char *>(c.data_ptr()), static_cast<std::streamsize>(c.numel() * 4));
}

std::vector<std::string> readLines(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Location{path, 0, 0, {}}, "cannot open the text file");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (lines.empty() && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3);
        lines.push_back(std::move(line));
    }
    return lines;
}

int cmdEncode(const std::vector<std::string> &argv)
{
    Args a(argv, {"header"}, {"out", "text", "encoder", "batch", "threads", "precision"});
    const auto outPath = a.option("out");
    if (!outPath)
        throw UsageError("--out FILE(.csv|.npy) is required");
    const bool npy = endsWith(*outPath, ".npy");
    if (!npy && !endsWith(*outPath, ".csv"))
        throw UsageError("--out must end in .csv or .npy");
    const auto textFile = a.option("text");
    a.maxPositional(textFile ? 0 : 1);
    if (!textFile && a.positional().empty())
        throw UsageError("give a PROJECT or --text LINES.txt");
    const std::string spec = a.option("encoder", "use-lite");
    const int batch = static_cast<int>(a.integer("batch", 64));
    const long long threads = a.integer("threads", std::max(1u, std::thread::hardware_concurrency()));
    if (batch < 1 || threads < 1)
        throw UsageError("--batch and --threads must be >= 1");
    torch::set_num_threads(static_cast<int>(threads));
    EmbedOptions options;
    options.batchSize = batch;
    try {
        options.precision = parsePrecision(a.option("precision", "fp32"));
    } catch (const Error &e) {
        throw UsageError(std::string("--precision: ") + e.what());
    }

    std::vector<std::string> texts;
    TextEncoder encoder;
    if (textFile) {
        texts = readLines(*textFile);
        encoder = createEncoder(spec);
    } else {
        ProjectStore store = ProjectStore::open(a.positional(0, "PROJECT"), true);
        store.forEachItem([&](const ItemRow &row) {
            texts.push_back(itemText(row.item));
            return true;
        });
        encoder = projectEncoderMaker(store)(spec);
    }
    torch::Device device = torch::kCPU;
    for (const auto &p : encoder->parameters()) {
        device = p.device();
        break;
    }
    if (const Precision usable = usablePrecision(options.precision, device); usable != options.precision) {
        std::fprintf(stderr,
                     "encode: this CPU has no bfloat16 instructions (AVX512-BF16 or AMX), where bf16 runs many "
                     "times slower than fp32: using fp32\n");
        options.precision = usable;
    }
    std::fprintf(stderr, "encode: %zu texts with %s (%lld threads, %s)\n", texts.size(), encoder->name().c_str(), threads,
                 precisionName(options.precision).c_str());
    torch::Tensor e;
    try {
        e = embedTexts(*encoder, texts, options, [](std::string_view stage, std::int64_t done, std::int64_t total,
                                                 std::string_view message) {
            return progressToStderr(stage, done, total, message);
        });
    } catch (const Cancelled &) {
        std::fprintf(stderr, "\ndebut: cancelled\n");
        return ExitCancelled;
    }
    // Write next to the target and rename, so a failed run leaves no half file.
    const std::string tmp = *outPath + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error(Location{*outPath, 0, 0, {}}, "cannot write the output file");
        if (npy)
            writeNpy(out, e);
        else
            writeCsv(out, e, a.flag("header"));
        if (!out.flush())
            throw Error(Location{*outPath, 0, 0, {}}, "write failed");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, *outPath, ec);
    if (ec)
        throw Error(Location{*outPath, 0, 0, {}}, "cannot write the output file: " + ec.message());
    std::fprintf(stderr, "encode: wrote %lld x %lld to %s\n", static_cast<long long>(e.size(0)),
                 static_cast<long long>(e.size(1)), outPath->c_str());
    return ExitOk;
}

} // namespace

DEBUT_COMMAND({"encode",
               "debut encode PROJECT --out FILE(.csv|.npy) [--encoder use-lite|scratch|pretrained[:N]|HF_FOLDER|RUN_ID]\n"
               "             [--header]\n"
               "debut encode --text LINES.txt --out FILE(.csv|.npy) [--encoder …] [--header]\n"
               "             [--batch N] [--threads N] [--precision fp32|bf16]",
               "sentence embeddings of a project's items (or of text lines) to CSV or NPY", cmdEncode});

} // namespace debut::cli
