#include "explain/neighbours.h"

#include <algorithm>
#include <numeric>

#include "common/error.h"

namespace debut {

std::vector<NeighbourItem> Neighbours::nearest(const torch::Tensor &query, const torch::Tensor &labelled,
                                               const std::vector<NeighbourItem> &meta, int k,
                                               const std::string &excludeItemId)
{
    if (k <= 0 || meta.empty())
        return {};
    torch::NoGradGuard noGrad;
    const torch::Tensor q = query.detach().to(torch::kCPU, torch::kFloat).reshape({-1});
    const torch::Tensor m = labelled.detach().to(torch::kCPU, torch::kFloat);
    if (m.dim() != 2 || m.size(0) != std::int64_t(meta.size()) || m.size(1) != q.size(0))
        throw Error("nearest labelled items: embedding shapes do not match");
    const torch::Tensor qn = q / q.norm().clamp_min(1e-12);
    const torch::Tensor mn = m / m.norm(2, 1, true).clamp_min(1e-12);
    const torch::Tensor sims = torch::mv(mn, qn).contiguous();
    const float *s = sims.data_ptr<float>();
    std::vector<std::size_t> order(meta.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s[a] > s[b]; });
    std::vector<NeighbourItem> out;
    for (std::size_t i : order) {
        if (!excludeItemId.empty() && meta[i].itemId == excludeItemId)
            continue;
        NeighbourItem n = meta[i];
        n.similarity = s[i];
        out.push_back(std::move(n));
        if (int(out.size()) >= k)
            break;
    }
    return out;
}

}   // namespace debut
