#pragma once
// Evaluation metrics without torch: classification report, ROC-AUC, PR-AUC
// (average precision), confusion matrix, expected calibration error, regression
// metrics. Inputs are plain vectors; class indices are 0-based in [0, K).
//
// Conventions (as scikit-learn):
//  - precision/recall/F1 of a class with no predicted (or no true) items is 0;
//  - macro average = unweighted mean over the classes given in `labels` (all K,
//    also those absent from y_true); weighted average = mean weighted by support;
//  - ROC-AUC counts ties as 1/2 (Mann-Whitney U); undefined (nullopt) when one
//    of the two classes is absent;
//  - average precision = sum_n (R_n - R_{n-1}) P_n over distinct thresholds
//    (no interpolation), undefined when there is no positive;
//  - ECE: 15 equal-width bins on (0, 1] of the top-label confidence,
//    sum_b |B_b|/N * |acc(B_b) - conf(B_b)|.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace debut {

struct ClassMetrics {
    std::string label;
    double precision = 0, recall = 0, f1 = 0;
    std::int64_t support = 0;
};

struct ClassificationReport {
    std::vector<ClassMetrics> classes;   // one per label, in label order
    double accuracy = 0;
    ClassMetrics macro;      // label "macro avg", support = total
    ClassMetrics weighted;   // label "weighted avg", support = total
    std::int64_t total = 0;

    nlohmann::json toJson() const;
    static ClassificationReport fromJson(const nlohmann::json &j);
    // Text laid out like sklearn.metrics.classification_report (4 digits).
    std::string format(int digits = 4) const;
};

struct RegressionMetrics {
    double mse = 0, mae = 0, r2 = 0;
    std::int64_t n = 0;
    nlohmann::json toJson() const;
    static RegressionMetrics fromJson(const nlohmann::json &j);
};

// counts[t][p] = number of items with true class t predicted as p; K x K.
std::vector<std::vector<std::int64_t>> confusionMatrix(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                                       int numClasses);

// Report for classes 0..labels.size()-1 (labels = class names, in index order).
ClassificationReport classificationReport(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                          const std::vector<std::string> &labels);

// Binary ROC-AUC of `scores` for positives (yTrue == 1). nullopt when undefined.
std::optional<double> rocAuc(const std::vector<int> &yTrue, const std::vector<double> &scores);
// Binary average precision (PR-AUC). nullopt when there are no positives.
std::optional<double> averagePrecision(const std::vector<int> &yTrue, const std::vector<double> &scores);

// probs: N rows of K class probabilities. For K == 2 returns the binary AUC of
// column 1; for K > 2 the macro one-vs-rest mean over the classes where it is
// defined (nullopt when none is).
std::optional<double> rocAucMulti(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs);
std::optional<double> averagePrecisionMulti(const std::vector<int> &yTrue,
                                            const std::vector<std::vector<double>> &probs);

// A curve of (x, y) points for a chart: ROC (x = false-positive rate, y =
// true-positive rate) or precision-recall (x = recall, y = precision).
// `label` names the class it is for (the positive class; one class of a
// one-vs-rest set); `auc` is the area the curve summarises (ROC-AUC or average
// precision), nullopt when undefined. x and y have the same length.
struct Curve {
    std::string label;
    std::vector<double> x, y;
    std::optional<double> auc;
    std::int64_t positives = 0;   // items of the class in the data
    bool empty() const { return x.empty(); }
    nlohmann::json toJson() const;                    // {"label","x","y","auc","positives"}; values rounded to 1e-4
    static Curve fromJson(const nlohmann::json &j);   // tolerant: non-objects -> empty curve
};

// ROC curve of `scores` for positives (yTrue == 1): one point per distinct
// score threshold (highest first), from (0, 0) to (1, 1). Empty when one of the
// two classes is absent. Longer curves are thinned to `maxPoints` (>= 2) points
// at evenly spaced indices, keeping both ends.
Curve rocCurve(const std::vector<int> &yTrue, const std::vector<double> &scores, std::size_t maxPoints = 100);
// Precision-recall curve: (recall, precision) at each distinct threshold
// (highest first), preceded by (0, 1) as scikit-learn does. Empty when there is
// no positive. Thinned like rocCurve.
Curve precisionRecallCurve(const std::vector<int> &yTrue, const std::vector<double> &scores,
                           std::size_t maxPoints = 100);
// Curves of class probabilities (N rows of K). K == 2: one curve, of class 1
// (labels[1]); K > 2: one-vs-rest, one curve per class with both positives and
// negatives, in class order (each named by labels[c], or "class c").
std::vector<Curve> rocCurvesMulti(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs,
                                  const std::vector<std::string> &labels, std::size_t maxPoints = 100);
std::vector<Curve> precisionRecallCurvesMulti(const std::vector<int> &yTrue,
                                              const std::vector<std::vector<double>> &probs,
                                              const std::vector<std::string> &labels, std::size_t maxPoints = 100);

// Expected calibration error of the top label (argmax) confidence. N == 0 -> 0.
double expectedCalibrationError(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs,
                                int bins = 15);

RegressionMetrics regressionMetrics(const std::vector<double> &yTrue, const std::vector<double> &yPred);

// argmax of each row (first maximum wins).
std::vector<int> argmaxRows(const std::vector<std::vector<double>> &probs);

}   // namespace debut
