#pragma once
// Batched matrix products for attention, a @ b over matching leading dimensions:
// [..., M, K] x [..., K, N] -> [..., M, N], with autograd.
//
// Why not torch::matmul: for float32 on the CPU, LibTorch 1.13 without MKL splits
// bmm into one BLAS call per matrix, each spread over all of OpenBLAS's threads.
// Attention's matrices are small (tokens x head width, 8 heads x batch 32 = 256 of
// them per product), so thread hand-offs dominate: on 2 cores USE-Lite's four
// attention products took 45% of embedding time. Here the matrices are shared out
// over torch's intra-op threads instead, each product one single-threaded call of
// cblas_sgemm on the tensors' own strides (the head split and the transposes are
// views, nothing is copied). Same arithmetic, same order of summation per matrix.
//
// Falls back to torch::matmul for anything else: CUDA, other dtypes, broadcasting,
// or a BLAS without cblas_sgemm / openblas_set_num_threads in the process.
#include <torch/torch.h>

namespace debut {

torch::Tensor batchedMatmul(const torch::Tensor &a, const torch::Tensor &b);

// Whether batchedMatmul has its CPU path in this process (OpenBLAS found).
bool batchedMatmulAccelerated();

}   // namespace debut
