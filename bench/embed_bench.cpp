// Embedding throughput of Debut's USE-Lite: reads a JSON array of texts, embeds
// them all (warm-up on the first 32 first, not timed), prints one JSON line:
//   {"items": N, "distinct": D, "seconds": s, "items_per_s": r, "distinct_per_s": d,
//    "cpu_s": c, "tokenize_s": t, "tokens": k, "padded_tokens": p, "token_budget": b,
//    "peak_rss_mb": m, "threads": n, "precision": "fp32"}
// seconds/items_per_s: wall time of embedTexts (tokenizing included); distinct: texts
// with distinct tokens (embedTexts computes each once), distinct_per_s = D / s, the
// rate with the duplicates' free ride taken out; cpu_s: the
// process's user+system CPU time over the same span (on a busy machine
// items / (cpu_s / threads) estimates the quiet-machine rate); tokenize_s: the
// tokenizer alone over all texts (timed separately); tokens: real tokens after
// truncation; padded_tokens: what the length-sorted batches compute.
// Usage: embed_bench TEXTS.json [--threads N] [--batch N] [--budget TOKENS]
//                   [--precision fp32|bf16] [--repeat R] [--out EMB.f32]
//                   [--profile TRACE.json]
// With --precision bf16 on a CPU without bfloat16 instructions it prints
//   {"skipped": REASON, "precision": "bf16"} and measures nothing.
// (--out writes the raw float32 [N,512] embeddings, to compare with the reference;
// --repeat R times R passes and reports the fastest; --profile writes a Chrome trace
// of the ATen operators of the last pass, to see where the time goes.)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <torch/csrc/autograd/profiler_legacy.h>

#include "models/uselite.h"

namespace {

double cpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1e-6 * (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

}   // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: embed_bench TEXTS.json [--threads N] [--batch N] [--budget TOKENS] "
                             "[--precision fp32|bf16] [--repeat R] [--out EMB.f32]\n");
        return 2;
    }
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int repeat = 1;
    debut::EmbedOptions options;
    std::string outPath, profilePath;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--batch"))
            options.batchSize = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--budget"))
            options.tokenBudget = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--precision"))
            options.precision = debut::parsePrecision(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--out"))
            outPath = argv[i + 1];
        else if (!std::strcmp(argv[i], "--profile"))
            profilePath = argv[i + 1];
    }
    if (debut::usablePrecision(options.precision, torch::kCPU) != options.precision) {
        // LibTorch's scalar fallback would take ~10 minutes here and measure nothing of Debut.
        std::printf("{\"skipped\": \"this CPU has no bfloat16 instructions (AVX512-BF16 or AMX)\", "
                    "\"precision\": \"%s\"}\n",
                    debut::precisionName(options.precision).c_str());
        return 0;
    }
    try {
        torch::set_num_threads(threads);
        std::ifstream in(argv[1]);
        const auto texts = nlohmann::json::parse(in).get<std::vector<std::string>>();
        auto model = debut::loadUseLite();
        using clock = std::chrono::steady_clock;

        // Tokenizer alone, and the padding the length-sorted batches of distinct
        // texts (embedTexts computes texts with the same tokens once) will compute.
        auto t0 = clock::now();
        std::vector<std::int64_t> lengths, sorted;
        std::set<std::vector<std::int32_t>> distinct;
        for (const auto &t : texts) {
            auto ids = model->tokenizer().encode(t, model->maxLength()).ids;
            lengths.push_back(std::max<std::int64_t>(1, static_cast<std::int64_t>(ids.size())));
            if (distinct.insert(std::move(ids)).second)
                sorted.push_back(lengths.back());
        }
        const double tokenizeSeconds = std::chrono::duration<double>(clock::now() - t0).count();
        std::int64_t tokens = 0, padded = 0;
        const int budget =
            options.tokenBudget > 0 ? options.tokenBudget : debut::defaultTokenBudget(torch::kCPU, options.precision);
        std::sort(sorted.begin(), sorted.end());
        std::size_t start = 0;
        for (const std::size_t end : debut::lengthBatchEnds(sorted, options.batchSize, budget)) {
            padded += static_cast<std::int64_t>(end - start) * sorted[end - 1];
            start = end;
        }
        for (auto l : lengths)
            tokens += l;

        const std::vector<std::string> warm(texts.begin(), texts.begin() + std::min<std::size_t>(32, texts.size()));
        debut::embedTexts(*model, warm, options);
        double best = 1e300, bestCpu = 0;
        torch::Tensor e;
        for (int r = 0; r < repeat; ++r) {
            const double c0 = cpuSeconds();
            t0 = clock::now();
            e = debut::embedTexts(*model, texts, options);
            const double s = std::chrono::duration<double>(clock::now() - t0).count();
            if (s < best) {
                best = s;
                bestCpu = cpuSeconds() - c0;
            }
        }
        if (!profilePath.empty()) {
            torch::autograd::profiler::RecordProfile guard(profilePath);
            debut::embedTexts(*model, texts, options);
        }
        if (!outPath.empty()) {
            std::ofstream out(outPath, std::ios::binary);
            out.write(static_cast<const char *>(e.contiguous().data_ptr()),
                      static_cast<std::streamsize>(e.numel() * 4));
        }
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        std::printf("{\"items\": %zu, \"distinct\": %zu, \"seconds\": %.3f, \"items_per_s\": %.1f, "
                    "\"distinct_per_s\": %.1f, \"cpu_s\": %.3f, \"tokenize_s\": %.3f, "
                    "\"tokens\": %lld, \"padded_tokens\": %lld, \"token_budget\": %d, \"peak_rss_mb\": %.1f, "
                    "\"threads\": %d, \"precision\": \"%s\"}\n",
                    texts.size(), distinct.size(), best, texts.size() / best, distinct.size() / best, bestCpu,
                    tokenizeSeconds, static_cast<long long>(tokens), static_cast<long long>(padded), budget,
                    ru.ru_maxrss / 1024.0, threads, debut::precisionName(options.precision).c_str());
    } catch (const std::exception &ex) {
        std::fprintf(stderr, "embed_bench: %s\n", ex.what());
        return 1;
    }
    return 0;
}
