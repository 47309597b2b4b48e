// Training engine on a tiny from-scratch encoder (2 layers, width 32) and a
// synthetic catalogue: determinism, cancel, resume, LoRA isolation, every mode.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest/QtTest>

#include "testmain.h"

#include <QTemporaryDir>

#include <random>

#include "io/binarylabel.h"
#include "models/scratch.h"
#include "project/guard.h"
#include "project/training.h"
#include "store/importer.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "text/sptokenizer.h"
#include "train/classifier.h"
#include "train/trainer.h"

#include "scratchtestutil.h"
#endif

using namespace debut;

namespace {

const char *kWords[3][8] = {{"tent", "hiking", "waterproof", "trail", "camping", "backpack", "boots", "compass"},
                            {"pan", "knife", "kettle", "spoon", "oven", "skillet", "whisk", "ladle"},
                            {"desk", "pen", "stapler", "notebook", "folder", "marker", "binder", "lamp"}};
const char *kClasses[3] = {"outdoor", "kitchen", "office"};
const char *kShared[6] = {"premium", "classic", "new", "deluxe", "compact", "value"};

std::vector<ItemRecord> catalogue(int perClass)
{
    std::mt19937 rng(5);
    std::vector<ItemRecord> items;
    for (int i = 0; i < perClass; ++i)
        for (int c = 0; c < 3; ++c) {
            ItemRecord it;
            it.id = "it" + std::to_string(items.size());
            it.title = std::string(kShared[rng() % 6]) + " " + kWords[c][rng() % 8] + " " + kWords[c][rng() % 8];
            it.description = std::string(kShared[rng() % 6]) + " " + kWords[c][rng() % 8] + " with " +
                             kWords[(c + 1) % 3][rng() % 8];
            if (i % 4 != 0)
                it.price = 5.0 + double(rng() % 100);
            it.brand = "brand" + std::to_string(rng() % 4);
            it.category = kClasses[c];
            items.push_back(it);
        }
    return items;
}

struct Fixture {
    QTemporaryDir dir;
    std::string path;
    std::shared_ptr<SentencePieceTokenizer> tok;
    std::string encoderBytes;
};

// A project with 16 items per class, a multiclass task "style" and a binary task
// "kitchen", and a tiny pretrained-from-scratch encoder stored as the project's
// "pretrained" + "tokenizer" artefacts (so the spec "scratch" resolves).
Fixture &fixture()
{
    static Fixture f;
    if (!f.path.empty())
        return f;
    f.path = (f.dir.path() + "/p.debut").toStdString();
    ProjectStore store = ProjectStore::create(f.path);
    const auto items = catalogue(16);
    std::vector<std::string> texts;
    for (const auto &it : items)
        texts.push_back(itemText(it));
    testutil::ScratchShape shape;
    shape.vocab = 120;
    shape.width = 32;
    shape.layers = 2;
    shape.ffn = 64;
    shape.maxLength = 32;
    const testutil::TinyScratch tiny = testutil::tinyScratch(texts, shape);
    f.tok = tiny.tok;
    torch::manual_seed(3);
    auto enc = std::make_shared<ScratchEncoderImpl>(tiny.config, f.tok);
    f.encoderBytes = enc->saveCheckpoint();
    RunStore runs(store.db());
    runs.putArtefact(std::nullopt, "pretrained", "pretrained/scratch.pt", f.encoderBytes);
    runs.putArtefact(std::nullopt, "tokenizer", "pretrained/tokenizer.model", f.tok->serialized());
    const auto style = store.ensureTask("style", TaskKind::Multiclass);
    const auto kitchen = store.ensureTask("kitchen", TaskKind::Binary);
    Transaction tx(store.db());
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::int64_t rowid = 0;
        store.upsertItem(items[i], DuplicatePolicy::Fail, &rowid);
        store.setLabel(style, rowid, 1, kClasses[i % 3]);
        store.setLabel(kitchen, rowid, 1, i % 3 == 1 ? "1" : "0");
    }
    tx.commit();
    return f;
}

TrainRequest request(TrainMode mode, int epochs = 3)
{
    TrainRequest r;
    r.task = "style";
    r.config = TrainConfig::fromPreset("quick");
    r.config.mode = mode;
    r.config.encoder = "scratch";
    r.config.epochs = epochs;
    r.config.batchSize = 8;
    r.config.patience = 100;
    r.config.threads = 2;
    r.config.device = "cpu";
    r.config.maxLength = 32;
    r.config.contrastivePairsPerItem = 2;
    // A hold-out of the fixture's classes (the default asks 25 labels a class):
    // the tests below count its batches and epochs.
    r.config.minPerClassForSplit = 8;
    return r;
}

// Metrics that must be reproducible (not timings).
std::string reproducible(const std::vector<EpochMetrics> &epochs)
{
    std::string s;
    for (auto e : epochs) {
        e.examplesPerSec = 0;
        e.elapsedSec = 0;
        auto j = e.toJson();
        s += j.dump() + "\n";
    }
    return s;
}

}   // namespace

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modes_data();
    void modes();
    void determinism();
    void cancelMidEpoch();
    void resume();
    void loraTrainsOnlyAdapters();
    void binaryReportsAuc();
    void ensembleAveragesMembers();
    void ensembleRun_data();
    void ensembleRun();
    void exceptionsBecomeStatuses();
    void binaryLabelSpellings();
};

void TestTrain::modes_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("head") << int(TrainMode::Head);
    QTest::newRow("topk") << int(TrainMode::TopK);
    QTest::newRow("full") << int(TrainMode::Full);
    QTest::newRow("lora") << int(TrainMode::Lora);
    QTest::newRow("contrastive") << int(TrainMode::Contrastive);
}

void TestTrain::modes()
{
    QFETCH(int, mode);
    Fixture &f = fixture();
    TrainResult r = train(f.path, request(TrainMode(mode), 2));
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(int(r.epochs.size()), 2);
    QVERIFY(r.best.report.has_value());
    QVERIFY(r.best.baseline && r.best.baseline->report);
    // Trainable parameters per mode, relative to the head (encoder dim 32 + 2 + 3 * 16 -> 3 classes).
    const std::int64_t head = (32 + 2 + 3 * 16) * 3 + 3;
    QVERIFY(r.trainableParams >= head);
    switch (TrainMode(mode)) {
    case TrainMode::Head: QVERIFY(r.trainableParams < head + 1000); break;   // + side embeddings
    case TrainMode::Lora: QVERIFY(r.trainableParams > head); break;
    default: QVERIFY(r.trainableParams > head + 1000); break;
    }
    // The stored model reloads and scores.
    ProjectStore store = ProjectStore::open(f.path);
    Classifier c = loadRunClassifier(store, r.runId);
    ItemScores s = c->score(catalogue(1));
    QCOMPARE(int(s.probs.size()), 3);
    QCOMPARE(int(s.probs[0].size()), 3);
    QVERIFY(RunStore(store.db()).run(r.runId)->status == RunStatus::Done);
}

void TestTrain::determinism()
{
    Fixture &f = fixture();
    TrainResult a = train(f.path, request(TrainMode::Full, 2));
    TrainResult b = train(f.path, request(TrainMode::Full, 2));
    QVERIFY(a.status.ok() && b.status.ok());
    QCOMPARE(reproducible(a.epochs), reproducible(b.epochs));
    auto other = request(TrainMode::Full, 2);
    other.config.seed = 777;
    TrainResult c = train(f.path, other);
    QVERIFY(reproducible(a.epochs) != reproducible(c.epochs));
}

void TestTrain::cancelMidEpoch()
{
    Fixture &f = fixture();
    int batches = 0, afterCancel = 0;
    bool cancelled = false;
    // 39 training items, batch 8 -> 5 batches per epoch: cancel in the middle of epoch 2.
    auto progress = [&](std::string_view stage, std::int64_t, std::int64_t, std::string_view) {
        if (cancelled)
            ++afterCancel;
        if (stage == "train" && ++batches == 7)
            cancelled = true;
        return !cancelled;
    };
    TrainResult r = train(f.path, request(TrainMode::Full, 3), progress);
    QCOMPARE(r.status.code, StatusCode::Cancelled);
    QCOMPARE(afterCancel, 0);   // honoured at once, within the batch
    QVERIFY(r.runId > 0);
    // The project is valid and consistent: the run is 'cancelled' with epoch 1 only.
    QCOMPARE(ProjectStore::validate(f.path), ProjectStore::kSchemaVersion);
    ProjectStore store = ProjectStore::open(f.path);
    QCOMPARE(store.db().queryText("PRAGMA integrity_check"), std::string("ok"));
    RunStore runs(store.db());
    QVERIFY(runs.run(r.runId)->status == RunStatus::Cancelled);
    QCOMPARE(int(runs.epochMetrics(r.runId).size()), 1);
    QVERIFY(runs.findArtefact(r.runId, "checkpoint").has_value());
    QVERIFY(!runs.run(r.runId)->active);
}

void TestTrain::resume()
{
    Fixture &f = fixture();
    TrainResult whole = train(f.path, request(TrainMode::Full, 3));
    QVERIFY(whole.status.ok());
    int batches = 0;
    auto cancelInEpoch3 = [&](std::string_view stage, std::int64_t, std::int64_t, std::string_view) {
        return !(stage == "train" && ++batches == 12);
    };
    TrainResult cut = train(f.path, request(TrainMode::Full, 3), cancelInEpoch3);
    QCOMPARE(cut.status.code, StatusCode::Cancelled);
    QCOMPARE(int(cut.epochs.size()), 2);
    TrainRequest again = request(TrainMode::Full, 3);
    again.resumeRun = cut.runId;
    int resumedBatches = 0;
    auto count = [&](std::string_view stage, std::int64_t, std::int64_t, std::string_view) {
        resumedBatches += stage == "train";
        return true;
    };
    TrainResult resumed = train(f.path, again, count);
    QVERIFY2(resumed.status.ok(), resumed.status.message.c_str());
    QCOMPARE(resumed.runId, cut.runId);
    QCOMPARE(resumedBatches, 5);   // only epoch 3 was trained
    QCOMPARE(int(resumed.epochs.size()), 3);
    // Continuing from the checkpoint gives exactly the uninterrupted run.
    QCOMPARE(reproducible(resumed.epochs), reproducible(whole.epochs));
}

void TestTrain::loraTrainsOnlyAdapters()
{
    Fixture &f = fixture();
    auto encoder = ScratchEncoderImpl::fromCheckpoint(f.encoderBytes, f.tok);
    std::map<std::string, torch::Tensor> before;
    for (const auto &p : encoder->named_parameters(true))
        before[p.key()] = p.value().clone();
    TrainConfig cfg = request(TrainMode::Lora, 2).config;
    Trainer trainer(cfg, [&](const std::string &) -> TextEncoder { return encoder; });
    TrainData data;
    data.task = "style";
    data.kind = TaskKind::Multiclass;
    data.labels = {"kitchen", "office", "outdoor"};
    const auto items = catalogue(16);
    for (std::size_t i = 0; i < items.size(); ++i)
        data.examples.push_back({items[i], "", int((i % 3 + 2) % 3), 0, 1.0});
    TrainOutcome out = trainer.train(data, {});
    int adapters = 0, changedAdapters = 0;
    for (const auto &p : encoder->named_parameters(true)) {
        if (p.key().find("lora_") != std::string::npos) {
            ++adapters;
            changedAdapters += !torch::equal(p.value(), torch::zeros_like(p.value())) ? 1 : 0;
            continue;
        }
        QVERIFY2(before.count(p.key()), p.key().c_str());
        QVERIFY2(torch::equal(before[p.key()], p.value()), p.key().c_str());   // bit-identical
    }
    QVERIFY(adapters > 0);
    QVERIFY(changedAdapters > 0);
    std::int64_t loraParams = 0;
    for (const auto &p : encoder->named_parameters(true))
        if (p.key().find("lora_") != std::string::npos)
            loraParams += p.value().numel();
    QCOMPARE(out.trainableParams, loraParams + out.model->headParameterCount());
}

void TestTrain::binaryReportsAuc()
{
    Fixture &f = fixture();
    TrainRequest r = request(TrainMode::Head, 3);
    r.task = "kitchen";
    TrainResult t = train(f.path, r);
    QVERIFY2(t.status.ok(), t.status.message.c_str());
    QVERIFY(t.best.auc.has_value());
    QVERIFY(t.best.prAuc.has_value());
    QCOMPARE(t.best.report->classes[1].label, std::string("1"));   // positive second
    ReportResult rep = report(f.path, "kitchen");
    QVERIFY(rep.status.ok());
    QCOMPARE(rep.runId, t.runId);
    QCOMPARE(rep.best.epoch, t.best.epoch);
    QVERIFY(rep.best.formatReport().find("ROC-AUC") != std::string::npos);
}

void TestTrain::ensembleAveragesMembers()
{
    // Two classifiers on one frozen encoder: the ensemble's probabilities are the
    // mean of the members' calibrated probabilities, and survive save/load.
    Fixture &f = fixture();
    auto encoder = ScratchEncoderImpl::fromCheckpoint(f.encoderBytes, f.tok);
    ClassifierConfig cc;
    cc.kind = TaskKind::Multiclass;
    cc.labels = {"kitchen", "office", "outdoor"};
    cc.encoderSpec = "scratch";
    cc.maxLength = 32;
    torch::manual_seed(1);
    Classifier a(encoder, cc), b(encoder, cc);
    a->setTemperature(0.5);
    b->setTemperature(2.0);
    a->eval();
    b->eval();
    const auto items = catalogue(2);
    const ItemScores pa = a->score(items), pb = b->score(items);
    a->addMember(b);
    QCOMPARE(a->ensembleSize(), 2);
    QCOMPARE(a->config().temperature, 1.0);
    QCOMPARE(a->pooledDim(), std::int64_t(32));   // shared frozen encoder
    const ItemScores pe = a->score(items);
    for (std::size_t i = 0; i < items.size(); ++i)
        for (std::size_t c = 0; c < 3; ++c)
            QVERIFY(std::abs(pe.probs[i][c] - 0.5 * (pa.probs[i][c] + pb.probs[i][c])) < 1e-5);
    Classifier back = loadClassifier(a->save(), [&](const std::string &) -> TextEncoder {
        return ScratchEncoderImpl::fromCheckpoint(f.encoderBytes, f.tok);
    });
    QCOMPARE(back->ensembleSize(), 2);
    const ItemScores pl = back->score(items);
    for (std::size_t i = 0; i < items.size(); ++i)
        for (std::size_t c = 0; c < 3; ++c)
            QVERIFY(std::abs(pl.probs[i][c] - pe.probs[i][c]) < 1e-6);
}

void TestTrain::ensembleRun_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("head") << int(TrainMode::Head);
    QTest::newRow("lora") << int(TrainMode::Lora);
}

void TestTrain::ensembleRun()
{
    QFETCH(int, mode);
    Fixture &f = fixture();
    TrainRequest req = request(TrainMode(mode), 2);
    req.config.ensemble = 2;
    TrainResult r = train(f.path, req);
    QVERIFY2(r.status.ok(), r.status.message.c_str());
    QCOMPARE(int(r.epochs.size()), 2 * 2 + 1);   // two members' epochs, then the ensemble
    QVERIFY(r.epochs.front().stage == MetricsStage::Member);
    QCOMPARE(r.epochs.front().stageText(), std::string("member 1/2"));
    QVERIFY(r.best.stage == MetricsStage::Ensemble);
    QCOMPARE(r.best.epoch, 5);
    QVERIFY(r.best.report && r.best.baseline && r.best.baseline->report);
    // Stored: the report and the reopened model are the ensemble's.
    ReportResult rep = report(f.path, "style", r.runId);
    QVERIFY(rep.status.ok());
    QVERIFY(rep.best.stage == MetricsStage::Ensemble);   // read back from the stored text
    QCOMPARE(TrainConfig::fromJson(nlohmann::json::parse(rep.configJson)).ensemble, 2);
    ProjectStore store = ProjectStore::open(f.path);
    Classifier c = loadRunClassifier(store, r.runId);
    QCOMPARE(c->ensembleSize(), 2);
    QCOMPARE(c->pooledDim(), std::int64_t(TrainMode(mode) == TrainMode::Head ? 32 : 64));
    ItemScores s = c->score(catalogue(1));
    for (const auto &p : s.probs)
        QVERIFY(std::abs(p[0] + p[1] + p[2] - 1.0) < 1e-5);
    // Resuming an ensemble run is refused with a message.
    TrainRequest again = req;
    again.resumeRun = r.runId;
    TrainResult res = train(f.path, again);
    QVERIFY(!res.status.ok());
}

// The façade's one exception mapping (project/guard.h).
void TestTrain::exceptionsBecomeStatuses()
{
    Status s = guarded([] { throw Error(Location{"a.csv", 3, 2, {}}, "bad row"); });
    QCOMPARE(int(s.code), int(StatusCode::UserError));
    QCOMPARE(QString::fromStdString(s.message), QStringLiteral("a.csv:3:2: bad row"));
    QCOMPARE(int(guarded([] { throw Cancelled(); }).code), int(StatusCode::Cancelled));
    s = guarded([] { torch::ones({2, 3}).matmul(torch::ones({2, 3})); });   // a LibTorch shape error
    QCOMPARE(int(s.code), int(StatusCode::UserError));
    QVERIFY2(!s.message.empty() && s.message.find("Exception raised from") == std::string::npos, s.message.c_str());
    QCOMPARE(int(guarded([] { throw std::logic_error("bug"); }).code), int(StatusCode::Internal));
    QCOMPARE(int(guarded([] { throw 42; }).code), int(StatusCode::Internal));
    QVERIFY(guarded([] {}).ok());
}

// One list of binary spellings for the importer and the trainer's class order.
void TestTrain::binaryLabelSpellings()
{
    for (const char *p : {"1", "True", " yes ", "Bought", "clicked", "\xE6\x98\xAF", "Purchase", "order", "transaction",
                          "\xE8\xB4\xAD\xE4\xB9\xB0" /* 购买 */, "\xE4\xB8\x8B\xE5\x8D\x95" /* 下单 */})
        QVERIFY2(binaryLabel(p) == BinaryLabel::Positive, p);
    for (const char *n : {"0", "FALSE", "no", "negative", "\xE5\x90\xA6", "View", "impression", "pv",
                          "\xE6\xB5\x8F\xE8\xA7\x88" /* 浏览 */})
        QVERIFY2(binaryLabel(n) == BinaryLabel::Negative, n);
    QVERIFY(binaryLabel("maybe") == BinaryLabel::Unknown);
    QVERIFY(binaryLabel("cart") == BinaryLabel::Unknown);
    QVERIFY(binaryLabel("fav") == BinaryLabel::Unknown);   // an event that is neither stays a rejected row
    std::string out, why;
    QVERIFY(Importer::normalizeLabel(TaskKind::Binary, "Bought", out, why));
    QCOMPARE(out, std::string("1"));
    const LabelEncoding enc = encodeLabels(TaskKind::Binary, {"bought", "skipped", "bought"});
    QVERIFY(enc.labels == std::vector<std::string>({"skipped", "bought"}));   // positive second
}

DEBUT_TEST_MAIN(TestTrain, "test_train", None)

#include "test_train.moc"
