// Metrics against hand-computed values (cross-checked with scikit-learn 1.x):
// confusion matrix, classification report, ROC-AUC with ties, PR-AUC, ECE, R².
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest/QtTest>

#include "testmain.h"

#include <cmath>

#include "eval/epochmetrics.h"
#include "eval/metrics.h"
#endif

using namespace debut;

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void confusionAndReport();
    void reportText();
    void aucWithTies_data();
    void aucWithTies();
    void multiclassOneVsRest();
    void ece();
    void regression();
    void epochMetricsJsonRoundTrip();
    void belowBaselineNote();
    void rocAndPrCurves();
    void curvesThinned();
    void curvesOneVsRest();
    void curvesJson();
};

static void near(double a, double b, double tol = 1e-9)
{
    if (std::abs(a - b) > tol)
        QFAIL(qPrintable(QString("%1 != %2").arg(a, 0, 'g', 12).arg(b, 0, 'g', 12)));
}

void TestMetrics::confusionAndReport()
{
    // true 0 0 1 1 2 2 2 / pred 0 1 1 1 2 0 2
    const std::vector<int> y = {0, 0, 1, 1, 2, 2, 2}, p = {0, 1, 1, 1, 2, 0, 2};
    const auto cm = confusionMatrix(y, p, 3);
    const std::vector<std::vector<std::int64_t>> expected = {{1, 1, 0}, {0, 2, 0}, {1, 0, 2}};
    QCOMPARE(cm, expected);

    const auto r = classificationReport(y, p, {"a", "b", "c"});
    QCOMPARE(int(r.classes.size()), 3);
    // a: tp 1 of 2 predicted, 2 true -> P .5 R .5 F1 .5
    near(r.classes[0].precision, 0.5);
    near(r.classes[0].recall, 0.5);
    near(r.classes[0].f1, 0.5);
    // b: tp 2 of 3 predicted -> P 2/3, R 1, F1 0.8
    near(r.classes[1].precision, 2.0 / 3);
    near(r.classes[1].recall, 1.0);
    near(r.classes[1].f1, 0.8);
    // c: tp 2 of 2 predicted, 3 true -> P 1, R 2/3, F1 0.8
    near(r.classes[2].precision, 1.0);
    near(r.classes[2].recall, 2.0 / 3);
    near(r.classes[2].f1, 0.8);
    QCOMPARE(r.classes[2].support, std::int64_t(3));
    near(r.accuracy, 5.0 / 7);
    near(r.macro.precision, (0.5 + 2.0 / 3 + 1.0) / 3);
    near(r.macro.f1, 0.7);
    near(r.weighted.precision, (2 * 0.5 + 2 * 2.0 / 3 + 3 * 1.0) / 7);
    near(r.weighted.f1, 5.0 / 7);
    QCOMPARE(r.total, std::int64_t(7));

    // A class never predicted and never present: all zeros, still in the macro mean.
    const auto r2 = classificationReport({0, 0}, {0, 0}, {"x", "y"});
    near(r2.classes[1].f1, 0.0);
    near(r2.macro.f1, 0.5);
}

void TestMetrics::reportText()
{
    const auto r = classificationReport({0, 1, 1}, {0, 1, 0}, {"neg", "pos"});
    const std::string text = r.format();
    QVERIFY(text.find("precision") != std::string::npos);
    QVERIFY(text.find("macro avg") != std::string::npos);
    QVERIFY(text.find("weighted avg") != std::string::npos);
    QVERIFY(text.find("0.6667") != std::string::npos);   // accuracy 2/3
}

void TestMetrics::aucWithTies_data()
{
    QTest::addColumn<std::vector<int>>("y");
    QTest::addColumn<std::vector<double>>("s");
    QTest::addColumn<double>("auc");
    QTest::addColumn<double>("ap");
    // Positives 0.35, 0.8, 0.4 vs negatives 0.1, 0.4, 0.4: wins 1 + 3 + (1 + 2 ties * 1/2) = 6 of 9.
    // AP: thresholds 0.8 (P 1, R 1/3), 0.4 (P 2/4, R 2/3), 0.35 (P 3/5, R 1) -> (1 + .5 + .6) / 3 = 0.7.
    QTest::newRow("ties") << std::vector<int>{0, 0, 1, 1, 0, 1} << std::vector<double>{0.1, 0.4, 0.35, 0.8, 0.4, 0.4}
                          << 6.0 / 9 << 0.7;
    QTest::newRow("all tied") << std::vector<int>{1, 0, 1, 0} << std::vector<double>{0.5, 0.5, 0.5, 0.5} << 0.5 << 0.5;
    QTest::newRow("perfect") << std::vector<int>{0, 1, 0, 1} << std::vector<double>{0.1, 0.9, 0.2, 0.8} << 1.0 << 1.0;
    // Reversed: AUC 0; AP: positives at ranks 3 and 4 -> (1/2 * 1/3 + 1/2 * 2/4) = 0.41666…
    QTest::newRow("reversed") << std::vector<int>{0, 1, 0, 1} << std::vector<double>{0.9, 0.1, 0.8, 0.2} << 0.0
                              << (1.0 / 3 + 0.5) / 2;
}

void TestMetrics::aucWithTies()
{
    QFETCH(std::vector<int>, y);
    QFETCH(std::vector<double>, s);
    QFETCH(double, auc);
    QFETCH(double, ap);
    const auto a = rocAuc(y, s);
    QVERIFY(a.has_value());
    near(*a, auc);
    const auto p = averagePrecision(y, s);
    QVERIFY(p.has_value());
    near(*p, ap);
}

void TestMetrics::multiclassOneVsRest()
{
    const std::vector<int> y = {0, 1, 2, 2, 1, 0};
    const std::vector<std::vector<double>> p = {{.7, .2, .1}, {.2, .5, .3}, {.1, .3, .6},
                                                {.3, .4, .3}, {.6, .3, .1}, {.4, .4, .2}};
    near(*rocAucMulti(y, p), 0.8333333333333334, 1e-12);
    near(*averagePrecisionMulti(y, p), 0.7888888888888888, 1e-12);
    // Undefined cases: one class only.
    QVERIFY(!rocAuc({1, 1}, {0.2, 0.3}).has_value());
    QVERIFY(!averagePrecision({0, 0}, {0.2, 0.3}).has_value());
    // Binary probabilities use column 1.
    near(*rocAucMulti({0, 1}, {{0.8, 0.2}, {0.3, 0.7}}), 1.0);
}

void TestMetrics::ece()
{
    // Confidences .9 (right), .75 (right), .7 (wrong), .62 (wrong), .92 (wrong).
    // 15 bins: .9 and .92 share bin 13 (mean conf .91, acc .5); others alone.
    // ECE = 2/5*|.5-.91| + 1/5*(.25 + .7 + .62) = .164 + .314 = .478
    const std::vector<int> y = {0, 1, 0, 1, 1};
    const std::vector<std::vector<double>> p = {{.9, .1}, {.25, .75}, {.3, .7}, {.62, .38}, {.92, .08}};
    near(expectedCalibrationError(y, p, 15), 0.478, 1e-12);
    near(expectedCalibrationError({}, {}, 15), 0.0);
    // Perfectly calibrated one-hot predictions.
    near(expectedCalibrationError({0, 1}, {{1, 0}, {0, 1}}, 15), 0.0);
}

void TestMetrics::regression()
{
    const auto r = regressionMetrics({3, -0.5, 2, 7}, {2.5, 0, 2, 8});
    near(r.mse, 0.375);
    near(r.mae, 0.5);
    // ss_res 1.5, mean 2.875, ss_tot 29.1875 -> 1 - 1.5/29.1875
    near(r.r2, 1 - 1.5 / 29.1875);
    QCOMPARE(r.n, std::int64_t(4));
}

void TestMetrics::epochMetricsJsonRoundTrip()
{
    EpochMetrics m;
    m.epoch = 3;
    m.task = "style";
    m.kind = "multiclass";
    m.mode = "lora";
    m.trainLoss = 0.5;
    m.devLoss = 0.7;
    m.report = classificationReport({0, 1, 1}, {0, 1, 0}, {"neg", "pos"});
    m.auc = 0.75;
    m.confusion = confusionMatrix({0, 1, 1}, {0, 1, 0}, 2);
    m.ece = 0.1;
    m.temperature = 1.5;
    BaselineMetrics b;
    b.report = classificationReport({0, 1, 1}, {1, 1, 1}, {"neg", "pos"});
    m.baseline = b;
    m.examplesPerSec = 1234;
    const auto j = m.toJson();
    const auto back = EpochMetrics::fromJson(nlohmann::json::parse(j.dump()));
    QCOMPARE(back.toJson().dump(), j.dump());
    QVERIFY(!back.prAuc.has_value());
    QVERIFY(back.baseline && back.baseline->report);
    const std::string text = back.formatReport();
    QVERIFY(text.find("zero-shot") != std::string::npos);
    QVERIFY(text.find("baseline-f1") != std::string::npos);
    QVERIFY(back.formatLine().find("macro_f1") != std::string::npos);
    // Tolerant of missing keys.
    QCOMPARE(EpochMetrics::fromJson(nlohmann::json::object()).epoch, 0);
    QVERIFY(EpochMetrics::fromJson(nlohmann::json::object()).stage == MetricsStage::Train);
    // The stage: one stored text each, read back to the same stage and name.
    const std::pair<MetricsStage, std::string> stages[] = {{MetricsStage::Train, ""},
                                                           {MetricsStage::Member, "2/3"},
                                                           {MetricsStage::Ensemble, ""},
                                                           {MetricsStage::Candidate, "encoder + neighbours"}};
    for (const auto &[stage, name] : stages) {
        m.stage = stage;
        m.stageName = name;
        const auto read = EpochMetrics::fromJson(nlohmann::json::parse(m.toJson().dump()));
        QVERIFY(read.stage == stage);
        QCOMPARE(read.stageName, name);
    }
    QCOMPARE(m.toJson()["stage"].get<std::string>(), std::string("candidate: encoder + neighbours"));
    QVERIFY(m.formatLine().rfind("candidate 3 encoder + neighbours  cv_score", 0) == 0);
    nlohmann::json odd = j;
    odd["stage"] = "contrastive";   // never written; reads as a training epoch
    QVERIFY(EpochMetrics::fromJson(odd).stage == MetricsStage::Train);
}

static void sameVector(const std::vector<double> &a, const std::vector<double> &b)
{
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        near(a[i], b[i], 1e-12);
}

// A tuned run below its zero-shot baseline, or below chance, says so; auto mode
// (cross-validated, the prototype among its candidates) and a run above both do not.
void TestMetrics::belowBaselineNote()
{
    EpochMetrics m;
    m.mode = "head";
    m.devCount = 8;
    m.report = classificationReport({0, 0, 1, 1}, {0, 1, 0, 1}, {"0", "1"});   // macro-F1 0.5
    m.auc = 0.6;
    BaselineMetrics b;
    b.report = classificationReport({0, 0, 1, 1}, {0, 0, 0, 1}, {"0", "1"});   // 0.733
    m.baseline = b;
    const std::string note = m.belowBaselineNote();
    QVERIFY2(note.find("macro-F1 0.500 against the zero-shot baseline's 0.733") != std::string::npos, note.c_str());
    QVERIFY(note.find("dev set of 8 items") != std::string::npos);
    m.baseline->report = classificationReport({0, 0, 1, 1}, {1, 1, 1, 1}, {"0", "1"});   // 0.333
    QVERIFY(m.belowBaselineNote().empty());
    m.auc = 0.375;
    QVERIFY(m.belowBaselineNote().find("AUC 0.375, below chance") != std::string::npos);
    m.mode = "auto";
    QVERIFY(m.belowBaselineNote().empty());
}

void TestMetrics::rocAndPrCurves()
{
    // y 0 0 1 1, scores .1 .4 .35 .8 (scikit-learn's roc_curve example,
    // drop_intermediate=False). Thresholds high to low: .8 (pos) -> tp 1 fp 0;
    // .4 (neg) -> 1,1; .35 (pos) -> 2,1; .1 (neg) -> 2,2.
    const std::vector<int> y = {0, 0, 1, 1};
    const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
    const Curve roc = rocCurve(y, s);
    sameVector(roc.x, {0, 0, 0.5, 0.5, 1});
    sameVector(roc.y, {0, 0.5, 0.5, 1, 1});
    QVERIFY(roc.auc);
    near(*roc.auc, 0.75);
    QCOMPARE(roc.positives, std::int64_t(2));
    // PR: (recall, precision) after (0, 1): 1/1, 1/2, 2/3, 2/4.
    const Curve pr = precisionRecallCurve(y, s);
    sameVector(pr.x, {0, 0.5, 0.5, 1, 1});
    sameVector(pr.y, {1, 1, 0.5, 2.0 / 3, 0.5});
    near(*pr.auc, 0.5 * 1 + 0.5 * 2.0 / 3);   // = averagePrecision
    near(*pr.auc, *averagePrecision(y, s));

    // Ties share one threshold: y 1 0 1 0, scores .5 .5 .9 .1.
    const Curve tied = rocCurve({1, 0, 1, 0}, {0.5, 0.5, 0.9, 0.1});
    sameVector(tied.x, {0, 0, 0.5, 1});
    sameVector(tied.y, {0, 0.5, 1, 1});
    const Curve tiedPr = precisionRecallCurve({1, 0, 1, 0}, {0.5, 0.5, 0.9, 0.1});
    sameVector(tiedPr.x, {0, 0.5, 1, 1});
    sameVector(tiedPr.y, {1, 1, 2.0 / 3, 0.5});

    // Undefined: ROC needs both classes, PR needs a positive.
    QVERIFY(rocCurve({1, 1}, {0.2, 0.3}).empty());
    QVERIFY(rocCurve({0, 0}, {0.2, 0.3}).empty());
    QVERIFY(precisionRecallCurve({0, 0}, {0.2, 0.3}).empty());
    const Curve allPos = precisionRecallCurve({1, 1}, {0.2, 0.3});
    sameVector(allPos.x, {0, 0.5, 1});
    sameVector(allPos.y, {1, 1, 1});
    QVERIFY(rocCurve({}, {}).empty());
}

void TestMetrics::curvesThinned()
{
    // 9 distinct scores -> 10 ROC points; thinned to 4 keeps indices 0, 3, 6, 9.
    const std::vector<int> y = {1, 0, 1, 0, 1, 0, 1, 0, 0};
    const std::vector<double> s = {9, 8, 7, 6, 5, 4, 3, 2, 1};
    const Curve full = rocCurve(y, s);
    QCOMPARE(full.x.size(), std::size_t(10));
    const Curve thin = rocCurve(y, s, 4);
    QCOMPARE(thin.x.size(), std::size_t(4));
    for (std::size_t i = 0; i < 4; ++i) {
        near(thin.x[i], full.x[i * 3]);
        near(thin.y[i], full.y[i * 3]);
    }
    near(thin.x.front(), 0);
    near(thin.y.back(), 1);
    near(*thin.auc, *full.auc);   // the area is of the full curve
    // Default: at most 100 points however many items.
    std::vector<int> yy;
    std::vector<double> ss;
    for (int i = 0; i < 1000; ++i) {
        yy.push_back(i % 3 == 0);
        ss.push_back(i * 0.001);
    }
    QVERIFY(rocCurve(yy, ss).x.size() <= 100);
    QVERIFY(precisionRecallCurve(yy, ss).x.size() <= 100);
}

void TestMetrics::curvesOneVsRest()
{
    // Binary probabilities: one curve, of class 1, named by its label.
    const auto bin = rocCurvesMulti({0, 1}, {{0.8, 0.2}, {0.3, 0.7}}, {"no", "yes"});
    QCOMPARE(bin.size(), std::size_t(1));
    QCOMPARE(bin[0].label, std::string("yes"));
    sameVector(bin[0].x, {0, 0, 1});
    sameVector(bin[0].y, {0, 1, 1});
    // Three classes, class "c" absent from y: one-vs-rest curves for a and b only.
    const std::vector<int> y = {0, 1, 0, 1};
    const std::vector<std::vector<double>> p = {{.6, .3, .1}, {.2, .7, .1}, {.3, .5, .2}, {.5, .4, .1}};
    const auto roc = rocCurvesMulti(y, p, {"a", "b", "c"});
    QCOMPARE(roc.size(), std::size_t(2));
    QCOMPARE(roc[0].label, std::string("a"));
    QCOMPARE(roc[1].label, std::string("b"));
    // class a, scores .6 .2 .3 .5 with positives at .6 and .3:
    // .6 pos -> (0, .5); .5 neg -> (.5, .5); .3 pos -> (.5, 1); .2 neg -> (1, 1)
    sameVector(roc[0].x, {0, 0, 0.5, 0.5, 1});
    sameVector(roc[0].y, {0, 0.5, 0.5, 1, 1});
    near(*roc[0].auc, 0.75);
    const auto pr = precisionRecallCurvesMulti(y, p, {"a", "b", "c"});
    QCOMPARE(pr.size(), std::size_t(2));   // no curve for a class without positives
    sameVector(pr[0].x, {0, 0.5, 0.5, 1, 1});
    sameVector(pr[0].y, {1, 1, 0.5, 2.0 / 3, 0.5});
    // Missing labels: "class c" names.
    QCOMPARE(rocCurvesMulti(y, p, {})[1].label, std::string("class 1"));
    QVERIFY(rocCurvesMulti({}, {}, {}).empty());
}

void TestMetrics::curvesJson()
{
    EpochMetrics m;
    m.epoch = 2;
    m.roc = {rocCurve({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8})};
    m.pr = {precisionRecallCurve({0, 0, 1, 1}, {0.1, 0.4, 0.35, 0.8})};
    m.roc[0].label = "yes";
    BaselineMetrics b;
    b.roc = m.roc;
    m.baseline = b;
    const auto j = m.toJson();
    const auto back = EpochMetrics::fromJson(nlohmann::json::parse(j.dump()));
    QCOMPARE(back.toJson().dump(), j.dump());
    QCOMPARE(back.roc.size(), std::size_t(1));
    QCOMPARE(back.roc[0].label, std::string("yes"));
    sameVector(back.roc[0].y, {0, 0.5, 0.5, 1, 1});
    near(*back.roc[0].auc, 0.75);
    sameVector(back.pr[0].y, {1, 1, 0.5, 0.6667, 0.5});   // stored to 4 decimals
    QCOMPARE(back.baseline->roc.size(), std::size_t(1));
    // JSON written before the curves existed still loads, without curves.
    nlohmann::json old = j;
    old.erase("roc_curves");
    old.erase("pr_curves");
    old["baseline"].erase("roc_curves");
    const auto legacy = EpochMetrics::fromJson(old);
    QCOMPARE(legacy.epoch, 2);
    QVERIFY(legacy.roc.empty() && legacy.pr.empty());
    QVERIFY(legacy.baseline && legacy.baseline->roc.empty());
    // Malformed entries are tolerated.
    old["roc_curves"] = nlohmann::json::array({1, nlohmann::json::object({{"x", {0, 1}}, {"y", {0}}})});
    const auto odd = EpochMetrics::fromJson(old);
    QCOMPARE(odd.roc.size(), std::size_t(1));
    QCOMPARE(odd.roc[0].x.size(), std::size_t(1));
}

DEBUT_TEST_MAIN(TestMetrics, "test_metrics", None)

#include "test_metrics.moc"
