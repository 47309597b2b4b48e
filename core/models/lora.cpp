#include "models/lora.h"

#include <cmath>
#include <string>

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
        return torch::nn::functional::linear(x.to(m_low.scalar_type()), m_low, m_lowBias);
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
        throw Error("LoraLinear: rank must be >= 1 and alpha > 0 (got rank " + std::to_string(rank) +
                    ", alpha " + std::to_string(alpha) + ")");
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

void LoraLinearImpl::setComputeDtype(torch::Dtype dtype)
{
    if (dtype == torch::kFloat32) {
        m_low = torch::Tensor();
        m_lowBias = torch::Tensor();
        return;
    }
    torch::NoGradGuard noGrad;
    m_low = mergedWeight().to(dtype).contiguous();
    m_lowBias = m_bias.defined() ? m_bias.detach().to(dtype) : torch::Tensor();
}

} // namespace debut
