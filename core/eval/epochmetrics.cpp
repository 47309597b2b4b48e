#include "eval/epochmetrics.h"

#include <cstdio>
#include <sstream>

namespace debut {

namespace {

using json = nlohmann::json;

void putOpt(json &j, const char *key, const std::optional<double> &v) { j[key] = v ? json(*v) : json(nullptr); }

std::optional<double> getOpt(const json &j, const char *key)
{
    if (j.contains(key) && j[key].is_number())
        return j[key].get<double>();
    return std::nullopt;
}

json curvesJson(const std::vector<Curve> &curves)
{
    json a = json::array();
    for (const Curve &c : curves)
        a.push_back(c.toJson());
    return a;
}

std::vector<Curve> curvesFromJson(const json &j, const char *key)
{
    std::vector<Curve> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto &c : j[key])
            if (c.is_object())
                out.push_back(Curve::fromJson(c));
    return out;
}

// The scores a baseline and an epoch both carry, under the same keys.
template <typename M>
void putScores(json &j, const M &m)
{
    j["report"] = m.report ? m.report->toJson() : json(nullptr);
    putOpt(j, "auc", m.auc);
    putOpt(j, "pr_auc", m.prAuc);
    j["roc_curves"] = curvesJson(m.roc);
    j["pr_curves"] = curvesJson(m.pr);
    j["regression"] = m.regression ? m.regression->toJson() : json(nullptr);
}

template <typename M>
void getScores(const json &j, M &m)
{
    if (j.contains("report") && j["report"].is_object())
        m.report = ClassificationReport::fromJson(j["report"]);
    m.auc = getOpt(j, "auc");
    m.prAuc = getOpt(j, "pr_auc");
    m.roc = curvesFromJson(j, "roc_curves");
    m.pr = curvesFromJson(j, "pr_curves");
    if (j.contains("regression") && j["regression"].is_object())
        m.regression = RegressionMetrics::fromJson(j["regression"]);
}

constexpr const char *kMemberPrefix = "member ";
constexpr const char *kCandidatePrefix = "candidate: ";

bool startsWith(const std::string &s, const char *prefix) { return s.rfind(prefix, 0) == 0; }

// The stored text back to stage and name; text this build does not know (none
// was ever written) reads as a training epoch.
void parseStage(const std::string &text, MetricsStage &stage, std::string &name)
{
    name.clear();
    if (text == "ensemble") {
        stage = MetricsStage::Ensemble;
    } else if (startsWith(text, kMemberPrefix)) {
        stage = MetricsStage::Member;
        name = text.substr(std::string(kMemberPrefix).size());
    } else if (startsWith(text, kCandidatePrefix)) {
        stage = MetricsStage::Candidate;
        name = text.substr(std::string(kCandidatePrefix).size());
    } else {
        stage = MetricsStage::Train;
    }
}

std::string fmt(const char *f, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string pad(const std::string &s, std::size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; }

std::string optText(const std::optional<double> &v, int digits = 4)
{
    return v ? fmt(("%." + std::to_string(digits) + "f").c_str(), *v) : std::string("-");
}

}   // namespace

json BaselineMetrics::toJson() const
{
    json j;
    j["method"] = method;
    putScores(j, *this);
    return j;
}

BaselineMetrics BaselineMetrics::fromJson(const json &j)
{
    BaselineMetrics b;
    if (!j.is_object())
        return b;
    b.method = j.value("method", std::string("prototype"));
    getScores(j, b);
    return b;
}

json EpochMetrics::toJson() const
{
    json j;
    j["epoch"] = epoch;
    j["task"] = task;
    j["kind"] = kind;
    j["mode"] = mode;
    j["stage"] = stageText();
    j["train_loss"] = trainLoss;
    putOpt(j, "dev_loss", devLoss);
    j["dev_source"] = devSource;
    j["train_count"] = trainCount;
    j["dev_count"] = devCount;
    putScores(j, *this);
    j["confusion"] = confusion;
    putOpt(j, "ece", ece);
    putOpt(j, "ece_raw", eceRaw);
    j["temperature"] = temperature;
    j["baseline"] = baseline ? baseline->toJson() : json(nullptr);
    j["dev_metric"] = devMetric;
    j["best"] = best;
    j["trainable_params"] = trainableParams;
    j["examples_per_s"] = examplesPerSec;
    j["elapsed_s"] = elapsedSec;
    return j;
}

std::string EpochMetrics::stageText() const
{
    switch (stage) {
    case MetricsStage::Train: break;
    case MetricsStage::Member: return kMemberPrefix + stageName;
    case MetricsStage::Ensemble: return "ensemble";
    case MetricsStage::Candidate: return kCandidatePrefix + stageName;
    }
    return "train";
}

EpochMetrics EpochMetrics::fromJson(const json &j)
{
    EpochMetrics m;
    if (!j.is_object())
        return m;
    auto num = [&](const char *k, double d) { return j.contains(k) && j[k].is_number() ? j[k].get<double>() : d; };
    auto str = [&](const char *k, const std::string &d) {
        return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : d;
    };
    m.epoch = int(num("epoch", 0));
    m.task = str("task", "");
    m.kind = str("kind", "");
    m.mode = str("mode", "");
    parseStage(str("stage", "train"), m.stage, m.stageName);
    m.trainLoss = num("train_loss", 0);
    m.devLoss = getOpt(j, "dev_loss");
    m.devSource = str("dev_source", "split");
    m.trainCount = std::int64_t(num("train_count", 0));
    m.devCount = std::int64_t(num("dev_count", 0));
    getScores(j, m);
    if (j.contains("confusion") && j["confusion"].is_array())
        m.confusion = j["confusion"].get<std::vector<std::vector<std::int64_t>>>();
    m.ece = getOpt(j, "ece");
    m.eceRaw = getOpt(j, "ece_raw");
    m.temperature = num("temperature", 1.0);
    if (j.contains("baseline") && j["baseline"].is_object())
        m.baseline = BaselineMetrics::fromJson(j["baseline"]);
    m.devMetric = num("dev_metric", 0);
    m.best = j.contains("best") && j["best"].is_boolean() && j["best"].get<bool>();
    m.trainableParams = std::int64_t(num("trainable_params", 0));
    m.examplesPerSec = num("examples_per_s", 0);
    m.elapsedSec = num("elapsed_s", 0);
    return m;
}

std::string EpochMetrics::formatLine() const
{
    std::ostringstream out;
    if (stage == MetricsStage::Candidate)   // auto mode: one line per cross-validated candidate
        out << "candidate " << epoch << " " << stageName << "  cv_score " << fmt("%.4f", devMetric) << "  dev_loss "
            << optText(devLoss);
    else
        out << "epoch " << epoch << "  train_loss " << fmt("%.4f", trainLoss) << "  dev_loss " << optText(devLoss);
    if (report)
        out << "  macro_f1 " << fmt("%.4f", report->macro.f1) << "  acc " << fmt("%.4f", report->accuracy);
    if (auc)
        out << "  auc " << fmt("%.4f", *auc);
    if (regression)
        out << "  mse " << fmt("%.4f", regression->mse) << "  mae " << fmt("%.4f", regression->mae) << "  r2 "
            << fmt("%.4f", regression->r2);
    out << "  " << fmt("%.0f", examplesPerSec) << " ex/s  " << fmt("%.1f", elapsedSec) << " s";
    if (best)
        out << "  *";
    return out.str();
}

std::string EpochMetrics::belowBaselineNote() const
{
    if (mode == "auto" || !report)
        return {};
    const double f1 = report->macro.f1;
    const bool belowBase = baseline && baseline->report && f1 < baseline->report->macro.f1 - 0.005;
    const bool belowChance = auc && *auc < 0.5;
    if (!belowBase && !belowChance)
        return {};
    char what[160];
    if (belowBase)
        std::snprintf(what, sizeof what, "macro-F1 %.3f against the zero-shot baseline's %.3f", f1,
                      baseline->report->macro.f1);
    else
        std::snprintf(what, sizeof what, "AUC %.3f, below chance", *auc);
    return "this " + (mode.empty() ? std::string("tuned") : mode) + " run scored " + what + " on its dev set of " + std::to_string(devCount) +
           " items. A dev set of a few labels is noisy, and tuning can overfit so few: --mode auto (the "
           "default) compares its candidates by cross-validation on every label and keeps the zero-shot "
           "prototype when nothing beats it.";
}

std::string EpochMetrics::formatReport() const
{
    std::ostringstream out;
    out << "task " << task << " (" << kind << "), mode " << mode << ", epoch " << epoch << ", dev " << devCount
        << " items (" << (devSource == "cv" ? "held-out folds" : devSource) << "), train " << trainCount << " items, "
        << trainableParams << " trainable parameters\n\n";
    if (report) {
        // Fine-tuned report with the zero-shot baseline's F1 beside each row.
        const ClassificationReport *base = baseline && baseline->report ? &*baseline->report : nullptr;
        std::istringstream lines(report->format());
        std::string line;
        std::vector<std::string> rows;
        while (std::getline(lines, line))
            rows.push_back(line);
        std::vector<std::string> baseCol(rows.size());
        if (base) {
            baseCol[0] = "  baseline-f1";
            std::size_t r = 2;
            for (std::size_t c = 0; c < base->classes.size() && r < rows.size(); ++c, ++r)
                baseCol[r] = fmt("%13.4f", base->classes[c].f1);
            r += 1;   // blank line
            if (r < rows.size())
                baseCol[r] = fmt("%13.4f", base->accuracy);   // accuracy row
            if (r + 1 < rows.size())
                baseCol[r + 1] = fmt("%13.4f", base->macro.f1);
            if (r + 2 < rows.size())
                baseCol[r + 2] = fmt("%13.4f", base->weighted.f1);
        }
        for (std::size_t i = 0; i < rows.size(); ++i)
            out << rows[i] << baseCol[i] << '\n';
        out << '\n';
        out << "                 fine-tuned   zero-shot\n";
        out << "macro-F1         " << fmt("%10.4f", report->macro.f1) << "  "
            << (base ? fmt("%10.4f", base->macro.f1) : std::string("         -")) << '\n';
        out << "accuracy         " << fmt("%10.4f", report->accuracy) << "  "
            << (base ? fmt("%10.4f", base->accuracy) : std::string("         -")) << '\n';
        out << "ROC-AUC          " << pad(optText(auc), 10) << "  "
            << pad(optText(baseline ? baseline->auc : std::nullopt), 10) << '\n';
        out << "PR-AUC           " << pad(optText(prAuc), 10) << "  "
            << pad(optText(baseline ? baseline->prAuc : std::nullopt), 10) << '\n';
        out << "ECE              " << pad(optText(ece), 10) << "  (before scaling " << optText(eceRaw)
            << ", temperature " << fmt("%.3f", temperature) << ")\n";
        if (!confusion.empty()) {
            out << "\nconfusion matrix (rows = true, columns = predicted):\n";
            std::size_t width = 8;
            for (const auto &c : report->classes)
                width = std::max(width, c.label.size());
            for (std::size_t t = 0; t < confusion.size(); ++t) {
                out << pad(t < report->classes.size() ? report->classes[t].label : "?", width);
                for (auto v : confusion[t])
                    out << fmt(" %6.0f", double(v));
                out << '\n';
            }
        }
    }
    if (regression) {
        const RegressionMetrics *base = baseline && baseline->regression ? &*baseline->regression : nullptr;
        out << "                 fine-tuned   zero-shot\n";
        out << "MSE              " << fmt("%10.4f", regression->mse) << "  "
            << (base ? fmt("%10.4f", base->mse) : std::string("         -")) << '\n';
        out << "MAE              " << fmt("%10.4f", regression->mae) << "  "
            << (base ? fmt("%10.4f", base->mae) : std::string("         -")) << '\n';
        out << "R2               " << fmt("%10.4f", regression->r2) << "  "
            << (base ? fmt("%10.4f", base->r2) : std::string("         -")) << '\n';
    }
    return out.str();
}

}   // namespace debut
