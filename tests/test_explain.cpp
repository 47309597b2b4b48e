// Explanations (why an item ranks where it does) and label-next suggestions.
//   Part 1: the algorithms against small test-local scorers (exact answers).
//   Part 2: a model trained on the sample data through the façades:
//           IG completeness, edge cases, explain --top, suggest.
// The deletion test lives in test_explain_deletion.cpp (its own time budget).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include "common/error.h"
#include "explain/explanation.h"
#include "explain/fields.h"
#include "explain/integratedgradients.h"
#include "explain/modelscorer.h"
#include "explain/neighbours.h"
#include "explain/occlusion.h"
#include "explain/words.h"
#include "project/recommend.h"
#include "rank/suggest.h"
#include "store/runstore.h"
#include "train/classifier.h"

#include "explaintestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

// Additive scorer: score = sum of the weights of the words present (title and
// description) + brand bonus + price term. Occlusion must recover the weights exactly.
class AdditiveScorer : public Scorer {
public:
    std::map<std::string, double> weights;
    std::map<std::string, double> brandBonus;
    double pricePerUnit = 0;
    std::optional<std::size_t> visible;
    int calls = 0;

    std::vector<double> score(const std::vector<ItemRecord> &items) override
    {
        ++calls;
        std::vector<double> out;
        for (const auto &it : items) {
            double s = 0;
            for (const std::string *f : {&it.title, &it.description})
                for (const auto &w : splitWords(*f)) {
                    auto k = weights.find(f->substr(w.begin, w.end - w.begin));
                    if (k != weights.end())
                        s += k->second;
                }
            auto b = brandBonus.find(it.brand);
            if (b != brandBonus.end())
                s += b->second;
            if (it.price)
                s += pricePerUnit * *it.price;
            out.push_back(s);
        }
        return out;
    }
    std::optional<std::size_t> visibleTextBytes(const ItemRecord &) const override { return visible; }
    std::optional<bool> knowsValue(const std::string &field, const std::string &value) const override
    {
        if (field == "brand")
            return brandBonus.count(value) > 0;
        return std::nullopt;
    }
};

// A small differentiable scorer with a real gradient path: words -> ids, a fixed
// random embedding table, score = sigmoid(w . tanh(mean of masked embeddings) + b).
class TinyTorchScorer : public Scorer {
public:
    TinyTorchScorer()
    {
        torch::manual_seed(7);
        m_table = torch::randn({64, 8});
        m_w = torch::randn({8}) * 2;
    }
    std::vector<double> score(const std::vector<ItemRecord> &items) override
    {
        torch::NoGradGuard g;
        std::vector<double> out;
        for (const auto &it : items) {
            Encoding e = encodeText(it);
            std::vector<std::int64_t> ids(e.ids.begin(), e.ids.end());
            auto t = torch::tensor(ids, torch::kLong).view({1, -1});
            out.push_back(scoreEmbedded(embedTokens(t), torch::ones_like(t, torch::kBool), it)[0].item<double>());
        }
        return out;
    }
    bool hasGradients() const override { return true; }
    Encoding encodeText(const ItemRecord &item) const override
    {
        const std::string text = itemText(item);
        Encoding e;
        e.ids.push_back(1);   // [CLS]
        e.offsets.push_back({0, 0});
        for (const auto &w : splitWords(text)) {
            e.ids.push_back(2 + std::int32_t(std::hash<std::string>()(text.substr(w.begin, w.end - w.begin)) % 62));
            e.offsets.push_back({std::uint32_t(w.begin), std::uint32_t(w.end)});
        }
        return e;
    }
    std::int32_t padId() const override { return 0; }
    torch::Tensor embedTokens(const torch::Tensor &ids) override
    {
        return m_table.index_select(0, ids.reshape({-1})).view({ids.size(0), ids.size(1), 8});
    }
    torch::Tensor scoreEmbedded(const torch::Tensor &emb, const torch::Tensor &mask, const ItemRecord &) override
    {
        const auto m = mask.to(torch::kFloat).unsqueeze(-1);
        const auto pooled = (emb * m).sum(1) / m.sum(1).clamp_min(1);
        return torch::sigmoid(torch::mv(torch::tanh(pooled), m_w) + 0.1).to(torch::kDouble);
    }

private:
    torch::Tensor m_table, m_w;
};

ItemRecord makeItem(std::string id, std::string title, std::string desc, std::optional<double> price = {},
                    std::string brand = {}, std::string category = {})
{
    ItemRecord r;
    r.id = std::move(id);
    r.title = std::move(title);
    r.description = std::move(desc);
    r.price = price;
    r.brand = std::move(brand);
    r.category = std::move(category);
    return r;
}

// Prints how long a test step took (information only; never asserted).
struct StepTimer {
    const char *name;
    QElapsedTimer t;
    explicit StepTimer(const char *n) : name(n) { t.start(); }
    ~StepTimer() { qInfo("%s took %lld ms", name, (long long)t.elapsed()); }
};

const WordAttribution *findWord(const Explanation &e, const std::string &text, const std::string &field)
{
    for (const auto &w : e.words)
        if (w.text == text && w.field == field)
            return &w;
    return nullptr;
}

}   // namespace

class TestExplain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- words ----------------------------------------------------------------
    void words_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("latin") << "Waterproof rain-jacket, 3.5 kg!"
                               << QStringList{"Waterproof", "rain-jacket", "3.5", "kg"};
        QTest::newRow("apostrophe") << "Kid's  boots (new)" << QStringList{"Kid's", "boots", "new"};
        QTest::newRow("cjk per char") << QString::fromUtf8("防水冲锋衣，男款")
                                      << QString::fromUtf8("防,水,冲,锋,衣,男,款").split(',');
        QTest::newRow("mixed") << QString::fromUtf8("Acme防水jacket")
                               << QString::fromUtf8("Acme,防,水,jacket").split(',');
        QTest::newRow("accents") << QString::fromUtf8("Café crème") << QString::fromUtf8("Café,crème").split(',');
        QTest::newRow("punct only") << " ... , ; " << QStringList{};
        QTest::newRow("empty") << "" << QStringList{};
    }
    void words()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        const std::string s = text.toStdString();
        QStringList got;
        for (const auto &w : splitWords(s))
            got << QString::fromStdString(s.substr(w.begin, w.end - w.begin));
        QCOMPARE(got, words);
    }
    void removeSpanKeepsSpacing()
    {
        QCOMPARE(QString::fromStdString(removeSpan("a b c", 2, 3)), QStringLiteral("a c"));
        QCOMPARE(QString::fromStdString(removeSpan("a b c", 0, 1)), QStringLiteral("b c"));
        QCOMPARE(QString::fromStdString(removeSpan("a b c", 4, 5)), QStringLiteral("a b"));
        QCOMPARE(QString::fromStdString(removeSpan("ab", 0, 2)), QString());
        QCOMPARE(QString::fromStdString(removeSpan("防水", 0, 3)), QString::fromUtf8("水"));
    }

    // ---- occlusion ------------------------------------------------------------
    void occlusionAdditiveExact()
    {
        AdditiveScorer s;
        s.weights = {{"waterproof", 0.5}, {"cheap", -0.25}, {"jacket", 0.125}, {"防", 0.0625}};
        const ItemRecord item = makeItem("A", "Waterproof jacket", "A cheap, waterproof 防水 shell");
        s.weights["Waterproof"] = 0.5;
        const Explanation e = Occlusion::explain(s, item);
        QCOMPARE(s.calls, 1);   // all variants in ONE batch
        QCOMPARE(std::string(explainMethodName(e.method)), std::string("occlusion"));
        QCOMPARE(e.score, 0.5 + 0.125 - 0.25 + 0.5 + 0.0625);
        QCOMPARE(int(e.words.size()), 2 + 6);
        const auto *w = findWord(e, "waterproof", "description");
        QVERIFY(w);
        QCOMPARE(w->weight, 0.5);
        QCOMPARE(item.description.substr(w->begin, w->end - w->begin), std::string("waterproof"));
        QCOMPARE(findWord(e, "cheap", "description")->weight, -0.25);
        QCOMPARE(findWord(e, "jacket", "title")->weight, 0.125);
        QCOMPARE(findWord(e, "防", "description")->weight, 0.0625);
        QCOMPARE(findWord(e, "shell", "description")->weight, 0.0);
        QCOMPARE(QString::fromStdString(e.reasons(3, 1)),
                 QString::fromUtf8("+ 'Waterproof', + 'waterproof', + 'jacket', \u2212 'cheap'"));
    }

    void occlusionSkipsUnreadWords()
    {
        AdditiveScorer s;
        s.weights = {{"late", 1.0}};
        const ItemRecord item = makeItem("B", "Short title", "early words then late");
        std::size_t titleEnd = 0, descBegin = 0;
        itemText(item, &titleEnd, &descBegin);
        s.visible = descBegin + 5;   // the model reads "early" only
        const Explanation e = Occlusion::explain(s, item);
        QVERIFY(!findWord(e, "late", "description"));
        QVERIFY(findWord(e, "early", "description"));
        bool noted = false;
        for (const auto &n : e.notes)
            noted = noted || n.text.find("not occluded") != std::string::npos;
        QVERIFY(noted);
    }

    void edgeCasesSayWhatWasDone_data()
    {
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("note");
        QTest::newRow("empty description") << ""
                                           << "description empty: explained the title only";
        QTest::newRow("punctuation only") << " -- "
                                          << "description has no words";
    }
    void edgeCasesSayWhatWasDone()
    {
        QFETCH(QString, description);
        QFETCH(QString, note);
        AdditiveScorer s;
        s.weights = {{"boot", 0.3}};
        const Explanation e = Occlusion::explain(s, makeItem("C", "Hiking boot", description.toStdString()));
        QCOMPARE(findWord(e, "boot", "title")->weight, 0.3);
        bool found = false;
        for (const auto &n : e.notes)
            found = found || n.text.find(note.toStdString()) != std::string::npos;
        QVERIFY2(found, note.toUtf8().constData());
    }

    void longDescription()
    {
        AdditiveScorer s;
        s.weights = {{"alpha", 0.2}};
        std::string desc;
        while (desc.size() < 5000)
            desc += "alpha beta gamma ";
        desc.resize(5000);
        const Explanation e = Occlusion::explain(s, makeItem("D", "Item", desc));
        QCOMPARE(s.calls, 1);
        QVERIFY(e.words.size() <= 513);   // capped at maxWords (+ title)
        bool capped = false;
        for (const auto &n : e.notes)
            capped = capped || n.text.find("beyond the first") != std::string::npos;
        QVERIFY(capped);
        QCOMPARE(findWord(e, "alpha", "description")->weight, 0.2);
    }

    // ---- fields ---------------------------------------------------------------
    void fieldContributions()
    {
        AdditiveScorer s;
        s.brandBonus = {{"Acme", 0.4}};
        s.pricePerUnit = -0.01;
        Explanation e;
        FieldAblation::explain(s, makeItem("E", "Thing", "", 20.0, "Acme", "outdoor"), e);
        QCOMPARE(int(e.fields.size()), 3);
        QCOMPARE(e.fields[0].field, std::string("price"));
        QVERIFY(std::fabs(e.fields[0].delta - (-0.2)) < 1e-12);
        QCOMPARE(e.fields[1].field, std::string("brand"));
        QVERIFY(std::fabs(e.fields[1].delta - 0.4) < 1e-12);
        QCOMPARE(e.fields[2].delta, 0.0);
        e.words.push_back({"title", 0, 5, "Thing", 0.0});
        QCOMPARE(QString::fromStdString(e.reasons()), QString::fromUtf8("+ brand Acme, \u2212 price"));

        // Unknown brand, missing price: works and says so.
        Explanation u;
        FieldAblation::explain(s, makeItem("F", "Thing", "", std::nullopt, "Zorblax"), u);
        QCOMPARE(int(u.fields.size()), 1);
        QCOMPARE(u.fields[0].delta, 0.0);
        bool unseen = false, noPrice = false;
        for (const auto &n : u.notes) {
            unseen = unseen || n.text.find("'Zorblax' was not seen in training") != std::string::npos;
            noPrice = noPrice || n.text.find("price missing") != std::string::npos;
        }
        QVERIFY(unseen);
        QVERIFY(noPrice);
    }

    // ---- integrated gradients -------------------------------------------------
    void igCompletenessTinyModel()
    {
        TinyTorchScorer s;
        const ItemRecord item = makeItem("G", "Waterproof hiking jacket", "Light, packable shell for rainy days");
        const Explanation e = IntegratedGradients::explain(s, item);
        QVERIFY(e.completenessError.has_value());
        qInfo("tiny model IG completeness error: %.4f%% (%d steps)", 100 * *e.completenessError, e.steps);
        QVERIFY(*e.completenessError < 0.05);
        QVERIFY(std::fabs(e.score - s.score({item})[0]) < 1e-6);
        double sum = 0;
        for (const auto &w : e.words)
            sum += w.weight;
        QVERIFY(std::fabs(sum - (e.score - *e.baselineScore)) <= 0.05 * std::fabs(e.score - *e.baselineScore) + 1e-6);
        QVERIFY(findWord(e, "packable", "description"));
        // Needs a gradient path.
        AdditiveScorer plain;
        QVERIFY_EXCEPTION_THROWN(IntegratedGradients::explain(plain, item), Error);
    }

    // ---- explanation JSON ------------------------------------------------------
    void jsonRoundTrip()
    {
        Explanation e;
        e.itemId = "X-1";
        e.itemRowid = 7;
        e.runId = 3;
        e.method = ExplainMethod::IntegratedGradients;
        e.target = "1";
        e.score = 0.8;
        e.baselineScore = 0.3;
        e.completenessError = 0.01;
        e.steps = 24;
        e.words = {{"title", 0, 6, "防水", 0.2}, {"description", 4, 9, "cheap", -0.1}};
        e.fields = {{"brand", "Acme", "unseen", 0.05}};
        e.neighbours = {{"Y-2", "Rain coat", "1", "students", 0.93}};
        e.notes = {ExplanationNote::make("description_empty"), ExplanationNote::make("brand_unseen", {"Acme"}),
                   ExplanationNote(std::string("free text"))};
        const Explanation r = Explanation::fromJson(e.toJson());
        QCOMPARE(r.toJson(), e.toJson());
        QCOMPARE(r.notes[1].code, std::string("brand_unseen"));
        QCOMPARE(r.notes[1].args, std::vector<std::string>{"Acme"});
        QCOMPARE(r.notes[1].text, std::string("brand 'Acme' was not seen in training: the model treats it as unknown"));
        QCOMPARE(r.notes[2].code, std::string());
        // A project from before note codes: the English text, no code.
        const Explanation old = Explanation::fromJson(
            R"({"item_id":"X","method":"occlusion","score":0.5,"notes":["description empty: explained the title only"]})");
        QCOMPARE(int(old.notes.size()), 1);
        QCOMPARE(old.notes[0].code, std::string());
        QCOMPARE(old.notes[0].text, std::string("description empty: explained the title only"));
        QCOMPARE(r.words[0].text, std::string("防水"));
        QCOMPARE(*r.completenessError, 0.01);
        QVERIFY_EXCEPTION_THROWN(Explanation::fromJson("{not json"), Error);
        // A method Debut does not know is an error, not a silently different explanation.
        QVERIFY_EXCEPTION_THROWN(Explanation::fromJson(R"({"item_id":"X","method":"magic","score":0.5})"), Error);
        QCOMPARE(parseExplainMethod("ig"), std::optional<ExplainMethod>(ExplainMethod::IntegratedGradients));
        QVERIFY(!parseExplainMethod("IG"));
    }

    // Every note code has an English sentence whose %1..%n take exactly the
    // arguments the code is given; an argument holding "%2" is not substituted again.
    void noteTemplates()
    {
        QVERIFY(ExplanationNote::codes().size() >= 20);
        for (const auto &code : ExplanationNote::codes()) {
            const std::string tmpl = ExplanationNote::englishTemplate(code);
            QVERIFY2(!tmpl.empty(), code.c_str());
            const ExplanationNote n = ExplanationNote::make(code, {"A", "B", "C", "D"});
            QVERIFY2(n.text.find("%1") == std::string::npos && n.text.find("%2") == std::string::npos, code.c_str());
        }
        QCOMPARE(ExplanationNote::make("occlusion_capped", {"%2", "512"}).text,
                 std::string("%2 word(s) beyond the first 512 were not occluded"));
        QVERIFY_EXCEPTION_THROWN(ExplanationNote::make("no_such_note"), std::logic_error);
    }

    // ---- neighbours & suggestions ----------------------------------------------
    void neighbours()
    {
        const auto labelled = torch::tensor({1.0f, 0.0f, 0.0f, 1.0f, 0.7f, 0.7f}).view({3, 2});
        std::vector<NeighbourItem> meta = {{"a", "A", "1", "", 0}, {"b", "B", "0", "", 0}, {"c", "C", "1", "", 0}};
        const auto n = Neighbours::nearest(torch::tensor({1.0f, 0.1f}), labelled, meta, 2);
        QCOMPARE(int(n.size()), 2);
        QCOMPARE(n[0].itemId, std::string("a"));
        QCOMPARE(n[1].itemId, std::string("c"));
        QVERIFY(n[0].similarity > n[1].similarity);
        QCOMPARE(Neighbours::nearest(torch::tensor({1.0f, 0.1f}), labelled, meta, 3, "a")[0].itemId, std::string("c"));
    }

    void suggestionsAreUncertainAndDiverse()
    {
        // Four near-duplicates that are the most uncertain, and two distinct items.
        std::vector<SuggestCandidate> c;
        std::vector<float> emb;
        for (int i = 0; i < 4; ++i) {
            c.push_back({i + 1, "dup" + std::to_string(i), "Duplicate", "", "1", 0.5, 0.99 - 0.001 * i});
            emb.insert(emb.end(), {1.0f, 0.01f * float(i), 0.0f});
        }
        c.push_back({5, "other", "Other", "", "0", 0.3, 0.9});
        emb.insert(emb.end(), {0.0f, 1.0f, 0.0f});
        c.push_back({6, "sure", "Sure", "", "0", 0.01, 0.05});
        emb.insert(emb.end(), {0.0f, 0.0f, 1.0f});
        const auto E = torch::tensor(emb).view({6, 3});
        const auto picks = Suggester::pick(c, E, torch::Tensor(), {}, 2);
        QCOMPARE(int(picks.size()), 2);
        QCOMPARE(picks[0].item.itemId, std::string("dup0"));
        QCOMPARE(picks[1].item.itemId, std::string("other"));   // not another duplicate
        QVERIFY(!picks[1].reason.empty());
        // A labelled item next to the duplicates pushes them down.
        const auto lab = torch::tensor({1.0f, 0.0f, 0.0f}).view({1, 3});
        const auto picks2 = Suggester::pick(c, E, lab, {"Labelled dup"}, 1);
        QCOMPARE(picks2[0].item.itemId, std::string("other"));
    }

    // ---- part 2: a model trained on the sample data ----------------------------
    void trainedInit()
    {
        StepTimer timer("trainedInit");
        m_project = testutil::makeTrainedProject("test_explain");
        DEBUT_REQUIRE_TRAINED_PROJECT(m_project);
        m_store = ProjectStore::open(m_project.path);
        for (const auto &row : m_store.allItems())
            m_items.push_back(row);
        std::set<std::int64_t> labelled;
        for (const auto &l : m_store.labels(m_store.task("style")->id))
            labelled.insert(l.itemRowid);
        for (const auto &row : m_items)
            if (!labelled.count(row.rowid) && m_unlabelled.size() < 50)
                m_unlabelled.push_back(row);
        QCOMPARE(int(m_unlabelled.size()), 50);
    }

    void igCompletenessTrained()
    {
        StepTimer timer("igCompletenessTrained");
        if (m_project.path.empty())
            QSKIP("no trained project");
        // The multi-class model: its scores move well away from the baseline, so the
        // relative error measures the integration, not float32 noise on a tiny
        // difference (the few-label binary model's scores sit near 0.5).
        Classifier model = loadRunClassifier(m_store, m_project.styleRun);
        double worst = 0, total = 0;
        const int n = 5;
        for (int i = 0; i < n; ++i) {
            const ItemRecord &item = m_unlabelled[std::size_t(i)].item;
            ModelScorer scorer(model, "", model->score({item}, {""}).predicted.at(0));
            const Explanation e = IntegratedGradients::explain(scorer, item);
            qInfo("item %s: f(x) %.4f, f(baseline) %.4f, completeness error %.3f%% (%d steps)", item.id.c_str(),
                  e.score, *e.baselineScore, 100 * *e.completenessError, e.steps);
            QVERIFY(e.completenessError.has_value());
            QVERIFY(std::fabs(e.score - scorer.score({item})[0]) < 1e-4);
            worst = std::max(worst, *e.completenessError);
            total += *e.completenessError;
        }
        qInfo("IG completeness error on the trained model: mean %.3f%%, worst %.3f%% over %d items", 100 * total / n,
              100 * worst, n);
        QVERIFY(worst < 0.05);
    }

    void edgeCasesThroughFacade_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("brand");
        QTest::addColumn<bool>("withPrice");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("note");
        QTest::newRow("empty description") << "EDGE-1"
                                           << "Waterproof trail jacket"
                                           << ""
                                           << "Velette" << true << "occlusion"
                                           << "description empty: explained the title only";
        QTest::newRow("5000-char description")
            << "EDGE-2"
            << "Merino wool sweater" << QString("Soft merino wool knit for cold days. ").repeated(135).left(5000)
            << "Tamora" << true << "occlusion"
            << "the model reads the description only up to byte";
        QTest::newRow("5000-char description ig")
            << "EDGE-2"
            << "Merino wool sweater" << QString("Soft merino wool knit for cold days. ").repeated(135).left(5000)
            << "Tamora" << true << "ig"
            << "get no attribution";
        QTest::newRow("unknown brand") << "EDGE-3"
                                       << "Classic leather boots"
                                       << "Hand-stitched soles."
                                       << "Zorblax Unseen" << true << "occlusion"
                                       << "'Zorblax Unseen' was not seen in training";
        QTest::newRow("title only") << "EDGE-4"
                                    << "Sporty running shorts"
                                    << ""
                                    << "" << false << "ig"
                                    << "price missing: no price contribution";
    }
    void edgeCasesThroughFacade()
    {
        StepTimer timer("edgeCasesThroughFacade");
        if (m_project.path.empty())
            QSKIP("no trained project");
        QFETCH(QString, id);
        QFETCH(QString, title);
        QFETCH(QString, description);
        QFETCH(QString, brand);
        QFETCH(bool, withPrice);
        QFETCH(QString, method);
        QFETCH(QString, note);
        ItemRecord item = makeItem(id.toStdString(), title.toStdString(), description.toStdString(),
                                   withPrice ? std::optional<double>(49.99) : std::nullopt, brand.toStdString());
        m_store.upsertItem(item, DuplicatePolicy::Update);
        ExplainRequest req;
        req.task = "style";
        req.itemId = item.id;
        req.method = *parseExplainMethod(method.toStdString());
        const ExplainResult r = explainItem(m_project.path, req);
        QVERIFY2(r.status.ok(), r.status.message.c_str());
        const Explanation &e = r.explanation;
        QVERIFY(!e.words.empty());
        for (const auto &w : e.words) {
            const std::string &f = w.field == "title" ? item.title : item.description;
            QVERIFY(w.end <= f.size());
            QCOMPARE(f.substr(w.begin, w.end - w.begin), w.text);
        }
        QCOMPARE(int(e.neighbours.size()), 5);
        bool found = false;
        std::string all;
        for (const auto &n : e.notes) {
            found = found || n.text.find(note.toStdString()) != std::string::npos;
            all += n.text + " | ";
        }
        QVERIFY2(found, all.c_str());
        if (e.completenessError)
            QVERIFY(*e.completenessError < 0.05);
        // Stored per run and item, and it round-trips.
        RunStore runs(m_store.db());
        const auto stored = runs.explanation(r.runId, *m_store.rowidOf(item.id), explainMethodName(req.method));
        QVERIFY(stored.has_value());
        QCOMPARE(Explanation::fromJson(*stored).toJson(), e.toJson());
    }

    void explainTopAndSuggest()
    {
        StepTimer timer("explainTopAndSuggest");
        if (m_project.path.empty())
            QSKIP("no trained project");
        const ExplainTopResult top = explainTop(m_project.path, "bought", 3, ExplainMethod::Occlusion, "students");
        QVERIFY2(top.status.ok(), top.status.message.c_str());
        QCOMPARE(int(top.explained), 3);
        const SuggestResult s = suggestLabels(m_project.path, "bought", 5);
        QVERIFY2(s.status.ok(), s.status.message.c_str());
        QCOMPARE(int(s.suggestions.size()), 5);
        std::set<std::string> ids;
        const auto task = m_store.task("bought");
        std::set<std::int64_t> labelled;
        for (const auto &l : m_store.labels(task->id))
            labelled.insert(l.itemRowid);
        for (const auto &x : s.suggestions) {
            ids.insert(x.item.itemId);
            QVERIFY(!labelled.count(x.item.rowid));
            QVERIFY(!x.reason.empty());
        }
        QCOMPARE(int(ids.size()), 5);
        // Unknown task / item: a user error naming it, never a throw.
        ExplainRequest bad;
        bad.task = "style";
        bad.itemId = "NO-SUCH-ITEM";
        const ExplainResult r = explainItem(m_project.path, bad);
        QCOMPARE(r.status.code, StatusCode::UserError);
        QVERIFY(r.status.message.find("NO-SUCH-ITEM") != std::string::npos);
        QCOMPARE(suggestLabels(m_project.path, "nope", 3).status.code, StatusCode::UserError);
    }

    void cleanupTestCase()
    {
        m_store.close();
        testutil::removeTrainedProject(m_project);
    }

private:
    testutil::TrainedProject m_project;
    ProjectStore m_store;
    std::vector<ItemRow> m_items, m_unlabelled;
};

DEBUT_TEST_MAIN(TestExplain, "test_explain", None)

#include "test_explain.moc"
