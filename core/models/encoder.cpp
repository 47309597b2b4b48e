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

namespace debut {

torch::Tensor embedTexts(TextEncoderImpl &encoder, const std::vector<std::string> &texts, int batchSize,
                         const Progress &progress, int tokenBudget)
{
    const auto n = static_cast<std::int64_t>(texts.size());
    torch::Device device = torch::kCPU;
    for (const auto &p : encoder.parameters()) {
        device = p.device();
        break;
    }
    const Tokenizer &tok = encoder.tokenizer();
    std::vector<Encoding> encodings;
    encodings.reserve(texts.size());
    for (const auto &t : texts)
        encodings.push_back(tok.encode(t, encoder.maxLength()));
    // Sorting by length keeps padding (wasted compute) small.
    std::vector<std::int64_t> order(texts.size());
    for (std::int64_t i = 0; i < n; ++i)
        order[static_cast<std::size_t>(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        return encodings[static_cast<std::size_t>(a)].ids.size() < encodings[static_cast<std::size_t>(b)].ids.size();
    });
    torch::Tensor out = torch::empty({n, encoder.dim()}, torch::kFloat32);
    const bool wasTraining = encoder.is_training();
    encoder.eval();
    {
        c10::InferenceMode guard;
        batchSize = std::max(1, batchSize);
        auto length = [&](std::int64_t k) {
            return std::max<std::int64_t>(1, static_cast<std::int64_t>(
                encodings[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])].ids.size()));
        };
        for (std::int64_t start = 0, end = 0; start < n; start = end) {
            // Sorted ascending: the last row of a batch is its longest.
            end = start + 1;
            while (end < n && end - start < batchSize && (end - start + 1) * length(end) <= tokenBudget)
                ++end;
            std::vector<Encoding> chunk;
            std::vector<std::int64_t> rows;
            for (std::int64_t k = start; k < end; ++k) {
                const auto i = order[static_cast<std::size_t>(k)];
                chunk.push_back(encodings[static_cast<std::size_t>(i)]);
                rows.push_back(i);
            }
            const TokenBatch b = makeBatch(chunk, tok.padId(), device);
            torch::Tensor e = encoder.forward(b).to(torch::kCPU, torch::kFloat32);
            out.index_copy_(0, torch::tensor(rows, torch::kLong), e);
            reportOrCancel(progress, "encode", end, n);
        }
    }
    if (wasTraining)
        encoder.train();
    return out;
}

} // namespace debut
