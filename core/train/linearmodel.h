#pragma once
// LinearModel: the segment-aware linear learner behind `--mode auto` (no torch:
// plain C++ on a few hundred labelled rows, deterministic).
//
// Features of a row: a dense block (e.g. the encoder embedding and the price)
// and a sparse block (e.g. lexical TF-IDF, see text/lexicon.h).
// Parameters: a shared weight matrix W0 [F, C] and bias b0 [C], plus for each
// segment s = 1..S a deviation Ws [F, C], bs [C]. A row of segment s scores
//     z = x (W0 + Ws) + b0 + bs            (s = 0: unseen segment, z = x W0 + b0)
// so every segment ranks by its own weights and a segment with few labels leans
// on the shared part (its deviation is shrunk towards zero by the penalty).
// Classification (C >= 2 outputs): softmax cross-entropy. Regression (C = 1):
// squared error on the (standardised) target.
// Objective, as scikit-learn's LogisticRegression with C = `c`:
//     c * sum_i w_i loss_i + 1/2 |W0|^2 + deviationPenalty/2 * sum_s (|Ws|^2 + |bs|^2)
// minimised with L-BFGS (convex, so the optimum does not depend on the start).
// Only the sparse columns present in the rows are optimised: absent columns
// have zero gradient and stay exactly 0 at the optimum.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "text/lexicon.h"

namespace debut {

// Rows of features: dense [rows x denseDim] row-major, sparse per row. The
// blocks are shared (several feature sets of one data set reuse them).
struct FeatureRows {
    int denseDim = 0;
    int sparseDim = 0;
    std::shared_ptr<const std::vector<float>> dense;           // rows * denseDim values (null when denseDim == 0)
    std::shared_ptr<const std::vector<SparseVector>> sparse;   // one per row
    std::size_t size() const { return sparse ? sparse->size() : 0; }
    const float *denseRow(std::size_t i) const { return dense->data() + i * std::size_t(denseDim); }
    const SparseVector &sparseRow(std::size_t i) const { return (*sparse)[i]; }
};

struct LinearProblem {
    const FeatureRows *x = nullptr;
    std::vector<std::size_t> rows;   // rows of *x used for fitting
    std::vector<int> label;          // per used row: class index (classification)
    std::vector<double> target;      // per used row: target (regression)
    std::vector<double> weight;      // per used row (> 0)
    std::vector<int> segment;        // per used row: 0 = no segment, 1..segments
    int segments = 0;                // S deviation slots; 0 = shared weights only
    int outputs = 2;                 // C (1 = regression)
    double c = 10;                   // inverse regularisation strength of the shared weights
    double deviationPenalty = 1;     // penalty of the deviations relative to the shared weights
    int denseUsed = -1;              // dense columns [0, denseUsed) are read, the rest count as 0 (-1: all)
    const std::vector<char> *sparseLeftOut = nullptr;   // per sparse column: nonzero = read as 0 (null: none)
    int maxIterations = 200;
};

class LinearModel {
public:
    LinearModel() = default;
    LinearModel(int denseDim, int sparseDim, int segments, int outputs);

    int denseDim() const { return m_denseDim; }
    int sparseDim() const { return m_sparseDim; }
    int segments() const { return m_segments; }
    int outputs() const { return m_outputs; }

    // z for one row of `x` as segment `segment` (0 = shared only); out has outputs() values.
    void logits(const FeatureRows &x, std::size_t row, int segment, double *out) const;
    std::vector<double> logits(const FeatureRows &x, std::size_t row, int segment) const;

    // Weight of (feature f, slot s, output c); f < denseDim: dense, else sparse f - denseDim.
    double &weight(std::size_t f, int slot, int c)
    {
        return m_w[(f * std::size_t(m_segments + 1) + std::size_t(slot)) * std::size_t(m_outputs) + std::size_t(c)];
    }
    double weight(std::size_t f, int slot, int c) const
    {
        return m_w[(f * std::size_t(m_segments + 1) + std::size_t(slot)) * std::size_t(m_outputs) + std::size_t(c)];
    }
    double &bias(int slot, int c) { return m_b[std::size_t(slot) * std::size_t(m_outputs) + std::size_t(c)]; }
    double bias(int slot, int c) const { return m_b[std::size_t(slot) * std::size_t(m_outputs) + std::size_t(c)]; }

private:
    int m_denseDim = 0, m_sparseDim = 0, m_segments = 0, m_outputs = 0;
    std::vector<double> m_w;   // [(denseDim + sparseDim)][segments + 1][outputs]
    std::vector<double> m_b;   // [segments + 1][outputs]
};

// Fits the model of a problem. Throws Error on inconsistent input sizes.
LinearModel fitLinear(const LinearProblem &problem);

// Balanced class weights n / (C * n_c) times the given label weights (classification);
// the label weights alone for regression.
std::vector<double> balancedWeights(const std::vector<int> &label, const std::vector<double> &labelWeight, int outputs,
                                    bool regression);

}   // namespace debut
