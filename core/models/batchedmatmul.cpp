#include "models/batchedmatmul.h"

#include <dlfcn.h>

#include <ATen/Parallel.h>

#include <mutex>
#include <vector>

namespace debut {

namespace {

// CBLAS, looked up at run time: libtorch brings the system BLAS into the process,
// and the product links nothing extra (a CUDA or MKL LibTorch simply falls back).
enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };
using Sgemm = void (*)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *,
                       int);
using SetThreads = void (*)(int);
using GetThreads = int (*)();

struct Blas {
    Sgemm sgemm = nullptr;
    SetThreads setThreads = nullptr;
    GetThreads getThreads = nullptr;
    Blas()
    {
        sgemm = reinterpret_cast<Sgemm>(dlsym(RTLD_DEFAULT, "cblas_sgemm"));
        setThreads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        getThreads = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    }
    bool ok() const { return sgemm && setThreads && getThreads; }
};

const Blas &blas()
{
    static const Blas b;
    return b;
}

// How one operand is handed to BLAS: row-major with leading dimension ld, or
// transposed (column-major storage) with leading dimension ld.
struct Operand {
    torch::Tensor t;
    int trans = kNoTrans;
    int ld = 0;
};

Operand operand(const torch::Tensor &x)
{
    const auto rows = x.size(-2), cols = x.size(-1);
    const auto rs = x.stride(-2), cs = x.stride(-1);
    if (cs == 1 && rs >= std::max<std::int64_t>(1, cols))
        return {x, kNoTrans, static_cast<int>(rs)};
    if (rs == 1 && cs >= std::max<std::int64_t>(1, rows))
        return {x, kTrans, static_cast<int>(cs)};
    torch::Tensor c = x.contiguous();
    return {c, kNoTrans, static_cast<int>(std::max<std::int64_t>(1, cols))};
}

// Element offsets of each matrix of x (over its leading dimensions, row-major order).
std::vector<std::int64_t> matrixOffsets(const torch::Tensor &x)
{
    const auto lead = x.dim() - 2;
    std::int64_t count = 1;
    for (std::int64_t d = 0; d < lead; ++d)
        count *= x.size(d);
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(count));
    std::vector<std::int64_t> index(static_cast<std::size_t>(lead), 0);
    std::int64_t offset = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        offsets[static_cast<std::size_t>(i)] = offset;
        for (auto d = lead - 1; d >= 0; --d) {   // increment the multi-index
            offset += x.stride(d);
            if (++index[static_cast<std::size_t>(d)] < x.size(d))
                break;
            offset -= x.stride(d) * x.size(d);
            index[static_cast<std::size_t>(d)] = 0;
        }
    }
    return offsets;
}

bool accelerable(const torch::Tensor &a, const torch::Tensor &b)
{
    if (!blas().ok() || a.dim() < 3 || a.dim() != b.dim() || !a.device().is_cpu() || !b.device().is_cpu() ||
        a.scalar_type() != torch::kFloat32 || b.scalar_type() != torch::kFloat32 || a.size(-1) != b.size(-2))
        return false;
    for (std::int64_t d = 0; d + 2 < a.dim(); ++d)
        if (a.size(d) != b.size(d))
            return false;   // broadcasting: leave it to torch
    const auto limit = std::int64_t(1) << 30;
    return a.size(-2) < limit && a.size(-1) < limit && b.size(-1) < limit && a.numel() > 0 && b.numel() > 0;
}

// OpenBLAS single-threaded while the guard lives. Its thread count is one global
// setting: the first of overlapping guards (another thread's attention) saves it and
// the last restores it, so overlapping products cannot leave it at 1.
class SingleThreadedBlas {
public:
    SingleThreadedBlas()
    {
        std::lock_guard<std::mutex> lock(s_mutex);
        if (s_depth++ == 0) {
            s_saved = blas().getThreads();
            blas().setThreads(1);
        }
    }
    ~SingleThreadedBlas()
    {
        std::lock_guard<std::mutex> lock(s_mutex);
        if (--s_depth == 0)
            blas().setThreads(s_saved);
    }
    SingleThreadedBlas(const SingleThreadedBlas &) = delete;
    SingleThreadedBlas &operator=(const SingleThreadedBlas &) = delete;

private:
    static inline std::mutex s_mutex;
    static inline int s_depth = 0, s_saved = 1;
};

torch::Tensor product(const torch::Tensor &a, const torch::Tensor &b)
{
    const Operand A = operand(a), B = operand(b);
    const auto M = a.size(-2), K = a.size(-1), N = b.size(-1);
    std::vector<std::int64_t> shape = a.sizes().vec();
    shape.back() = N;
    torch::Tensor c = torch::empty(shape, a.options());
    const auto offA = matrixOffsets(A.t), offB = matrixOffsets(B.t);
    const auto count = static_cast<std::int64_t>(offA.size());
    const float *pa = A.t.data_ptr<float>();
    const float *pb = B.t.data_ptr<float>();
    float *pc = c.data_ptr<float>();
    const Blas &l = blas();
    // One matrix per call, one thread per call: OpenBLAS's own threads would only
    // hand each small product around. Restored afterwards for the large products.
    const SingleThreadedBlas single;
    at::parallel_for(0, count, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto i = begin; i < end; ++i)
            l.sgemm(kRowMajor, A.trans, B.trans, static_cast<int>(M), static_cast<int>(N), static_cast<int>(K), 1.0f,
                    pa + offA[static_cast<std::size_t>(i)], A.ld, pb + offB[static_cast<std::size_t>(i)], B.ld, 0.0f,
                    pc + i * M * N, static_cast<int>(N));
    });
    return c;
}

struct BatchedMatmulFunction : torch::autograd::Function<BatchedMatmulFunction> {
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &a, const torch::Tensor &b)
    {
        ctx->save_for_backward({a, b});
        return product(a, b);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &a = saved[0], &b = saved[1], &g = grads[0];
        torch::Tensor ga, gb;
        if (ctx->needs_input_grad(0))
            ga = product(g, b.transpose(-2, -1));   // dA = dC B^T
        if (ctx->needs_input_grad(1))
            gb = product(a.transpose(-2, -1), g);   // dB = A^T dC
        return {ga, gb};
    }
};

}   // namespace

bool batchedMatmulAccelerated() { return blas().ok(); }

torch::Tensor batchedMatmul(const torch::Tensor &a, const torch::Tensor &b)
{
    if (!accelerable(a, b))
        return torch::matmul(a, b);
    if (torch::GradMode::is_enabled() && (a.requires_grad() || b.requires_grad()))
        return BatchedMatmulFunction::apply(a, b);
    return product(a, b);
}

}   // namespace debut
