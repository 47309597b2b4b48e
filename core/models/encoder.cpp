#include "models/encoder.h"

#include <algorithm>

namespace debut {

TokenBatch makeBatch(const std::vector<Encoding> &encodings, std::int32_t padId, const torch::Device &device)
{
    const auto b = static_cast<std::int64_t>(encodings.size());
    std::int64_t t = 1;  // at least one column so empty texts still give a [B, 1] batch
    for (const auto &e : encodings)
        t = std::max<std::int64_t>(t, static_cast<std::int64_t>(e.ids.size()));
    torch::Tensor ids = torch::full({b, t}, static_cast<std::int64_t>(padId), torch::kLong);
    torch::Tensor mask = torch::zeros({b, t}, torch::kBool);
    auto idsA = ids.accessor<std::int64_t, 2>();
    auto maskA = mask.accessor<bool, 2>();
    for (std::int64_t i = 0; i < b; ++i) {
        const auto &e = encodings[static_cast<std::size_t>(i)].ids;
        for (std::size_t j = 0; j < e.size(); ++j) {
            idsA[i][static_cast<std::int64_t>(j)] = e[j];
            maskA[i][static_cast<std::int64_t>(j)] = true;
        }
    }
    if (device != torch::Device(torch::kCPU))
        return {ids.to(device), mask.to(device)};
    return {ids, mask};
}

} // namespace debut
