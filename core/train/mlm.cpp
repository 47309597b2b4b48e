#include "train/mlm.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include "common/error.h"
#include "dist/world.h"
#include "models/scratch.h"

namespace debut {

namespace {

constexpr std::int64_t kIgnore = -100;

class MlmHeadImpl : public torch::nn::Module {
public:
    // tied: [V, H] weight shared with the encoder's embeddings, or undefined.
    MlmHeadImpl(std::int64_t hidden, std::int64_t vocab, torch::Tensor tied)
    {
        m_dense = register_module("dense", torch::nn::Linear(hidden, hidden));
        m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
        torch::NoGradGuard g;
        m_dense->weight.normal_(0.0, 0.02);
        m_dense->bias.zero_();
        if (tied.defined())
            m_decoder = tied;   // not registered: it belongs to (and is optimised with) the encoder
        else
            m_decoder = register_parameter("decoder_weight", torch::empty({vocab, hidden}).normal_(0.0, 0.02));
        m_bias = register_parameter("decoder_bias", torch::zeros({vocab}));
    }
    // [M, H] -> [M, V] logits
    torch::Tensor forward(const torch::Tensor &h)
    {
        return torch::nn::functional::linear(m_norm(torch::gelu(m_dense(h))), m_decoder, m_bias);
    }

private:
    torch::nn::Linear m_dense{nullptr};
    torch::nn::LayerNorm m_norm{nullptr};
    torch::Tensor m_decoder, m_bias;
};
TORCH_MODULE(MlmHead);

struct Masked {
    std::vector<std::int32_t> input;
    std::vector<std::int64_t> labels;   // kIgnore where not selected
};

class Masker {
public:
    Masker(const Tokenizer &t, double p)
        : m_p(p), m_mask(t.maskId()), m_pad(t.padId()), m_first(t.firstNormalId()), m_vocab(t.vocabSize())
    {}

    bool maskable(std::int32_t id) const { return id >= m_first && id < m_vocab && id != m_pad && id != m_mask; }

    Masked apply(const std::vector<std::int32_t> &ids, std::mt19937_64 &rng) const
    {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        Masked m{ids, std::vector<std::int64_t>(ids.size(), kIgnore)};
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (!maskable(ids[i]))
                continue;
            candidates.push_back(i);
            if (u(rng) < m_p)
                m.labels[i] = ids[i];
        }
        const bool any = std::any_of(m.labels.begin(), m.labels.end(), [](std::int64_t l) { return l != kIgnore; });
        if (!any && !candidates.empty()) {
            const std::size_t i = candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng)];
            m.labels[i] = ids[i];
        }
        std::uniform_int_distribution<std::int32_t> randomPiece(m_first, m_vocab - 1);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (m.labels[i] == kIgnore)
                continue;
            const double r = u(rng);
            if (r < 0.8)
                m.input[i] = m_mask;
            else if (r < 0.9)
                m.input[i] = randomPiece(rng);
        }
        return m;
    }

private:
    double m_p;
    std::int32_t m_mask, m_pad, m_first, m_vocab;
};

struct Batch {
    TokenBatch tokens;
    torch::Tensor labels;   // [B, T] int64
};

Batch makeMlmBatch(const std::vector<const Masked *> &rows, std::int32_t padId, const torch::Device &device)
{
    std::vector<Encoding> encodings(rows.size());
    std::size_t t = 1;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        encodings[i].ids = rows[i]->input;
        t = std::max(t, rows[i]->input.size());
    }
    Batch b;
    b.tokens = makeBatch(encodings, padId, device);
    torch::Tensor labels =
        torch::full({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(t)}, kIgnore, torch::kLong);
    auto a = labels.accessor<std::int64_t, 2>();
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i]->labels.size(); ++j)
            a[static_cast<std::int64_t>(i)][static_cast<std::int64_t>(j)] = rows[i]->labels[j];
    b.labels = labels.to(device);
    return b;
}

// Summed cross-entropy (nats) and the number of scored positions.
std::pair<torch::Tensor, std::int64_t> batchLoss(TextEncoderImpl &encoder, MlmHead &head, const Batch &b)
{
    const torch::Tensor hidden = encoder.encodeEmbedded(encoder.embed(b.tokens.ids), b.tokens.mask);
    const torch::Tensor selected = b.labels.ne(kIgnore);
    const torch::Tensor h = hidden.index({selected});
    const torch::Tensor targets = b.labels.index({selected});
    const torch::Tensor logits = head->forward(h).to(torch::kFloat);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        logits, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    return {loss, targets.size(0)};
}

// AdamW with weight decay on matrices only; `clipped` receives every trained tensor.
std::unique_ptr<torch::optim::AdamW> makeOptimizer(TextEncoderImpl &encoder, MlmHead &head, const MlmOptions &o,
                                                   std::vector<torch::Tensor> &clipped)
{
    std::vector<torch::Tensor> decay, noDecay;
    auto sort = [&](const std::vector<torch::Tensor> &ps) {
        for (const auto &p : ps)
            if (p.requires_grad())
                (p.dim() >= 2 ? decay : noDecay).push_back(p);
    };
    sort(encoder.parameters());
    sort(head->parameters());
    if (decay.empty() && noDecay.empty())
        throw Error("encoder has no trainable parameters");
    std::vector<torch::optim::OptimizerParamGroup> groups;
    if (!decay.empty())
        groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                       torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay)));
    if (!noDecay.empty())
        groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                         torch::optim::AdamWOptions(o.learningRate).weight_decay(0.0)));
    clipped = decay;
    clipped.insert(clipped.end(), noDecay.begin(), noDecay.end());
    return std::make_unique<torch::optim::AdamW>(std::move(groups), torch::optim::AdamWOptions(o.learningRate));
}

// Mean masked-token loss on the held-out texts (eval mode, no grad).
double heldOutLoss(TextEncoderImpl &encoder, MlmHead &head, const std::vector<Masked> &heldMasked, std::int32_t padId,
                   const MlmOptions &o, const Progress &progress)
{
    encoder.eval();
    head->eval();
    torch::NoGradGuard noGrad;
    double sum = 0;
    std::int64_t count = 0;
    for (std::size_t i = 0; i < heldMasked.size(); i += static_cast<std::size_t>(o.batchSize)) {
        std::vector<const Masked *> rows;
        for (std::size_t j = i; j < std::min(heldMasked.size(), i + static_cast<std::size_t>(o.batchSize)); ++j)
            rows.push_back(&heldMasked[j]);
        const auto [loss, n] = batchLoss(encoder, head, makeMlmBatch(rows, padId, o.device));
        sum += loss.item<double>();
        count += n;
        reportOrCancel(progress, "evaluate", static_cast<std::int64_t>(i + rows.size()),
                       static_cast<std::int64_t>(heldMasked.size()));
    }
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

}   // namespace

double unigramPerplexity(const std::vector<std::vector<std::int32_t>> &trainIds,
                         const std::vector<std::int32_t> &targets, std::int32_t firstNormalId, std::int32_t vocabSize)
{
    if (targets.empty())
        return 0.0;
    std::vector<double> counts(static_cast<std::size_t>(std::max(vocabSize, 1)), 0.0);
    double n = 0;
    for (const auto &seq : trainIds)
        for (std::int32_t id : seq)
            if (id >= firstNormalId && id < vocabSize) {
                counts[static_cast<std::size_t>(id)] += 1;
                n += 1;
            }
    const double normal = std::max(1, vocabSize - firstNormalId);
    double nll = 0;
    for (std::int32_t t : targets) {
        const double c = (t >= 0 && t < vocabSize) ? counts[static_cast<std::size_t>(t)] : 0.0;
        nll -= std::log((c + 1.0) / (n + normal));
    }
    return std::exp(nll / static_cast<double>(targets.size()));
}

MlmResult trainMaskedLm(TextEncoderImpl &encoder, const std::vector<std::string> &texts, const MlmOptions &o,
                        const Progress &progress, const MlmEpochCallback &onEpoch)
{
    const Tokenizer &tok = encoder.tokenizer();
    if (tok.maskId() < 0)
        throw Error("encoder '" + encoder.name() + "' has no mask token: masked-LM pretraining is not possible");
    if (o.epochs < 1 || o.batchSize < 1)
        throw Error("masked-LM pretraining needs at least 1 epoch and a batch size of at least 1");
    if (!(o.maskProbability > 0 && o.maskProbability < 1))
        throw Error("mask probability must be in (0, 1)");
    if (o.threads > 0)
        torch::set_num_threads(o.threads);
    torch::manual_seed(o.seed);
    std::mt19937_64 rng(o.seed);
    const int maxLen = o.maxLength > 0 ? std::min(o.maxLength, encoder.maxLength()) : encoder.maxLength();
    const Masker masker(tok, o.maskProbability);

    reportOrCancel(progress, "pretrain", 0, 0, "tokenizing");
    std::vector<std::vector<std::int32_t>> seqs;
    for (const auto &text : texts) {
        Encoding e = tok.encode(text, maxLen);
        if (std::any_of(e.ids.begin(), e.ids.end(), [&](std::int32_t id) { return masker.maskable(id); }))
            seqs.push_back(std::move(e.ids));
    }
    if (seqs.size() < 2)
        throw Error("masked-LM pretraining needs at least 2 non-empty texts (got " + std::to_string(seqs.size()) + ")");

    std::vector<std::size_t> order(seqs.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const auto nHeld = static_cast<std::size_t>(
        std::clamp<double>(std::round(o.heldOutFraction * static_cast<double>(seqs.size())), 1.0,
                           static_cast<double>(std::min<std::size_t>(
                               static_cast<std::size_t>(std::max(1, o.maxHeldOut)), seqs.size() - 1))));
    std::vector<std::vector<std::int32_t>> train, held;
    for (std::size_t i = 0; i < order.size(); ++i)
        (i < nHeld ? held : train).push_back(std::move(seqs[order[i]]));

    std::vector<Masked> heldMasked;
    std::vector<std::int32_t> targets;
    for (const auto &s : held) {
        heldMasked.push_back(masker.apply(s, rng));
        for (std::int64_t l : heldMasked.back().labels)
            if (l != kIgnore)
                targets.push_back(static_cast<std::int32_t>(l));
    }

    MlmResult result;
    result.trainTexts = static_cast<std::int64_t>(train.size());
    result.heldOutTexts = static_cast<std::int64_t>(held.size());
    result.heldOutTokens = static_cast<std::int64_t>(targets.size());
    result.unigramPerplexity = unigramPerplexity(train, targets, tok.firstNormalId(), tok.vocabSize());

    torch::Tensor tied;
    if (auto *scratch = dynamic_cast<ScratchEncoderImpl *>(&encoder))
        tied = scratch->tokenEmbeddingWeight();
    MlmHead head(encoder.hiddenSize(), tok.vocabSize(), tied);
    encoder.to(o.device);
    head->to(o.device);

    std::vector<torch::Tensor> clipped;
    const std::unique_ptr<torch::optim::AdamW> optimizer = makeOptimizer(encoder, head, o, clipped);

    const std::int64_t stepsPerEpoch = (static_cast<std::int64_t>(train.size()) + o.batchSize - 1) / o.batchSize;
    const std::int64_t totalSteps = stepsPerEpoch * o.epochs;
    const std::int64_t warmup = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::round(o.warmupFraction * static_cast<double>(totalSteps))));
    auto lrAt = [&](std::int64_t step) {   // step is 1-based
        if (step <= warmup)
            return o.learningRate * static_cast<double>(step) / static_cast<double>(warmup);
        const double rest = static_cast<double>(totalSteps - warmup);
        return o.learningRate * std::max(0.0, static_cast<double>(totalSteps - step) / std::max(1.0, rest));
    };

    auto evaluate = [&]() { return heldOutLoss(encoder, head, heldMasked, tok.padId(), o, progress); };

    result.initialHeldOutLoss = evaluate();
    result.initialHeldOutPerplexity = std::exp(result.initialHeldOutLoss);

    dist::World *world = dist::World::current();
    const std::vector<torch::Tensor> params = dist::optimizerParameters(*optimizer);
    if (world) {   // every worker starts from rank 0's weights
        std::vector<torch::Tensor> copy = params;
        world->broadcast(copy);
    }

    std::int64_t step = 0;
    std::vector<std::size_t> trainOrder(train.size());
    std::iota(trainOrder.begin(), trainOrder.end(), 0);
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        encoder.train();
        head->train();
        std::shuffle(trainOrder.begin(), trainOrder.end(), rng);
        double lossSum = 0;
        std::int64_t batches = 0;
        for (std::size_t i = 0; i < trainOrder.size(); i += static_cast<std::size_t>(o.batchSize)) {
            std::vector<Masked> masked;
            for (std::size_t j = i; j < std::min(trainOrder.size(), i + static_cast<std::size_t>(o.batchSize)); ++j)
                masked.push_back(masker.apply(train[trainOrder[j]], rng));
            std::vector<const Masked *> rows;
            for (const auto &m : masked)
                rows.push_back(&m);
            ++step;
            const double lr = lrAt(step);
            for (auto &g : optimizer->param_groups())
                static_cast<torch::optim::AdamWOptions &>(g.options()).lr(lr);
            optimizer->zero_grad();
            // A worker of a group (dist/world.h) masks the whole batch like every
            // other worker, runs its slice, and divides by the whole batch's
            // masked tokens; the summed gradients are the whole batch's.
            std::int64_t n = 0;
            for (const Masked *m : rows)
                n += std::count_if(m->labels.begin(), m->labels.end(), [](std::int64_t l) { return l != kIgnore; });
            if (world) {
                const auto [first, last] = dist::shard(rows.size(), world->rank(), world->size());
                rows = std::vector<const Masked *>(rows.begin() + std::ptrdiff_t(first),
                                                   rows.begin() + std::ptrdiff_t(last));
            }
            double value = 0;
            if (!rows.empty()) {
                const torch::Tensor loss = batchLoss(encoder, head, makeMlmBatch(rows, tok.padId(), o.device)).first;
                const torch::Tensor mean = loss / static_cast<double>(std::max<std::int64_t>(1, n));
                mean.backward();
                value = mean.item<double>();
            }
            if (world)
                value = world->allReduceGradients(params, value);
            torch::nn::utils::clip_grad_norm_(clipped, 1.0);
            optimizer->step();
            lossSum += value;
            ++batches;
            char message[96];
            std::snprintf(message, sizeof message, "epoch %d/%d, loss %.4f", epoch, o.epochs, value);
            reportOrCancel(progress, "pretrain", step, totalSteps, message);
        }
        MlmEpoch e;
        e.epoch = epoch;
        e.trainLoss = batches ? lossSum / static_cast<double>(batches) : 0.0;
        e.heldOutLoss = evaluate();
        e.heldOutPerplexity = std::exp(e.heldOutLoss);
        e.unigramPerplexity = result.unigramPerplexity;
        e.heldOutTokens = result.heldOutTokens;
        e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.epochs.push_back(e);
        if (onEpoch)
            onEpoch(e);
    }
    encoder.eval();
    return result;
}

}   // namespace debut
