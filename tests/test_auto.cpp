// The auto learner: lexical terms for spaced and unsegmented scripts, the
// segment-aware linear model, the coverage guard, and `--mode auto` end to end
// (segments get their own order, deterministic, picks by cross-validation, a
// Chinese BERT-family folder trains and scores).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest/QtTest>

#include "testmain.h"

#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "models/factory.h"
#include "models/modelpaths.h"
#include "models/scratch.h"
#include "project/training.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "text/lexicon.h"
#include "text/sptokenizer.h"
#include "train/autocv.h"
#include "train/autotrain.h"
#include "train/classifier.h"
#include "train/implicitnegatives.h"
#include "train/linearmodel.h"

#include "scratchtestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

const char *kKitchen[6] = {"pan", "kettle", "skillet", "whisk", "ladle", "knife"};
const char *kOutdoor[6] = {"tent", "trail", "compass", "backpack", "boots", "lantern"};
const char *kFiller[5] = {"classic", "new", "compact", "value", "deluxe"};

// Kitchen and outdoor items; half of them carry a label in two segments with
// opposite tastes ("cooks" bought kitchen items, "campers" outdoor ones).
// Even-numbered items are kitchen items.
std::vector<ItemRecord> segmentCatalogue(int n = 60)
{
    std::mt19937 rng(11);
    std::vector<ItemRecord> items;
    for (int i = 0; i < n; ++i) {
        const bool kitchen = i % 2 == 0;
        const char **words = kitchen ? kKitchen : kOutdoor;
        ItemRecord it;
        it.id = "it" + std::to_string(i);
        it.title = std::string(kFiller[rng() % 5]) + " " + words[rng() % 6] + " " + words[rng() % 6];
        it.description = std::string("a ") + kFiller[rng() % 5] + " " + words[rng() % 6];
        it.price = 10.0 + double(rng() % 50);
        items.push_back(it);
    }
    return items;
}

std::string makeProject(const QTemporaryDir &dir, const std::vector<ItemRecord> &items, bool withScratch)
{
    const std::string path = (dir.path() + "/p.debut").toStdString();
    ProjectStore store = ProjectStore::create(path);
    if (withScratch) {
        std::vector<std::string> texts;
        for (const auto &it : items)
            texts.push_back(itemText(it));
        testutil::ScratchShape shape;
        shape.maxLength = 32;
        const testutil::TinyScratch tiny = testutil::tinyScratch(texts, shape);
        const auto &tok = tiny.tok;
        torch::manual_seed(3);
        auto enc = std::make_shared<ScratchEncoderImpl>(tiny.config, tok);
        RunStore runs(store.db());
        runs.putArtefact(std::nullopt, "pretrained", "pretrained/scratch.pt", enc->saveCheckpoint());
        runs.putArtefact(std::nullopt, "tokenizer", "pretrained/tokenizer.model", tok->serialized());
    }
    Transaction tx(store.db());
    for (const auto &it : items)
        store.upsertItem(it, DuplicatePolicy::Fail, nullptr);
    tx.commit();
    return path;
}

TrainRequest autoRequest(const std::string &task, const std::string &encoder)
{
    TrainRequest r;
    r.task = task;
    r.config = TrainConfig::fromPreset("balanced");
    r.config.mode = TrainMode::Auto;
    r.config.encoder = encoder;
    r.config.threads = 2;
    r.config.device = "cpu";
    r.config.maxLength = 32;
    return r;
}

// Task "kind" (multiclass): the first n items labelled kitchen / outdoor.
void labelKinds(const std::string &path, const std::vector<ItemRecord> &items, int n)
{
    ProjectStore store = ProjectStore::open(path);
    const auto task = store.ensureTask("kind", TaskKind::Multiclass);
    Transaction tx(store.db());
    for (int i = 0; i < n; ++i)
        store.setLabel(task, store.itemById(items[std::size_t(i)].id)->rowid, 1, i % 2 == 0 ? "kitchen" : "outdoor");
    tx.commit();
}

double binaryScore(Classifier &c, const ItemRecord &item, const std::string &segment)
{
    return c->score({item}, {segment}).score.at(0);
}

// Task "bought": the first 24 items labelled in two segments with opposite
// tastes (cooks bought the kitchen items, campers the outdoor ones).
void labelOppositeSegments(const std::string &path, const std::vector<ItemRecord> &items)
{
    ProjectStore store = ProjectStore::open(path);
    const auto task = store.ensureTask("bought", TaskKind::Binary);
    const auto cooks = store.ensureSegment("cooks"), campers = store.ensureSegment("campers");
    Transaction tx(store.db());
    for (int i = 0; i < 24; ++i) {
        const auto row = store.itemById(items[std::size_t(i)].id)->rowid;
        const bool kitchen = i % 2 == 0;
        store.setLabel(task, row, cooks, kitchen ? "1" : "0");
        store.setLabel(task, row, campers, kitchen ? "0" : "1");
    }
    tx.commit();
}

// Items from `first` on: every kitchen item above every outdoor one for cooks,
// the reverse for campers.
bool oppositeOrders(Classifier &c, const std::vector<ItemRecord> &items, int first)
{
    for (int k = first; k < int(items.size()); k += 2)
        for (int o = first + 1; o < int(items.size()); o += 2)
            if (binaryScore(c, items[std::size_t(k)], "cooks") <= binaryScore(c, items[std::size_t(o)], "cooks") ||
                binaryScore(c, items[std::size_t(o)], "campers") <= binaryScore(c, items[std::size_t(k)], "campers"))
                return false;
    return true;
}

}   // namespace

class TestAuto : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lexicalTermsSpacedAndUnsegmented();
    void lexiconRoundTrip();
    void linearModelSegmentsDeviate();
    void oppositeSegmentsGetOppositeOrders();
    void tuningModeSegmentsGetOppositeOrders();
    void sharedPickWithSegments();
    void deterministicAndPicksTheBest();
    void selfTrainingNeverRelabels();
    void coverageGuard();
    void chineseBertFolderTrainsAndScores();
    void neighbourSmoothing();
    void forcedCandidateWithNeighbours();
    void priceAndFieldsOnlyWhereTheyEarn();
    void positiveOnlyLabelsDrawNegatives();
    void smallSegmentsLeanOnShared();
    void largeLogCrossValidatesASample();
    void averageOfTwoIsTheirMean();
    void cancelDuringCrossValidation();
};

void TestAuto::lexicalTermsSpacedAndUnsegmented()
{
    const auto en = lexicalTerms("Waterproof Tent, for 2", "Acme", "Outdoor");
    for (const char *t :
         {"waterproof", "tent", "waterproof tent", "for", "2", "for 2", "brand=acme", "category=outdoor"})
        QVERIFY2(std::find(en.begin(), en.end(), t) != en.end(), t);
    // The comma ends the bigram chain.
    QVERIFY(std::find(en.begin(), en.end(), "tent for") == en.end());
    const auto zh = lexicalTerms("防水帐篷 tent");
    for (const char *t : {"防", "防水", "防水帐", "水帐篷", "篷", "tent"})
        QVERIFY2(std::find(zh.begin(), zh.end(), t) != zh.end(), t);
    QVERIFY(std::find(zh.begin(), zh.end(), "防水帐篷") == zh.end());   // at most 3 characters
    // Korean: character n-grams inside each word, so a word with its particle
    // (가방을) shares terms with the bare word (가방); none crosses the space.
    const auto ko = lexicalTerms("방수 가방을 샀어요 USB케이블");
    for (const char *t : {"방수", "가방", "가방을", "방을", "샀어요", "usb", "케이블", "케이"})
        QVERIFY2(std::find(ko.begin(), ko.end(), t) != ko.end(), t);
    for (const char *t : {"수 가", "수가", "방수 가방을", "을샀"})
        QVERIFY2(std::find(ko.begin(), ko.end(), t) == ko.end(), t);
    // Scheme 1 (lexicons saved before schemes) reads Korean words as words.
    const auto ko1 = lexicalTerms("방수 가방을", {}, {}, 1);
    QVERIFY((ko1 == std::vector<std::string>{"방수", "가방을", "방수 가방을"}));
    // Scheme 3: a spaced word's character 3..5-grams, padded by spaces, so
    // inflected forms share terms; a short word gives itself once; none for
    // Chinese or Korean runs, none crosses a space; scheme 2 has none.
    for (const char *t : {"~ wa", "~ater", "~roof ", "~ te", "~tent ", "~ tent", "~ for ", "~ 2 "})
        QVERIFY2(std::find(en.begin(), en.end(), t) != en.end(), t);
    QCOMPARE(std::count(en.begin(), en.end(), "~ 2 "), std::ptrdiff_t(1));
    QVERIFY(std::find(en.begin(), en.end(), "~t fo") == en.end());
    const auto inflected = lexicalTerms("waterproofed");
    QVERIFY(std::find(inflected.begin(), inflected.end(), "~proof") != inflected.end());
    // " tent ": 4 + 3 + 2 n-grams; the Chinese run gives none.
    QCOMPARE(std::count_if(zh.begin(), zh.end(), [](const std::string &t) { return isSubwordTerm(t); }),
             std::ptrdiff_t(9));
    for (const auto &t : lexicalTerms("Waterproof Tent, for 2", "Acme", "Outdoor", 2))
        QVERIFY2(!isSubwordTerm(t), t.c_str());
}

void TestAuto::lexiconRoundTrip()
{
    std::vector<std::vector<std::string>> docs = {{"a", "b"}, {"a", "c"}, {"a", "b", "b"}};
    Lexicon::FitOptions o;
    o.minDf = 2;
    const Lexicon lex = Lexicon::fit(
        docs.size(), [&](std::size_t i) { return docs[i]; }, o);
    QCOMPARE(int(lex.size()), 2);   // "c" is in one document only
    const SparseVector v = lex.vectorize({"b", "b", "a", "zzz"});
    QCOMPARE(int(v.size()), 2);
    double norm = 0;
    for (auto &e : v)
        norm += double(e.second) * e.second;
    QVERIFY(std::abs(norm - 1.0) < 1e-5);
    const Lexicon back = Lexicon::fromJson(lex.toJson());
    QCOMPARE(back.vectorize({"b", "a"}), lex.vectorize({"b", "a"}));
    QVERIFY_THROWS_EXCEPTION(Error, Lexicon::fromJson(nlohmann::json{{"terms", {"a"}}, {"idf", {1.0, 2.0}}}));

    // A field weight makes brand/category terms a block of their own: text norm 1, field norm w.
    docs = {{"a", "b", "brand=x"}, {"a", "b", "brand=x", "category=y"}, {"a", "category=y"}};
    o.fieldWeight = 0.5;
    const Lexicon blocks = Lexicon::fit(
        docs.size(), [&](std::size_t i) { return docs[i]; }, o);
    QVERIFY(blocks.isField(std::size_t(blocks.find("brand=x"))) && !blocks.isField(std::size_t(blocks.find("a"))));
    double text = 0, fields = 0;
    for (auto &e : blocks.vectorize({"a", "b", "b", "brand=x", "category=y"}))
        (blocks.isField(std::size_t(e.first)) ? fields : text) += double(e.second) * e.second;
    QVERIFY(std::abs(text - 1.0) < 1e-5);
    QVERIFY(std::abs(fields - 0.25) < 1e-5);
    const Lexicon blocksBack = Lexicon::fromJson(blocks.toJson());
    QCOMPARE(blocksBack.fieldWeight(), 0.5);
    QCOMPARE(blocksBack.vectorize({"a", "brand=x"}), blocks.vectorize({"a", "brand=x"}));
    QVERIFY(!lex.toJson().contains("field_weight"));   // one block: the stored form of earlier builds
    // In-word n-grams are a text block of their own: words and n-grams each carry half the text's norm.
    docs = {{"a", "b", "~ a ", "~ b "}, {"a", "~ a "}, {"b", "~ b ", "brand=x"}, {"brand=x"}};
    const Lexicon grams = Lexicon::fit(
        docs.size(), [&](std::size_t i) { return docs[i]; }, o);
    double words = 0, subwords = 0, field = 0;
    for (auto &e : grams.vectorize({"a", "b", "~ a ", "brand=x"})) {
        const std::string &t = grams.term(std::size_t(e.first));
        (isSubwordTerm(t) ? subwords : isFieldTerm(t) ? field : words) += double(e.second) * e.second;
    }
    QVERIFY(std::abs(words - 0.5) < 1e-5 && std::abs(subwords - 0.5) < 1e-5 && std::abs(field - 0.25) < 1e-5);
    words = 0;
    for (auto &e : grams.vectorize({"a", "b"}))
        words += double(e.second) * e.second;
    QVERIFY(std::abs(words - 1.0) < 1e-5);   // one text block alone keeps the whole norm
    // The n-grams stand for the spaced words: in a Chinese text with a number
    // they get half the number's share, not half the text.
    const std::vector<std::string> mixed = {"防水帐篷 30", "防水 30cm", "帐篷", "30 帐篷"};
    Lexicon::FitOptions all = o;
    all.minDf = 1;
    const Lexicon zh = Lexicon::fit(
        mixed.size(), [&](std::size_t i) { return lexicalTerms(mixed[i]); }, all);
    double spaced = 0, runs = 0;
    subwords = 0;
    for (auto &e : zh.vectorize(mixed[0], {}, {})) {
        const std::string &t = zh.term(std::size_t(e.first));
        (isSubwordTerm(t) ? subwords : t == "30" ? spaced : runs) += double(e.second) * e.second;
    }
    QVERIFY(spaced > 0 && subwords > 0 && subwords < 0.25);
    QVERIFY(std::abs(subwords - 0.5 * spaced / (spaced + runs)) < 1e-5);
    QVERIFY(std::abs(spaced + runs + subwords - 1.0) < 1e-5);
    // The term cap counts n-grams and the other terms apart.
    Lexicon::FitOptions one = o;
    one.minDf = 1;
    one.maxTerms = 1;
    const Lexicon capped = Lexicon::fit(
        docs.size(), [&](std::size_t i) { return docs[i]; }, one);
    QCOMPARE(int(capped.size()), 2);
    QVERIFY(isSubwordTerm(capped.term(0)) != isSubwordTerm(capped.term(1)));
    // The term scheme is stored; a lexicon saved without one reads terms as scheme 1 did.
    QCOMPARE(lex.scheme(), kLexicalScheme);
    QCOMPARE(Lexicon::fromJson(lex.toJson()).scheme(), kLexicalScheme);
    nlohmann::json old = lex.toJson();
    old.erase("scheme");
    QCOMPARE(Lexicon::fromJson(old).scheme(), 1);
    old["scheme"] = kLexicalScheme + 1;
    QVERIFY_THROWS_EXCEPTION(Error, Lexicon::fromJson(old));
    nlohmann::json bad = blocks.toJson();
    bad["field_weight"] = -2.0;
    QVERIFY_THROWS_EXCEPTION(Error, Lexicon::fromJson(bad));
}

void TestAuto::linearModelSegmentsDeviate()
{
    // Feature 0 = "dorm" item, feature 1 = "kids" item; segment 1 likes dorm, segment 2 kids.
    FeatureRows x;
    x.sparseDim = 2;
    auto rows = std::make_shared<std::vector<SparseVector>>();
    for (int i = 0; i < 40; ++i)
        rows->push_back({{std::int32_t(i % 2), 1.0f}});
    x.sparse = rows;
    LinearProblem p;
    p.x = &x;
    p.segments = 2;
    p.outputs = 2;
    for (std::size_t i = 0; i < 40; ++i) {
        const int seg = i < 20 ? 1 : 2;
        const int kind = int(i % 2);
        p.rows.push_back(i);
        p.segment.push_back(seg);
        p.label.push_back(seg == 1 ? (kind == 0 ? 1 : 0) : (kind == 1 ? 1 : 0));
        p.target.push_back(0);
        p.weight.push_back(1.0);
    }
    const LinearModel m = fitLinear(p);
    auto margin = [&](std::size_t row, int seg) {
        auto z = m.logits(x, row, seg);
        return z[1] - z[0];
    };
    QVERIFY(margin(0, 1) > margin(1, 1));                   // segment 1: dorm above kids
    QVERIFY(margin(1, 2) > margin(0, 2));                   // segment 2: kids above dorm
    QVERIFY(std::abs(margin(0, 0) - margin(1, 0)) < 0.5);   // shared part: no strong preference
}

void TestAuto::oppositeSegmentsGetOppositeOrders()
{
    QTemporaryDir dir;
    const auto items = segmentCatalogue();
    const std::string path = makeProject(dir, items, true);
    labelOppositeSegments(path, items);
    TrainResult r = train(path, autoRequest("bought", "scratch"));
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QVERIFY(!r.autoReport.is_null());
    QVERIFY(r.autoReport["picked"].get<std::string>().find("per segment") != std::string::npos);
    ProjectStore store = ProjectStore::open(path);
    Classifier c = loadRunClassifier(store, r.runId);
    QVERIFY(c->stacked());
    QVERIFY(oppositeOrders(c, items, 24));   // the unlabelled items
}

// The tuning modes' head has a deviation per segment (classifier.h): on two
// segments with opposite tastes it too ranks each segment by its own labels
// (head mode; contrastive, whose pairs stay within a segment; lora, whose head
// starts from a regression on the untuned embeddings).
void TestAuto::tuningModeSegmentsGetOppositeOrders()
{
    if (!fs::exists(defaultModelsDir() / "use-lite" / "model.json"))
        QSKIP("USE-Lite model cache missing (run scripts/setup)");
    QTemporaryDir dir;
    const auto items = segmentCatalogue();
    const std::string path = makeProject(dir, items, false);
    labelOppositeSegments(path, items);
    for (TrainMode mode : {TrainMode::Head, TrainMode::Contrastive, TrainMode::Lora}) {
        TrainRequest req = autoRequest("bought", "use-lite");
        req.config.mode = mode;
        req.config.epochs = 5;
        req.config.contrastivePairsPerItem = 2;
        req.config.minPerClassForSplit = 8;   // a hold-out: one fold model, not four (time)
        TrainResult r = train(path, req);
        QVERIFY2(r.status.ok(), r.status.message.c_str());
        ProjectStore store = ProjectStore::open(path);
        Classifier c = loadRunClassifier(store, r.runId);
        QVERIFY(!c->stacked());
        QVERIFY(c->config().segmentHead);
        QVERIFY2(oppositeOrders(c, items, 24), trainModeName(mode));   // the unlabelled items
    }
}

// A task whose labels name one segment (the rest are for all customers) gets
// only shared candidates; the pick must still fit a classifier that knows the
// segment (it failed with "linear model does not match the stacked model's
// shape" before), and the segment is scored by the shared part.
void TestAuto::sharedPickWithSegments()
{
    QTemporaryDir dir;
    const auto items = segmentCatalogue();
    const std::string path = makeProject(dir, items, true);
    {
        ProjectStore store = ProjectStore::open(path);
        const auto task = store.ensureTask("bought", TaskKind::Binary);
        const auto vip = store.ensureSegment("vip");
        Transaction tx(store.db());
        for (int i = 0; i < 24; ++i)
            store.setLabel(task, store.itemById(items[std::size_t(i)].id)->rowid, i < 16 ? 1 : vip,
                           i % 2 == 0 ? "1" : "0");
        tx.commit();
    }
    TrainResult r = train(path, autoRequest("bought", "scratch"));
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QVERIFY(r.autoReport["picked"].get<std::string>().find("per segment") == std::string::npos);
    ProjectStore store = ProjectStore::open(path);
    Classifier c = loadRunClassifier(store, r.runId);
    QVERIFY(c->stacked());
    for (int i = 24; i < 60; ++i)
        QCOMPARE(binaryScore(c, items[std::size_t(i)], "vip"), binaryScore(c, items[std::size_t(i)], ""));
}

void TestAuto::deterministicAndPicksTheBest()
{
    QTemporaryDir dir;
    const auto items = segmentCatalogue();
    const std::string path = makeProject(dir, items, true);
    labelKinds(path, items, 16);
    TrainResult a = train(path, autoRequest("kind", "scratch"));
    TrainResult b = train(path, autoRequest("kind", "scratch"));
    QVERIFY2(a.status.ok() && b.status.ok(), a.status.message.c_str());
    auto scores = [](const nlohmann::json &report) {
        std::vector<double> s;
        for (const auto &c : report["candidates"])
            s.push_back(c.value("skipped", false) ? -1.0 : c["cv_score"].get<double>());
        return s;
    };
    QCOMPARE(scores(a.autoReport), scores(b.autoReport));
    QCOMPARE(a.autoReport["picked"], b.autoReport["picked"]);
    ProjectStore store = ProjectStore::open(path);
    RunStore runs(store.db());
    QCOMPARE(runs.artefactData(runs.findArtefact(a.runId, "classifier")->id),
             runs.artefactData(runs.findArtefact(b.runId, "classifier")->id));
    TrainRequest oneThread = autoRequest("kind", "scratch");   // the folds fitted one at a time
    oneThread.config.threads = 1;
    TrainResult c = train(path, oneThread);
    QVERIFY2(c.status.ok(), c.status.message.c_str());
    QCOMPARE(scores(c.autoReport), scores(a.autoReport));
    QCOMPARE(runs.artefactData(runs.findArtefact(c.runId, "classifier")->id),
             runs.artefactData(runs.findArtefact(a.runId, "classifier")->id));
    // The pick is never beaten by more than the tie margin, and ties go to the earlier (simpler)
    // candidate, except that "X without price" (fewer features) wins its tie with X, and
    // "X without price, brand/category" its ties with both.
    double picked = 0;
    int pickedAt = -1, at = 0;
    std::string pickedName;
    for (const auto &c : a.autoReport["candidates"]) {
        if (c["picked"].get<bool>()) {
            picked = c["cv_score"].get<double>();
            pickedAt = at;
            pickedName = c["name"].get<std::string>();
        }
        ++at;
    }
    QVERIFY(pickedAt >= 0);
    auto isFullerTwin = [&](const std::string &name) {   // the pick is `name` with fewer features
        if (pickedName.size() <= name.size() || pickedName.compare(0, name.size(), name) != 0)
            return false;
        const std::string rest = pickedName.substr(name.size());
        return rest.rfind(" without ", 0) == 0 || rest.rfind(", ", 0) == 0;
    };
    at = 0;
    for (const auto &c : a.autoReport["candidates"]) {
        if (!c.value("skipped", false)) {
            QVERIFY(c["cv_score"].get<double>() <= picked + 0.002 + 1e-9);
            if (at < pickedAt && !isFullerTwin(c["name"].get<std::string>()))
                QVERIFY(c["cv_score"].get<double>() < picked + 1e-12);
        }
        ++at;
    }
}

void TestAuto::selfTrainingNeverRelabels()
{
    // Labelled items whose features say the opposite of their label: pseudo-labels
    // (confident predictions) would flip them if the pool contained them.
    std::vector<ItemRecord> pool;
    TrainData data;
    data.task = "t";
    data.kind = TaskKind::Binary;
    data.labels = {"0", "1"};
    for (int i = 0; i < 30; ++i) {
        ItemRecord it;
        it.id = "p" + std::to_string(i);
        it.title = i % 2 ? "red apple fruit" : "blue steel tool";
        data.catalogue.push_back(it);
        if (i < 12) {
            TrainExample e;
            e.item = it;
            e.label = i % 2;
            data.examples.push_back(e);
        }
    }
    const std::vector<PseudoLabel> pseudo = selfTrainingPseudoLabels(data);
    QVERIFY(!pseudo.empty());
    for (const auto &p : pseudo)
        for (const auto &e : data.examples)
            QVERIFY2(p.itemId != e.item.id, p.itemId.c_str());
}

void TestAuto::coverageGuard()
{
    const fs::path dir = defaultModelsDir() / "use-lite";
    if (!fs::exists(dir / "model.json"))
        QSKIP("USE-Lite model cache missing (run scripts/setup)");
    TextEncoder enc = createEncoder("use-lite");
    const CoverageReport zh =
        measureCoverage(enc->tokenizer(), enc->name(),
                        {"防水帐篷，适合家庭露营", "不锈钢炒锅 家用 燃气灶适用", "儿童安全座椅 经典款"}, 128);
    QVERIFY(!zh.covered);
    QVERIFY(zh.unsegmentedShare() > 0.5);
    QVERIFY(zh.message.find("Hugging Face") != std::string::npos);
    const CoverageReport en = measureCoverage(
        enc->tokenizer(), enc->name(),
        {"Waterproof tent for family camping", "Stainless steel wok for gas hobs", "Classic child safety seat"}, 128);
    QVERIFY2(en.covered, std::to_string(en.unknownShare()).c_str());
    // Kana (with its extensions) is written without spaces; Korean is spaced.
    const CoverageReport ja = measureCoverage(enc->tokenizer(), enc->name(), {"ㇰㇱㇲ バッグ かばん"}, 128);
    QCOMPARE(ja.unsegmentedShare(), 1.0);
    const CoverageReport ko = measureCoverage(enc->tokenizer(), enc->name(), {"가방을 샀어요"}, 128);
    QCOMPARE(ko.unsegmentedShare(), 0.0);

    // A tuning mode cannot leave the encoder out: its outcome carries the warning.
    TrainConfig cfg = TrainConfig::fromPreset("quick");
    cfg.mode = TrainMode::Head;
    cfg.epochs = 1;
    cfg.threads = 2;
    cfg.device = "cpu";
    cfg.maxLength = 32;
    auto headRun = [&](const std::vector<std::string> &titles) {
        TrainData data;
        data.task = "kind";
        data.kind = TaskKind::Multiclass;
        data.labels = {"home", "outdoor"};
        for (std::size_t i = 0; i < titles.size(); ++i) {
            ItemRecord it;
            it.id = "t" + std::to_string(i);
            it.title = titles[i];
            data.examples.push_back({it, "", int(i % 2), 0, 1.0});
        }
        return Trainer(cfg, [](const std::string &spec) { return createEncoder(spec); }).train(data, {});
    };
    const TrainOutcome zhRun = headRun({"不锈钢炒锅 家用", "防水帐篷 家庭露营", "陶瓷餐具 套装", "登山背包 大容量",
                                        "厨房刀具 经典款", "户外水壶 轻便"});
    QVERIFY(!zhRun.coverage.is_null());
    QVERIFY2(zhRun.coverage.value("message", std::string()).find("in --mode head") != std::string::npos,
             zhRun.coverage.dump().c_str());
    const TrainOutcome enRun = headRun({"Stainless steel wok", "Waterproof family tent", "Ceramic dinner set",
                                        "Hiking backpack", "Classic kitchen knife", "Light trail bottle"});
    QVERIFY2(enRun.coverage.is_null(), enRun.coverage.dump().c_str());
}

void TestAuto::chineseBertFolderTrainsAndScores()
{
    // A BERT-family folder with a Chinese WordPiece vocabulary: the reference
    // fixture's config and weights (vocabulary of 100) with Chinese pieces.
    QTemporaryDir dir;
    const fs::path ref = fs::path(DEBUT_TEST_DATA) / "bert-ref" / "bert";
    const fs::path bert = fs::path(dir.path().toStdString()) / "bert-zh";
    fs::create_directories(bert);
    fs::copy_file(ref / "config.json", bert / "config.json");
    fs::copy_file(ref / "model.safetensors", bert / "model.safetensors");
    const std::string chars = "适合防水帐篷露营登山背包炒锅刀具水壶厨房家用不锈钢经典运动简约奢华环保儿童安全座椅玩具积"
                              "木手机耳机充电新款轻便大容量";
    std::vector<std::string> pieces{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    std::size_t pos = 0;
    while (pos < chars.size() && pieces.size() < 100) {
        std::size_t len = 1;
        const unsigned char b = static_cast<unsigned char>(chars[pos]);
        len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        pieces.push_back(chars.substr(pos, len));
        pos += len;
    }
    while (pieces.size() < 100)
        pieces.push_back("##x" + std::to_string(pieces.size()));
    {
        std::ofstream v(bert / "vocab.txt");
        for (const auto &p : pieces)
            v << p << '\n';
    }
    const char *outdoor[4] = {"防水帐篷", "露营背包", "登山包", "轻便帐篷"};
    const char *kitchen[4] = {"不锈钢炒锅", "厨房刀具", "家用水壶", "经典炒锅"};
    std::vector<ItemRecord> items;
    for (int i = 0; i < 40; ++i) {
        ItemRecord it;
        it.id = "zh" + std::to_string(i);
        it.title = std::string(i % 2 ? outdoor[i % 4] : kitchen[i % 4]) + " 新款";
        it.description = i % 2 ? "适合露营 登山" : "厨房 家用";
        items.push_back(it);
    }
    QTemporaryDir pdir;
    const std::string path = makeProject(pdir, items, false);
    {
        ProjectStore store = ProjectStore::open(path);
        const auto task = store.ensureTask("style", TaskKind::Multiclass);
        Transaction tx(store.db());
        for (int i = 0; i < 16; ++i)
            store.setLabel(task, store.itemById(items[std::size_t(i)].id)->rowid, 1, i % 2 ? "户外" : "厨房");
        tx.commit();
    }
    TrainResult r = train(path, autoRequest("style", bert.string()));
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QVERIFY2(r.autoReport["coverage"]["covered"].get<bool>(), r.autoReport["coverage"].dump().c_str());
    bool encoderCandidate = false;
    for (const auto &c : r.autoReport["candidates"])
        encoderCandidate = encoderCandidate || c["name"].get<std::string>() == "encoder";
    QVERIFY(encoderCandidate);
    ProjectStore store = ProjectStore::open(path);
    Classifier c = loadRunClassifier(store, r.runId);
    const ItemScores s = c->score({items[30], items[31]});
    QCOMPARE(s.predicted.at(0), 0);   // labels sorted by bytes: 厨房 (kitchen) < 户外 (outdoor)
    QCOMPARE(s.predicted.at(1), 1);
    // Beside an encoder the lexicon reads words; where the encoder is left out
    // (USE-Lite on Chinese) it reads the character n-grams inside words too.
    QCOMPARE(c->config().stack["lexicon"]["scheme"].get<int>(), 2);
    if (fs::exists(defaultModelsDir() / "use-lite" / "model.json")) {
        TrainResult u = train(path, autoRequest("style", "use-lite"));
        QVERIFY2(u.status.ok(), u.status.message.c_str());
        QVERIFY(!u.autoReport["coverage"]["covered"].get<bool>());
        Classifier lexical = loadRunClassifier(store, u.runId);
        QCOMPARE(lexical->config().stack["lexicon"]["scheme"].get<int>(), kLexicalScheme);
        QCOMPARE(lexical->score({items[30], items[31]}).predicted, s.predicted);
    }
}

// smoothByNeighbours: the item itself is never its own neighbour, k larger than
// the bank is fine, an empty bank changes nothing, chunks give what rows give.
void TestAuto::neighbourSmoothing()
{
    torch::manual_seed(5);
    auto unit = [](torch::Tensor t) { return t / t.norm(2, 1, true); };
    const torch::Tensor bank = unit(torch::randn({40, 8}));
    QVERIFY(torch::equal(smoothByNeighbours(bank, torch::Tensor(), 5, 0.5), bank));
    // A bank row against the bank: with k = 1 its nearest other row, never itself.
    const torch::Tensor self = smoothByNeighbours(bank.narrow(0, 3, 1), bank, 1, 1.0);
    torch::Tensor sims = bank.matmul(bank[3]);
    sims[3] = -2;
    const std::int64_t nearest = sims.argmax().item<std::int64_t>();
    QVERIFY(torch::allclose(self[0], bank[nearest], 1e-5, 1e-6));
    // mix 0.5, k = 2: halfway between the row and the mean of its two nearest others.
    const auto top = sims.topk(2);
    torch::Tensor want = 0.5 * bank[3] + 0.5 * bank.index_select(0, std::get<1>(top)).mean(0);
    want = want / want.norm();
    QVERIFY(torch::allclose(smoothByNeighbours(bank.narrow(0, 3, 1), bank, 2, 0.5)[0], want, 1e-5, 1e-6));
    // k beyond the bank: every other row; a bank of copies of the item: the item.
    const torch::Tensor all = smoothByNeighbours(bank.narrow(0, 0, 1), bank, 100, 1.0)[0];
    torch::Tensor mean = bank.narrow(0, 1, 39).mean(0);
    QVERIFY(torch::allclose(all, mean / mean.norm(), 1e-5, 1e-6));
    const torch::Tensor copies = bank.narrow(0, 7, 1).repeat({4, 1});
    QVERIFY(torch::allclose(smoothByNeighbours(bank.narrow(0, 7, 1), copies, 3, 0.5), bank.narrow(0, 7, 1)));
    // 2,500 rows go in chunks; each row as it would alone; unit norm.
    const torch::Tensor many = unit(torch::randn({2500, 8}));
    const torch::Tensor z = smoothByNeighbours(many, bank, 4, 0.3);
    QCOMPARE(z.size(0), std::int64_t(2500));
    QVERIFY(torch::allclose(z[2100], smoothByNeighbours(many.narrow(0, 2100, 1), bank, 4, 0.3)[0], 1e-5, 1e-6));
    QVERIFY(torch::allclose(z.norm(2, 1), torch::ones({2500}), 1e-4, 1e-5));
}

// `--candidate`: the named candidate is kept even when another scores higher; a
// catalogue of 120 items has catalogue neighbours, which the stored model
// carries (its bank) and uses when scoring; an unknown name lists the candidates.
void TestAuto::forcedCandidateWithNeighbours()
{
    QTemporaryDir dir;
    const auto items = segmentCatalogue(120);
    const std::string path = makeProject(dir, items, true);
    labelKinds(path, items, 16);
    TrainRequest req = autoRequest("kind", "scratch");
    req.config.autoCandidate = "fused + neighbours";
    TrainResult r = train(path, req);
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(r.autoReport["picked"].get<std::string>(), std::string("fused + neighbours"));
    QCOMPARE(r.autoReport["candidates"].size(), std::size_t(2));   // the prototype baseline and the pick
    {
        ProjectStore store = ProjectStore::open(path);
        Classifier c = loadRunClassifier(store, r.runId);
        QVERIFY(c->stacked() && c->hasNeighbourBank());
        QCOMPARE(c->config().stack["neighbours"]["rows"].get<std::int64_t>(), std::int64_t(120));
        const ItemScores s = c->score({items[40], items[41]});
        QCOMPARE(s.predicted.at(0), 0);   // kitchen
        QCOMPARE(s.predicted.at(1), 1);   // outdoor
    }
    req.config.autoCandidate = "lexical + neighbours";   // the lexical candidate has no embedding
    r = train(path, req);
    QVERIFY(!r.status.ok());
    QVERIFY2(r.status.message.find("encoder + neighbours") != std::string::npos, r.status.message.c_str());
    req.config.autoCandidate = "average of encoder and fused + neighbours";   // one model cannot read both
    r = train(path, req);
    QVERIFY(!r.status.ok());
    QVERIFY2(r.status.message.find("catalogue neighbours") != std::string::npos, r.status.message.c_str());
    req.config.autoCandidate = "average of lexical and encoder + neighbours";   // the lexicon reads no embedding
    r = train(path, req);
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    ProjectStore store = ProjectStore::open(path);
    QVERIFY(loadRunClassifier(store, r.runId)->hasNeighbourBank());
}

// The price and the brand/category terms stay in the pick only where
// cross-validation says they earn their place: labels that follow the price keep
// it (and the model ranks cheap items first), labels that follow the brand keep
// the brand; labels the words decide alone drop both (stored price weight 0).
void TestAuto::priceAndFieldsOnlyWhereTheyEarn()
{
    QTemporaryDir dir;
    std::vector<ItemRecord> items = segmentCatalogue();
    for (std::size_t i = 0; i < items.size(); ++i) {
        items[i].price = i % 4 < 2 ? 10.0 + double(i) : 500.0 + double(i);   // every kind cheap and dear
        items[i].brand = i % 3 == 0 ? "Acme" : "Zenith";                     // brands across kinds and prices
    }
    const std::string path = makeProject(dir, items, true);
    labelKinds(path, items, 16);
    {
        ProjectStore store = ProjectStore::open(path);
        const auto task = store.ensureTask("cheap", TaskKind::Binary);
        const auto acme = store.ensureTask("acme", TaskKind::Binary);
        Transaction tx(store.db());
        for (int i = 0; i < 24; ++i) {
            const auto row = store.itemById(items[std::size_t(i)].id)->rowid;
            store.setLabel(task, row, 1, i % 4 < 2 ? "1" : "0");
            store.setLabel(acme, row, 1, i % 3 == 0 ? "1" : "0");
        }
        tx.commit();
    }
    TrainResult cheap = train(path, autoRequest("cheap", "scratch"));
    QVERIFY2(cheap.status.ok(), cheap.status.message.c_str());
    const std::string cheapPick = cheap.autoReport["picked"].get<std::string>();
    QVERIFY2(cheapPick.find("without price") == std::string::npos, cheapPick.c_str());
    TrainResult kind = train(path, autoRequest("kind", "scratch"));
    QVERIFY2(kind.status.ok(), kind.status.message.c_str());
    const std::string kindPick = kind.autoReport["picked"].get<std::string>();
    QVERIFY2(kindPick.find("without price, brand/category") != std::string::npos, kindPick.c_str());
    TrainResult acme = train(path, autoRequest("acme", "scratch"));   // the brand decides: it stays
    QVERIFY2(acme.status.ok(), acme.status.message.c_str());
    const std::string acmePick = acme.autoReport["picked"].get<std::string>();
    QVERIFY2(acmePick.find("brand/category") == std::string::npos, acmePick.c_str());

    ProjectStore store = ProjectStore::open(path);
    Classifier c = loadRunClassifier(store, cheap.runId);
    for (int i = 24; i < 60; i += 4)
        QVERIFY(binaryScore(c, items[std::size_t(i)], "") > binaryScore(c, items[std::size_t(i + 2)], ""));
    Classifier byBrand = loadRunClassifier(store, acme.runId);
    for (int i = 24; i < 57; i += 3)   // an Acme item above the Zenith item after it
        QVERIFY(binaryScore(byBrand, items[std::size_t(i)], "") > binaryScore(byBrand, items[std::size_t(i + 1)], ""));
    QCOMPARE(loadRunClassifier(store, kind.runId)->config().stack["price_weight"].get<double>(), 0.0);

    TrainRequest forced = autoRequest("cheap", "scratch");   // asked for, even where the price earns
    forced.config.autoCandidate = "lexical without price";
    TrainResult r = train(path, forced);
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(r.autoReport["picked"].get<std::string>(), std::string("lexical without price"));
    QCOMPARE(loadRunClassifier(store, r.runId)->config().stack["price_weight"].get<double>(), 0.0);
}

// A log of purchases: positive labels only. Each such segment gets unlabelled
// items of its own as negatives (none stored, none labelled, the same for a seed),
// segments with negatives and other task kinds are left alone, and the trained
// lists follow each segment's purchases.
void TestAuto::positiveOnlyLabelsDrawNegatives()
{
    const auto items = segmentCatalogue();
    TrainData data;
    data.task = "bought";
    data.kind = TaskKind::Binary;
    data.labels = {"0", "1"};
    for (int i = 0; i < 12; ++i) {   // cooks: 6 positives; campers: 3 positives, 3 negatives
        TrainExample e;
        e.item = items[std::size_t(i)];
        e.segment = i < 6 ? "cooks" : "campers";
        e.label = i < 6 || i % 2 ? 1 : 0;
        data.examples.push_back(e);
    }
    TrainData drawn = data;
    const ImplicitNegatives cooks = addImplicitNegatives(drawn, items, 7);
    QCOMPARE(cooks.segments, std::vector<std::string>{"cooks"});
    QCOMPARE(cooks.count, std::int64_t(32));          // max(32, 3 x 6), of 48 unlabelled items
    QCOMPARE(cooks.otherSegments, std::int64_t(3));   // campers' positives: items 7, 9, 11
    QCOMPARE(drawn.examples.size(), data.examples.size() + 32 + 3);
    std::set<std::string> labelled, negatives, others;
    for (std::size_t i = 0; i < data.examples.size(); ++i)
        labelled.insert(data.examples[i].item.id);
    for (std::size_t i = data.examples.size(); i < drawn.examples.size(); ++i) {
        const TrainExample &e = drawn.examples[i];
        QCOMPARE(e.segment, std::string("cooks"));
        QCOMPARE(e.label, 0);
        if (i < data.examples.size() + 32)
            QVERIFY2(!labelled.count(e.item.id), e.item.id.c_str());
        else
            others.insert(e.item.id);
        QVERIFY(negatives.insert(e.item.id).second);
    }
    QCOMPARE(others, (std::set<std::string>{items[7].id, items[9].id, items[11].id}));
    QVERIFY(cooks.message.find("positive labels only (cooks)") != std::string::npos);
    QVERIFY2(cooks.message.find("other segments' positives among its negatives (3)") != std::string::npos,
             cooks.message.c_str());
    TrainData again = data;
    addImplicitNegatives(again, items, 7);
    for (std::size_t i = 0; i < drawn.examples.size(); ++i)
        QCOMPARE(again.examples[i].item.id, drawn.examples[i].item.id);

    TrainData both = data;   // campers' negative relabelled: two positive-only segments
    both.examples[6].label = 1;
    both.examples[8].label = 1;
    both.examples[10].label = 1;
    const ImplicitNegatives two = addImplicitNegatives(both, items, 7);
    QCOMPARE(two.segments, (std::vector<std::string>{"campers", "cooks"}));
    QCOMPARE(two.count, std::int64_t(48));           // an equal share each: 24 + 24
    QCOMPARE(two.otherSegments, std::int64_t(12));   // each the other's 6 positives, weight 1 / (2 - 1)
    QCOMPARE(both.examples.back().weight, 1.0);
    std::map<std::string, std::string> segmentOf;
    for (std::size_t i = data.examples.size(); i < both.examples.size(); ++i)
        QVERIFY(segmentOf.emplace(both.examples[i].item.id, both.examples[i].segment).second);   // disjoint
    for (std::size_t i = 0; i < data.examples.size(); ++i)   // a positive is a negative of the other segment
        QVERIFY(segmentOf.at(both.examples[i].item.id) != both.examples[i].segment);

    TrainData everyone = data;   // labels without a segment: no segment's negatives, and get none
    for (auto &e : everyone.examples)
        e.label = 1;
    for (int i = 0; i < 6; ++i)
        everyone.examples[std::size_t(i)].segment.clear();
    const ImplicitNegatives shared = addImplicitNegatives(everyone, items, 7);
    QCOMPARE(shared.otherSegments, std::int64_t(0));

    TrainData many = data;   // more positive-only segments than unlabelled items: one each while they last
    many.examples.clear();
    for (int i = 0; i < 50; ++i) {
        TrainExample e;
        e.item = items[std::size_t(i)];
        e.segment = "s" + std::to_string(100 + i);
        e.label = 1;
        many.examples.push_back(e);
    }
    const ImplicitNegatives few = addImplicitNegatives(many, items, 7);
    QCOMPARE(few.count, std::int64_t(10));
    QCOMPARE(few.otherSegments, std::int64_t(50 * 32));   // max(32, 3 x 1) of the other 49 positives each
    QCOMPARE(many.examples.back().weight, 1.0 / 49);      // an item's weight as others' negative: 49 / 49
    QCOMPARE(few.segments.size(), std::size_t(10));
    QVERIFY2(few.message.find("(s100, s101, s102, s103, s104 and 5 more segments)") != std::string::npos,
             few.message.c_str());

    TrainData mixed = data;   // every segment has negatives
    mixed.examples[0].label = 0;
    QVERIFY(!needsImplicitNegatives(mixed));
    QVERIFY(addImplicitNegatives(mixed, items, 7).empty());
    QCOMPARE(mixed.examples.size(), data.examples.size());
    TrainData multi = data;
    multi.kind = TaskKind::Multiclass;
    QVERIFY(!needsImplicitNegatives(multi));

    // End to end: cooks bought kitchen items, campers outdoor ones, nothing else labelled.
    QTemporaryDir dir;
    const std::string path = makeProject(dir, items, true);
    {
        ProjectStore store = ProjectStore::open(path);
        const auto task = store.ensureTask("bought", TaskKind::Binary);
        const auto cooksId = store.ensureSegment("cooks"), campersId = store.ensureSegment("campers");
        Transaction tx(store.db());
        for (int i = 0; i < 12; ++i)
            store.setLabel(task, store.itemById(items[std::size_t(i)].id)->rowid, i % 2 == 0 ? cooksId : campersId,
                           "1");
        tx.commit();
    }
    TrainResult r = train(path, autoRequest("bought", "scratch"));
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QVERIFY(!r.implicitNegatives.is_null());
    QCOMPARE(r.implicitNegatives["segments"].size(), std::size_t(2));
    // Half the catalogue is kitchen, so half of the cooks' drawn negatives are what
    // they buy: against unlabelled items the best cross-validated AUC is 0.75.
    QVERIFY(r.autoReport["picked"].get<std::string>().find("per segment") != std::string::npos);
    ProjectStore store = ProjectStore::open(path);
    QCOMPARE(store.labels(store.task("bought")->id).size(), std::size_t(12));
    QCOMPARE(report(path, "bought").implicitNegatives, r.implicitNegatives);
    Classifier c = loadRunClassifier(store, r.runId);
    double cooksKitchen = 0, cooksOutdoor = 0, campersKitchen = 0, campersOutdoor = 0;
    for (int i = 12; i < 60; ++i) {
        const bool kitchen = i % 2 == 0;
        (kitchen ? cooksKitchen : cooksOutdoor) += binaryScore(c, items[std::size_t(i)], "cooks");
        (kitchen ? campersKitchen : campersOutdoor) += binaryScore(c, items[std::size_t(i)], "campers");
    }
    QVERIFY(cooksKitchen > cooksOutdoor);
    QVERIFY(campersOutdoor > campersKitchen);
}

// Ten segments of one label each (the positive ones with a few drawn negatives)
// beside two with labels enough: only the two get deviations (and opposite
// orders); the ten are scored by the shared part, and the report counts them.
void TestAuto::smallSegmentsLeanOnShared()
{
    QTemporaryDir dir;
    const auto items = segmentCatalogue();
    const std::string path = makeProject(dir, items, true);
    labelOppositeSegments(path, items);
    {
        ProjectStore store = ProjectStore::open(path);
        const auto task = store.task("bought")->id;
        Transaction tx(store.db());
        for (int i = 0; i < 10; ++i)
            store.setLabel(task, store.itemById(items[std::size_t(24 + i)].id)->rowid,
                           store.ensureSegment("one" + std::to_string(i)), i % 3 ? "1" : "0");
        tx.commit();
    }
    TrainResult r = train(path, autoRequest("bought", "scratch"));
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(r.autoReport["segments_with_deviation"].get<int>(), 2);
    QCOMPARE(r.autoReport["segments_on_shared"].get<int>(), 10);
    QVERIFY(formatAutoReport(r.autoReport).find("10 segment(s) without labels enough") != std::string::npos);
    QVERIFY(r.autoReport["picked"].get<std::string>().find("per segment") != std::string::npos);
    ProjectStore store = ProjectStore::open(path);
    Classifier c = loadRunClassifier(store, r.runId);
    for (int i = 34; i < 60; ++i)
        QCOMPARE(binaryScore(c, items[std::size_t(i)], "one3"), binaryScore(c, items[std::size_t(i)], ""));
    QVERIFY(oppositeOrders(c, items, 34));
}

// A log of thousands of labels is cross-validated on a stratified sample (every
// (segment, class) in proportion, a rare one at least 10), the folds partition
// it, and the report says so; up to the cap every label is used.
void TestAuto::largeLogCrossValidatesASample()
{
    autocv::Problem p;
    p.n = 3000;
    p.segments = 2;
    std::map<std::pair<int, int>, std::size_t> strata;
    for (std::size_t i = 0; i < p.n; ++i) {
        p.segment.push_back(int(i % 3));
        p.y.push_back(i % 3 == 2 ? int(i % 150 == 2) : int(i % 5 == 0));   // segment 2: 20 positives
        ++strata[{p.segment.back(), p.y.back()}];
    }
    const std::vector<std::size_t> rows = autocv::sampleCvRows(p, 7);
    QVERIFY(rows.size() >= autocv::kMaxCvRows - 10 && rows.size() <= autocv::kMaxCvRows + 20);
    QVERIFY(std::is_sorted(rows.begin(), rows.end()));
    QVERIFY(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
    QVERIFY(rows == autocv::sampleCvRows(p, 7));
    std::map<std::pair<int, int>, std::size_t> taken;
    for (std::size_t i : rows)
        ++taken[{p.segment[i], p.y[i]}];
    for (const auto &[key, size] : strata) {
        const double share = double(size) * double(autocv::kMaxCvRows) / double(p.n);
        QVERIFY2(double(taken[key]) >= std::min(double(size), std::max(share - 1, 10.0)), std::to_string(size).c_str());
        QVERIFY(double(taken[key]) <= std::max(share + 1, 10.0));
    }
    p.cvRows = rows;
    int k = 0;
    const auto repeats = autocv::makeFolds(p, 7, k);
    QCOMPARE(int(repeats.size()), 1);
    std::vector<std::size_t> dev;
    for (const auto &fold : repeats[0]) {
        QCOMPARE(fold.train.size() + fold.dev.size(), rows.size());
        dev.insert(dev.end(), fold.dev.begin(), fold.dev.end());
    }
    std::sort(dev.begin(), dev.end());
    QVERIFY(dev == rows);

    p.n = autocv::kMaxCvRows;
    p.segment.resize(p.n);
    p.y.resize(p.n);
    QCOMPARE(autocv::sampleCvRows(p, 7).size(), p.n);

    nlohmann::json report = {{"folds", 5}, {"repeats", 1}, {"labels", 3000}, {"cv_labels", 1000}, {"metric", "auc"}};
    QVERIFY(formatAutoReport(report).find("on a stratified sample of 1000 of the 3000 labels") != std::string::npos);
}

// An average of two candidates with different feature sets, segments and price
// (the lexicon shared, the encoder and the brand per segment, without price) is stored as
// one stacked model whose log-odds are the mean of its members' on every item
// and segment, its name asked for as the report spells it.
void TestAuto::averageOfTwoIsTheirMean()
{
    QTemporaryDir dir;
    std::vector<ItemRecord> items = segmentCatalogue();
    for (std::size_t i = 0; i < items.size(); ++i)   // mostly Acme kitchen items and Zenith outdoor ones
        items[i].brand = (i % 2 == 0) != (i % 5 == 0) ? "Acme" : "Zenith";
    const std::string path = makeProject(dir, items, true);
    labelOppositeSegments(path, items);
    std::string failure;
    auto forced = [&](const std::string &name) {
        TrainRequest req = autoRequest("bought", "scratch");
        req.config.calibrate = false;
        req.config.autoCandidate = name;
        const TrainResult r = train(path, req);
        if (!r.status.ok() || r.autoReport["picked"].get<std::string>() != name) {
            failure += name + ": " + (r.status.ok() ? "picked " + r.autoReport["picked"].dump() : r.status.message);
            return Classifier(nullptr);
        }
        ProjectStore store = ProjectStore::open(path);
        return loadRunClassifier(store, r.runId);
    };
    Classifier a = forced("lexical"), b = forced("encoder per segment without price");
    Classifier mean = forced("average of lexical and encoder per segment without price");
    QVERIFY2(failure.empty(), failure.c_str());
    QVERIFY(mean->config().stack["price_weight"].get<double>() > 0);
    QCOMPARE(mean->config().stack["lexical_weight"].get<double>(), 0.5);   // the fused layout
    auto logOdds = [&](Classifier &c, const std::string &segment) {
        std::vector<double> out;
        for (const auto &p : c->score(items, std::vector<std::string>(items.size(), segment)).probs)
            out.push_back(std::log(p.at(1)) - std::log(p.at(0)));
        return out;
    };
    for (const std::string segment : {"cooks", "campers", ""}) {
        const auto x = logOdds(a, segment), y = logOdds(b, segment), z = logOdds(mean, segment);
        for (std::size_t i = 0; i < items.size(); ++i)
            QVERIFY2(std::abs(z[i] - 0.5 * (x[i] + y[i])) < 1e-4,
                     (segment + " " + items[i].id + ": " + std::to_string(z[i]) + " vs " + std::to_string(x[i]) + ", " +
                      std::to_string(y[i]))
                         .c_str());
    }
}

// Cross-validation fits folds on several threads; a cancel asked for in the
// middle is honoured before the next fit starts, from the caller's thread only.
void TestAuto::cancelDuringCrossValidation()
{
    QTemporaryDir dir;
    const auto items = segmentCatalogue();
    const std::string path = makeProject(dir, items, true);
    labelKinds(path, items, 16);
    const std::thread::id caller = std::this_thread::get_id();
    int fits = 0, afterCancel = 0;
    bool cancelled = false, otherThread = false;
    auto progress = [&](std::string_view stage, std::int64_t, std::int64_t, std::string_view) {
        otherThread = otherThread || std::this_thread::get_id() != caller;
        if (cancelled)
            ++afterCancel;
        if (stage == "auto" && ++fits == 20)
            cancelled = true;
        return !cancelled;
    };
    const TrainResult r = train(path, autoRequest("kind", "scratch"), progress);
    QCOMPARE(r.status.code, StatusCode::Cancelled);
    QCOMPARE(afterCancel, 0);
    QVERIFY(!otherThread);
    ProjectStore store = ProjectStore::open(path);
    QVERIFY(RunStore(store.db()).run(r.runId)->status == RunStatus::Cancelled);
}

DEBUT_TEST_MAIN(TestAuto, "test_auto", Core)

#include "test_auto.moc"
