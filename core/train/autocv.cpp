#include "train/autocv.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "common/parallel.h"
#include "eval/metrics.h"

namespace debut::autocv {

namespace {

constexpr double kPseudoWeight = 0.5;
constexpr int kSelfTrainingRounds = 3;
constexpr double kPrototypeTau = 0.05;

// Prototype model: class means of the (normalised) embedding, or of the lexical
// vectors' text terms when the encoder is left out, as a linear model (weights /
// tau). Brand and category terms stay out: a nearest-mean baseline would rank by
// shared brands as much as by words.
LinearModel fitPrototype(const Problem &p, FeatureSet features, const std::vector<std::size_t> &train)
{
    const FeatureRows &x = p.rows.at(features);
    const std::vector<char> &fields = p.fieldColumns.at(features);
    LinearModel m(x.denseDim, x.sparseDim, 0, p.outputs);
    const int embDim = features == FeatureSet::Lexical ? 0 : p.encoderDim;
    std::vector<std::vector<double>> proto(std::size_t(p.outputs),
                                           std::vector<double>(std::size_t(embDim + x.sparseDim), 0.0));
    for (std::size_t i : train) {
        auto &pr = proto[std::size_t(p.y[i])];
        for (int f = 0; f < embDim; ++f)
            pr[std::size_t(f)] += x.denseRow(i)[f];
        if (features == FeatureSet::Lexical)
            for (const auto &[j, v] : x.sparseRow(i))
                if (!fields[std::size_t(j)])
                    pr[std::size_t(embDim + j)] += v;
    }
    for (int c = 0; c < p.outputs; ++c) {
        auto &pr = proto[std::size_t(c)];
        double norm = 0;
        for (double v : pr)
            norm += v * v;
        norm = norm > 0 ? std::sqrt(norm) : 1.0;
        for (int f = 0; f < embDim; ++f)
            m.weight(std::size_t(f), 0, c) = pr[std::size_t(f)] / norm / kPrototypeTau;
        for (int j = 0; j < (features == FeatureSet::Lexical ? x.sparseDim : 0); ++j)
            m.weight(std::size_t(x.denseDim + j), 0, c) = pr[std::size_t(embDim + j)] / norm / kPrototypeTau;
    }
    return m;
}

}   // namespace

std::vector<std::size_t> sampleCvRows(const Problem &p, std::uint64_t seed)
{
    std::vector<std::size_t> out(p.n);
    std::iota(out.begin(), out.end(), 0);
    if (p.n <= kMaxCvRows)
        return out;
    std::map<std::pair<int, int>, std::vector<std::size_t>> strata;
    for (std::size_t i = 0; i < p.n; ++i)
        strata[{p.segment[i], p.rating ? 0 : p.y[i]}].push_back(i);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed + 29));
    out.clear();
    for (auto &[key, members] : strata) {
        std::shuffle(members.begin(), members.end(), rng);
        const auto share = std::size_t(std::llround(double(members.size()) * double(kMaxCvRows) / double(p.n)));
        const std::size_t take = std::min(members.size(), std::max<std::size_t>(share, 10));
        out.insert(out.end(), members.begin(), members.begin() + std::ptrdiff_t(take));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::vector<Fold>> makeFolds(const Problem &p, std::uint64_t seed, int &k)
{
    // Stratified by (segment, class): each stratum is shuffled and dealt round-robin.
    std::map<std::pair<int, int>, std::vector<std::size_t>> strata;
    std::map<int, std::size_t> perClass;
    for (std::size_t i : p.cvRows) {
        const int cls = p.rating ? 0 : p.y[i];
        strata[{p.segment[i], cls}].push_back(i);
        ++perClass[cls];
    }
    std::size_t smallest = p.cvRows.size();
    for (auto &[cls, count] : perClass)
        smallest = std::min(smallest, count);
    k = int(std::clamp<std::size_t>(smallest, 2, 5));
    const int repeats = p.cvRows.size() <= 400 ? 3 : 1;
    std::vector<std::vector<Fold>> out;
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
    for (int r = 0; r < repeats; ++r) {
        std::vector<int> fold(p.n, 0);
        int next = 0;
        for (auto &[key, members] : strata) {
            std::vector<std::size_t> m = members;
            std::shuffle(m.begin(), m.end(), rng);
            for (std::size_t i : m)
                fold[i] = (next++) % k;
        }
        std::vector<Fold> folds(static_cast<std::size_t>(k));
        for (std::size_t i : p.cvRows)
            for (int f = 0; f < k; ++f)
                (f == fold[i] ? folds[std::size_t(f)].dev : folds[std::size_t(f)].train).push_back(i);
        out.push_back(std::move(folds));
    }
    return out;
}

const FeatureRows &rowsOf(const Problem &p, const Spec &spec)
{
    return (spec.neighbours ? p.neighbourRows : p.rows).at(spec.features);
}

LinearProblem linearProblem(const Problem &p, const Spec &spec, const std::vector<std::size_t> &train, Reg reg)
{
    LinearProblem lp;
    lp.x = &rowsOf(p, spec);
    lp.rows = train;
    lp.outputs = p.outputs;
    lp.segments = spec.perSegment ? p.segments : 0;
    lp.c = reg.c;
    lp.deviationPenalty = reg.deviation;
    if (!reg.price)
        lp.denseUsed = lp.x->denseDim - 2;
    if (!reg.fields)
        lp.sparseLeftOut = &p.fieldColumns.at(spec.features);
    std::vector<int> labels;
    std::vector<double> w;
    for (std::size_t i : train) {
        labels.push_back(p.rating ? 0 : p.y[i]);
        lp.label.push_back(p.rating ? 0 : p.y[i]);
        lp.target.push_back(p.rating ? p.target[i] : 0.0);
        w.push_back(p.labelWeight[i]);
        lp.segment.push_back(spec.perSegment ? p.segment[i] : 0);
    }
    lp.weight = balancedWeights(labels, w, p.outputs, p.rating);
    return lp;
}

std::vector<Pseudo> choosePseudo(const Problem &p, const Spec &spec, const LinearProblem &base,
                                 const LinearModel &model, const std::set<std::string> &exclude, int multiple)
{
    const FeatureRows &x = *base.x;
    std::vector<int> slots;
    if (spec.perSegment && p.segments > 0)
        for (int s = 1; s <= p.segments; ++s)
            slots.push_back(s);
    else
        slots.push_back(0);
    std::map<std::pair<int, int>, int> counts;
    for (std::size_t i = 0; i < base.rows.size(); ++i)
        ++counts[{base.segment[i], base.label[i]}];
    // The pool plus the labelled rows whose items are not among the training
    // ones: in cross-validation the held-out items are unlabelled to the fold,
    // as the items to rank are when the model is used.
    std::vector<std::size_t> pool;
    for (std::size_t k = 0; k < p.pool.size(); ++k)
        if (!exclude.count(p.poolItemId[k]))
            pool.push_back(p.pool[k]);
    std::set<std::string> heldOut;
    for (std::size_t i = 0; i < p.n; ++i) {
        const std::string &id = p.data->examples[i].item.id;
        if (!exclude.count(id) && heldOut.insert(id).second)
            pool.push_back(i);
    }
    std::vector<Pseudo> out;
    std::vector<double> z(static_cast<std::size_t>(p.outputs));
    for (int s : slots) {
        std::vector<std::vector<std::pair<double, std::size_t>>> byClass(std::size_t(p.outputs));
        for (std::size_t row : pool) {
            model.logits(x, row, s, z.data());
            const double mx = *std::max_element(z.begin(), z.end());
            double sum = 0;
            for (double v : z)
                sum += std::exp(v - mx);
            const int best = int(std::max_element(z.begin(), z.end()) - z.begin());
            byClass[std::size_t(best)].emplace_back(1.0 / sum, row);
        }
        for (int c = 0; c < p.outputs; ++c) {
            auto &cand = byClass[std::size_t(c)];
            const auto it = counts.find({s, c});
            const int labelled = it == counts.end() ? 0 : it->second;
            const std::size_t take = std::min<std::size_t>(cand.size(), std::size_t(std::max(2, multiple * labelled)));
            std::partial_sort(cand.begin(), cand.begin() + std::ptrdiff_t(take), cand.end(),
                              [](const auto &a, const auto &b) {
                                  return a.first != b.first ? a.first > b.first : a.second < b.second;
                              });
            for (std::size_t t = 0; t < take; ++t)
                out.push_back({cand[t].second, s, c, cand[t].first});
        }
    }
    return out;
}

namespace {

// Self-training: kSelfTrainingRounds rounds, round r taking 2r pseudo-labels per
// label of each (segment, class) from the latest model, at half the mean label
// weight, then a refit on the labels plus that round's pseudo-labels. (On the
// real e-commerce listings, 8 labels per class: one round +0.02 macro-F1 over
// the plain model, three growing rounds +0.04; label spreading on a 10-NN graph -0.06.)
LinearModel selfTrain(const Problem &p, const Spec &spec, const LinearProblem &base, const LinearModel &model,
                      const std::set<std::string> &exclude)
{
    const double meanWeight = std::accumulate(base.weight.begin(), base.weight.end(), 0.0) / double(base.weight.size());
    LinearModel current = model;
    for (int round = 1; round <= kSelfTrainingRounds; ++round) {
        LinearProblem next = base;
        for (const Pseudo &ps : choosePseudo(p, spec, base, current, exclude, 2 * round)) {
            next.rows.push_back(ps.row);
            next.label.push_back(ps.label);
            next.target.push_back(0.0);
            next.weight.push_back(kPseudoWeight * meanWeight);
            next.segment.push_back(ps.slot);
        }
        current = fitLinear(next);
    }
    return current;
}

}   // namespace

std::set<std::string> itemsOf(const Problem &p, const std::vector<std::size_t> &rows)
{
    std::set<std::string> ids;
    for (std::size_t i : rows)
        ids.insert(p.data->examples[i].item.id);
    return ids;
}

LinearModel fitSpec(const Problem &p, const Spec &spec, bool selfTraining, const std::vector<std::size_t> &train,
                    Reg reg)
{
    if (spec.prototype)
        return fitPrototype(p, spec.features, train);
    const LinearProblem lp = linearProblem(p, spec, train, reg);
    LinearModel model = fitLinear(lp);
    if (selfTraining)
        model = selfTrain(p, spec, lp, model, itemsOf(p, train));
    return model;
}

// Selection metric of out-of-fold logits [n][C].
double metricOf(const Problem &p, const std::vector<std::vector<double>> &logits, std::string *name)
{
    if (p.rating) {
        double mse = 0;
        for (std::size_t i : p.cvRows)
            mse += (logits[i][0] - p.target[i]) * (logits[i][0] - p.target[i]) / double(p.cvRows.size());
        if (name)
            *name = "neg_mse";
        return -mse;
    }
    if (p.outputs == 2) {
        std::map<int, std::pair<std::vector<int>, std::vector<double>>> bySegment;
        for (std::size_t i : p.cvRows) {
            auto &[yy, ss] = bySegment[p.segments >= 2 ? p.segment[i] : 0];
            yy.push_back(p.y[i]);
            ss.push_back(logits[i][1] - logits[i][0]);
        }
        double sum = 0;
        int count = 0;
        for (auto &[seg, v] : bySegment)
            if (auto auc = rocAuc(v.first, v.second)) {
                sum += *auc;
                ++count;
            }
        if (count > 0) {
            if (name)
                *name = p.segments >= 2 ? "auc_per_segment" : "auc";
            return sum / count;
        }
    }
    std::vector<int> y, pred;
    for (std::size_t i : p.cvRows) {
        y.push_back(p.y[i]);
        pred.push_back(int(std::max_element(logits[i].begin(), logits[i].end()) - logits[i].begin()));
    }
    if (name)
        *name = "macro_f1";
    std::vector<std::string> labels = p.data->labels;
    return classificationReport(y, pred, labels).macro.f1;
}

Evaluation crossValidate(const Problem &p, const Spec &spec, bool selfTraining, const std::vector<Reg> &grid,
                         const Progress &progress)
{
    Evaluation best;
    for (const Reg &reg : grid) {
        double total = 0;
        std::vector<std::vector<std::vector<double>>> oofs(
            p.repeats.size(), std::vector<std::vector<double>>(p.n, std::vector<double>(std::size_t(p.outputs), 0.0)));
        std::vector<std::pair<std::size_t, std::size_t>> fits;   // (repeat, fold)
        for (std::size_t r = 0; r < p.repeats.size(); ++r)
            for (std::size_t f = 0; f < p.repeats[r].size(); ++f)
                fits.emplace_back(r, f);
        // Each fit writes its own held-out rows of its own repeat.
        parallelFor(
            fits.size(), p.threads,
            [&](std::size_t t) {
                const Fold &fold = p.repeats[fits[t].first][fits[t].second];
                const LinearModel m = fitSpec(p, spec, selfTraining, fold.train, reg);
                const FeatureRows &x = rowsOf(p, spec);
                for (std::size_t i : fold.dev)
                    m.logits(x, i, spec.perSegment ? p.segment[i] : 0, oofs[fits[t].first][i].data());
            },
            [&] { reportOrCancel(progress, "auto", 0, 0, spec.name); });
        for (const auto &oof : oofs)
            total += metricOf(p, oof);
        const double score = total / double(p.repeats.size());
        if (score > best.score + 1e-12) {
            best.score = score;
            best.reg = reg;
            best.oofs = std::move(oofs);
        }
    }
    return best;
}

Evaluation averaged(const Problem &p, const Evaluation &a, const Evaluation &b)
{
    Evaluation out;
    double total = 0;
    for (std::size_t r = 0; r < a.oofs.size() && r < b.oofs.size(); ++r) {
        std::vector<std::vector<double>> oof = a.oofs[r];
        for (std::size_t i : p.cvRows)
            for (std::size_t c = 0; c < oof[i].size(); ++c)
                oof[i][c] = 0.5 * (oof[i][c] + b.oofs[r][i][c]);
        total += metricOf(p, oof);
        out.oofs.push_back(std::move(oof));
    }
    out.score = out.oofs.empty() ? -1e300 : total / double(out.oofs.size());
    return out;
}

}   // namespace debut::autocv
