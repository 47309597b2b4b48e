#include "dist/world.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include "common/error.h"

#if DEBUT_HAVE_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace debut::dist {

namespace {

World *g_world = nullptr;

// The first of `names` that is set, or nullptr.
const char *firstSet(std::initializer_list<const char *> names, const char **which)
{
    for (const char *n : names)
        if (const char *v = std::getenv(n); v && *v) {
            *which = n;
            return v;
        }
    return nullptr;
}

int integerVar(std::initializer_list<const char *> names, int fallback, int lo, int hi)
{
    const char *which = nullptr;
    const char *v = firstSet(names, &which);
    if (!v)
        return fallback;
    char *end = nullptr;
    errno = 0;
    const long x = std::strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi)
        throw Error(std::string("environment variable ") + which + "='" + v + "' must be a whole number from " +
                    std::to_string(lo) + " to " + std::to_string(hi));
    return int(x);
}

}   // namespace

Launch launchFromEnvironment()
{
    Launch l;
    l.worldSize = integerVar({"WORLD_SIZE", "SLURM_NTASKS"}, 1, 1, 1 << 20);
    if (l.worldSize == 1)
        return l;
    l.rank = integerVar({"RANK", "SLURM_PROCID"}, -1, 0, l.worldSize - 1);
    if (l.rank < 0)
        throw Error("WORLD_SIZE=" + std::to_string(l.worldSize) +
                    " but RANK is not set (start the workers with "
                    "torchrun, srun or set RANK for each)");
    l.localRank = integerVar({"LOCAL_RANK", "SLURM_LOCALID"}, 0, 0, 1 << 20);
    const char *addr = std::getenv("MASTER_ADDR");
    if (!addr || !*addr)
        throw Error("WORLD_SIZE=" + std::to_string(l.worldSize) +
                    " but MASTER_ADDR is not set (the host of rank 0's rendezvous store)");
    l.masterAddr = addr;
    l.masterPort = integerVar({"MASTER_PORT"}, -1, 1, 65535);
    if (l.masterPort < 0)
        throw Error("WORLD_SIZE=" + std::to_string(l.worldSize) + " but MASTER_PORT is not set");
    return l;
}

bool available() { return DEBUT_HAVE_C10D != 0; }

std::pair<std::size_t, std::size_t> shard(std::size_t n, int rank, int size)
{
    const std::size_t s = std::size_t(std::max(size, 1)), r = std::size_t(std::max(rank, 0));
    const std::size_t base = n / s, extra = n % s;
    const std::size_t begin = r * base + std::min(r, extra);
    return {begin, begin + base + (r < extra ? 1 : 0)};
}

std::vector<torch::Tensor> optimizerParameters(const torch::optim::Optimizer &optimizer)
{
    std::vector<torch::Tensor> out;
    std::set<const void *> seen;
    for (const auto &group : optimizer.param_groups())
        for (const auto &p : group.params())
            if (seen.insert(p.unsafeGetTensorImpl()).second)
                out.push_back(p);
    return out;
}

#if DEBUT_HAVE_C10D

struct World::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

World::World(const Launch &launch) : m_launch(launch), m_impl(std::make_unique<Impl>())
{
    try {
        c10d::TCPStoreOptions so;
        so.port = std::uint16_t(launch.masterPort);
        so.isServer = launch.rank == 0;
        so.numWorkers = std::size_t(launch.worldSize);
        so.waitWorkers = true;
        so.timeout = std::chrono::minutes(5);
        m_impl->store = c10::make_intrusive<c10d::TCPStore>(launch.masterAddr, so);
        auto options = c10d::ProcessGroupGloo::Options::create(std::chrono::minutes(30));
        options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        options->threads = 2;
        m_impl->group =
            c10::make_intrusive<c10d::ProcessGroupGloo>(m_impl->store, launch.rank, launch.worldSize, options);
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        throw Error("worker " + std::to_string(launch.rank) + " of " + std::to_string(launch.worldSize) +
                    ": could not join the group at " + launch.masterAddr + ":" + std::to_string(launch.masterPort) +
                    ": " + std::string(e.what()).substr(0, 400));
    }
}

void World::allReduceSum(std::vector<torch::Tensor> &tensors)
{
    for (auto &t : tensors) {
        torch::Tensor host = t.device().is_cpu() ? t.contiguous() : t.to(torch::kCPU).contiguous();
        std::vector<torch::Tensor> one{host};
        m_impl->group->allreduce(one)->wait();
        if (!host.is_same(t))
            t.copy_(host);
    }
}

void World::broadcast(std::vector<torch::Tensor> &tensors, int root)
{
    torch::NoGradGuard noGrad;
    for (auto &t : tensors) {
        torch::Tensor host = t.to(torch::kCPU).contiguous().clone();
        std::vector<torch::Tensor> one{host};
        c10d::BroadcastOptions o;
        o.rootRank = root;
        m_impl->group->broadcast(one, o)->wait();
        t.copy_(host);
    }
}

void World::sendBytes(const std::string &bytes, int dst)
{
    std::vector<torch::Tensor> size{torch::tensor({std::int64_t(bytes.size())}, torch::kLong)};
    m_impl->group->send(size, dst, 0)->wait();
    if (bytes.empty())
        return;
    torch::Tensor data = torch::empty({std::int64_t(bytes.size())}, torch::kUInt8);
    std::memcpy(data.data_ptr(), bytes.data(), bytes.size());
    std::vector<torch::Tensor> one{data};
    m_impl->group->send(one, dst, 1)->wait();
}

std::string World::recvBytes(int src)
{
    std::vector<torch::Tensor> size{torch::zeros({1}, torch::kLong)};
    m_impl->group->recv(size, src, 0)->wait();
    const std::int64_t n = size[0].item<std::int64_t>();
    if (n < 0 || n > (std::int64_t(1) << 34))
        throw Error("worker " + std::to_string(src) + " sent an impossible message size");
    std::string out(std::size_t(n), '\0');
    if (n == 0)
        return out;
    std::vector<torch::Tensor> one{torch::empty({n}, torch::kUInt8)};
    m_impl->group->recv(one, src, 1)->wait();
    std::memcpy(out.data(), one[0].data_ptr(), out.size());
    return out;
}

void World::barrier() { m_impl->group->barrier()->wait(); }

#else   // no c10d in this build

struct World::Impl {};

World::World(const Launch &launch) : m_launch(launch)
{
    throw Error("this build of Debut has no distributed engine (c10d with Gloo): WORLD_SIZE=" +
                std::to_string(launch.worldSize) +
                " cannot be honoured; rebuild with Gloo's headers (Debian: libgloo-dev) or start one process");
}

void World::allReduceSum(std::vector<torch::Tensor> &) {}
void World::broadcast(std::vector<torch::Tensor> &, int) {}
void World::sendBytes(const std::string &, int) {}
std::string World::recvBytes(int) { return {}; }
void World::barrier() {}

#endif

World::~World() = default;

World &World::join(const Launch &launch)
{
    if (g_world)
        throw Error("this process already joined a group of workers");
    if (!launch.launched())
        throw Error("joining a group needs WORLD_SIZE of at least 2");
    static std::unique_ptr<World> holder;
    holder.reset(new World(launch));
    g_world = holder.get();
    return *g_world;
}

World *World::current() { return g_world; }

int World::currentRank() { return g_world ? g_world->rank() : 0; }

double World::allReduceGradients(const std::vector<torch::Tensor> &params, double extra)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> flat;
    for (const auto &p : params) {
        if (!p.requires_grad())
            continue;
        torch::Tensor g = p.grad();
        flat.push_back(g.defined() ? g.detach().to(torch::kCPU, torch::kFloat).reshape({-1})
                                   : torch::zeros({p.numel()}, torch::kFloat));
    }
    flat.push_back(torch::tensor({float(extra)}));
    std::vector<torch::Tensor> buffer{torch::cat(flat)};
    allReduceSum(buffer);
    std::int64_t offset = 0;
    for (const auto &p : params) {
        if (!p.requires_grad())
            continue;
        const std::int64_t n = p.numel();
        torch::Tensor summed = buffer[0].narrow(0, offset, n).view(p.sizes()).to(p.device(), p.scalar_type());
        offset += n;
        if (p.grad().defined())
            p.mutable_grad().copy_(summed);
        else
            p.mutable_grad() = summed.clone();
    }
    return buffer[0][offset].item<double>();
}

std::string World::broadcastBytes(const std::string &bytes, int root)
{
    std::vector<torch::Tensor> size{torch::tensor({std::int64_t(bytes.size())}, torch::kLong)};
    broadcast(size, root);
    const std::int64_t n = size[0].item<std::int64_t>();
    if (n == 0)
        return {};
    torch::Tensor data = torch::zeros({n}, torch::kUInt8);
    if (rank() == root && n > 0)
        std::memcpy(data.data_ptr(), bytes.data(), bytes.size());
    std::vector<torch::Tensor> one{data};
    broadcast(one, root);
    return std::string(static_cast<const char *>(one[0].data_ptr()), std::size_t(n));
}

}   // namespace debut::dist
