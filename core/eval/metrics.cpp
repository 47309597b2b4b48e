#include "eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

namespace debut {

namespace {

double safeDiv(double a, double b) { return b > 0 ? a / b : 0.0; }

nlohmann::json classJson(const ClassMetrics &c)
{
    return {{"label", c.label}, {"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"support", c.support}};
}

ClassMetrics classFromJson(const nlohmann::json &j)
{
    ClassMetrics c;
    c.label = j.value("label", std::string());
    c.precision = j.value("precision", 0.0);
    c.recall = j.value("recall", 0.0);
    c.f1 = j.value("f1", 0.0);
    c.support = j.value("support", std::int64_t(0));
    return c;
}

}   // namespace

std::vector<std::vector<std::int64_t>> confusionMatrix(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                                       int numClasses)
{
    std::vector<std::vector<std::int64_t>> m(std::size_t(std::max(numClasses, 0)),
                                             std::vector<std::int64_t>(std::size_t(std::max(numClasses, 0)), 0));
    const std::size_t n = std::min(yTrue.size(), yPred.size());
    for (std::size_t i = 0; i < n; ++i)
        if (yTrue[i] >= 0 && yTrue[i] < numClasses && yPred[i] >= 0 && yPred[i] < numClasses)
            ++m[std::size_t(yTrue[i])][std::size_t(yPred[i])];
    return m;
}

ClassificationReport classificationReport(const std::vector<int> &yTrue, const std::vector<int> &yPred,
                                          const std::vector<std::string> &labels)
{
    const int k = int(labels.size());
    const auto cm = confusionMatrix(yTrue, yPred, k);
    ClassificationReport r;
    std::int64_t correct = 0;
    for (int c = 0; c < k; ++c) {
        std::int64_t tp = cm[c][c], predicted = 0, actual = 0;
        for (int o = 0; o < k; ++o) {
            predicted += cm[o][c];
            actual += cm[c][o];
        }
        ClassMetrics m;
        m.label = labels[std::size_t(c)];
        m.precision = safeDiv(double(tp), double(predicted));
        m.recall = safeDiv(double(tp), double(actual));
        m.f1 = safeDiv(2 * m.precision * m.recall, m.precision + m.recall);
        m.support = actual;
        r.total += actual;
        correct += tp;
        r.classes.push_back(m);
    }
    r.accuracy = safeDiv(double(correct), double(r.total));
    r.macro.label = "macro avg";
    r.weighted.label = "weighted avg";
    r.macro.support = r.weighted.support = r.total;
    for (const auto &c : r.classes) {
        r.macro.precision += c.precision / std::max(k, 1);
        r.macro.recall += c.recall / std::max(k, 1);
        r.macro.f1 += c.f1 / std::max(k, 1);
        const double w = safeDiv(double(c.support), double(r.total));
        r.weighted.precision += w * c.precision;
        r.weighted.recall += w * c.recall;
        r.weighted.f1 += w * c.f1;
    }
    return r;
}

nlohmann::json ClassificationReport::toJson() const
{
    nlohmann::json cls = nlohmann::json::array();
    for (const auto &c : classes)
        cls.push_back(classJson(c));
    return {{"classes", cls},
            {"accuracy", accuracy},
            {"macro", classJson(macro)},
            {"weighted", classJson(weighted)},
            {"total", total}};
}

ClassificationReport ClassificationReport::fromJson(const nlohmann::json &j)
{
    ClassificationReport r;
    if (!j.is_object())
        return r;
    if (j.contains("classes") && j["classes"].is_array())
        for (const auto &c : j["classes"])
            r.classes.push_back(classFromJson(c));
    r.accuracy = j.value("accuracy", 0.0);
    if (j.contains("macro"))
        r.macro = classFromJson(j["macro"]);
    if (j.contains("weighted"))
        r.weighted = classFromJson(j["weighted"]);
    r.total = j.value("total", std::int64_t(0));
    return r;
}

std::string ClassificationReport::format(int digits) const
{
    std::size_t width = std::string("weighted avg").size();
    for (const auto &c : classes)
        width = std::max(width, c.label.size());
    const int col = std::max(digits + 5, 9);
    std::ostringstream out;
    char buf[256];
    auto row = [&](const ClassMetrics &c) {
        std::snprintf(buf, sizeof buf, "%*s %*.*f %*.*f %*.*f %*lld\n", int(width), c.label.c_str(), col, digits,
                      c.precision, col, digits, c.recall, col, digits, c.f1, col, (long long)c.support);
        out << buf;
    };
    std::snprintf(buf, sizeof buf, "%*s %*s %*s %*s %*s\n\n", int(width), "", col, "precision", col, "recall", col,
                  "f1-score", col, "support");
    out << buf;
    for (const auto &c : classes)
        row(c);
    out << '\n';
    std::snprintf(buf, sizeof buf, "%*s %*s %*s %*.*f %*lld\n", int(width), "accuracy", col, "", col, "", col, digits,
                  accuracy, col, (long long)total);
    out << buf;
    row(macro);
    row(weighted);
    return out.str();
}

nlohmann::json RegressionMetrics::toJson() const { return {{"mse", mse}, {"mae", mae}, {"r2", r2}, {"n", n}}; }

RegressionMetrics RegressionMetrics::fromJson(const nlohmann::json &j)
{
    RegressionMetrics r;
    if (!j.is_object())
        return r;
    r.mse = j.value("mse", 0.0);
    r.mae = j.value("mae", 0.0);
    r.r2 = j.value("r2", 0.0);
    r.n = j.value("n", std::int64_t(0));
    return r;
}

std::optional<double> rocAuc(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const std::size_t n = std::min(yTrue.size(), scores.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    // Average ranks over ties (Mann-Whitney U counts a tie as 1/2).
    double rankSumPos = 0;
    std::int64_t pos = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && scores[order[j + 1]] == scores[order[i]])
            ++j;
        const double avgRank = (double(i + 1) + double(j + 1)) / 2.0;
        for (std::size_t t = i; t <= j; ++t)
            if (yTrue[order[t]] == 1) {
                rankSumPos += avgRank;
                ++pos;
            }
        i = j + 1;
    }
    const std::int64_t neg = std::int64_t(n) - pos;
    if (pos == 0 || neg == 0)
        return std::nullopt;
    return (rankSumPos - double(pos) * double(pos + 1) / 2.0) / (double(pos) * double(neg));
}

std::optional<double> averagePrecision(const std::vector<int> &yTrue, const std::vector<double> &scores)
{
    const std::size_t n = std::min(yTrue.size(), scores.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::int64_t totalPos = 0;
    for (std::size_t i = 0; i < n; ++i)
        totalPos += yTrue[i] == 1;
    if (totalPos == 0)
        return std::nullopt;
    double ap = 0, prevRecall = 0;
    std::int64_t tp = 0, seen = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]]) {
            tp += yTrue[order[j]] == 1;
            ++seen;
            ++j;
        }
        const double recall = double(tp) / double(totalPos);
        const double precision = double(tp) / double(seen);
        ap += (recall - prevRecall) * precision;
        prevRecall = recall;
        i = j;
    }
    return ap;
}

namespace {

template <typename F>
std::optional<double> oneVsRest(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs, F metric)
{
    if (probs.empty())
        return std::nullopt;
    const std::size_t k = probs.front().size();
    auto column = [&](std::size_t c, std::vector<int> &y, std::vector<double> &s) {
        y.resize(probs.size());
        s.resize(probs.size());
        for (std::size_t i = 0; i < probs.size(); ++i) {
            y[i] = i < yTrue.size() && yTrue[i] == int(c) ? 1 : 0;
            s[i] = c < probs[i].size() ? probs[i][c] : 0.0;
        }
    };
    std::vector<int> y;
    std::vector<double> s;
    if (k == 2) {
        column(1, y, s);
        return metric(y, s);
    }
    double sum = 0;
    int defined = 0;
    for (std::size_t c = 0; c < k; ++c) {
        column(c, y, s);
        if (auto v = metric(y, s)) {
            sum += *v;
            ++defined;
        }
    }
    if (defined == 0)
        return std::nullopt;
    return sum / defined;
}

}   // namespace

std::optional<double> rocAucMulti(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs)
{
    return oneVsRest(yTrue, probs, rocAuc);
}

std::optional<double> averagePrecisionMulti(const std::vector<int> &yTrue,
                                            const std::vector<std::vector<double>> &probs)
{
    return oneVsRest(yTrue, probs, averagePrecision);
}

namespace {

double round4(double v) { return std::round(v * 1e4) / 1e4; }

// Counts at each distinct threshold, highest score first: (tp, fp) after all
// items scoring >= that threshold are taken as positive.
std::vector<std::pair<std::int64_t, std::int64_t>>
thresholdCounts(const std::vector<int> &yTrue, const std::vector<double> &scores, std::int64_t &pos, std::int64_t &neg)
{
    const std::size_t n = std::min(yTrue.size(), scores.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    pos = neg = 0;
    for (std::size_t i = 0; i < n; ++i)
        (yTrue[i] == 1 ? pos : neg) += 1;
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    std::int64_t tp = 0, fp = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]]) {
            (yTrue[order[j]] == 1 ? tp : fp) += 1;
            ++j;
        }
        out.emplace_back(tp, fp);
        i = j;
    }
    return out;
}

void thin(Curve &c, std::size_t maxPoints)
{
    maxPoints = std::max<std::size_t>(maxPoints, 2);
    const std::size_t n = c.x.size();
    if (n <= maxPoints)
        return;
    std::vector<double> x, y;
    x.reserve(maxPoints);
    y.reserve(maxPoints);
    for (std::size_t i = 0; i < maxPoints; ++i) {
        const auto k = std::size_t(std::llround(double(i) * double(n - 1) / double(maxPoints - 1)));
        x.push_back(c.x[k]);
        y.push_back(c.y[k]);
    }
    c.x.swap(x);
    c.y.swap(y);
}

template <typename F>
std::vector<Curve> curvesOneVsRest(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs,
                                   const std::vector<std::string> &labels, std::size_t maxPoints, F curve)
{
    std::vector<Curve> out;
    if (probs.empty())
        return out;
    const std::size_t k = probs.front().size();
    auto one = [&](std::size_t c) {
        std::vector<int> y(probs.size());
        std::vector<double> s(probs.size());
        for (std::size_t i = 0; i < probs.size(); ++i) {
            y[i] = i < yTrue.size() && yTrue[i] == int(c) ? 1 : 0;
            s[i] = c < probs[i].size() ? probs[i][c] : 0.0;
        }
        Curve cv = curve(y, s, maxPoints);
        if (cv.empty())
            return;
        cv.label = c < labels.size() ? labels[c] : "class " + std::to_string(c);
        out.push_back(std::move(cv));
    };
    if (k == 2) {
        one(1);
        return out;
    }
    for (std::size_t c = 0; c < k; ++c)
        one(c);
    return out;
}

}   // namespace

nlohmann::json Curve::toJson() const
{
    nlohmann::json xs = nlohmann::json::array(), ys = nlohmann::json::array();
    for (double v : x)
        xs.push_back(round4(v));
    for (double v : y)
        ys.push_back(round4(v));
    return {{"label", label},
            {"x", xs},
            {"y", ys},
            {"auc", auc ? nlohmann::json(*auc) : nlohmann::json(nullptr)},
            {"positives", positives}};
}

Curve Curve::fromJson(const nlohmann::json &j)
{
    Curve c;
    if (!j.is_object())
        return c;
    if (j.contains("label") && j["label"].is_string())
        c.label = j["label"].get<std::string>();
    auto nums = [&](const char *key, std::vector<double> &v) {
        if (j.contains(key) && j[key].is_array())
            for (const auto &e : j[key])
                v.push_back(e.is_number() ? e.get<double>() : 0.0);
    };
    nums("x", c.x);
    nums("y", c.y);
    const std::size_t n = std::min(c.x.size(), c.y.size());
    c.x.resize(n);
    c.y.resize(n);
    if (j.contains("auc") && j["auc"].is_number())
        c.auc = j["auc"].get<double>();
    if (j.contains("positives") && j["positives"].is_number_integer())
        c.positives = j["positives"].get<std::int64_t>();
    return c;
}

Curve rocCurve(const std::vector<int> &yTrue, const std::vector<double> &scores, std::size_t maxPoints)
{
    Curve c;
    std::int64_t pos = 0, neg = 0;
    const auto counts = thresholdCounts(yTrue, scores, pos, neg);
    if (pos == 0 || neg == 0)
        return c;
    c.positives = pos;
    c.x.push_back(0.0);
    c.y.push_back(0.0);
    for (const auto &[tp, fp] : counts) {
        c.x.push_back(double(fp) / double(neg));
        c.y.push_back(double(tp) / double(pos));
    }
    c.auc = rocAuc(yTrue, scores);
    thin(c, maxPoints);
    return c;
}

Curve precisionRecallCurve(const std::vector<int> &yTrue, const std::vector<double> &scores, std::size_t maxPoints)
{
    Curve c;
    std::int64_t pos = 0, neg = 0;
    const auto counts = thresholdCounts(yTrue, scores, pos, neg);
    if (pos == 0)
        return c;
    c.positives = pos;
    c.x.push_back(0.0);
    c.y.push_back(1.0);
    for (const auto &[tp, fp] : counts) {
        c.x.push_back(double(tp) / double(pos));
        c.y.push_back(double(tp) / double(tp + fp));
    }
    c.auc = averagePrecision(yTrue, scores);
    thin(c, maxPoints);
    return c;
}

std::vector<Curve> rocCurvesMulti(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs,
                                  const std::vector<std::string> &labels, std::size_t maxPoints)
{
    return curvesOneVsRest(yTrue, probs, labels, maxPoints, rocCurve);
}

std::vector<Curve> precisionRecallCurvesMulti(const std::vector<int> &yTrue,
                                              const std::vector<std::vector<double>> &probs,
                                              const std::vector<std::string> &labels, std::size_t maxPoints)
{
    return curvesOneVsRest(yTrue, probs, labels, maxPoints, precisionRecallCurve);
}

std::vector<int> argmaxRows(const std::vector<std::vector<double>> &probs)
{
    std::vector<int> out;
    out.reserve(probs.size());
    for (const auto &row : probs)
        out.push_back(row.empty() ? 0 : int(std::max_element(row.begin(), row.end()) - row.begin()));
    return out;
}

double expectedCalibrationError(const std::vector<int> &yTrue, const std::vector<std::vector<double>> &probs, int bins)
{
    const std::size_t n = std::min(yTrue.size(), probs.size());
    if (n == 0 || bins <= 0)
        return 0.0;
    std::vector<double> confSum(std::size_t(bins), 0.0), accSum(std::size_t(bins), 0.0);
    std::vector<std::int64_t> count(std::size_t(bins), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto &row = probs[i];
        if (row.empty())
            continue;
        const int pred = int(std::max_element(row.begin(), row.end()) - row.begin());
        const double conf = row[std::size_t(pred)];
        // Bin b holds confidences in (b/bins, (b+1)/bins]; 0 goes to the first bin.
        int b = int(std::ceil(conf * bins)) - 1;
        b = std::clamp(b, 0, bins - 1);
        confSum[std::size_t(b)] += conf;
        accSum[std::size_t(b)] += pred == yTrue[i] ? 1.0 : 0.0;
        ++count[std::size_t(b)];
    }
    double ece = 0;
    for (int b = 0; b < bins; ++b)
        if (count[std::size_t(b)] > 0)
            ece += std::abs(accSum[std::size_t(b)] - confSum[std::size_t(b)]) / double(n);
    return ece;
}

RegressionMetrics regressionMetrics(const std::vector<double> &yTrue, const std::vector<double> &yPred)
{
    RegressionMetrics r;
    const std::size_t n = std::min(yTrue.size(), yPred.size());
    r.n = std::int64_t(n);
    if (n == 0)
        return r;
    double mean = 0;
    for (std::size_t i = 0; i < n; ++i)
        mean += yTrue[i] / double(n);
    double ssRes = 0, ssTot = 0, abs = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = yTrue[i] - yPred[i];
        ssRes += d * d;
        abs += std::abs(d);
        ssTot += (yTrue[i] - mean) * (yTrue[i] - mean);
    }
    r.mse = ssRes / double(n);
    r.mae = abs / double(n);
    // sklearn: a constant target gives 1 for a perfect fit, else 0.
    r.r2 = ssTot > 0 ? 1.0 - ssRes / ssTot : (ssRes == 0 ? 1.0 : 0.0);
    return r;
}

}   // namespace debut
