#include "project/encoding.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include <torch/torch.h>

#include "common/atomicfile.h"
#include "common/strings.h"
#include "io/records.h"
#include "models/factory.h"
#include "project/guard.h"
#include "store/projectstore.h"
#include "train/classifier.h"

namespace debut {

namespace {

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

void writeCsv(AtomicFile &out, const torch::Tensor &e, bool header)
{
    auto a = e.accessor<float, 2>();
    std::string buf;
    if (header) {
        for (std::int64_t j = 0; j < e.size(1); ++j)
            buf += (j ? ",e" : "e") + std::to_string(j);
        buf += '\n';
    }
    for (std::int64_t i = 0; i < e.size(0); ++i) {
        for (std::int64_t j = 0; j < e.size(1); ++j)
            buf += (j ? "," : "") + decimal(a[i][j]);
        buf += '\n';
        if (buf.size() > (1 << 16)) {
            out.write(buf);
            buf.clear();
        }
    }
    out.write(buf);
}

void writeNpy(AtomicFile &out, const torch::Tensor &e)
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
    out.write(header);
    torch::Tensor c = e.contiguous();
    out.write(c.data_ptr(), std::size_t(c.numel()) * sizeof(float));
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

void note(const EncodeRequest &request, const std::string &text)
{
    if (request.onNote)
        request.onNote(text);
}

}   // namespace

EncodeResult encode(const EncodeRequest &request, const Progress &progress)
{
    EncodeResult result;
    result.status = guarded([&] {
        const std::string &outPath = request.outPath;
        const bool npy = endsWith(outPath, ".npy");
        if (!npy && !endsWith(outPath, ".csv"))
            throw Error(Location{outPath, 0, 0, {}}, "the output file must end in .csv or .npy");
        const int threads =
            request.threads > 0 ? request.threads : int(std::max(1u, std::thread::hardware_concurrency()));
        torch::set_num_threads(threads);

        std::vector<std::string> texts;
        TextEncoder encoder;
        if (!request.textFile.empty()) {
            texts = readLines(request.textFile);
            encoder = createEncoder(request.encoder);
        } else {
            ProjectStore store = ProjectStore::open(request.projectPath, true);
            store.forEachItem([&](const ItemRow &row) {
                texts.push_back(itemText(row.item));
                return true;
            });
            encoder = projectEncoderMaker(store)(request.encoder);
        }
        torch::Device device = torch::kCPU;
        for (const auto &p : encoder->parameters()) {
            device = p.device();
            break;
        }
        EmbedOptions options = request.options;
        if (const Precision usable = usablePrecision(options.precision, device); usable != options.precision) {
            note(request, "this CPU has no bfloat16 instructions (AVX512-BF16 or AMX), where bf16 runs many times "
                          "slower than fp32: using fp32");
            options.precision = usable;
        }
        note(request, std::to_string(texts.size()) + " texts with " + encoder->name() + " (" + std::to_string(threads) +
                          " threads, " + precisionName(options.precision) + ")");
        const torch::Tensor e = embedTexts(*encoder, texts, options, progress);
        // Written next to the target and renamed, so a failed run leaves no half file.
        AtomicFile out(outPath);
        if (npy)
            writeNpy(out, e);
        else
            writeCsv(out, e, request.csvHeader);
        out.commit();
        result.rows = e.size(0);
        result.dims = e.size(1);
    });
    return result;
}

}   // namespace debut
