#include "train/neighbours.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"

namespace debut {

torch::Tensor smoothByNeighbours(const torch::Tensor &unit, const torch::Tensor &bank, int k, double mix)
{
    if (!bank.defined() || bank.size(0) == 0 || k < 1 || unit.size(0) == 0)
        return unit;
    const std::int64_t kk = std::min<std::int64_t>(k, bank.size(0));
    const torch::Tensor rowsOfBank = bank.to(unit.device(), unit.scalar_type());
    const torch::Tensor bankT = rowsOfBank.t();
    std::vector<torch::Tensor> parts;
    constexpr std::int64_t kChunk = 1024;   // [chunk, R] similarities at a time
    for (std::int64_t s = 0; s < unit.size(0); s += kChunk) {
        const torch::Tensor x = unit.narrow(0, s, std::min(kChunk, unit.size(0) - s));
        torch::Tensor sims = x.matmul(bankT);
        sims = sims.masked_fill(sims > 1.0 - 1e-4, -2.0);   // the item itself / an identical text
        auto [vals, idx] = sims.topk(kk, 1);
        const torch::Tensor keep = (vals > -1.5).to(x.scalar_type());   // [n, kk]
        const torch::Tensor rows = rowsOfBank.index_select(0, idx.reshape({-1})).view({x.size(0), kk, x.size(1)});
        const torch::Tensor mean = (rows * keep.unsqueeze(2)).sum(1) / keep.sum(1, true).clamp_min(1.0);
        // No neighbour left (a bank of copies of the item): the item as it is.
        const torch::Tensor any = (keep.sum(1, true) > 0).to(x.scalar_type());
        torch::Tensor z = x * (1.0 - mix * any) + mean * (mix * any);
        parts.push_back(z / z.norm(2, 1, true).clamp_min(1e-12));
    }
    return parts.size() == 1 ? parts.front() : torch::cat(parts, 0);
}

std::int64_t neighbourSettings(const nlohmann::json &stack, int &k, double &mix)
{
    k = 0;
    mix = 0;
    if (!stack.is_object() || !stack.contains("neighbours") || stack["neighbours"].is_null())
        return 0;
    std::int64_t rows = 0;
    try {
        const nlohmann::json &n = stack.at("neighbours");
        k = n.at("k").get<int>();
        mix = n.at("mix").get<double>();
        rows = n.at("rows").get<std::int64_t>();
    } catch (const nlohmann::json::exception &e) {
        throw Error(std::string("classifier configuration: stack: neighbours: ") + e.what());
    }
    if (k < 1 || k > 1000 || !(mix >= 0 && mix <= 1) || rows < 1)
        throw Error("classifier configuration: stack: neighbours: k, mix or rows out of range");
    return rows;
}

}   // namespace debut
