#include "models/lora.h"

#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"

namespace debut {

LoraLinearImpl::LoraLinearImpl(torch::Tensor weight, torch::Tensor bias)
{
    if (!weight.defined() || weight.dim() != 2)
        throw Error("LoraLinear: weight must be a 2-D tensor [out, in]");
    if (bias.defined() && (bias.dim() != 1 || bias.size(0) != weight.size(0)))
        throw Error("LoraLinear: bias must be [" + std::to_string(weight.size(0)) + "]");
    m_weight = register_parameter("weight", weight);
    if (bias.defined())
        m_bias = register_parameter("bias", bias);
}

LoraLinearImpl::LoraLinearImpl(std::int64_t in, std::int64_t out, bool withBias)
{
    if (in <= 0 || out <= 0)
        throw Error("LoraLinear: sizes must be positive");
    // Same initialisation as torch::nn::Linear: U(-1/sqrt(in), 1/sqrt(in)).
    const double bound = 1.0 / std::sqrt(double(in));
    m_weight = register_parameter("weight", torch::empty({out, in}).uniform_(-bound, bound));
    if (withBias)
        m_bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
}

torch::Tensor LoraLinearImpl::forward(const torch::Tensor &x)
{
    if (m_low.defined())
        return lowPrecisionLinear(x);
    torch::Tensor y = torch::nn::functional::linear(x, m_weight, m_bias.defined() ? m_bias : torch::Tensor());
    if (m_rank > 0)
        y = y + torch::nn::functional::linear(torch::nn::functional::linear(x, m_a), m_b) * m_scale;
    return y;
}

void LoraLinearImpl::addAdapters(int rank, double alpha)
{
    if (m_rank > 0)
        throw Error("LoraLinear: adapters already added");
    if (rank < 1 || !(alpha > 0))
        throw Error("LoraLinear: rank must be >= 1 and alpha > 0 (got rank " + std::to_string(rank) + ", alpha " +
                    std::to_string(alpha) + ")");
    const auto opts = m_weight.options().requires_grad(false);
    torch::NoGradGuard noGrad;
    // A small and random so gradients flow into B; B zero so the layer starts unchanged.
    torch::Tensor a = torch::randn({rank, inFeatures()}, opts) / std::sqrt(double(inFeatures()));
    torch::Tensor b = torch::zeros({outFeatures(), rank}, opts);
    m_a = register_parameter("lora_A", a);
    m_b = register_parameter("lora_B", b);
    m_weight.set_requires_grad(false);
    if (m_bias.defined())
        m_bias.set_requires_grad(false);
    m_rank = rank;
    m_scale = alpha / rank;
}

torch::Tensor LoraLinearImpl::mergedWeight() const
{
    torch::NoGradGuard noGrad;
    torch::Tensor w = m_weight.detach().clone();
    if (m_rank > 0)
        w += torch::matmul(m_b.detach(), m_a.detach()) * m_scale;
    return w;
}

namespace {

// oneDNN keeps every compiled product ("primitive") in a cache of up to 1024, and
// for bfloat16 matmul each holds scratch sized by its shape: ~1 MB at embedTexts'
// batch sizes. Embedding 1,000 catalogue items grew the process from 290 to
// 430 MB that way. Creating a product anew per call measured no slower once rows
// are padded (lowPrecisionLinear), so the cache is switched off, unless the user
// set its size. oneDNN reads ONEDNN_PRIMITIVE_CACHE_CAPACITY when it makes its
// first product, which in Debut is here (float32 products go to OpenBLAS).
// Setting the capacity through dnnl_set_primitive_cache_capacity(0) instead
// measured 20% slower than the variable with oneDNN 2.6 (Debian's LibTorch 1.13).
void disableOneDnnPrimitiveCache()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (std::getenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY") || std::getenv("DNNL_PRIMITIVE_CACHE_CAPACITY"))
            return;
        setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0", 0);
    });
}

}   // namespace

torch::Tensor LoraLinearImpl::lowPrecisionLinear(const torch::Tensor &x) const
{
    // oneDNN (LibTorch's bfloat16 CPU matmul) compiles a kernel for each shape it
    // meets, and every batch has its own rows x tokens. With the rows padded with
    // zero rows to a multiple of kRowStep, the kernels come in few shapes, and
    // creating them per call (disableOneDnnPrimitiveCache) measured as fast as
    // caching them; unpadded it cost 15%.
    constexpr std::int64_t kRowStep = 32;
    const auto in = x.size(-1), outFeatures = m_low.size(0);
    const auto rows = in > 0 ? x.numel() / in : 0;
    const auto padded = (rows + kRowStep - 1) / kRowStep * kRowStep;
    if (x.device().type() != torch::kCPU || rows == 0)
        return torch::nn::functional::linear(x.to(m_low.scalar_type()), m_low, m_lowBias);
    torch::Tensor a;
    if (padded == rows) {
        a = x.reshape({rows, in}).to(m_low.scalar_type());
    } else {
        a = torch::zeros({padded, in}, x.options().dtype(m_low.scalar_type()));
        a.slice(0, 0, rows).copy_(x.reshape({rows, in}));
    }
    // mm, then the bias: addmm's oneDNN path (bias as a post-op) measured slower.
    torch::Tensor y = torch::mm(a, m_low.t()).slice(0, 0, rows);
    if (m_lowBias.defined())
        y.add_(m_lowBias);
    std::vector<std::int64_t> shape = x.sizes().vec();
    shape.back() = outFeatures;
    return y.view(shape);
}

void LoraLinearImpl::setComputeDtype(torch::Dtype dtype)
{
    if (dtype == torch::kFloat32) {
        m_low = torch::Tensor();
        m_lowBias = torch::Tensor();
        return;
    }
    disableOneDnnPrimitiveCache();
    torch::NoGradGuard noGrad;
    m_low = mergedWeight().to(dtype).contiguous();
    m_lowBias = m_bias.defined() ? m_bias.detach().to(dtype) : torch::Tensor();
}

}   // namespace debut
