// Masked-LM pretraining of the from-scratch encoder: held-out perplexity far
// below the unigram baseline, determinism, cancel within one batch, and exact
// checkpoint round trips.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <random>

#include "common/error.h"
#include "models/checkpoint.h"
#include "models/scratch.h"
#include "train/mlm.h"

#include "scratchtestutil.h"
#endif

using namespace debut;

namespace {

// Product-like sentences with structure a model can learn from context
// (materials go with their items, phrases are fixed) but a unigram cannot.
std::vector<std::string> corpus(int n, unsigned seed)
{
    const char *colours[] = {"red", "blue", "green", "black", "white", "grey"};
    const char *items[][2] = {{"cotton", "shirt"}, {"leather", "wallet"}, {"rubber", "boots"}, {"oak", "table"},
                              {"steel", "kettle"}, {"ceramic", "mug"},    {"wool", "scarf"},   {"glass", "vase"}};
    const char *extras[] = {"for everyday use",  "with free delivery", "in a gift box",
                            "for men and women", "made in Portugal",   "with a two year warranty"};
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        const auto &it = items[rng() % 8];
        out.push_back(std::string("a ") + colours[rng() % 6] + " " + it[0] + " " + it[1] + " " + extras[rng() % 6]);
    }
    return out;
}

using Setup = testutil::TinyScratch;

Setup makeSetup(const std::vector<std::string> &texts, int vocab)
{
    testutil::ScratchShape shape;
    shape.vocab = vocab;
    shape.width = 64;
    shape.layers = 2;
    shape.heads = 4;
    shape.ffn = 128;
    shape.maxLength = 48;
    Setup s = testutil::tinyScratch(texts, shape);
    s.config.dropout = 0.1;
    return s;
}

MlmOptions quickOptions(int epochs)
{
    MlmOptions o;
    o.epochs = epochs;
    o.batchSize = 32;
    o.learningRate = 3e-3;
    o.warmupFraction = 0.1;
    o.seed = 1234;
    o.threads = 1;
    return o;
}

// "title. description" of the first `limit` items of the committed sample
// catalogue (RFC 4180: quoted fields may hold commas, quotes and line breaks).
std::vector<std::string> readSampleCatalogue(std::size_t limit)
{
    std::ifstream in(std::string(DEBUT_SOURCE_DIR) + "/sample_data/catalogue.csv", std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"')
                field += data[++i];
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    std::vector<std::string> texts;
    for (std::size_t r = 1; r < rows.size() && texts.size() < limit; ++r)
        if (rows[r].size() >= 3)
            texts.push_back(rows[r][1] + ". " + rows[r][2]);
    return texts;
}

}   // namespace

class TestMlm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unigramBaseline()
    {
        // counts: 5 -> 2, 6 -> 1, 7 -> 0 over V' = 3 normal pieces, N = 3:
        // p = 3/6, 2/6, 1/6; targets {5, 7}: ppl = exp(-(ln 1/2 + ln 1/6) / 2) = sqrt(12)
        const double ppl = unigramPerplexity({{0, 5, 5, 1}, {6}}, {5, 7}, 5, 8);
        QVERIFY(std::abs(ppl - std::sqrt(12.0)) < 1e-12);
    }

    void perplexityDrops_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("vocab");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<double>("ratio");   // final perplexity must be below ratio * unigram
        QTest::newRow("generated") << "generated" << 120 << 6 << 0.5;
        QTest::newRow("sample catalogue") << "sample" << 400 << 10 << 0.75;   // measured 0.61
    }
    void perplexityDrops()
    {
        QFETCH(QString, source);
        QFETCH(int, vocab);
        QFETCH(int, epochs);
        QFETCH(double, ratio);
        std::vector<std::string> texts = source == "generated" ? corpus(480, 3) : readSampleCatalogue(800);
        QVERIFY(texts.size() >= 300);
        const Setup s = makeSetup(texts, vocab);
        torch::manual_seed(7);
        ScratchConfig config = s.config;
        if (source != "generated") {
            config.dropout = 0.0;
            config.positionBias = "alibi";   // what `debut pretrain` uses (project/pretraining.h)
        }
        auto encoder = std::make_shared<ScratchEncoderImpl>(config, s.tok);
        MlmOptions o = quickOptions(epochs);
        if (source != "generated") {
            // Real-looking catalogue text: small steps, ALiBi and no dropout get a
            // tiny model past the unigram plateau quickly.
            o.maxLength = 48;
            o.batchSize = 16;
            o.learningRate = 2e-3;
        }

        int epochCalls = 0;
        const MlmResult r = trainMaskedLm(*encoder, texts, o, {}, [&](const MlmEpoch &) { ++epochCalls; });
        QCOMPARE(epochCalls, o.epochs);
        QCOMPARE(int(r.epochs.size()), o.epochs);
        QVERIFY(r.heldOutTexts >= 1 && r.heldOutTokens > 20);
        qInfo("%s: unigram ppl %.2f, initial ppl %.2f", qPrintable(source), r.unigramPerplexity,
              r.initialHeldOutPerplexity);
        for (const auto &e : r.epochs)
            qInfo("  epoch %d: train loss %.3f, held-out loss %.3f, ppl %.2f (%lld tokens, %.1fs)", e.epoch,
                  e.trainLoss, e.heldOutLoss, e.heldOutPerplexity, static_cast<long long>(e.heldOutTokens), e.seconds);
        QVERIFY(r.unigramPerplexity > 1);
        QVERIFY(r.epochs.back().heldOutPerplexity < r.initialHeldOutPerplexity);
        QVERIFY2(r.epochs.back().heldOutPerplexity < ratio * r.unigramPerplexity,
                 qPrintable(
                     QString("ppl %1 vs unigram %2").arg(r.epochs.back().heldOutPerplexity).arg(r.unigramPerplexity)));
        QVERIFY(!encoder->is_training());
    }

    void deterministicAndCheckpoint()
    {
        const auto texts = corpus(160, 5);
        const Setup s = makeSetup(texts, 100);
        auto run = [&] {
            torch::manual_seed(11);
            auto e = std::make_shared<ScratchEncoderImpl>(s.config, s.tok);
            const MlmResult r = trainMaskedLm(*e, texts, quickOptions(1));
            return std::make_pair(e, r);
        };
        const auto [a, ra] = run();
        const auto [b, rb] = run();
        QCOMPARE(ra.epochs.back().heldOutLoss, rb.epochs.back().heldOutLoss);
        const std::string bytes = a->saveCheckpoint();
        QCOMPARE(b->saveCheckpoint(), bytes);

        // Round trip: a fresh encoder loaded from the bytes is bit-identical.
        auto restored = ScratchEncoderImpl::fromCheckpoint(bytes, s.tok);
        const auto pa = a->named_parameters(), pr = restored->named_parameters();
        QCOMPARE(pa.size(), pr.size());
        for (const auto &item : pa)
            QVERIFY2(torch::equal(item.value(), pr[item.key()]), item.key().c_str());
        QCOMPARE(restored->saveCheckpoint(), bytes);
        restored->eval();
        const auto batch = makeBatch(s.tok->encodeBatch({"a red cotton shirt", "oak table"}, 0), s.tok->padId());
        torch::NoGradGuard g;
        QVERIFY(torch::equal(a->forward(batch), restored->forward(batch)));
        QCOMPARE(a->forward(batch).sizes(), (std::vector<std::int64_t>{2, 64}));

        // Plain tensor maps round-trip too, dtype included.
        std::map<std::string, torch::Tensor> m = {{"x", torch::arange(5, torch::kLong)},
                                                  {"y", torch::randn({2, 3}, torch::kDouble)}};
        const CheckpointContents c = readCheckpoint(saveTensors(m, "{\"k\":1}"));
        QCOMPARE(c.meta, std::string("{\"k\":1}"));
        QVERIFY(torch::equal(c.tensors.at("x"), m["x"]));
        QVERIFY(torch::equal(c.tensors.at("y"), m["y"]));
        QCOMPARE(c.tensors.at("y").scalar_type(), torch::kDouble);
    }

    void checkpointErrors()
    {
        const auto texts = corpus(120, 9);
        const Setup s = makeSetup(texts, 100);
        auto e = std::make_shared<ScratchEncoderImpl>(s.config, s.tok);
        ScratchConfig wide = s.config;
        wide.width = 32;
        auto other = std::make_shared<ScratchEncoderImpl>(wide, s.tok);
        QVERIFY_THROWS_EXCEPTION(Error, loadCheckpoint(*other, e->saveCheckpoint()));
        ScratchConfig deeper = s.config;
        deeper.layers = 3;
        auto deep = std::make_shared<ScratchEncoderImpl>(deeper, s.tok);
        QVERIFY_THROWS_EXCEPTION(Error, loadCheckpoint(*deep, e->saveCheckpoint()));
        const LoadReport r = loadCheckpoint(*deep, e->saveCheckpoint(), /*strict=*/false);
        QVERIFY(!r.missing.empty());
        QVERIFY(r.unexpected.empty());
        QVERIFY_THROWS_EXCEPTION(Error, readCheckpoint("not a checkpoint"));
        QVERIFY_THROWS_EXCEPTION(Error, ScratchEncoderImpl::fromCheckpoint(saveTensors({}, "{}"), s.tok));
    }

    void cancelWithinOneBatch()
    {
        const auto texts = corpus(300, 13);
        const Setup s = makeSetup(texts, 100);
        auto e = std::make_shared<ScratchEncoderImpl>(s.config, s.tok);
        int trainCalls = 0, afterStop = 0;
        bool stopped = false;
        Progress p = [&](std::string_view stage, std::int64_t, std::int64_t, std::string_view) {
            if (stopped)
                ++afterStop;
            if (stage == "pretrain" && ++trainCalls == 4) {
                stopped = true;
                return false;
            }
            return true;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, trainMaskedLm(*e, texts, quickOptions(3), p));
        QVERIFY(stopped);
        QCOMPARE(afterStop, 0);
    }

    void alibiConfigAndPaddedRows()
    {
        const auto texts = corpus(120, 21);
        Setup s = makeSetup(texts, 100);
        s.config.positionBias = "alibi";
        QCOMPARE(ScratchConfig::fromJson(s.config.toJson()).positionBias, std::string("alibi"));
        // Checkpoints written before the field existed read as "none".
        QCOMPARE(ScratchConfig::fromJson("{\"vocab_size\":100,\"width\":64,\"layers\":2,\"heads\":4,\"ffn\":128,"
                                         "\"max_length\":48}")
                     .positionBias,
                 std::string("none"));
        ScratchConfig bad = s.config;
        bad.positionBias = "rope";
        QVERIFY_THROWS_EXCEPTION(Error, bad.validate());
        torch::manual_seed(5);
        auto e = std::make_shared<ScratchEncoderImpl>(s.config, s.tok);
        e->eval();
        // An empty text (all padding but [CLS]/[SEP]) and an all-false mask stay finite.
        TokenBatch b = makeBatch(s.tok->encodeBatch({"a red cotton shirt", ""}, 0), s.tok->padId());
        b.mask[1].fill_(false);
        torch::NoGradGuard g;
        const torch::Tensor out = e->forward(b);
        QVERIFY(torch::isfinite(out).all().item<bool>());
        QVERIFY(torch::isfinite(e->encodeEmbedded(e->embed(b.ids), b.mask)).all().item<bool>());
    }

    void errors()
    {
        const auto texts = corpus(100, 17);
        const Setup s = makeSetup(texts, 100);
        auto e = std::make_shared<ScratchEncoderImpl>(s.config, s.tok);
        QVERIFY_THROWS_EXCEPTION(Error, trainMaskedLm(*e, {"", "  "}, quickOptions(1)));
        ScratchConfig bad = s.config;
        bad.heads = 5;
        QVERIFY_THROWS_EXCEPTION(Error, std::make_shared<ScratchEncoderImpl>(bad, s.tok));
        bad = s.config;
        bad.vocabSize += 1;
        QVERIFY_THROWS_EXCEPTION(Error, std::make_shared<ScratchEncoderImpl>(bad, s.tok));
        QVERIFY_THROWS_EXCEPTION(Error, ScratchConfig::fromJson("{\"width\": 3}"));
        QCOMPARE(ScratchConfig::fromJson(s.config.toJson()).toJson(), s.config.toJson());
    }
};

DEBUT_TEST_MAIN(TestMlm, "test_mlm", None)

#include "test_mlm.moc"
