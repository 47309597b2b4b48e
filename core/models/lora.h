#pragma once
// LoRA (low-rank adaptation) for linear projections, shared by every encoder.
//
// LoraLinear computes  y = x W^T + b + scale * (x A^T) B^T
//   W [out, in]  the (pretrained) weight      — parameter "weight"
//   b [out]      optional bias                — parameter "bias" (absent when undefined)
//   A [r, in]    down-projection adapter      — parameter "lora_A", N(0, 1/in) init
//   B [out, r]   up-projection adapter        — parameter "lora_B", zeros (so y is unchanged
//                                               right after addAdapters)
//   scale = alpha / r
// Before addAdapters() it is a plain linear layer whose weight/bias train normally.
// addAdapters() freezes weight and bias (requires_grad = false) and makes only
// A and B trainable. Parameter names are stable so checkpoints can be written
// with named_parameters(); a checkpoint saved after addAdapters() loads only
// into a module that has had addAdapters() with the same rank.
#include <torch/torch.h>

#include <cstdint>

namespace debut {

class LoraLinearImpl : public torch::nn::Module {
public:
    // Takes (shares) the given tensors as parameters. weight: [out, in] float;
    // bias: [out] or undefined. Throws debut::Error on shape mismatch.
    LoraLinearImpl(torch::Tensor weight, torch::Tensor bias);
    // Fresh layer (for from-scratch encoders): Kaiming-uniform weight like
    // torch::nn::Linear, zero bias when `withBias`.
    LoraLinearImpl(std::int64_t in, std::int64_t out, bool withBias = true);

    // x [..., in] -> [..., out]
    torch::Tensor forward(const torch::Tensor &x);

    // Adds rank-`rank` adapters (rank >= 1, alpha > 0) and freezes W and b.
    // Throws debut::Error when adapters already exist or arguments are invalid.
    void addAdapters(int rank, double alpha);
    bool hasAdapters() const { return m_rank > 0; }
    int rank() const { return m_rank; }
    double scale() const { return m_scale; }

    // W + scale * B A (detached copy), e.g. to export a merged model.
    torch::Tensor mergedWeight() const;

    // Inference in a lower precision: with dtype torch::kBFloat16 (or kHalf) the
    // layer caches mergedWeight() and b converted to dtype, and forward() then
    // computes x.to(dtype) W^T + b in dtype and returns that dtype (no gradient
    // reaches the parameters through the cache). torch::kFloat32 drops the cache
    // (plain forward again). The cache is a snapshot: call again after the weights
    // change. computeDtype() is the current setting. Lowering also switches off
    // oneDNN's primitive cache for the process (unless ONEDNN_PRIMITIVE_CACHE_CAPACITY
    // is set): it kept ~1 MB per product shape met, 140 MB over 1,000 items.
    void setComputeDtype(torch::Dtype dtype);
    torch::Dtype computeDtype() const { return m_low.defined() ? m_low.scalar_type() : torch::kFloat32; }

    std::int64_t inFeatures() const { return m_weight.size(1); }
    std::int64_t outFeatures() const { return m_weight.size(0); }
    const torch::Tensor &weight() const { return m_weight; }
    const torch::Tensor &bias() const { return m_bias; }
    const torch::Tensor &loraA() const { return m_a; }
    const torch::Tensor &loraB() const { return m_b; }

private:
    torch::Tensor lowPrecisionLinear(const torch::Tensor &x) const;

    torch::Tensor m_weight, m_bias, m_a, m_b;
    torch::Tensor m_low, m_lowBias;   // setComputeDtype() cache (not registered)
    int m_rank = 0;
    double m_scale = 0.0;
};
TORCH_MODULE(LoraLinear);

}   // namespace debut
