// Pretrained encoders of a project (project/pretraining.h): `debut pretrain`'s
// façade stores "pretrained/<n>/" artefacts, they are listed, and training with
// --encoder pretrained[:N] uses them (head mode, scores come out); continued
// pretraining of a stored encoder ("adapted") rebuilds from its base; the spec a
// run stores is stable when later pretrainings are added.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest/QtTest>

#include "testmain.h"

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <random>

#include "models/factory.h"
#include "project/pretraining.h"
#include "project/recommend.h"
#include "project/training.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "train/classifier.h"
#endif

using namespace debut;

namespace {

const char *kTopicWords[3][6] = {{"tent", "hiking", "waterproof", "trail", "camping", "backpack"},
                                 {"pan", "knife", "kettle", "spoon", "oven", "skillet"},
                                 {"desk", "pen", "stapler", "notebook", "folder", "marker"}};
const char *kTopics[3] = {"outdoor", "kitchen", "office"};

// 60 items (20 per class), all labelled in task "style".
std::string makeProject(const QTemporaryDir &dir)
{
    const std::string path = (dir.path() + "/p.debut").toStdString();
    ProjectStore store = ProjectStore::create(path);
    const auto task = store.ensureTask("style", TaskKind::Multiclass);
    std::mt19937 rng(9);
    Transaction tx(store.db());
    for (int i = 0; i < 60; ++i) {
        const int c = i % 3;
        ItemRecord it;
        it.id = "it" + std::to_string(i);
        it.title = std::string("a ") + kTopicWords[c][rng() % 6] + " and a " + kTopicWords[c][rng() % 6];
        it.description = std::string("made for ") + kTopics[c] + " use with a " + kTopicWords[c][rng() % 6];
        it.category = kTopics[c];
        it.brand = "brand" + std::to_string(rng() % 3);
        it.price = 5.0 + double(rng() % 50);
        std::int64_t rowid = 0;
        store.upsertItem(it, DuplicatePolicy::Fail, &rowid);
        store.setLabel(task, rowid, 1, kTopics[c]);
    }
    tx.commit();
    return path;
}

PretrainRequest tinyScratch()
{
    PretrainRequest r = defaultPretrainRequest("scratch");
    r.tokenizer.vocabSize = 80;
    r.scratch.width = 32;
    r.scratch.layers = 1;
    r.scratch.heads = 2;
    r.scratch.ffn = 64;
    r.scratch.maxLength = 32;
    r.mlm.epochs = 1;
    r.mlm.batchSize = 8;
    r.mlm.threads = 1;
    return r;
}

TrainRequest headRequest(const std::string &encoder)
{
    TrainRequest r;
    r.task = "style";
    r.config = TrainConfig::fromPreset("quick");
    r.config.mode = TrainMode::Head;
    r.config.encoder = encoder;
    r.config.epochs = 2;
    r.config.batchSize = 8;
    r.config.threads = 1;
    r.config.device = "cpu";
    r.config.maxLength = 32;
    return r;
}

std::string runEncoder(const std::string &project, std::int64_t runId)
{
    ProjectStore store = ProjectStore::open(project, true);
    RunStore runs(store.db());
    return nlohmann::json::parse(runs.run(runId)->config).value("encoder", std::string());
}

}   // namespace

class TestMlmProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pretrainThenTrainHead()
    {
        QTemporaryDir dir;
        const std::string project = makeProject(dir);

        // Nothing stored yet: "pretrained" is a clear error, the list is empty.
        PretrainedListResult list = listPretrainedEncoders(project);
        QVERIFY2(list.status.ok(), list.status.message.c_str());
        QVERIFY(list.encoders.empty());
        TrainResult none = train(project, headRequest("pretrained"));
        QCOMPARE(none.status.code, StatusCode::UserError);
        QVERIFY2(none.status.message.find("debut pretrain") != std::string::npos, none.status.message.c_str());

        int epochs = 0;
        const PretrainResult p = pretrain(project, tinyScratch(), {}, [&](const MlmEpoch &e) {
            ++epochs;
            QVERIFY(e.unigramPerplexity > 1);
        });
        QVERIFY2(p.status.ok(), p.status.message.c_str());
        QCOMPARE(epochs, 1);
        QCOMPARE(p.index, 1);
        QCOMPARE(p.spec, std::string("pretrained:1"));

        list = listPretrainedEncoders(project);
        QVERIFY2(list.status.ok(), list.status.message.c_str());
        QCOMPARE(int(list.encoders.size()), 1);
        const PretrainedEncoderInfo &info = list.encoders[0];
        QCOMPARE(info.spec, std::string("pretrained:1"));
        QCOMPARE(info.kind, std::string("scratch"));
        QCOMPARE(info.epochs, 1);
        QVERIFY(info.perplexity > 0 && info.unigramPerplexity > 0 && info.bytes > 0);
        QVERIFY(!info.createdAt.empty());

        // Train head mode on the pretrained encoder: "pretrained" resolves to the
        // newest, stored as "pretrained:1" with the run; scores come out.
        const TrainResult t = train(project, headRequest("pretrained"));
        QVERIFY2(t.status.ok(), t.status.message.c_str());
        QCOMPARE(runEncoder(project, t.runId), std::string("pretrained:1"));
        RecommendOptions ro;
        ro.runId = t.runId;
        ro.threads = 1;
        const ScoreResult s = scoreTask(project, "style", ro);
        QVERIFY2(s.status.ok(), s.status.message.c_str());
        QVERIFY(s.scored >= 30);

        // Continued pretraining of the stored encoder: an "adapted" one whose
        // base is pretrained:1; the explicit spec trains too.
        PretrainRequest more = defaultPretrainRequest("pretrained:1");
        more.mlm.epochs = 1;
        more.mlm.batchSize = 8;
        more.mlm.threads = 1;
        more.mlm.learningRate = 1e-3;
        const PretrainResult p2 = pretrain(project, more);
        QVERIFY2(p2.status.ok(), p2.status.message.c_str());
        QCOMPARE(p2.spec, std::string("pretrained:2"));
        list = listPretrainedEncoders(project);
        QCOMPARE(int(list.encoders.size()), 2);
        QCOMPARE(list.encoders[1].kind, std::string("adapted"));
        QCOMPARE(list.encoders[1].base, std::string("pretrained:1"));

        const TrainResult t2 = train(project, headRequest("pretrained:2"));
        QVERIFY2(t2.status.ok(), t2.status.message.c_str());
        QCOMPARE(runEncoder(project, t2.runId), std::string("pretrained:2"));
        // "scratch" means the newest from-scratch result, not the adapted one.
        const TrainResult t3 = train(project, headRequest("scratch"));
        QVERIFY2(t3.status.ok(), t3.status.message.c_str());
        QCOMPARE(runEncoder(project, t3.runId), std::string("pretrained:1"));

        // The encoders really differ (continued pretraining changed weights), and
        // the first run still reloads exactly its own encoder.
        ProjectStore store = ProjectStore::open(project);
        const EncoderMaker make = projectEncoderMaker(store);
        TextEncoder e1 = make("pretrained:1"), e2 = make("pretrained:2");
        const auto batch = makeBatch({e1->tokenizer().encode("a kettle and a pan", 32)}, e1->tokenizer().padId());
        torch::NoGradGuard g;
        QVERIFY(!torch::allclose(e1->forward(batch), e2->forward(batch)));
        Classifier c1 = loadRunClassifier(store, t.runId);
        QVERIFY(torch::equal(c1->encoder()->forward(batch), e1->forward(batch)));

        QVERIFY_THROWS_EXCEPTION(Error, make("pretrained:9"));
    }
};

DEBUT_TEST_MAIN(TestMlmProject, "test_mlm_project", None)

#include "test_mlm_project.moc"
