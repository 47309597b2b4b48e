#pragma once
// One worker of a group: data-parallel pretraining, training and scoring on
// PyTorch's own distributed engine (c10d: a TCPStore for the rendezvous, a Gloo
// process group for the collectives). Debut writes no scheduler or transport.
//
// A process is one worker of several when it is started the way torchrun, Slurm
// (srun) or a Kubernetes PyTorchJob start workers:
//   MASTER_ADDR, MASTER_PORT   where rank 0 serves the rendezvous store
//   RANK, WORLD_SIZE           this worker's index and the number of workers
//   LOCAL_RANK                 index on this machine (picks the GPU: cuda:LOCAL_RANK)
// Under srun without those, SLURM_PROCID / SLURM_NTASKS / SLURM_LOCALID stand in
// for RANK / WORLD_SIZE / LOCAL_RANK (MASTER_ADDR and MASTER_PORT are still needed).
// Without any of them (or WORLD_SIZE=1) nothing changes: one process.
//
// What a learner does with the group (see docs/distributed.md):
//   - every worker holds the whole model and draws the same random numbers
//     (same seed, same batches, same masks/augmentations for the whole batch);
//   - each worker runs forward and backward on its slice of the global batch
//     (shard()), the loss divided by the global batch's weight;
//   - allReduceGradients() sums the gradients, so every worker takes the same
//     optimiser step: the result of one process with the same global batch.
// Collectives run on host memory (Gloo); a CUDA model's gradients are copied.
#include <torch/torch.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace debut::dist {

struct Launch {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddr;
    int masterPort = 0;
    bool launched() const { return worldSize > 1; }
};

// The launch variables of this process. Throws Error naming the variable when
// they are inconsistent (RANK outside [0, WORLD_SIZE), a missing MASTER_ADDR, ...).
Launch launchFromEnvironment();

// True when this build carries c10d with Gloo (Debian: libgloo-dev at build time).
bool available();

// [begin, end) of a batch of n rows that worker `rank` of `size` works on:
// contiguous, sizes differ by at most one, in rank order.
std::pair<std::size_t, std::size_t> shard(std::size_t n, int rank, int size);

class World {
public:
    // Joins the group described by `launch` (rank 0 serves the store); blocks
    // until every worker has joined. Throws Error when this build has no c10d or
    // the rendezvous fails. Process-wide: at most one world per process.
    static World &join(const Launch &launch);
    // The world this process joined, or nullptr (one process).
    static World *current();
    // The rank of the current world, 0 without one.
    static int currentRank();

    int rank() const { return m_launch.rank; }
    int size() const { return m_launch.worldSize; }
    int localRank() const { return m_launch.localRank; }

    // Sums each tensor over the workers, in place (any device; dense tensors).
    void allReduceSum(std::vector<torch::Tensor> &tensors);
    // Sums the gradients of `params` over the workers in one flat buffer
    // (a parameter without a gradient on this worker counts as zeros), and
    // `extra` (a loss to report) with them. Returns the summed extra.
    double allReduceGradients(const std::vector<torch::Tensor> &params, double extra = 0);
    // Copies root's values into every worker's tensors (parameters at the start).
    void broadcast(std::vector<torch::Tensor> &tensors, int root = 0);
    // Root's bytes on every worker.
    std::string broadcastBytes(const std::string &bytes, int root = 0);
    // Point to point, in order, for gathering results to rank 0.
    void sendBytes(const std::string &bytes, int dst);
    std::string recvBytes(int src);
    void barrier();

    ~World();

private:
    explicit World(const Launch &launch);
    struct Impl;
    Launch m_launch;
    std::unique_ptr<Impl> m_impl;
    int m_tag = 0;
};

// The parameters an optimiser updates, each once (tied weights appear in two groups).
std::vector<torch::Tensor> optimizerParameters(const torch::optim::Optimizer &optimizer);

}   // namespace debut::dist
