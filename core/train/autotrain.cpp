#include "train/autotrain.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/error.h"
#include "eval/metrics.h"
#include "train/autocv.h"
#include "train/linearmodel.h"
#include "train/trainutil.h"

namespace debut {

using namespace autocv;

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr double kTieMargin = 0.002;
// Block scales. The embedding has norm 1 over D dimensions; a unit-variance price
// at full weight lets a handful of labels hang the ranking on price (per-segment
// AUC on the sample fell from 0.94 to 0.63), so it enters as a weak feature. In
// the fused set the lexical block counts half as much as the embedding.
constexpr double kPriceWeight = 0.1;
constexpr double kFusedLexicalWeight = 0.5;
// The brand and category terms of the lexical set: a block of their own at half
// the text's weight (text/lexicon.h). Inside the text's norm a long description
// drowned them; on the Chinese sample's segments (offline, same labels) the
// block at 0.5 took per-segment AUC from 0.705 / 0.765 / 0.812 to 0.707 / 0.788 /
// 0.848, at 1.0 to 0.675 / 0.795 / 0.836 (the text then counts too little).
constexpr double kLexicalFieldWeight = 0.5;
// Catalogue neighbours: each embedding halfway towards the mean of its 10 nearest
// catalogue items. On the shared e-commerce data (frozen USE-Lite, 5 seeds) that
// lifted logistic regression by 0.4-1.9 macro-F1 points (mean of seeds, 8-32
// labels per class) at every k in 5-20 and mix in 0.3-0.7 tried, so the middle
// is used; the candidate is still only kept where cross-validation on the labels
// shows a gain. The bank is capped so a run stays small (4,096 x 512 floats =
// 8 MiB) and scoring a row costs one 4,096-wide product; below 100 rows
// neighbours mean little.
constexpr int kNeighbours = 10;
constexpr double kNeighbourMix = 0.5;
constexpr std::size_t kNeighbourBankRows = 4096;
constexpr std::int64_t kNeighbourMinRows = 100;
// Cross-validation fits at once: each holds its own L-BFGS history (~25 copies of
// its weights, up to a few hundred MiB for a large lexicon with many segments).
constexpr int kMaxFitThreads = 4;

// Rows `which` of out-of-fold logits as a [which.size(), cols] tensor.
torch::Tensor toTensor(const std::vector<std::vector<double>> &rows, int cols, const std::vector<std::size_t> &which)
{
    torch::Tensor t = torch::zeros({std::int64_t(which.size()), cols});
    auto a = t.accessor<float, 2>();
    for (std::size_t i = 0; i < which.size(); ++i)
        for (int c = 0; c < cols; ++c)
            a[std::int64_t(i)][c] = float(rows[which[i]][std::size_t(c)]);
    return t;
}

// The stacked layout two candidates share: their own when they read the same
// feature set, else the fused one (embedding, price and the whole lexicon).
FeatureSet layoutOf(FeatureSet a, FeatureSet b) { return a == b ? a : FeatureSet::Fused; }

// The scale of a feature set's sparse columns in `layout`'s: the fused set reads
// the lexicon at kFusedLexicalWeight, and inside it the brand and category block
// at kLexicalFieldWeight, where the encoder set reads that block alone at 1.
double sparseScale(FeatureSet features, FeatureSet layout)
{
    if (features == layout)
        return 1.0;
    return features == FeatureSet::Lexical ? kFusedLexicalWeight : kFusedLexicalWeight * kLexicalFieldWeight;
}

// Adds `share` times a model of one feature set, fitted with `reg`, to `out`, a
// model in the classifier's stacked layout of `layout`: dense [D + 2] =
// [embedding, price], sparse = the layout's lexicon (the brand/category one of
// the encoder set, the whole one otherwise). Slot s of `m` becomes slot
// p.segmentSlot[s] of the classifier's segments (the others keep no deviation:
// the shared part scores them). Columns `reg` leaves out stay 0.
void addToStack(LinearModel &out, const LinearModel &m, FeatureSet features, FeatureSet layout, const Reg &reg,
                const Problem &p, double share)
{
    const int offset = features == FeatureSet::Lexical ? p.encoderDim : 0;   // lexical: dense = price only
    const int dense = reg.price ? m.denseDim() : m.denseDim() - 2;
    const double scale = share / sparseScale(features, layout);
    const bool fieldsMoved = features == FeatureSet::Encoder && layout != FeatureSet::Encoder;
    const std::vector<char> &fields = p.fieldColumns.at(features);
    for (int s = 0; s <= m.segments(); ++s) {
        const int t = p.segmentSlot.at(std::size_t(s));
        for (int c = 0; c < m.outputs(); ++c) {
            out.bias(t, c) += share * m.bias(s, c);
            for (int f = 0; f < dense; ++f)
                out.weight(std::size_t(offset + f), t, c) += share * m.weight(std::size_t(f), s, c);
            for (int j = 0; j < m.sparseDim(); ++j) {
                const std::int32_t to = fieldsMoved ? p.fieldColumnInLexicon[std::size_t(j)] : j;
                if ((fields[std::size_t(j)] && !reg.fields) || to < 0)
                    continue;
                out.weight(std::size_t(p.encoderDim + 2 + to), t, c) +=
                    scale * m.weight(std::size_t(m.denseDim() + j), s, c);
            }
        }
    }
}

// " without price", " without brand/category", " without price, brand/category" or "".
std::string withoutSuffix(const Reg &reg)
{
    if (reg.price && reg.fields)
        return {};
    return std::string(" without ") + (reg.price ? "" : "price") + (reg.price || reg.fields ? "" : ", ") +
           (reg.fields ? "" : "brand/category");
}

std::string featureName(FeatureSet f)
{
    switch (f) {
    case FeatureSet::Lexical: return "lexical";
    case FeatureSet::Encoder: return "encoder";
    default: return "fused";
    }
}

}   // namespace

namespace {

// A segment without two labels of each of two classes (four, of a rating task)
// has nothing to learn a deviation of its own from: it is fitted and
// cross-validated with the labels of no segment and scored by the shared part.
// The others are renumbered 1..S (Problem::segmentSlot maps them back), so an
// interaction log with a segment per customer costs weights and time for the
// segments that have labels enough, not for every one.
void leanSmallSegmentsOnShared(Problem &p)
{
    std::map<int, std::map<int, std::size_t>> seen;   // slot -> class -> labels
    for (std::size_t i = 0; i < p.n; ++i)
        if (p.segment[i] > 0)
            ++seen[p.segment[i]][p.rating ? 0 : p.y[i]];
    std::map<int, int> compact{{0, 0}};
    p.segmentSlot = {0};
    for (const auto &[slot, perClass] : seen) {
        int classes = 0;
        for (const auto &[cls, n] : perClass)
            classes += n >= (p.rating ? 4 : 2) ? 1 : 0;
        if (classes >= (p.rating ? 1 : 2)) {
            compact[slot] = int(p.segmentSlot.size());
            p.segmentSlot.push_back(slot);
        }
    }
    for (int &s : p.segment)
        s = compact.count(s) ? compact[s] : 0;
    p.segments = int(p.segmentSlot.size()) - 1;
}

// Labels, targets, weights and segment slots of the labelled examples.
void prepareLabels(Problem &p, ClassifierConfig &config, const TrainData &data, std::vector<double> &rawTarget)
{
    p.data = &data;
    p.rating = data.kind == TaskKind::Rating;
    p.n = data.examples.size();
    fillSideVocabulary(config, data.examples);
    p.outputs = int(config.numOutputs());
    p.segments = int(config.segments.size());
    for (const auto &e : data.examples) {
        p.y.push_back(e.label);
        rawTarget.push_back(e.target);
        p.labelWeight.push_back(e.weight > 0 ? e.weight : 1.0);
        const auto it = std::lower_bound(config.segments.begin(), config.segments.end(), e.segment);
        p.segment.push_back(!e.segment.empty() && it != config.segments.end() && *it == e.segment
                                ? int(it - config.segments.begin()) + 1
                                : 0);
    }
    leanSmallSegmentsOnShared(p);
    p.target.assign(p.n, 0.0);
    if (!p.rating)
        return;
    double mean = 0, var = 0;
    for (double t : rawTarget)
        mean += t / double(p.n);
    for (double t : rawTarget)
        var += (t - mean) * (t - mean) / double(p.n);
    config.targetMean = mean;
    config.targetStd = var > 1e-12 ? std::sqrt(var) : 1.0;
    for (std::size_t i = 0; i < p.n; ++i)
        p.target[i] = (rawTarget[i] - config.targetMean) / config.targetStd;
}

// Rows: the labelled items, then the pool (unlabelled catalogue items, a
// deterministic sample of at most `limit`).
std::vector<ItemRecord> prepareRows(Problem &p, const TrainData &data, int limit, std::uint64_t seed)
{
    std::set<std::string> labelledIds;
    for (const auto &e : data.examples)
        labelledIds.insert(e.item.id);
    std::vector<const ItemRecord *> poolItems;
    for (const auto &item : data.catalogue)
        if (!labelledIds.count(item.id))
            poolItems.push_back(&item);
    if (limit >= 0 && poolItems.size() > std::size_t(limit)) {
        std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
        std::shuffle(poolItems.begin(), poolItems.end(), rng);
        poolItems.resize(std::size_t(limit));
    }
    std::vector<ItemRecord> items;
    for (const auto &e : data.examples)
        items.push_back(e.item);
    for (const ItemRecord *item : poolItems) {
        items.push_back(*item);
        p.pool.push_back(items.size() - 1);
        p.poolItemId.push_back(item->id);
    }
    return items;
}

// The catalogue's lexicon and the field-only one (brand= / category= terms),
// with every row's vectors.
struct LexicalFeatures {
    Lexicon lexicon, fields;
    std::shared_ptr<std::vector<SparseVector>> rows, fieldRows;
};

// The lexicon's term scheme. The character n-grams inside words (scheme 3) lift
// the lexical channel alone by two to three points of macro-F1 (shared English
// data, 5 seeds, the lexical candidate at 8 / 16 / 32 labels per class: 0.742 /
// 0.800 / 0.846 -> 0.763 / 0.829 / 0.864, better in all 15 runs), but beside the
// encoder they add nothing (auto: 0.879 / 0.883 / 0.899 -> 0.878 / 0.884 / 0.901)
// and double the training time: they are used where the encoder is left out and
// the words carry the model.
int lexicalScheme(bool encoderUsed) { return encoderUsed ? 2 : kLexicalScheme; }

LexicalFeatures lexicalFeatures(const std::vector<ItemRecord> &items, int scheme)
{
    std::vector<std::vector<std::string>> terms(items.size()), fieldTerms(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        terms[i] = lexicalTerms(itemText(items[i]), items[i].brand, items[i].category, scheme);
        for (const auto &t : terms[i])
            if (isFieldTerm(t))
                fieldTerms[i].push_back(t);
    }
    Lexicon::FitOptions options;
    options.minDf = items.size() >= 50 ? 2 : 1;
    options.scheme = scheme;
    LexicalFeatures f;
    options.fieldWeight = kLexicalFieldWeight;
    f.lexicon = Lexicon::fit(
        items.size(), [&](std::size_t i) { return terms[i]; }, options);
    options.fieldWeight = -1;   // fields only: one block
    f.fields = Lexicon::fit(
        items.size(), [&](std::size_t i) { return fieldTerms[i]; }, options);
    f.rows = std::make_shared<std::vector<SparseVector>>();
    f.fieldRows = std::make_shared<std::vector<SparseVector>>();
    for (std::size_t i = 0; i < items.size(); ++i) {
        f.rows->push_back(f.lexicon.vectorize(terms[i]));
        f.fieldRows->push_back(f.fields.vectorize(fieldTerms[i]));
    }
    return f;
}

// Fills the problem's feature rows (lexical; encoder and fused when the encoder is
// used, plain and smoothed by catalogue neighbours) and returns the neighbour bank
// ([R, D] L2-normalised embeddings of a deterministic sample of the rows;
// undefined when there are no neighbour rows).
torch::Tensor buildFeatures(Problem &p, const std::vector<ItemRecord> &items, const LexicalFeatures &lex,
                            Classifier &plain, const TrainConfig &cfg, const TrainerCallbacks &cb)
{
    torch::Tensor price = plain->side(items, {}).price.to(torch::kCPU).contiguous();
    price = price * float(kPriceWeight);
    p.priceVaries = price.size(0) > 1 && !torch::equal(price, price[0].expand_as(price));
    auto priceDense =
        std::make_shared<std::vector<float>>(price.data_ptr<float>(), price.data_ptr<float>() + price.numel());
    p.rows[FeatureSet::Lexical] = FeatureRows{2, int(lex.lexicon.size()), priceDense, lex.rows};
    std::vector<char> lexiconFields(lex.lexicon.size());
    for (std::size_t j = 0; j < lex.lexicon.size(); ++j)
        lexiconFields[j] = lex.lexicon.isField(j);
    p.fieldColumns[FeatureSet::Lexical] = p.fieldColumns[FeatureSet::Fused] = lexiconFields;
    p.fieldColumns[FeatureSet::Encoder] = std::vector<char>(lex.fields.size(), 1);
    for (std::size_t j = 0; j < lex.fields.size(); ++j)
        p.fieldColumnInLexicon.push_back(lex.lexicon.find(lex.fields.term(j)));
    p.hasFields = std::any_of(lex.fieldRows->begin(), lex.fieldRows->end(), [](const auto &r) { return !r.empty(); });
    if (!p.encoderUsed)
        return {};
    reportOrCancel(cb.progress, "embed", 0, std::int64_t(items.size()), "embedding the catalogue");
    torch::Tensor unit =
        plain->embedItems(items, std::max(cfg.batchSize, 64), cb.progress).to(torch::kCPU, torch::kFloat);
    unit = unit / unit.norm(2, 1, true).clamp_min(1e-12);
    auto fusedRows = std::make_shared<std::vector<SparseVector>>(*lex.rows);
    for (auto &row : *fusedRows)
        for (auto &e : row)
            e.second = float(double(e.second) * kFusedLexicalWeight);
    auto put = [&](std::map<FeatureSet, FeatureRows> &rows, const torch::Tensor &embedding) {
        const torch::Tensor x = torch::cat({embedding, price}, 1).contiguous();
        auto dense = std::make_shared<std::vector<float>>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
        rows[FeatureSet::Encoder] = FeatureRows{p.encoderDim + 2, int(lex.fields.size()), dense, lex.fieldRows};
        rows[FeatureSet::Fused] = FeatureRows{p.encoderDim + 2, int(lex.lexicon.size()), dense, fusedRows};
    };
    put(p.rows, unit);
    if (unit.size(0) < kNeighbourMinRows)
        return {};
    // The bank: a seeded sample of the rows (labelled and pool alike: no label is
    // used), so a catalogue in category order still gives every region neighbours.
    std::vector<std::int64_t> order(std::size_t(unit.size(0)));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(cfg.seed + 17));
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(std::min<std::size_t>(order.size(), kNeighbourBankRows));
    std::sort(order.begin(), order.end());
    const torch::Tensor bank = unit.index_select(0, torch::tensor(order, torch::kLong)).contiguous();
    put(p.neighbourRows, smoothByNeighbours(unit, bank, kNeighbours, kNeighbourMix));
    return bank;
}

std::vector<Spec> candidateSpecs(const Problem &p)
{
    std::vector<Spec> specs;
    if (!p.rating)
        specs.push_back({"prototype", p.encoderUsed ? FeatureSet::Encoder : FeatureSet::Lexical, false, true});
    std::vector<FeatureSet> sets{FeatureSet::Lexical};
    if (p.encoderUsed) {
        sets.push_back(FeatureSet::Encoder);
        sets.push_back(FeatureSet::Fused);
    }
    for (FeatureSet f : sets) {
        specs.push_back({featureName(f), f, false, false});
        if (f == FeatureSet::Encoder && !p.neighbourRows.empty())
            specs.push_back({"encoder + neighbours", f, false, false, true});
    }
    if (p.segments >= 2)
        for (FeatureSet f : sets)
            specs.push_back({featureName(f) + " per segment", f, true, false});
    return specs;
}

// A candidate `--candidate NAME` asks for: its spec, whether " + self-training"
// ends the name, and what " without …" leaves out (price / fields false).
struct Forced {
    Spec spec;
    bool selfTraining = false;
    Reg leftOut;
};

// One candidate's name as the report spells it. " + neighbours" may follow any
// encoder-based name. Throws Error naming the candidates this task has when there
// is no such candidate.
Forced forcedCandidate(const Problem &p, const std::vector<Spec> &specs, std::string name)
{
    const std::string wanted = name;
    auto strip = [&name](const std::string &suffix) {
        if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            return false;
        name.resize(name.size() - suffix.size());
        return true;
    };
    Forced f;
    f.selfTraining = !p.rating && strip(" + self-training");
    for (const bool price : {true, false})
        for (const bool fields : {true, false})
            if (!(price && fields) && strip(withoutSuffix(Reg{0, 0, price, fields}))) {
                f.leftOut.price = price;
                f.leftOut.fields = fields;
            }
    auto found = [&](Spec s) {
        s.name += withoutSuffix(f.leftOut);
        f.spec = s;
        return f;
    };
    for (const Spec &s : specs)
        if (!s.prototype && s.name == name)
            return found(s);
    if (!p.neighbourRows.empty() && strip(" + neighbours"))
        for (Spec s : specs)
            if (!s.prototype && !s.neighbours && s.features != FeatureSet::Lexical && s.name == name) {
                s.neighbours = true;
                s.name += " + neighbours";
                return found(s);
            }
    std::string names;
    for (const Spec &s : specs)
        if (!s.prototype)
            names += (names.empty() ? "" : ", ") + s.name;
    throw Error("auto: task has no candidate '" + wanted + "' (its candidates: " + names +
                (p.neighbourRows.empty() ? "" : "; ' + neighbours' may follow encoder and fused ones") +
                "; ' without price', ' without brand/category' or ' without price, brand/category' may follow "
                "any" +
                (p.rating ? "" : ", then ' + self-training'") + "; 'average of NAME and NAME' averages two)");
}

// `--candidate NAME`: one candidate, or the two of "average of A and B" (no
// candidate's name holds " and ").
std::vector<Forced> forcedCandidates(const Problem &p, const std::vector<Spec> &specs, const std::string &name)
{
    const std::string average = "average of ", separator = " and ";
    const std::size_t cut = name.find(separator);
    if (name.rfind(average, 0) != 0 || cut == std::string::npos)
        return {forcedCandidate(p, specs, name)};
    return {forcedCandidate(p, specs, name.substr(average.size(), cut - average.size())),
            forcedCandidate(p, specs, name.substr(cut + separator.size()))};
}

// The metrics row of candidate `index` (0-based) named `name`: its
// cross-validated logits `oof` over p.cvRows at `temperature`.
EpochMetrics candidateMetrics(const Problem &p, const torch::Tensor &oof, const TrainData &data,
                              const ClassifierConfig &config, const std::vector<double> &rawTarget, double temperature,
                              std::size_t index, const std::string &name, double cvScore)
{
    EpochMetrics m = evaluateLogits(oof, p.cvRows, p.y, rawTarget, data, config, temperature);
    m.epoch = int(index) + 1;
    m.task = data.task;
    m.kind = taskKindName(data.kind);
    m.mode = "auto";
    m.stage = MetricsStage::Candidate;
    m.stageName = name;
    m.devSource = "cv";
    m.trainCount = m.devCount = std::int64_t(p.cvRows.size());
    m.devMetric = cvScore;
    return m;
}

// Cross-validates the candidates in order (then self-training on the best and
// the channels' average), filling the report; returns the pick (an index, and
// the two candidates it averages when it is an average). Every evaluated
// candidate is announced as an EpochMetrics row.
struct Selection {
    std::vector<Spec> specs;         // index-aligned with report.candidates
    std::vector<Evaluation> evals;   // likewise (default for skipped ones)
    std::vector<char> selfTrained;   // likewise
    std::vector<EpochMetrics> epochs;
    std::size_t pick = 0;
    // The candidates the pick averages when it is an average of two (else empty).
    std::vector<std::size_t> averages;
    // The candidates the pick is made of: itself, or the two it averages.
    std::vector<std::size_t> members() const { return averages.empty() ? std::vector<std::size_t>{pick} : averages; }
};

// Why the average of candidates a and b cannot be stored as one stacked model,
// or "" when it can: neither may be the prototype, encoder-based ones must agree
// on the neighbours, and an encoder candidate that reads brand and category
// terms joining the whole lexicon must find each of them there.
std::string notAverageable(const Problem &p, const Selection &sel, std::size_t a, std::size_t b)
{
    const Spec &x = sel.specs[a], &y = sel.specs[b];
    if (x.prototype || y.prototype)
        return "the prototype is not averaged";
    if (x.features != FeatureSet::Lexical && y.features != FeatureSet::Lexical && x.neighbours != y.neighbours)
        return "one reads the embedding through catalogue neighbours, the other not";
    const FeatureSet layout = layoutOf(x.features, y.features);
    for (std::size_t i : {a, b})
        if (sel.specs[i].features == FeatureSet::Encoder && layout != FeatureSet::Encoder && sel.evals[i].reg.fields &&
            std::count(p.fieldColumnInLexicon.begin(), p.fieldColumnInLexicon.end(), -1) > 0)
            return "the catalogue's lexicon lacks brand or category terms the encoder candidate reads (try it ' "
                   "without brand/category')";
    return {};
}

// Makes `e`, the average of candidates a and b, the pick, announced as a candidate.
template <typename Announce>
void pickAverage(Selection &sel, const AutoReport &report, std::size_t a, std::size_t b, Evaluation e,
                 Clock::time_point c0, const Announce &announce)
{
    CandidateScore score;
    score.name = "average of " + report.candidates[a].name + " and " + report.candidates[b].name;
    score.cvScore = e.score;
    score.seconds = std::chrono::duration<double>(Clock::now() - c0).count();
    sel.specs.push_back(sel.specs[a]);   // a stand-in: the members carry the specs
    sel.selfTrained.push_back(false);
    sel.evals.push_back(std::move(e));
    sel.averages = {a, b};
    sel.pick = sel.specs.size() - 1;
    announce(score);
}

// The two channels stacked: the best encoder candidate and the best lexical one,
// their logits averaged (where the fused candidate fits one joint model of both,
// with one regularisation). Scored by the mean of their cross-validated logits
// (nothing is refitted), it becomes the pick where it beats the pick by more
// than the tie margin. One pair is tried, not the best of many. bench/quality, 3 seeds:
// picked in 5 of 9 runs on the shared e-commerce data, +0.005-0.01 macro-F1 in 4
// of them (mean +0.005 at 8 and at 32 labels per class), and on 1 of 3 English
// logs (part g), +0.014-0.023 AUC per segment; lower nowhere. The best average of
// the pick with any candidate (near-copies of it too) moved the samples' AUC per
// segment by -0.03 to +0.05 where it was picked: the cross-validated gain of the
// best of many pairs is largely selection.
template <typename Announce>
void averageChannels(const Problem &p, Selection &sel, const AutoReport &report, const Announce &announce)
{
    const auto c0 = Clock::now();
    auto bestOf = [&](FeatureSet f) {
        std::size_t best = report.candidates.size();
        for (std::size_t i = 0; i < report.candidates.size(); ++i)
            if (!report.candidates[i].skipped && !sel.specs[i].prototype && sel.specs[i].features == f &&
                (best == report.candidates.size() || report.candidates[i].cvScore > report.candidates[best].cvScore))
                best = i;
        return best;
    };
    const std::size_t encoder = bestOf(FeatureSet::Encoder), lexical = bestOf(FeatureSet::Lexical);
    if (encoder == report.candidates.size() || lexical == report.candidates.size() ||
        !notAverageable(p, sel, encoder, lexical).empty())
        return;
    Evaluation e = averaged(p, sel.evals[encoder], sel.evals[lexical]);
    if (e.score > report.candidates[sel.pick].cvScore + kTieMargin)
        pickAverage(sel, report, encoder, lexical, std::move(e), c0, announce);
}

Selection selectCandidate(const Problem &p, const TrainConfig &cfg, const TrainData &data,
                          const ClassifierConfig &config, const std::vector<double> &rawTarget, AutoReport &report,
                          const TrainerCallbacks &cb, Clock::time_point t0)
{
    Selection sel;
    std::vector<Spec> specs = candidateSpecs(p);
    const std::vector<Forced> forced =
        cfg.autoCandidate.empty() ? std::vector<Forced>{} : forcedCandidates(p, specs, cfg.autoCandidate);
    // Deviations ~30x cheaper than shared weights first: on the samples' opposite-minded
    // segments that lifted per-segment AUC over equal penalties from 0.78 to 0.82
    // (English, parents), 0.73 to 0.83 (students), 0.65 to 0.70 (Chinese, 学生) and
    // 0.72 to 0.76 (家长); 0.1 and 0.03 were within 0.01. Ties keep the earlier setting.
    // Per segment the strong settings come last (ties keep the weaker regularisation
    // that a few clean labels want): a log of views and purchases gives many labels,
    // some of them wrong, and there the strongest setting of {1, 10, 100} was picked
    // by 21 of 27 candidates (bench/quality part g). Offline on its English logs (100
    // views per segment, frozen embeddings): deviations at C ~ 1 over nearly no shared
    // weights (C = 0.03 at 0.03) 0.87-0.88 AUC per segment, the strongest before (C = 1
    // at 0.03) 0.81-0.85, separate per-segment models at C = 10 0.84-0.86. The shared
    // candidates keep {1, 10, 100}: with C = 0.1 among them the clean shared data (part
    // c) lost 0.005 macro-F1 at 16 and 32 labels per class (picked on 4 of 10 runs).
    // Ratings (squared error, another scale; their grid starts at 0.1) are left as they were.
    std::vector<Reg> grid, segmentGrid;
    const std::vector<double> cs = p.rating ? std::vector<double>{0.1, 1, 10} : std::vector<double>{1, 10, 100};
    for (double c : cs) {
        grid.push_back({c, 1});
        segmentGrid.push_back({c, 0.03});
    }
    if (!p.rating)
        for (double c : {0.1, 0.03})
            segmentGrid.push_back({c, 0.03});
    for (double c : cs)
        segmentGrid.push_back({c, 1});
    if (!p.rating)
        segmentGrid.push_back({0.1, 1});
    // The grid of a candidate; `leftOut` (price / fields false) leaves them out of every setting.
    auto gridOf = [&](const Spec &spec, const Reg &leftOut) {
        std::vector<Reg> g = spec.prototype ? std::vector<Reg>{Reg{0, 1}} : spec.perSegment ? segmentGrid : grid;
        for (Reg &r : g) {
            r.price = leftOut.price;
            r.fields = leftOut.fields;
        }
        return g;
    };
    const std::int64_t total = std::int64_t(forced.empty() ? specs.size() : forced.size() + 1) + 1;
    auto overBudget = [&]() {   // what a user forces always runs
        return forced.empty() && cfg.autoBudgetSeconds > 0 &&
               std::chrono::duration<double>(Clock::now() - t0).count() > cfg.autoBudgetSeconds;
    };
    // Reports an evaluated candidate (sel.evals.back()) and its row of metrics.
    auto announce = [&](const CandidateScore &score) {
        report.candidates.push_back(score);
        EpochMetrics m = candidateMetrics(p, toTensor(sel.evals.back().oof(), p.outputs, p.cvRows), data, config,
                                          rawTarget, 1.0, report.candidates.size() - 1, score.name, score.cvScore);
        m.elapsedSec = std::chrono::duration<double>(Clock::now() - t0).count();
        sel.epochs.push_back(m);
        if (cb.onEpoch)
            cb.onEpoch(m);
    };
    auto run = [&](const Spec &spec, const std::string &name, bool selfTraining, const std::vector<Reg> &cs) {
        reportOrCancel(cb.progress, "auto", std::int64_t(sel.specs.size()), total, name);
        CandidateScore score;
        score.name = name;
        sel.specs.push_back(spec);
        sel.selfTrained.push_back(selfTraining);
        const bool evaluatedOne = std::any_of(report.candidates.begin(), report.candidates.end(),
                                              [](const CandidateScore &c) { return !c.skipped; });
        if (evaluatedOne && overBudget()) {
            score.skipped = true;
            score.note = "time budget spent";
            report.candidates.push_back(score);
            sel.evals.emplace_back();
            return;
        }
        const auto c0 = Clock::now();
        sel.evals.push_back(crossValidate(p, spec, selfTraining, cs, cb.progress));
        score.cvScore = sel.evals.back().score;
        score.c = sel.evals.back().reg.c;
        score.deviationPenalty = spec.perSegment ? sel.evals.back().reg.deviation : 0.0;
        score.seconds = std::chrono::duration<double>(Clock::now() - c0).count();
        announce(score);
    };
    // Best so far; within the tie margin the earlier (simpler) one stays.
    auto bestIndex = [&]() {
        std::size_t best = 0;
        double bestScore = -1e300;
        for (std::size_t i = 0; i < report.candidates.size(); ++i)
            if (!report.candidates[i].skipped && report.candidates[i].cvScore > bestScore + kTieMargin) {
                best = i;
                bestScore = report.candidates[i].cvScore;
            }
        return best;
    };
    auto finish = [&]() {
        report.candidates[sel.pick].picked = true;
        report.picked = report.candidates[sel.pick].name;
        std::string metricName;
        metricOf(p, sel.evals[sel.pick].oof(), &metricName);
        report.metric = metricName;
        return sel;
    };
    if (!forced.empty()) {   // what was asked for, even when the prototype scores higher
        if (specs.front().prototype)
            run(specs.front(), specs.front().name, false, gridOf(specs.front(), Reg{}));
        std::vector<std::size_t> members;
        for (const Forced &f : forced) {
            run(f.spec, f.spec.name, false, gridOf(f.spec, f.leftOut));
            if (f.selfTraining)
                run(f.spec, f.spec.name + " + self-training", true, {sel.evals.back().reg});
            members.push_back(report.candidates.size() - 1);
        }
        sel.pick = members.front();
        if (members.size() == 2) {
            const std::string why = notAverageable(p, sel, members[0], members[1]);
            if (!why.empty())
                throw Error("auto: '" + report.candidates[members[0]].name + "' and '" +
                            report.candidates[members[1]].name + "' cannot be averaged: " + why);
            pickAverage(sel, report, members[0], members[1], averaged(p, sel.evals[members[0]], sel.evals[members[1]]),
                        Clock::now(), announce);
        }
        return finish();
    }
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const Spec &spec = specs[i];
        run(spec, spec.name, false, gridOf(spec, Reg{}));
        // "encoder + neighbours" follows "encoder": when the neighbours earn more
        // than the tie margin, every later encoder-based candidate uses them (once:
        // a later candidate that uses them is not another such comparison).
        const std::size_t last = report.candidates.size() - 1;
        if (spec.neighbours && i > 0 && !specs[i - 1].neighbours && last > 0 && !report.candidates[last].skipped &&
            !report.candidates[last - 1].skipped &&
            report.candidates[last].cvScore > report.candidates[last - 1].cvScore + kTieMargin)
            for (std::size_t j = i + 1; j < specs.size(); ++j)
                if (specs[j].features != FeatureSet::Lexical && !specs[j].prototype && !specs[j].neighbours) {
                    specs[j].neighbours = true;
                    specs[j].name += " + neighbours";
                }
    }
    sel.pick = bestIndex();
    // The price and the brand/category terms keep their place in the pick only
    // where they earn more than the tie margin. On the Chinese sample's segments,
    // whose truth steps at price thresholds a log-price weight cannot follow, the
    // weak price feature cost 0.002-0.005 AUC per segment with 13-15 labels each;
    // its style task owes nothing to brand or category, which cost it 0.05-0.1
    // macro-F1 there, while its bought task gains 0.02-0.07 AUC from them.
    for (const bool price : {true, false}) {
        if (sel.specs[sel.pick].prototype || report.candidates[sel.pick].skipped ||
            !(price ? p.priceVaries : p.hasFields))
            continue;
        const std::size_t pick = sel.pick;
        Reg reg = sel.evals[pick].reg;
        (price ? reg.price : reg.fields) = false;
        const Spec spec = sel.specs[pick];   // a copy: run() appends to sel.specs
        run(spec, spec.name + withoutSuffix(reg), false, {reg});
        const std::size_t last = report.candidates.size() - 1;
        if (!report.candidates[last].skipped &&
            report.candidates[last].cvScore >= report.candidates[pick].cvScore - kTieMargin)
            sel.pick = last;
    }
    if (!p.rating && !sel.specs[sel.pick].prototype && !report.candidates[sel.pick].skipped) {
        const Spec spec = sel.specs[sel.pick];
        run(spec, report.candidates[sel.pick].name + " + self-training", true, {sel.evals[sel.pick].reg});
        const std::size_t again = bestIndex();
        if (again == report.candidates.size() - 1)
            sel.pick = again;
    }
    averageChannels(p, sel, report, announce);
    return finish();
}

// The outcome's metrics: the pick's cross-validated logits `oof` at the fitted
// temperature, with the prototype candidate as the zero-shot baseline.
EpochMetrics pickMetrics(const Problem &p, const Selection &sel, const AutoReport &report, const TrainData &data,
                         const ClassifierConfig &config, const std::vector<double> &rawTarget, const torch::Tensor &oof,
                         double temperature)
{
    EpochMetrics best = candidateMetrics(p, oof, data, config, rawTarget, temperature, sel.pick, report.picked,
                                         report.candidates[sel.pick].cvScore);
    best.eceRaw = evaluateLogits(oof, p.cvRows, p.y, rawTarget, data, config, 1.0).ece;
    best.trainCount = std::int64_t(p.n);   // the pick is refitted on all labels
    best.best = true;
    if (!sel.specs.empty() && sel.specs.front().prototype && !report.candidates.front().skipped &&
        !sel.epochs.empty()) {
        const EpochMetrics &proto = sel.epochs.front();
        BaselineMetrics b;
        b.report = proto.report;
        b.auc = proto.auc;
        b.prAuc = proto.prAuc;
        b.roc = proto.roc;
        b.pr = proto.pr;
        best.baseline = b;
    }
    return best;
}

}   // namespace

std::vector<PseudoLabel> selfTrainingPseudoLabels(const TrainData &data)
{
    Problem p;
    ClassifierConfig config;
    config.kind = data.kind;
    config.labels = data.labels;
    std::vector<double> rawTarget;
    prepareLabels(p, config, data, rawTarget);
    const std::vector<ItemRecord> items = prepareRows(p, data, -1, 0);
    LexicalFeatures lex = lexicalFeatures(items, lexicalScheme(false));
    auto price = std::make_shared<std::vector<float>>(items.size() * 2, 0.0f);
    p.rows[FeatureSet::Lexical] = FeatureRows{2, int(lex.lexicon.size()), price, lex.rows};
    const Spec spec{"lexical", FeatureSet::Lexical, false, false};
    std::vector<std::size_t> all(p.n);
    std::iota(all.begin(), all.end(), 0);
    const LinearProblem lp = linearProblem(p, spec, all, Reg{10, 1});
    std::vector<PseudoLabel> out;
    for (const auto &[row, slot, label, confidence] : choosePseudo(p, spec, lp, fitLinear(lp), itemsOf(p, all)))
        out.push_back({items[row].id,
                       slot > 0 ? config.segments[std::size_t(p.segmentSlot[std::size_t(slot)] - 1)] : std::string(),
                       label < int(data.labels.size()) ? data.labels[std::size_t(label)] : std::string(), confidence});
    return out;
}

TrainOutcome trainAuto(const TrainConfig &cfg, const EncoderMaker &makeEncoder, const TrainData &data,
                       const TrainerCallbacks &cb)
{
    const auto t0 = Clock::now();
    if (data.kind != TaskKind::Rating && data.labels.size() < 2)
        throw Error("task '" + data.task + "' needs labels of at least two classes");
    if (data.examples.size() < 4)
        throw Error("task '" + data.task + "' has " + std::to_string(data.examples.size()) +
                    " labels; at least 4 are needed");
    // cfg.ensemble (a preset's) applies to the tuning modes only: auto's candidates are linear models.
    const int threads = cfg.threads > 0 ? cfg.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    torch::manual_seed(cfg.seed);
    reportOrCancel(cb.progress, "prepare", 0, 1, "building features");

    Problem p;
    p.threads = std::min(threads, kMaxFitThreads);
    ClassifierConfig config;
    config.kind = data.kind;
    config.labels = data.labels;
    config.encoderSpec = cfg.encoder;
    config.maxLength = cfg.maxLength;
    config.dropout = 0;
    std::vector<double> rawTarget;
    prepareLabels(p, config, data, rawTarget);
    const std::vector<ItemRecord> items = prepareRows(p, data, cfg.autoPool, cfg.seed);

    // Encoder and its coverage of the catalogue's language.
    TextEncoder encoder = makeEncoder(cfg.encoder);
    if (!encoder)
        throw Error("cannot build encoder '" + cfg.encoder + "'");
    p.encoderDim = int(encoder->dim());
    std::vector<std::string> sample;
    for (std::size_t i = 0, step = std::max<std::size_t>(1, items.size() / 300); i < items.size(); i += step)
        sample.push_back(itemText(items[i]));
    AutoReport report;
    report.coverage = measureCoverage(encoder->tokenizer(), encoder->name(), sample, cfg.maxLength);
    p.encoderUsed = report.coverage.covered;
    report.poolItems = std::int64_t(p.pool.size());
    report.segmentsWithDeviation = p.segments;
    report.segmentsOnShared = int(config.segments.size()) - p.segments;   // the labels' named segments

    // Features: lexical, price (as the classifier computes it), embeddings.
    const LexicalFeatures lex = lexicalFeatures(items, lexicalScheme(p.encoderUsed));
    report.lexicalTerms = std::int64_t(lex.lexicon.size());
    Classifier plain(encoder, config);
    const torch::Tensor bank = buildFeatures(p, items, lex, plain, cfg, cb);
    int k = 0;
    p.cvRows = sampleCvRows(p, cfg.seed);
    report.labels = std::int64_t(p.n);
    report.cvLabels = std::int64_t(p.cvRows.size());
    p.repeats = makeFolds(p, cfg.seed, k);
    report.folds = k;
    report.repeats = int(p.repeats.size());

    // The budget counts from here: embedding a large catalogue is not the candidates' time.
    const Selection sel = selectCandidate(p, cfg, data, config, rawTarget, report, cb, Clock::now());

    // The pick (or the two it averages) on all labels, in one stacked layout,
    // calibrated on its cross-validated logits.
    reportOrCancel(cb.progress, "calibrate", 0, 1, "fitting the pick on all labels");
    std::vector<std::size_t> all(p.n);
    std::iota(all.begin(), all.end(), 0);
    const std::vector<std::size_t> members = sel.members();
    FeatureSet layout = sel.specs[members.front()].features;
    bool neighbours = false, price = false;
    for (std::size_t m : members) {
        layout = layoutOf(layout, sel.specs[m].features);
        neighbours = neighbours || sel.specs[m].neighbours;
        price = price || sel.evals[m].reg.price;
    }
    const Lexicon &lexicon = layout == FeatureSet::Encoder ? lex.fields : lex.lexicon;
    LinearModel stacked(p.encoderDim + 2, int(lexicon.size()), int(config.segments.size()), p.outputs);
    std::int64_t trainable = 0;
    for (std::size_t m : members) {
        const LinearModel fitted = fitSpec(p, sel.specs[m], sel.selfTrained[m], all, sel.evals[m].reg);
        addToStack(stacked, fitted, sel.specs[m].features, layout, sel.evals[m].reg, p, 1.0 / double(members.size()));
        trainable += std::int64_t(fitted.denseDim() + fitted.sparseDim()) * (fitted.segments() + 1) * fitted.outputs();
    }
    config.stack = {{"lexicon", lexicon.toJson()},
                    {"encoder_weight", layout == FeatureSet::Lexical ? 0.0 : 1.0},
                    {"lexical_weight", layout == FeatureSet::Fused ? kFusedLexicalWeight : 1.0},
                    {"price_weight", price ? kPriceWeight : 0.0},
                    {"candidate", report.picked}};
    if (neighbours)
        config.stack["neighbours"] = {{"k", kNeighbours}, {"mix", kNeighbourMix}, {"rows", bank.size(0)}};
    config.encoderState = layout == FeatureSet::Lexical ? "none" : "base";
    Classifier model(encoder, config);
    model->setStackWeights(stacked);
    if (neighbours)
        model->setNeighbourBank(bank);
    const torch::Tensor oof = toTensor(sel.evals[sel.pick].oof(), p.outputs, p.cvRows);
    double temperature = 1.0;
    if (!p.rating && cfg.calibrate) {
        std::vector<std::int64_t> y;
        for (std::size_t i : p.cvRows)
            y.push_back(p.y[i]);
        temperature = fitTemperature(oof, torch::tensor(y, torch::kLong));
    }
    model->setTemperature(temperature);
    model->to(parseDevice(cfg.device));
    model->eval();

    TrainOutcome out;
    out.best = pickMetrics(p, sel, report, data, model->config(), rawTarget, oof, temperature);
    out.trainableParams = trainable;
    out.best.trainableParams = out.trainableParams;
    out.best.elapsedSec = std::chrono::duration<double>(Clock::now() - t0).count();
    out.epochs = sel.epochs;
    for (auto &e : out.epochs)
        e.best = e.epoch == out.best.epoch;
    out.model = model;
    out.modelBytes = model->save();
    out.device = model->device().is_cuda() ? "cuda" : "cpu";
    out.devLogits = oof;
    out.devRows = p.cvRows;
    out.autoReport = report.toJson();
    if (cb.onBest)
        cb.onBest(out.modelBytes);
    reportOrCancel(cb.progress, "calibrate", 1, 1, "done");
    return out;
}

}   // namespace debut
