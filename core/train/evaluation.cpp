#include "train/evaluation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "common/error.h"
#include "eval/metrics.h"

namespace debut {

EpochMetrics evaluateLogits(const torch::Tensor &logits, const std::vector<std::size_t> &rows,
                            const std::vector<int> &y, const std::vector<double> &target, const TrainData &data,
                            const ClassifierConfig &config, double t)
{
    EpochMetrics m;
    if (!logits.defined() || logits.size(0) == 0) {
        m.devSource = "none";
        return m;
    }
    const auto n = logits.size(0);
    if (data.kind == TaskKind::Rating) {
        torch::Tensor pred = logits.select(1, 0) * config.targetStd + config.targetMean;
        std::vector<double> yt, yp;
        double loss = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            const double tv = target[rows[std::size_t(i)]];
            yt.push_back(tv);
            yp.push_back(pred[i].item<double>());
            const double z = (tv - config.targetMean) / config.targetStd - logits[i][0].item<double>();
            loss += z * z / double(n);
        }
        m.regression = regressionMetrics(yt, yp);
        m.devLoss = loss;
        m.devMetric = -m.regression->mse;
        return m;
    }
    torch::Tensor scaled = logits / (t > 0 ? t : 1.0);
    torch::Tensor probs = torch::softmax(scaled, 1).contiguous();
    std::vector<std::int64_t> labels;
    std::vector<int> yt;
    for (auto r : rows) {
        labels.push_back(y[r]);
        yt.push_back(y[r]);
    }
    m.devLoss = torch::nn::functional::cross_entropy(scaled, torch::tensor(labels, torch::kLong)).item<double>();
    const auto c = probs.size(1);
    auto pa = probs.accessor<float, 2>();
    auto p = std::vector<std::vector<double>>(std::size_t(n), std::vector<double>(std::size_t(c), 0.0));

    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t k = 0; k < c; ++k)
            p[std::size_t(i)][std::size_t(k)] = pa[i][k];
    const auto yp = argmaxRows(p);
    m.report = classificationReport(yt, yp, data.labels);
    m.confusion = confusionMatrix(yt, yp, int(data.labels.size()));
    m.auc = rocAucMulti(yt, p);
    m.prAuc = averagePrecisionMulti(yt, p);
    m.roc = rocCurvesMulti(yt, p, data.labels);
    m.pr = precisionRecallCurvesMulti(yt, p, data.labels);
    m.ece = expectedCalibrationError(yt, p, 15);
    m.temperature = t;
    m.devMetric = m.report->macro.f1;
    return m;
}

BaselineMetrics prototypeBaseline(const torch::Tensor &pooled, const Split &split, const std::vector<int> &y,
                                  const std::vector<double> &target, int numClasses,
                                  const std::vector<std::string> &labels, bool rating)
{
    torch::NoGradGuard noGrad;
    constexpr double tau = 0.05;
    torch::Tensor e = torch::nn::functional::normalize(pooled.to(torch::kCPU, torch::kFloat),
                                                       torch::nn::functional::NormalizeFuncOptions().dim(1));
    std::vector<int> yt;
    std::vector<std::vector<double>> probs;
    std::vector<double> rt, rp;
    for (const auto &[train, dev] : split.folds) {
        if (dev.empty())
            continue;
        std::vector<std::int64_t> tr(train.begin(), train.end()), dv(dev.begin(), dev.end());
        torch::Tensor et = e.index_select(0, torch::tensor(tr, torch::kLong));
        torch::Tensor ed = e.index_select(0, torch::tensor(dv, torch::kLong));
        if (rating) {
            torch::Tensor w = torch::softmax(ed.matmul(et.t()) / tau, 1);
            std::vector<float> tt;
            for (auto i : train)
                tt.push_back(float(target[i]));
            torch::Tensor pred = w.matmul(torch::tensor(tt));
            for (std::size_t k = 0; k < dev.size(); ++k) {
                rt.push_back(target[dev[k]]);
                rp.push_back(pred[std::int64_t(k)].item<double>());
            }
            continue;
        }
        torch::Tensor protos = torch::zeros({numClasses, e.size(1)});
        for (std::size_t k = 0; k < train.size(); ++k)
            protos[y[train[k]]] += et[std::int64_t(k)];
        protos = torch::nn::functional::normalize(protos, torch::nn::functional::NormalizeFuncOptions().dim(1));
        torch::Tensor p = torch::softmax(ed.matmul(protos.t()) / tau, 1).contiguous();
        auto pa = p.accessor<float, 2>();
        for (std::size_t k = 0; k < dev.size(); ++k) {
            yt.push_back(y[dev[k]]);
            std::vector<double> row;
            for (int c = 0; c < numClasses; ++c)
                row.push_back(pa[std::int64_t(k)][c]);
            probs.push_back(std::move(row));
        }
    }
    BaselineMetrics b;
    if (rating) {
        b.regression = regressionMetrics(rt, rp);
        return b;
    }
    b.report = classificationReport(yt, argmaxRows(probs), labels);
    b.auc = rocAucMulti(yt, probs);
    b.prAuc = averagePrecisionMulti(yt, probs);
    b.roc = rocCurvesMulti(yt, probs, labels);
    b.pr = precisionRecallCurvesMulti(yt, probs, labels);
    return b;
}

double fitTemperature(const torch::Tensor &logits, const torch::Tensor &labels)
{
    torch::NoGradGuard noGrad;
    auto nll = [&](double beta) { return torch::nn::functional::cross_entropy(logits * beta, labels).item<double>(); };
    // NLL is convex in beta = 1/T: golden-section search on [0.02, 20].
    double a = 0.02, b = 20.0;
    const double g = (std::sqrt(5.0) - 1) / 2;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = nll(c), fd = nll(d);
    for (int i = 0; i < 60; ++i) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = nll(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = nll(d);
        }
    }
    const double beta = (a + b) / 2;
    return 1.0 / beta;
}

}   // namespace debut
