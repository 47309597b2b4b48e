#pragma once
// The cross-validation machinery of the auto learner (train/autotrain.cpp):
// the labelled problem its candidates share, stratified folds, fitting one
// candidate (linear, prototype, with or without self-training) and scoring it by
// cross-validation. Internal to core/train.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/progress.h"
#include "train/linearmodel.h"
#include "train/trainer.h"

namespace debut::autocv {

enum class FeatureSet { Lexical, Encoder, Fused };

struct Spec {
    std::string name;
    FeatureSet features = FeatureSet::Fused;
    bool perSegment = false;
    bool prototype = false;
    bool neighbours = false;   // the encoder block smoothed by catalogue neighbours (Problem::neighbourRows)
};

// Regularisation: sklearn's C of the shared weights and the penalty factor of
// the per-segment deviations (below 1: deviations are cheaper than shared weights).
struct Reg {
    double c = 10;
    double deviation = 1;
    bool price = true;    // the price columns (the last two dense ones) are read
    bool fields = true;   // the brand and category columns (Problem::fieldColumns) are read
};

struct Fold {
    std::vector<std::size_t> train, dev;   // labelled example indices
};

// Everything the candidates share: features of the labelled rows [0, n) and the
// pool rows [n, n + m), labels, folds.
struct Problem {
    const TrainData *data = nullptr;
    bool rating = false;
    int outputs = 2;
    std::size_t n = 0;
    std::vector<int> y;
    std::vector<double> target;   // standardised (rating)
    std::vector<double> labelWeight;
    std::vector<int> segment;              // per labelled row: 1..S (0 = none, or a segment too small)
    int segments = 0;                      // S: the segments with a deviation of their own
    std::vector<int> segmentSlot;          // [S + 1]: slot s's slot among the classifier's segments (0 -> 0)
    std::vector<std::size_t> pool;         // pool rows (indices >= n)
    std::vector<std::string> poolItemId;   // per pool row (index - n)
    std::map<FeatureSet, FeatureRows> rows;
    // The encoder and fused rows with the embedding smoothed by catalogue
    // neighbours (smoothByNeighbours); empty when the encoder is left out or the
    // catalogue is too small for neighbours to mean anything.
    std::map<FeatureSet, FeatureRows> neighbourRows;
    int encoderDim = 0;
    bool encoderUsed = false;
    bool priceVaries = false;   // the price columns are not the same on every row
    // Per feature set, per sparse column: a brand or category term. hasFields: some row has one.
    std::map<FeatureSet, std::vector<char>> fieldColumns;
    bool hasFields = false;
    // Per sparse column of the encoder set (a brand or category term): the same
    // term's column in the lexical and fused sets, or -1 where their lexicon cut it.
    std::vector<std::int32_t> fieldColumnInLexicon;
    // The labelled rows cross-validation holds out and scores: all of them, or up
    // to kMaxCvRows of a large log (sampleCvRows); the repeats' folds partition them.
    std::vector<std::size_t> cvRows;
    std::vector<std::vector<Fold>> repeats;
    int threads = 1;   // cross-validation fits run on up to this many threads (parallelFor)
};

struct Pseudo {
    std::size_t row;
    int slot, label;
    double confidence;
};

struct Evaluation {
    double score = -1e300;
    Reg reg;
    std::vector<std::vector<std::vector<double>>> oofs;   // per repeat: out-of-fold logits [n][C]
    // Repeat 0's out-of-fold logits (what calibration and the reported metrics read).
    const std::vector<std::vector<double>> &oof() const { return oofs.front(); }
};

// Cross-validation beyond this many labels scores a stratified sample of them:
// a log of thousands of labels otherwise spent the time budget on the first
// candidates (4,830 labels: ~37 s each on 2 cores) and skipped the per-segment ones.
constexpr std::size_t kMaxCvRows = 1000;
// All labelled rows, or above kMaxCvRows a sample stratified by (segment, class):
// each stratum in proportion, at least 10 of it (all when it has fewer). Seeded.
std::vector<std::size_t> sampleCvRows(const Problem &p, std::uint64_t seed);
// Folds of p.cvRows, stratified by (segment, class), k = clamp(smallest class, 2,
// 5) folds (set in `k`); three repeats up to 400 rows, one above.
std::vector<std::vector<Fold>> makeFolds(const Problem &p, std::uint64_t seed, int &k);
// The feature rows a candidate reads (plain or neighbour-smoothed).
const FeatureRows &rowsOf(const Problem &p, const Spec &spec);
LinearProblem linearProblem(const Problem &p, const Spec &spec, const std::vector<std::size_t> &train, Reg reg);
// Confident, class-balanced pseudo-labels from the pool, never for an item in
// `exclude` (the labelled ones): per (segment slot, class) the most confident
// predictions, `multiple` times as many as that slot and class have labels (at least 2).
std::vector<Pseudo> choosePseudo(const Problem &p, const Spec &spec, const LinearProblem &base,
                                 const LinearModel &model, const std::set<std::string> &exclude, int multiple = 2);
// The item ids of labelled rows.
std::set<std::string> itemsOf(const Problem &p, const std::vector<std::size_t> &rows);
// Fits one candidate on the labelled rows `train`.
LinearModel fitSpec(const Problem &p, const Spec &spec, bool selfTraining, const std::vector<std::size_t> &train,
                    Reg reg);
// Selection metric of out-of-fold logits [n][C] over p.cvRows: -MSE (rating), AUC
// (per segment when there are segments) for binary tasks, else macro-F1; its name in `name`.
double metricOf(const Problem &p, const std::vector<std::vector<double>> &logits, std::string *name = nullptr);
// The best regularisation of `grid` for the candidate by repeated cross-validation.
Evaluation crossValidate(const Problem &p, const Spec &spec, bool selfTraining, const std::vector<Reg> &grid,
                         const Progress &progress);

// The mean of two candidates' out-of-fold logits, repeat by repeat, scored as
// crossValidate scores one (the mean of the repeats' metrics). Its reg is
// unset: each of the two keeps its own.
Evaluation averaged(const Problem &p, const Evaluation &a, const Evaluation &b);

}   // namespace debut::autocv
