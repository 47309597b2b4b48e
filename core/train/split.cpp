#include "train/split.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "common/error.h"

namespace debut {

namespace {

template <typename T>
void shuffle(std::vector<T> &v, std::mt19937 &rng)
{
    // Own Fisher-Yates so the order does not depend on the standard library.
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::size_t j = std::size_t(rng() % i);
        std::swap(v[i - 1], v[j]);
    }
}

}   // namespace

Split makeSplit(const std::vector<int> &y, int numClasses, const TrainConfig &cfg, std::mt19937 &rng)
{
    const std::size_t n = y.size();
    std::vector<std::vector<std::size_t>> byClass(std::size_t(std::max(numClasses, 1)));
    for (std::size_t i = 0; i < n; ++i)
        byClass[std::size_t(std::clamp(y[i], 0, numClasses - 1))].push_back(i);
    std::size_t minCount = n;
    for (const auto &c : byClass)
        if (!c.empty())
            minCount = std::min(minCount, c.size());
    for (auto &c : byClass)
        shuffle(c, rng);
    Split split;
    if (minCount >= std::size_t(std::max(cfg.minPerClassForSplit, 2)) && cfg.devRatio > 0 && cfg.devRatio < 1) {
        std::vector<std::size_t> train, dev;
        for (const auto &c : byClass) {
            const std::size_t nDev =
                std::clamp<std::size_t>(std::size_t(std::lround(cfg.devRatio * double(c.size()))), 1, c.size() - 1);
            dev.insert(dev.end(), c.begin(), c.begin() + std::ptrdiff_t(nDev));
            train.insert(train.end(), c.begin() + std::ptrdiff_t(nDev), c.end());
        }
        std::sort(train.begin(), train.end());
        std::sort(dev.begin(), dev.end());
        split.folds.emplace_back(train, dev);
        return split;
    }
    split.cv = true;
    const std::size_t k = std::clamp<std::size_t>(std::size_t(std::max(cfg.folds, 2)), 2, n);
    std::vector<int> foldOf(n, 0);
    std::size_t counter = 0;
    for (const auto &c : byClass)
        for (auto i : c)
            foldOf[i] = int(counter++ % k);
    for (std::size_t f = 0; f < k; ++f) {
        std::vector<std::size_t> train, dev;
        for (std::size_t i = 0; i < n; ++i)
            (std::size_t(foldOf[i]) == f ? dev : train).push_back(i);
        split.folds.emplace_back(train, dev);
    }
    return split;
}

std::vector<std::vector<std::size_t>> makeBatches(std::vector<std::size_t> rows, const std::vector<Encoding> &enc,
                                                  std::size_t batchSize, bool byLength, std::mt19937 &rng)
{
    shuffle(rows, rng);
    std::vector<std::vector<std::size_t>> batches;
    const std::size_t window = byLength ? batchSize * 16 : rows.size();
    for (std::size_t w = 0; w < rows.size(); w += std::max<std::size_t>(window, 1)) {
        const std::size_t we = std::min(rows.size(), w + std::max<std::size_t>(window, 1));
        if (byLength)
            std::stable_sort(rows.begin() + std::ptrdiff_t(w), rows.begin() + std::ptrdiff_t(we),
                             [&](std::size_t a, std::size_t b) { return enc[a].ids.size() < enc[b].ids.size(); });
        for (std::size_t s = w; s < we; s += batchSize)
            batches.emplace_back(rows.begin() + std::ptrdiff_t(s),
                                 rows.begin() + std::ptrdiff_t(std::min(we, s + batchSize)));
    }
    if (byLength)
        shuffle(batches, rng);
    return batches;
}

Encoding augmentEncoding(const Encoding &e, const TrainConfig &cfg, std::mt19937 &rng, std::int32_t)
{
    if (e.ids.size() <= 3)
        return e;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Encoding out;
    const std::size_t last = e.ids.size() - 1;
    for (std::size_t i = 0; i <= last; ++i) {
        const bool edge = i == 0 || i == last;
        if (!edge && u(rng) < cfg.tokenDropout)
            continue;
        out.ids.push_back(e.ids[i]);
        out.offsets.push_back(e.offsets.size() > i ? e.offsets[i] : std::make_pair(0u, 0u));
    }
    for (std::size_t i = 1; i + 2 < out.ids.size(); ++i)
        if (u(rng) < cfg.wordSwap) {
            std::swap(out.ids[i], out.ids[i + 1]);
            std::swap(out.offsets[i], out.offsets[i + 1]);
            ++i;
        }
    return out;
}

}   // namespace debut
