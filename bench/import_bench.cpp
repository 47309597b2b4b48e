// import_bench: 1,000,000 generated catalogue rows -> a fresh project through
// the store's Importer (the same code path as `debut import-items`).
//   import_bench [ROWS] [--csv EXISTING.csv] [--keep DIR]
// Prints one line: "import: N rows in T s = R rows/s, peak RSS M MB".
// Targets: >= 100k rows/s and < 300 MB peak RSS.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/error.h"
#include "store/importer.h"

namespace fs = std::filesystem;
using namespace debut;

namespace {

void generate(const std::string &path, long rows)
{
    static const char *words[] = {"alpine",  "trail",      "compact",     "steel",       "organic",  "cotton",
                                  "walnut",  "classic",    "sport",       "premium",     "recycled", "matte",
                                  "kitchen", "lamp",       "kettle",      "jacket",      "boots",    "speaker",
                                  "charger", "serum",      "candle",      "blocks",      "puzzle",   "tote",
                                  "wool",    "waterproof", "lightweight", "handcrafted", "family",   "bamboo"};
    static const char *cats[] = {"outdoor", "kitchen", "fashion", "electronics", "beauty", "home", "toys"};
    std::mt19937 rng(7);
    std::ofstream out(path, std::ios::binary);
    out << "id,title,description,price,brand,category,colour\n";
    std::string line;
    for (long i = 0; i < rows; ++i) {
        line.clear();
        char id[16];
        std::snprintf(id, sizeof id, "G%07ld", i);
        line += id;
        line += ',';
        int nt = 2 + int(rng() % 5);
        for (int k = 0; k < nt; ++k) {
            line += k ? " " : "";
            line += words[rng() % 30];
        }
        line += ",\"";
        int nd = int(rng() % 40);
        for (int k = 0; k < nd; ++k) {
            line += k ? " " : "";
            line += words[rng() % 30];
        }
        if (i % 97 == 0)
            line += ", with \"\"quotes\"\", commas\nand a second line";
        line += "\",";
        if (i % 31) {
            char p[32];
            std::snprintf(p, sizeof p, "%.2f", 2 + double(rng() % 89800) / 100.0);
            line += p;
        }
        line += ",Brand" + std::to_string(i % 500) + ',' + cats[i % 7] + ',' + words[rng() % 30] + '\n';
        out << line;
    }
}

}   // namespace

int main(int argc, char **argv)
{
    long rows = 1000000;
    std::string csv, keep;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--csv" && i + 1 < argc)
            csv = argv[++i];
        else if (a == "--keep" && i + 1 < argc)
            keep = argv[++i];
        else if (a == "--help" || a == "-h") {
            std::printf("usage: import_bench [ROWS] [--csv FILE.csv] [--keep DIR]\n");
            return 0;
        } else
            rows = std::atol(a.c_str());
    }
    fs::path dir = keep.empty() ? fs::temp_directory_path() / ("debut_import_bench_" + std::to_string(::getpid()))
                                : fs::path(keep);
    fs::create_directories(dir);
    const bool generated = csv.empty();
    if (generated) {
        csv = (dir / "items.csv").string();
        auto g0 = std::chrono::steady_clock::now();
        generate(csv, rows);
        std::fprintf(stderr, "generated %ld rows (%.0f MB) in %.1f s\n", rows, double(fs::file_size(csv)) / 1e6,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count());
    }
    const std::string project = (dir / "bench.debut").string();
    for (const char *s : {"", "-wal", "-shm"})
        fs::remove(project + s);
    int rc = 0;
    try {
        ProjectStore store = ProjectStore::create(project);
        ImportOptions o;
        auto cpuNow = [] {
            struct rusage r {};
            getrusage(RUSAGE_SELF, &r);
            return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
                   double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
        };
        const double cpu0 = cpuNow();
        auto t0 = std::chrono::steady_clock::now();
        ImportSummary s = Importer(store).importItems(csv, o);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = cpuNow() - cpu0;
        struct rusage ru {};
        getrusage(RUSAGE_SELF, &ru);
        std::printf("import: %lld rows in %.1f s = %.0fk rows/s, peak RSS %.0f MB (CPU %.1f s = %.0fk rows/CPU-s; "
                    "imported %lld, rejected %lld)\n",
                    (long long)s.read, secs, double(s.read) / secs / 1000.0, double(ru.ru_maxrss) / 1024.0, cpu,
                    double(s.read) / cpu / 1000.0, (long long)s.imported, (long long)s.rejected);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "import_bench: error: %s\n", e.what());
        rc = 1;
    }
    if (keep.empty())
        fs::remove_all(dir);
    return rc;
}
