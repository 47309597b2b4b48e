#include "models/encoder.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <algorithm>
#include <string>
#include <unordered_map>

#include "common/error.h"

namespace debut {

TokenBatch makeBatch(const std::vector<Encoding> &encodings, std::int32_t padId, const torch::Device &device)
{
    const auto b = static_cast<std::int64_t>(encodings.size());
    std::int64_t t = 1;   // at least one column so empty texts still give a [B, 1] batch
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

}   // namespace debut

namespace debut {

Precision parsePrecision(const std::string &name)
{
    if (name == "fp32" || name == "float32")
        return Precision::Float32;
    if (name == "bf16" || name == "bfloat16")
        return Precision::BFloat16;
    throw Error("unknown precision '" + name + "' (expected fp32 or bf16)");
}

std::string precisionName(Precision p) { return p == Precision::BFloat16 ? "bf16" : "fp32"; }

bool hasFastBFloat16(const torch::Device &device)
{
    if (!device.is_cpu())
        return true;
#if defined(__x86_64__) || defined(__i386__)
    static const bool fast = [] {
        unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
        if (__get_cpuid_max(0, nullptr) < 7)
            return false;
        __cpuid_count(1, 0, eax, ebx, ecx, edx);
        if (!(ecx & (1u << 27)))   // OSXSAVE: xgetbv is usable
            return false;
        unsigned lo = 0, hi = 0;
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        const unsigned long long xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        const bool amxBf16 = (edx & (1u << 22)) && (xcr0 & (3ull << 17)) == (3ull << 17);   // TILECFG, TILEDATA
        const unsigned maxSub = eax;
        bool avx512Bf16 = false;
        if (maxSub >= 1 && (ebx & (1u << 16))) {   // AVX512F
            __cpuid_count(7, 1, eax, ebx, ecx, edx);
            avx512Bf16 = (eax & (1u << 5)) && (xcr0 & 0xE6) == 0xE6;   // SSE, AVX, opmask, ZMM state
        }
        return amxBf16 || avx512Bf16;
    }();
    return fast;
#else
    return false;
#endif
}

Precision usablePrecision(Precision requested, const torch::Device &device)
{
    return requested == Precision::BFloat16 && !hasFastBFloat16(device) ? Precision::Float32 : requested;
}

torch::Tensor embedTexts(TextEncoderImpl &encoder, const std::vector<std::string> &texts, int batchSize,
                         const Progress &progress, int tokenBudget)
{
    EmbedOptions o;
    o.batchSize = batchSize;
    o.tokenBudget = tokenBudget;
    return embedTexts(encoder, texts, o, progress);
}

namespace {

// Restores Float32 inference (and the training flag) however embedTexts leaves.
class InferenceScope {
public:
    InferenceScope(TextEncoderImpl &e, Precision p) : m_encoder(e), m_training(e.is_training())
    {
        if (!e.setInferencePrecision(p))
            throw Error("encoder '" + e.name() + "' does not support " + precisionName(p) + " inference");
        m_lowered = p != Precision::Float32;
        e.eval();
    }
    ~InferenceScope()
    {
        if (m_lowered)
            m_encoder.setInferencePrecision(Precision::Float32);
        if (m_training)
            m_encoder.train();
    }

private:
    TextEncoderImpl &m_encoder;
    bool m_training, m_lowered = false;
};

}   // namespace

int defaultTokenBudget(const torch::Device &device, Precision precision)
{
    if (!device.is_cpu())
        return 16384;
    return precision == Precision::BFloat16 ? 1536 : 1024;
}

std::vector<std::size_t> lengthBatchEnds(const std::vector<std::int64_t> &sortedLengths, int batchSize, int tokenBudget)
{
    const std::size_t n = sortedLengths.size(), rows = static_cast<std::size_t>(std::max(1, batchSize));
    std::vector<std::size_t> ends;
    for (std::size_t start = 0, end = 0; start < n; start = end) {
        // Sorted ascending: the last row of a batch is its longest.
        end = start + 1;
        while (end < n && end - start < rows &&
               static_cast<std::int64_t>(end - start + 1) * sortedLengths[end] <= tokenBudget)
            ++end;
        ends.push_back(end);
    }
    return ends;
}

torch::Tensor embedTexts(TextEncoderImpl &encoder, const std::vector<std::string> &texts, const EmbedOptions &options,
                         const Progress &progress)
{
    const auto n = static_cast<std::int64_t>(texts.size());
    const Tokenizer &tok = encoder.tokenizer();
    // Tokenizers are const and thread-safe: tokenize on torch's intra-op threads.
    std::vector<Encoding> encodings(texts.size());
    const int maxLength = encoder.maxLength();
    at::parallel_for(0, n, 16, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            encodings[static_cast<std::size_t>(i)] = tok.encode(texts[static_cast<std::size_t>(i)], maxLength);
    });
    return embedEncodings(encoder, encodings, options, progress, "encode");
}

torch::Tensor embedEncodings(TextEncoderImpl &encoder, const std::vector<Encoding> &encodings,
                             const EmbedOptions &options, const Progress &progress, const std::string &stage)
{
    const auto n = static_cast<std::int64_t>(encodings.size());
    torch::Device device = torch::kCPU;
    for (const auto &p : encoder.parameters()) {
        device = p.device();
        break;
    }
    // Rows with the same ids have the same embedding: each distinct one is computed
    // once (`first` = its representative, `source` = row -> representative's slot).
    std::unordered_map<std::string, std::int64_t> seen;
    std::vector<std::int64_t> first, source(encodings.size());
    for (std::int64_t i = 0; i < n; ++i) {
        const auto &ids = encodings[static_cast<std::size_t>(i)].ids;
        std::string key(reinterpret_cast<const char *>(ids.data()), ids.size() * sizeof(ids[0]));
        auto [it, added] = seen.emplace(std::move(key), static_cast<std::int64_t>(first.size()));
        if (added)
            first.push_back(i);
        source[static_cast<std::size_t>(i)] = it->second;
    }
    seen.clear();
    const auto u = static_cast<std::int64_t>(first.size());
    auto idsOf = [&](std::int64_t slot) -> const std::vector<std::int32_t> & {
        return encodings[static_cast<std::size_t>(first[static_cast<std::size_t>(slot)])].ids;
    };
    // Sorting by length keeps padding (wasted compute) small.
    std::vector<std::int64_t> order(static_cast<std::size_t>(u));
    for (std::int64_t k = 0; k < u; ++k)
        order[static_cast<std::size_t>(k)] = k;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int64_t a, std::int64_t b) { return idsOf(a).size() < idsOf(b).size(); });
    torch::Tensor unique = torch::empty({u, encoder.dim()}, torch::kFloat32);
    {
        InferenceScope scope(encoder, options.precision);
        c10::InferenceMode guard;
        const int tokenBudget =
            options.tokenBudget > 0 ? options.tokenBudget : defaultTokenBudget(device, options.precision);
        const std::int32_t padId = encoder.tokenizer().padId();
        std::vector<std::int64_t> lengths(static_cast<std::size_t>(u));
        for (std::int64_t k = 0; k < u; ++k)
            lengths[static_cast<std::size_t>(k)] =
                std::max<std::int64_t>(1, static_cast<std::int64_t>(idsOf(order[static_cast<std::size_t>(k)]).size()));
        std::int64_t start = 0;
        for (const std::size_t batchEnd : lengthBatchEnds(lengths, options.batchSize, tokenBudget)) {
            const auto end = static_cast<std::int64_t>(batchEnd);
            std::vector<Encoding> chunk;
            std::vector<std::int64_t> slots;
            for (std::int64_t k = start; k < end; ++k) {
                const auto slot = order[static_cast<std::size_t>(k)];
                chunk.push_back(encodings[static_cast<std::size_t>(first[static_cast<std::size_t>(slot)])]);
                slots.push_back(slot);
            }
            const TokenBatch b = makeBatch(chunk, padId, device);
            torch::Tensor e = encoder.embedPooled(b).to(torch::kCPU, torch::kFloat32);
            unique.index_copy_(0, torch::tensor(slots, torch::kLong), e);
            // Progress in rows of the input (duplicates are done with their original).
            reportOrCancel(progress, stage, end == u ? n : end * n / std::max<std::int64_t>(u, 1), n);
            start = end;
        }
    }
    if (u == n)   // no duplicates: source is the identity
        return unique;
    return unique.index_select(0, torch::tensor(source, torch::kLong));
}

}   // namespace debut
