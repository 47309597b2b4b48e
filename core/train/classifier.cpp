#include "train/classifier.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "common/error.h"
#include "dist/world.h"
#include "models/checkpoint.h"
#include "train/linearmodel.h"

namespace debut {

namespace {

using json = nlohmann::json;

std::int64_t vocabIndex(const std::vector<std::string> &vocab, const std::string &value)
{
    if (value.empty())
        return 0;
    // Vocabularies are small (brands/categories of a catalogue) and sorted by the trainer.
    auto it = std::lower_bound(vocab.begin(), vocab.end(), value);
    return it != vocab.end() && *it == value ? std::int64_t(it - vocab.begin()) + 1 : 0;
}

// `name` without a leading ensemble member prefix ("member3.").
std::string memberLocal(const std::string &name)
{
    if (name.rfind("member", 0) != 0)
        return name;
    std::size_t i = 6;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])))
        ++i;
    return i > 6 && i < name.size() && name[i] == '.' ? name.substr(i + 1) : name;
}

bool isEncoderTensor(const std::string &name) { return memberLocal(name).rfind("encoder.", 0) == 0; }

// Whether a classifier saved with `state` carries the encoder tensor `name`.
bool carried(const std::string &state, const std::string &fullName)
{
    const std::string name = memberLocal(fullName);
    if (!isEncoderTensor(name))
        return true;
    if (state == "full")
        return true;
    if (state == "lora")
        return name.find("lora_") != std::string::npos;
    return false;
}

}   // namespace

std::int64_t ClassifierConfig::numOutputs() const
{
    if (kind == TaskKind::Rating)
        return 1;
    return std::max<std::int64_t>(2, std::int64_t(labels.size()));
}

json ClassifierConfig::toJson() const
{
    return {{"format", "debut-classifier"}, {"version", 1},
            {"kind", taskKindName(kind)},   {"labels", labels},
            {"encoder_spec", encoderSpec},  {"encoder_name", encoderName},
            {"encoder_dim", encoderDim},    {"encoder_state", encoderState},
            {"lora_rank", loraRank},        {"lora_alpha", loraAlpha},
            {"max_length", maxLength},      {"price_mean", priceMean},
            {"price_std", priceStd},        {"brands", brands},
            {"categories", categories},     {"segments", segments},
            {"side_dim", sideDim},          {"dropout", dropout},
            {"temperature", temperature},   {"target_mean", targetMean},
            {"target_std", targetStd},      {"ensemble_temperatures", ensembleTemperatures},
            {"segment_head", segmentHead},  {"stack", stack}};
}

ClassifierConfig ClassifierConfig::fromJson(const json &j)
{
    ClassifierConfig c;
    try {
        if (!j.is_object() || j.value("format", std::string()) != "debut-classifier")
            throw Error("not a Debut classifier configuration");
        if (!parseTaskKind(j.at("kind").get<std::string>(), c.kind))
            throw Error("classifier configuration: unknown task kind");
        j.at("labels").get_to(c.labels);
        j.at("encoder_spec").get_to(c.encoderSpec);
        c.encoderName = j.value("encoder_name", std::string());
        c.encoderDim = j.value("encoder_dim", std::int64_t(0));
        c.encoderState = j.value("encoder_state", std::string("base"));
        c.loraRank = j.value("lora_rank", 0);
        c.loraAlpha = j.value("lora_alpha", 0.0);
        c.maxLength = j.value("max_length", 128);
        c.priceMean = j.value("price_mean", 0.0);
        c.priceStd = j.value("price_std", 1.0);
        j.at("brands").get_to(c.brands);
        j.at("categories").get_to(c.categories);
        j.at("segments").get_to(c.segments);
        c.sideDim = j.value("side_dim", 16);
        c.dropout = j.value("dropout", 0.1);
        c.temperature = j.value("temperature", 1.0);
        c.targetMean = j.value("target_mean", 0.0);
        c.targetStd = j.value("target_std", 1.0);
        if (j.contains("ensemble_temperatures"))
            j.at("ensemble_temperatures").get_to(c.ensembleTemperatures);
        c.segmentHead = j.value("segment_head", false);
        c.stack = j.value("stack", json());
        if (!c.stack.is_null() && !c.stack.is_object())
            throw Error("classifier configuration: \"stack\" is not an object");
    } catch (const json::exception &e) {
        throw Error(std::string("classifier configuration: ") + e.what());
    }
    return c;
}

SideInputs SideInputs::to(const torch::Device &device) const
{
    return {price.to(device), brand.to(device), category.to(device), segment.to(device),
            lexical.defined() ? lexical.to(device) : lexical};
}

SideInputs SideInputs::index(const torch::Tensor &rows) const
{
    auto r = rows.to(price.device());
    return {price.index_select(0, r), brand.index_select(0, r), category.index_select(0, r), segment.index_select(0, r),
            lexical.defined() ? lexical.index_select(0, r) : lexical};
}

ClassifierImpl::ClassifierImpl(TextEncoder encoder, ClassifierConfig config)
    : m_config(std::move(config)), m_encoder(std::move(encoder))
{
    if (!m_encoder)
        throw Error("classifier: no encoder");
    m_config.encoderDim = m_encoder->dim();
    m_config.encoderName = m_encoder->name();
    std::sort(m_config.brands.begin(), m_config.brands.end());
    std::sort(m_config.categories.begin(), m_config.categories.end());
    std::sort(m_config.segments.begin(), m_config.segments.end());
    register_module("encoder", m_encoder);
    const std::int64_t s = m_config.sideDim;
    m_brand = register_module("brand", torch::nn::Embedding(std::int64_t(m_config.brands.size()) + 1, s));
    m_category = register_module("category", torch::nn::Embedding(std::int64_t(m_config.categories.size()) + 1, s));
    m_segment = register_module("segment", torch::nn::Embedding(std::int64_t(m_config.segments.size()) + 1, s));
    {
        // Small side embeddings so the text signal dominates at the start.
        torch::NoGradGuard g;
        for (auto *e : {&m_brand, &m_category, &m_segment})
            (*e)->weight.normal_(0.0, 0.02);
    }
    m_dropout = register_module("dropout", torch::nn::Dropout(m_config.dropout));
    m_head = register_module("head", torch::nn::Linear(m_config.encoderDim + 2 + 3 * s, m_config.numOutputs()));
    if (m_config.segmentHead && m_config.stack.is_null())
        m_segmentHead = register_parameter("segment_head", torch::zeros({std::int64_t(m_config.segments.size()) + 1,
                                                                         m_config.encoderDim, m_config.numOutputs()}));
    if (!m_config.stack.is_null()) {
        try {
            m_lexicon = std::make_shared<const Lexicon>(Lexicon::fromJson(m_config.stack.at("lexicon")));
            m_encoderWeight = m_config.stack.value("encoder_weight", 1.0);
            m_lexicalWeight = m_config.stack.value("lexical_weight", 1.0);
            m_priceWeight = m_config.stack.value("price_weight", 1.0);
        } catch (const json::exception &e) {
            throw Error(std::string("classifier configuration: stack: ") + e.what());
        }
        const std::int64_t slots = std::int64_t(m_config.segments.size()) + 1, c = m_config.numOutputs();
        m_stackDense = register_buffer("stack_dense", torch::zeros({m_config.encoderDim + 2, slots, c}));
        m_stackLexical = register_buffer("stack_lexical", torch::zeros({std::int64_t(m_lexicon->size()), slots, c}));
        m_stackBias = register_buffer("stack_bias", torch::zeros({slots, c}));
        const std::int64_t bankRows = neighbourSettings(m_config.stack, m_neighbourK, m_neighbourMix);
        if (bankRows > 0)
            m_stackBank = register_buffer("stack_bank", torch::zeros({bankRows, m_config.encoderDim}));
    }
}

void ClassifierImpl::setNeighbourBank(const torch::Tensor &bank)
{
    if (!m_stackBank.defined() || bank.dim() != 2 || bank.size(0) != m_stackBank.size(0) ||
        bank.size(1) != m_stackBank.size(1))
        throw Error("classifier: the neighbour bank does not match the stacked model's configuration");
    torch::NoGradGuard noGrad;
    torch::Tensor b = bank.to(torch::kCPU, torch::kFloat);
    m_stackBank.copy_(b / b.norm(2, 1, true).clamp_min(1e-12));
}

void ClassifierImpl::setStackWeights(const LinearModel &model)
{
    if (!stacked())
        throw Error("classifier: not a stacked model");
    const std::int64_t d = m_stackDense.size(0), v = m_stackLexical.size(0), slots = m_stackBias.size(0),
                       c = m_stackBias.size(1);
    if (model.denseDim() != d || model.sparseDim() != v || model.segments() + 1 != slots || model.outputs() != c)
        throw Error("classifier: linear model does not match the stacked model's shape");
    torch::NoGradGuard noGrad;
    torch::Tensor dense = torch::zeros({d, slots, c}), lexical = torch::zeros({v, slots, c}),
                  bias = torch::zeros({slots, c});
    auto da = dense.accessor<float, 3>(), la = lexical.accessor<float, 3>();
    auto ba = bias.accessor<float, 2>();
    for (std::int64_t s = 0; s < slots; ++s)
        for (std::int64_t k = 0; k < c; ++k) {
            ba[s][k] = float(model.bias(int(s), int(k)));
            for (std::int64_t f = 0; f < d; ++f)
                da[f][s][k] = float(model.weight(std::size_t(f), int(s), int(k)));
            for (std::int64_t f = 0; f < v; ++f)
                la[f][s][k] = float(model.weight(std::size_t(d + f), int(s), int(k)));
        }
    m_stackDense.copy_(dense);
    m_stackLexical.copy_(lexical);
    m_stackBias.copy_(bias);
}

torch::Device ClassifierImpl::device() const { return m_head->weight.device(); }

void ClassifierImpl::addMember(Classifier member)
{
    if (!member)
        throw Error("classifier: empty ensemble member");
    if (stacked() || member->stacked())
        throw Error("classifier: a stacked model cannot be part of an ensemble");
    const ClassifierConfig &mc = member->config();
    if (mc.kind != m_config.kind || mc.labels != m_config.labels || mc.encoderDim != m_config.encoderDim ||
        mc.encoderState != m_config.encoderState || !member->m_members.empty())
        throw Error("classifier: ensemble member does not match the ensemble");
    if (m_config.ensembleTemperatures.empty()) {
        m_config.ensembleTemperatures.push_back(m_config.temperature);
        m_config.temperature = 1.0;
    }
    m_config.ensembleTemperatures.push_back(mc.temperature);
    m_members.push_back(member.ptr());
    register_module("member" + std::to_string(m_members.size()), member.ptr());
}

std::int64_t ClassifierImpl::pooledDim() const
{
    return m_encoder->dim() * (sharedEncoder() ? 1 : std::int64_t(ensembleSize()));
}

torch::Tensor ClassifierImpl::combine(const std::vector<torch::Tensor> &logits) const
{
    if (logits.size() == 1)
        return logits.front();
    if (m_config.kind == TaskKind::Rating) {
        torch::Tensor sum = logits.front().to(torch::kFloat);
        for (std::size_t k = 1; k < logits.size(); ++k)
            sum = sum + logits[k].to(torch::kFloat);
        return sum / double(logits.size());
    }
    torch::Tensor mean;
    for (std::size_t k = 0; k < logits.size(); ++k) {
        const double t = k < m_config.ensembleTemperatures.size() && m_config.ensembleTemperatures[k] > 0
                             ? m_config.ensembleTemperatures[k]
                             : 1.0;
        torch::Tensor p = torch::softmax(logits[k].to(torch::kFloat) / t, 1);
        mean = mean.defined() ? mean + p : p;
    }
    return torch::log((mean / double(logits.size())).clamp_min(1e-30));
}

std::vector<Encoding> ClassifierImpl::encode(const std::vector<ItemRecord> &items) const
{
    const Tokenizer &tok = m_encoder->tokenizer();
    int maxLen = m_config.maxLength;
    if (m_encoder->maxLength() > 0)
        maxLen = maxLen > 0 ? std::min(maxLen, m_encoder->maxLength()) : m_encoder->maxLength();
    std::vector<Encoding> out;
    out.reserve(items.size());
    for (const auto &item : items)
        out.push_back(tok.encode(itemText(item), maxLen));
    return out;
}

TokenBatch ClassifierImpl::tokenize(const std::vector<ItemRecord> &items) const
{
    return makeBatch(encode(items), m_encoder->tokenizer().padId(), device());
}

SideInputs ClassifierImpl::side(const std::vector<ItemRecord> &items, const std::vector<std::string> &segments) const
{
    const auto n = std::int64_t(items.size());
    torch::Tensor price = torch::zeros({n, 2});
    torch::Tensor brand = torch::zeros({n}, torch::kLong), category = torch::zeros({n}, torch::kLong),
                  segment = torch::zeros({n}, torch::kLong);
    auto p = price.accessor<float, 2>();
    auto b = brand.accessor<std::int64_t, 1>(), c = category.accessor<std::int64_t, 1>(),
         s = segment.accessor<std::int64_t, 1>();
    const double std = m_config.priceStd > 0 ? m_config.priceStd : 1.0;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto &item = items[std::size_t(i)];
        if (item.price && std::isfinite(*item.price)) {
            p[i][0] = float((std::log1p(std::max(*item.price, 0.0)) - m_config.priceMean) / std);
        } else {
            p[i][1] = 1.0f;
        }
        b[i] = vocabIndex(m_config.brands, item.brand);
        c[i] = vocabIndex(m_config.categories, item.category);
        if (std::size_t(i) < segments.size())
            s[i] = vocabIndex(m_config.segments, segments[std::size_t(i)]);
    }
    SideInputs out{price, brand, category, segment, {}};
    if (stacked()) {
        // Lexical logits for each row's segment: sum_j v_j (L[j, 0] + L[j, s]).
        const std::int64_t c = m_stackBias.size(1);
        torch::Tensor lexical = torch::zeros({n, c});
        torch::Tensor weights = m_stackLexical.to(torch::kCPU);
        auto la = lexical.accessor<float, 2>();
        auto wa = weights.accessor<float, 3>();
        for (std::int64_t i = 0; i < n; ++i) {
            const auto &item = items[std::size_t(i)];
            const std::int64_t seg = s[i];
            for (const auto &[j, v] : m_lexicon->vectorize(itemText(item), item.brand, item.category))
                for (std::int64_t k = 0; k < c; ++k)
                    la[i][k] += float(m_lexicalWeight) * v * (wa[j][0][k] + (seg > 0 ? wa[j][seg][k] : 0.0f));
        }
        out.lexical = lexical;
    }
    return device().is_cpu() ? out : out.to(device());
}

torch::Tensor ClassifierImpl::embeddings(const TokenBatch &batch)
{
    if (sharedEncoder())
        return m_encoder->forward(batch);
    std::vector<torch::Tensor> parts{m_encoder->forward(batch)};
    for (auto &m : m_members)
        parts.push_back(m->m_encoder->forward(batch));
    return torch::cat(parts, 1);
}

torch::Tensor ClassifierImpl::fuse(const torch::Tensor &pooled, const SideInputs &side)
{
    return torch::cat(
        {pooled.to(torch::kFloat), side.price, m_brand(side.brand), m_category(side.category), m_segment(side.segment)},
        1);
}

torch::Tensor ClassifierImpl::ownLogits(const torch::Tensor &pooled, const SideInputs &side)
{
    if (stacked())
        return stackLogits(pooled, side);
    torch::Tensor x = m_dropout(fuse(pooled, side));
    torch::Tensor logits = m_head(x);
    if (!m_segmentHead.defined())
        return logits;
    // The row's segment deviation on the (dropped-out) pooled embedding; slot 0
    // (no or an unseen segment) is the shared head alone.
    const std::int64_t slots = m_segmentHead.size(0), d = m_segmentHead.size(1);
    torch::Tensor seg = side.segment.clamp(0, slots - 1);
    torch::Tensor dev = torch::bmm(x.narrow(1, 0, d).unsqueeze(1), m_segmentHead.index_select(0, seg)).squeeze(1);
    return logits + dev * (seg > 0).unsqueeze(1).to(dev.dtype());
}

torch::Tensor ClassifierImpl::segmentDeviationSquaredNorm() const
{
    return m_segmentHead.defined() ? m_segmentHead.pow(2).sum() : torch::Tensor();
}

torch::Tensor ClassifierImpl::stackLogits(const torch::Tensor &pooled, const SideInputs &side)
{
    const std::int64_t b = pooled.size(0), slots = m_stackBias.size(0), c = m_stackBias.size(1);
    torch::Tensor x = pooled.to(torch::kFloat);
    if (m_encoderWeight == 0) {
        x = torch::zeros_like(x);
    } else {
        x = x / x.norm(2, 1, true).clamp_min(1e-12);
        if (m_stackBank.defined())
            x = smoothByNeighbours(x, m_stackBank, m_neighbourK, m_neighbourMix);
        x = x * float(m_encoderWeight);
    }
    x = torch::cat({x, side.price.to(x.dtype()) * float(m_priceWeight)}, 1);
    torch::Tensor full =
        x.matmul(m_stackDense.reshape({x.size(1), slots * c})).view({b, slots, c}) + m_stackBias.unsqueeze(0);
    torch::Tensor seg = side.segment.clamp(0, slots - 1);
    torch::Tensor own = full.gather(1, seg.view({b, 1, 1}).expand({b, 1, c})).squeeze(1);
    torch::Tensor logits = full.select(1, 0) + own * (seg > 0).unsqueeze(1).to(own.dtype());
    if (side.lexical.defined())
        logits = logits + side.lexical.to(logits.dtype());
    return logits;
}

torch::Tensor ClassifierImpl::logitsFromPooled(const torch::Tensor &pooled, const SideInputs &side)
{
    if (m_members.empty())
        return ownLogits(pooled, side);
    const std::int64_t d = m_encoder->dim();
    const bool shared = sharedEncoder();
    if (pooled.size(1) != pooledDim())
        throw Error("classifier: pooled embeddings of width " + std::to_string(pooled.size(1)) + ", expected " +
                    std::to_string(pooledDim()));
    std::vector<torch::Tensor> logits{ownLogits(shared ? pooled : pooled.narrow(1, 0, d), side)};
    for (std::size_t k = 0; k < m_members.size(); ++k)
        logits.push_back(m_members[k]->ownLogits(shared ? pooled : pooled.narrow(1, std::int64_t(k + 1) * d, d), side));
    return combine(logits);
}

torch::Tensor ClassifierImpl::logitsFromEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask,
                                                 const SideInputs &side)
{
    torch::Tensor pooled = m_encoder->pool(m_encoder->encodeEmbedded(embedded, mask), mask);
    if (!sharedEncoder()) {
        std::vector<torch::Tensor> parts{pooled};
        for (auto &m : m_members)
            parts.push_back(m->m_encoder->pool(m->m_encoder->encodeEmbedded(embedded, mask), mask));
        pooled = torch::cat(parts, 1);
    }
    return logitsFromPooled(pooled, side);
}

torch::Tensor ClassifierImpl::forward(const TokenBatch &batch, const SideInputs &side)
{
    return logitsFromPooled(embeddings(batch), side);
}

torch::Tensor ClassifierImpl::probabilities(const torch::Tensor &logits) const
{
    if (m_config.kind == TaskKind::Rating)
        return logits.to(torch::kFloat) * m_config.targetStd + m_config.targetMean;
    const double t = m_config.temperature > 0 ? m_config.temperature : 1.0;
    return torch::softmax(logits.to(torch::kFloat) / t, 1);
}

torch::Tensor ClassifierImpl::scoreFromLogits(const torch::Tensor &logits) const
{
    torch::Tensor p = probabilities(logits);
    if (m_config.kind == TaskKind::Rating)
        return p.select(1, 0);
    if (m_config.kind == TaskKind::Binary)
        return p.select(1, 1);
    return std::get<0>(p.max(1));
}

ItemScores ClassifierImpl::scoreEmbeddings(const torch::Tensor &pooled, const SideInputs &side)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = is_training();
    eval();
    torch::Tensor logits = logitsFromPooled(pooled.to(device()), side);
    train(wasTraining);
    torch::Tensor probs = probabilities(logits).cpu().contiguous();
    torch::Tensor score = scoreFromLogits(logits).cpu().contiguous();
    ItemScores out;
    const auto n = probs.size(0), c = probs.size(1);
    auto pa = probs.accessor<float, 2>();
    auto sa = score.accessor<float, 1>();
    out.probs.resize(std::size_t(n));
    for (std::int64_t i = 0; i < n; ++i) {
        auto &row = out.probs[std::size_t(i)];
        row.resize(std::size_t(c));
        double entropy = 0;
        int best = 0;
        for (std::int64_t k = 0; k < c; ++k) {
            row[std::size_t(k)] = pa[i][k];
            if (pa[i][k] > pa[i][best])
                best = int(k);
            if (pa[i][k] > 0)
                entropy -= double(pa[i][k]) * std::log(double(pa[i][k]));
        }
        const bool rating = m_config.kind == TaskKind::Rating;
        out.score.push_back(sa[i]);
        out.predicted.push_back(rating ? 0 : best);
        out.uncertainty.push_back(rating || c < 2 ? 0.0 : entropy / std::log(double(c)));
    }
    return out;
}

torch::Tensor ClassifierImpl::embedItems(const std::vector<ItemRecord> &items, int batchSize, const Progress &progress)
{
    // embeddings() row by row, computed as embedTexts does: inference mode,
    // length-sorted batches under a token budget, each distinct text once.
    if (stacked() && m_encoderWeight == 0) {
        // The encoder does not take part: the rows are a hashed sketch of the
        // lexical TF-IDF vector (signed feature hashing into D buckets), so that
        // cosine neighbours still mean "uses the same words". Scores ignore them.
        const std::int64_t d = m_encoder->dim();
        torch::Tensor out = torch::zeros({std::int64_t(items.size()), d});
        auto a = out.accessor<float, 2>();
        for (std::size_t i = 0; i < items.size(); ++i)
            for (const auto &[j, v] : m_lexicon->vectorize(itemText(items[i]), items[i].brand, items[i].category)) {
                const std::uint64_t h = std::uint64_t(j) * 0x9E3779B97F4A7C15ull;
                a[std::int64_t(i)][std::int64_t((h >> 20) % std::uint64_t(d))] += (h >> 63) ? -v : v;
            }
        return out;
    }
    const auto encodings = encode(items);
    EmbedOptions options;
    options.batchSize = std::max(batchSize, 1);
    const std::int64_t n = std::int64_t(items.size()), members = std::int64_t(sharedEncoder() ? 0 : m_members.size());
    // Progress over all encoders of an ensemble: member k covers [k n, (k + 1) n).
    auto part = [&](std::int64_t k) -> Progress {
        if (!progress)
            return {};
        return [&progress, k, n, members](std::string_view stage, std::int64_t done, std::int64_t, std::string_view m) {
            return progress(stage, k * n + done, (members + 1) * n, m);
        };
    };
    std::vector<torch::Tensor> parts{embedEncodings(*m_encoder, encodings, options, part(0), "embed")};
    for (std::int64_t k = 0; k < members; ++k)
        parts.push_back(
            embedEncodings(*m_members[std::size_t(k)]->m_encoder, encodings, options, part(k + 1), "embed"));
    return parts.size() == 1 ? parts.front() : torch::cat(parts, 1);
}

ItemScores ClassifierImpl::score(const std::vector<ItemRecord> &items, const std::vector<std::string> &segments,
                                 int batchSize, const Progress &progress)
{
    torch::Tensor pooled = embedItems(items, batchSize, progress);
    return scoreEmbeddings(pooled, side(items, segments));
}

std::string ClassifierImpl::save() const
{
    std::map<std::string, torch::Tensor> tensors;
    for (const auto &p : named_parameters(true))
        if (carried(m_config.encoderState, p.key()))
            tensors[p.key()] = p.value();
    for (const auto &b : named_buffers(true))
        if (carried(m_config.encoderState, b.key()))
            tensors[b.key()] = b.value();
    return saveTensors(tensors, m_config.toJson().dump());
}

std::int64_t ClassifierImpl::trainableParameterCount() const
{
    std::int64_t n = 0;
    for (const auto &p : parameters(true))
        if (p.requires_grad())
            n += p.numel();
    return n;
}

std::int64_t ClassifierImpl::headParameterCount() const
{
    std::int64_t n = 0;
    for (const auto &p : named_parameters(true))
        if (!isEncoderTensor(p.key()))
            n += p.value().numel();
    return n;
}

namespace {

// Sizes in a stored configuration drive allocations when the model is built, and
// the project may come from someone else. The head's tensors are always stored
// (whatever the encoder state), and the checkpoint reader bounded them by the
// blob's length: so the configuration must agree with their stored shapes before
// anything is built. Throws Error naming the tensor.
void checkStoredShapes(const ClassifierConfig &config, const CheckpointContents &contents)
{
    auto shape = [&](const std::string &name) -> std::vector<std::int64_t> {
        const auto it = contents.tensors.find(name);
        if (it == contents.tensors.end())
            throw Error("classifier: saved model lacks tensor '" + name + "'");
        return it->second.sizes().vec();
    };
    auto expect = [&](const std::string &name, const std::vector<std::int64_t> &want) {
        if (shape(name) != want)
            throw Error("classifier: saved tensor '" + name + "' does not match the saved configuration");
    };
    const std::int64_t s = config.sideDim, c = config.numOutputs();
    const std::int64_t slots = std::int64_t(config.segments.size()) + 1;
    if (s < 1)
        throw Error("classifier configuration: side_dim must be positive");
    const std::size_t members = std::max<std::size_t>(1, config.ensembleTemperatures.size());
    if (members > 1 && !config.stack.is_null())
        throw Error("classifier: a stacked model cannot be part of an ensemble");
    for (std::size_t k = 0; k < members; ++k) {
        const std::string p = k ? "member" + std::to_string(k) + "." : "";
        expect(p + "brand.weight", {std::int64_t(config.brands.size()) + 1, s});
        expect(p + "category.weight", {std::int64_t(config.categories.size()) + 1, s});
        expect(p + "segment.weight", {slots, s});
        const auto head = shape(p + "head.weight");
        if (head.size() != 2 || head[0] != c || head[1] < 2 + 3 * s)
            throw Error("classifier: saved tensor '" + p + "head.weight' does not match the saved configuration");
        if (config.segmentHead && config.stack.is_null())
            expect(p + "segment_head", {slots, head[1] - 2 - 3 * s, c});
    }
    if (!config.stack.is_null()) {
        const std::int64_t dense = shape("head.weight")[1] - 3 * s;
        std::int64_t lexicon = 0;
        try {
            lexicon = std::int64_t(Lexicon::fromJson(config.stack.at("lexicon")).size());
        } catch (const json::exception &e) {
            throw Error(std::string("classifier configuration: stack: ") + e.what());
        }
        expect("stack_dense", {dense, slots, c});
        expect("stack_lexical", {lexicon, slots, c});
        expect("stack_bias", {slots, c});
        int k = 0;
        double mix = 0;
        const std::int64_t bankRows = neighbourSettings(config.stack, k, mix);
        if (bankRows > 0)
            expect("stack_bank", {bankRows, dense - 2});
    }
}

}   // namespace

Classifier loadClassifier(std::string_view bytes, const EncoderMaker &makeEncoder, const torch::Device &device)
{
    CheckpointContents contents = readCheckpoint(bytes);
    ClassifierConfig config = ClassifierConfig::fromJson(json::parse(contents.meta, nullptr, false));
    checkStoredShapes(config, contents);
    contents.tensors.clear();   // read again below, into the built model
    TextEncoder encoder = makeEncoder(config.encoderSpec);
    if (!encoder)
        throw Error("classifier: cannot build encoder '" + config.encoderSpec + "'");
    if (config.loraRank > 0)
        encoder->addLora(config.loraRank, config.loraAlpha);
    // Ensemble: member 0 is the model itself; members 1.. share the encoder
    // when it is frozen, else each gets its own (tuned tensors come from the bytes).
    const std::vector<double> temperatures = config.ensembleTemperatures;
    ClassifierConfig own = config;
    own.ensembleTemperatures.clear();
    if (!temperatures.empty())
        own.temperature = temperatures.front();
    Classifier model(encoder, own);
    for (std::size_t k = 1; k < temperatures.size(); ++k) {
        TextEncoder enc = encoder;
        if (config.encoderState != "base") {
            enc = makeEncoder(config.encoderSpec);
            if (!enc)
                throw Error("classifier: cannot build encoder '" + config.encoderSpec + "'");
            if (config.loraRank > 0)
                enc->addLora(config.loraRank, config.loraAlpha);
        }
        ClassifierConfig mc = own;
        mc.temperature = temperatures[k];
        model->addMember(Classifier(enc, mc));
    }
    LoadReport report = loadCheckpoint(*model, bytes, /*strict=*/false);
    for (const auto &name : report.missing)
        if (carried(config.encoderState, name))
            throw Error("classifier: saved model lacks tensor '" + name + "'");
    if (!report.unexpected.empty())
        throw Error("classifier: saved model has unknown tensor '" + report.unexpected.front() + "'");
    model->to(device);
    model->eval();
    return model;
}

torch::Device parseDevice(const std::string &name)
{
    if (name == "cpu")
        return torch::kCPU;
    // One worker of a group uses the GPU of its LOCAL_RANK (dist/world.h).
    auto gpu = [] {
        const dist::World *w = dist::World::current();
        const int count = int(torch::cuda::device_count());
        return torch::Device(torch::kCUDA, c10::DeviceIndex(w && count > 0 ? w->localRank() % count : 0));
    };
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            throw Error("--device cuda: no CUDA device is available");
        return gpu();
    }
    if (name == "auto" || name.empty())
        return torch::cuda::is_available() ? gpu() : torch::Device(torch::kCPU);
    throw Error("unknown device '" + name + "' (expected auto, cpu or cuda)");
}

}   // namespace debut
