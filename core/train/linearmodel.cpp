#include "train/linearmodel.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <unordered_map>

#include "common/error.h"

namespace debut {

LinearModel::LinearModel(int denseDim, int sparseDim, int segments, int outputs)
    : m_denseDim(denseDim), m_sparseDim(sparseDim), m_segments(segments), m_outputs(outputs),
      m_w(std::size_t(denseDim + sparseDim) * std::size_t(segments + 1) * std::size_t(outputs), 0.0),
      m_b(std::size_t(segments + 1) * std::size_t(outputs), 0.0)
{}

void LinearModel::logits(const FeatureRows &x, std::size_t row, int segment, double *out) const
{
    const int s = segment > 0 && segment <= m_segments ? segment : 0;
    const int C = m_outputs;
    for (int c = 0; c < C; ++c)
        out[c] = bias(0, c) + (s ? bias(s, c) : 0.0);
    auto add = [&](std::size_t f, double v) {
        for (int c = 0; c < C; ++c)
            out[c] += v * (weight(f, 0, c) + (s ? weight(f, s, c) : 0.0));
    };
    if (m_denseDim > 0) {
        const float *d = x.denseRow(row);
        for (int f = 0; f < m_denseDim; ++f)
            if (d[f] != 0.0f)
                add(std::size_t(f), d[f]);
    }
    for (const auto &[j, v] : x.sparseRow(row))
        if (j >= 0 && j < m_sparseDim)
            add(std::size_t(m_denseDim + j), v);
}

std::vector<double> LinearModel::logits(const FeatureRows &x, std::size_t row, int segment) const
{
    std::vector<double> out(static_cast<std::size_t>(m_outputs));
    logits(x, row, segment, out.data());
    return out;
}

std::vector<double> balancedWeights(const std::vector<int> &label, const std::vector<double> &labelWeight, int outputs,
                                    bool regression)
{
    std::vector<double> w(label.size(), 1.0);
    for (std::size_t i = 0; i < w.size(); ++i)
        w[i] = i < labelWeight.size() && labelWeight[i] > 0 ? labelWeight[i] : 1.0;
    if (regression || outputs < 2)
        return w;
    std::vector<double> count(std::size_t(outputs), 0.0);
    for (int y : label)
        if (y >= 0 && y < outputs)
            count[std::size_t(y)] += 1;
    const double present = double(std::count_if(count.begin(), count.end(), [](double c) { return c > 0; }));
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double c = count[std::size_t(label[i])];
        w[i] *= c > 0 ? double(label.size()) / (present * c) : 1.0;
    }
    return w;
}

namespace {

// The problem in compact form: sparse columns renumbered to those present.
struct Compact {
    int denseDim = 0, columns = 0, slots = 1, C = 2;
    bool regression = false;
    std::vector<std::int32_t> sparseColumn;                          // local sparse index -> global sparse index
    std::vector<std::vector<std::pair<std::int32_t, float>>> rows;   // (local feature, value), dense included
    std::size_t paramCount() const
    {
        return std::size_t(columns) * std::size_t(slots) * std::size_t(C) + std::size_t(slots) * std::size_t(C);
    }
};

class Objective {
public:
    Objective(const LinearProblem &p, const Compact &k) : m_p(p), m_k(k) {}

    double operator()(const std::vector<double> &theta, std::vector<double> &grad) const
    {
        const int C = m_k.C, S = m_k.slots;
        const std::size_t biasAt = std::size_t(m_k.columns) * std::size_t(S) * std::size_t(C);
        std::fill(grad.begin(), grad.end(), 0.0);
        double loss = 0;
        std::vector<double> z(static_cast<std::size_t>(C)), g(static_cast<std::size_t>(C));
        auto W = [&](std::size_t f, int s, int c) {
            return (f * std::size_t(S) + std::size_t(s)) * std::size_t(C) + std::size_t(c);
        };
        for (std::size_t i = 0; i < m_k.rows.size(); ++i) {
            const int s = m_p.segment[i] > 0 && m_p.segment[i] < S ? m_p.segment[i] : 0;
            for (int c = 0; c < C; ++c)
                z[std::size_t(c)] = theta[biasAt + std::size_t(c)] + (s ? theta[biasAt + std::size_t(s * C + c)] : 0.0);
            for (const auto &[f, v] : m_k.rows[i])
                for (int c = 0; c < C; ++c)
                    z[std::size_t(c)] +=
                        v * (theta[W(std::size_t(f), 0, c)] + (s ? theta[W(std::size_t(f), s, c)] : 0.0));
            const double w = m_p.c * m_p.weight[i];
            if (m_k.regression) {
                const double r = z[0] - m_p.target[i];
                loss += w * 0.5 * r * r;
                g[0] = w * r;
            } else {
                const double mx = *std::max_element(z.begin(), z.end());
                double sum = 0;
                for (int c = 0; c < C; ++c)
                    sum += std::exp(z[std::size_t(c)] - mx);
                const double lse = mx + std::log(sum);
                loss += w * (lse - z[std::size_t(m_p.label[i])]);
                for (int c = 0; c < C; ++c)
                    g[std::size_t(c)] = w * (std::exp(z[std::size_t(c)] - lse) - (c == m_p.label[i] ? 1.0 : 0.0));
            }
            for (int c = 0; c < C; ++c) {
                grad[biasAt + std::size_t(c)] += g[std::size_t(c)];
                if (s)
                    grad[biasAt + std::size_t(s * C + c)] += g[std::size_t(c)];
            }
            for (const auto &[f, v] : m_k.rows[i])
                for (int c = 0; c < C; ++c) {
                    grad[W(std::size_t(f), 0, c)] += v * g[std::size_t(c)];
                    if (s)
                        grad[W(std::size_t(f), s, c)] += v * g[std::size_t(c)];
                }
        }
        // Penalties: shared weights 1, deviations (weights and biases) deviationPenalty.
        for (std::size_t f = 0; f < std::size_t(m_k.columns); ++f)
            for (int s = 0; s < S; ++s)
                for (int c = 0; c < C; ++c) {
                    const std::size_t k = W(f, s, c);
                    const double lam = s == 0 ? 1.0 : m_p.deviationPenalty;
                    loss += 0.5 * lam * theta[k] * theta[k];
                    grad[k] += lam * theta[k];
                }
        for (int s = 1; s < S; ++s)
            for (int c = 0; c < C; ++c) {
                const std::size_t k = biasAt + std::size_t(s * C + c);
                loss += 0.5 * m_p.deviationPenalty * theta[k] * theta[k];
                grad[k] += m_p.deviationPenalty * theta[k];
            }
        return loss;
    }

private:
    const LinearProblem &m_p;
    const Compact &m_k;
};

double dot(const std::vector<double> &a, const std::vector<double> &b)
{
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += a[i] * b[i];
    return s;
}

// L-BFGS (memory 10) with a backtracking Armijo line search.
std::vector<double> minimise(const Objective &objective, std::size_t n, int maxIterations)
{
    std::vector<double> x(n, 0.0), g(n), xNew(n), gNew(n), d(n);
    double f = objective(x, g);
    struct Pair {
        std::vector<double> s, y;
        double rho;
    };
    std::deque<Pair> memory;
    for (int iter = 0; iter < maxIterations; ++iter) {
        double gmax = 0;
        for (double v : g)
            gmax = std::max(gmax, std::abs(v));
        if (gmax < 1e-6)
            break;
        // Two-loop recursion: d = -H g.
        d = g;
        std::vector<double> alpha(memory.size());
        for (std::size_t k = memory.size(); k-- > 0;) {
            alpha[k] = memory[k].rho * dot(memory[k].s, d);
            for (std::size_t i = 0; i < n; ++i)
                d[i] -= alpha[k] * memory[k].y[i];
        }
        double gamma = 1.0;
        if (!memory.empty())
            gamma = dot(memory.back().s, memory.back().y) / dot(memory.back().y, memory.back().y);
        else
            gamma = 1.0 / std::max(1.0, std::sqrt(dot(g, g)));
        for (double &v : d)
            v *= gamma;
        for (std::size_t k = 0; k < memory.size(); ++k) {
            const double beta = memory[k].rho * dot(memory[k].y, d);
            for (std::size_t i = 0; i < n; ++i)
                d[i] += memory[k].s[i] * (alpha[k] - beta);
        }
        for (double &v : d)
            v = -v;
        double gd = dot(g, d);
        if (!(gd < 0)) {   // not a descent direction: restart from the gradient
            memory.clear();
            for (std::size_t i = 0; i < n; ++i)
                d[i] = -g[i] / std::max(1.0, std::sqrt(dot(g, g)));
            gd = dot(g, d);
        }
        double step = 1.0, fNew = f;
        bool accepted = false;
        for (int ls = 0; ls < 40; ++ls) {
            for (std::size_t i = 0; i < n; ++i)
                xNew[i] = x[i] + step * d[i];
            fNew = objective(xNew, gNew);
            if (std::isfinite(fNew) && fNew <= f + 1e-4 * step * gd) {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if (!accepted)
            break;
        Pair p{std::vector<double>(n), std::vector<double>(n), 0.0};
        for (std::size_t i = 0; i < n; ++i) {
            p.s[i] = xNew[i] - x[i];
            p.y[i] = gNew[i] - g[i];
        }
        const double sy = dot(p.s, p.y);
        const bool converged = std::abs(f - fNew) <= 1e-10 * std::max(1.0, std::abs(f));
        x.swap(xNew);
        g.swap(gNew);
        f = fNew;
        if (sy > 1e-12) {
            p.rho = 1.0 / sy;
            memory.push_back(std::move(p));
            if (memory.size() > 10)
                memory.pop_front();
        }
        if (converged)
            break;
    }
    return x;
}

}   // namespace

LinearModel fitLinear(const LinearProblem &p)
{
    if (!p.x)
        throw Error("linear model: no features");
    const std::size_t n = p.rows.size();
    const bool regression = p.outputs == 1;
    if (p.weight.size() != n || p.segment.size() != n || (regression ? p.target.size() : p.label.size()) != n)
        throw Error("linear model: inconsistent problem sizes");
    const FeatureRows &x = *p.x;
    Compact k;
    k.denseDim = x.denseDim;
    k.slots = p.segments + 1;
    k.C = p.outputs;
    k.regression = regression;
    const int denseUsed = p.denseUsed < 0 ? x.denseDim : std::min(p.denseUsed, x.denseDim);
    std::unordered_map<std::int32_t, std::int32_t> local;
    k.rows.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = p.rows[i];
        auto &row = k.rows[i];
        if (denseUsed > 0) {
            const float *d = x.denseRow(r);
            for (int f = 0; f < denseUsed; ++f)
                if (d[f] != 0.0f)
                    row.emplace_back(f, d[f]);
        }
        for (const auto &[j, v] : x.sparseRow(r)) {
            if (p.sparseLeftOut && (*p.sparseLeftOut)[std::size_t(j)])
                continue;
            auto [it, inserted] = local.emplace(j, std::int32_t(k.sparseColumn.size()));
            if (inserted)
                k.sparseColumn.push_back(j);
            row.emplace_back(x.denseDim + it->second, v);
        }
        if (!regression && (p.label[i] < 0 || p.label[i] >= p.outputs))
            throw Error("linear model: label out of range");
    }
    k.columns = x.denseDim + int(k.sparseColumn.size());
    Objective objective(p, k);
    const std::vector<double> theta = minimise(objective, k.paramCount(), p.maxIterations);

    LinearModel model(x.denseDim, x.sparseDim, p.segments, p.outputs);
    const int S = k.slots, C = k.C;
    for (int f = 0; f < k.columns; ++f) {
        const std::size_t global =
            f < x.denseDim ? std::size_t(f) : std::size_t(x.denseDim + k.sparseColumn[std::size_t(f - x.denseDim)]);
        for (int s = 0; s < S; ++s)
            for (int c = 0; c < C; ++c)
                model.weight(global, s, c) =
                    theta[(std::size_t(f) * std::size_t(S) + std::size_t(s)) * std::size_t(C) + std::size_t(c)];
    }
    const std::size_t biasAt = std::size_t(k.columns) * std::size_t(S) * std::size_t(C);
    for (int s = 0; s < S; ++s)
        for (int c = 0; c < C; ++c)
            model.bias(s, c) = theta[biasAt + std::size_t(s * C + c)];
    return model;
}

}   // namespace debut
