// Embedding throughput of Debut's USE-Lite: reads a JSON array of texts, embeds
// them all (warm-up on the first 32 first, not timed), prints one JSON line:
//   {"items": N, "seconds": s, "items_per_s": r, "peak_rss_mb": m, "threads": t}
// Usage: embed_bench TEXTS.json [--threads N] [--batch N] [--out EMB.f32]
// (--out writes the raw float32 [N,512] embeddings, to compare with the reference.)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/uselite.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: embed_bench TEXTS.json [--threads N] [--batch N] [--out EMB.f32]\n");
        return 2;
    }
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int batch = 64;
    std::string outPath;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--batch"))
            batch = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--out"))
            outPath = argv[i + 1];
    }
    try {
        torch::set_num_threads(threads);
        std::ifstream in(argv[1]);
        const auto texts = nlohmann::json::parse(in).get<std::vector<std::string>>();
        auto model = debut::loadUseLite();
        using clock = std::chrono::steady_clock;
        const std::vector<std::string> warm(texts.begin(), texts.begin() + std::min<std::size_t>(32, texts.size()));
        debut::embedTexts(*model, warm, batch);
        const auto t0 = clock::now();
        torch::Tensor e = debut::embedTexts(*model, texts, batch);
        const double s = std::chrono::duration<double>(clock::now() - t0).count();
        if (!outPath.empty()) {
            std::ofstream out(outPath, std::ios::binary);
            out.write(static_cast<const char *>(e.contiguous().data_ptr()), static_cast<std::streamsize>(e.numel() * 4));
        }
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        std::printf("{\"items\": %zu, \"seconds\": %.3f, \"items_per_s\": %.1f, \"peak_rss_mb\": %.1f, \"threads\": %d}\n",
                    texts.size(), s, texts.size() / s, ru.ru_maxrss / 1024.0, threads);
    } catch (const std::exception &ex) {
        std::fprintf(stderr, "embed_bench: %s\n", ex.what());
        return 1;
    }
    return 0;
}
