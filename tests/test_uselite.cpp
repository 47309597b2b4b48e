// USE-Lite parity with its reference runtime (tfjs running the npm package) and
// the robustness of its loaders. Fixture: tests/data/uselite/parity.json.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/modelpaths.h"
#include "models/tfjsweights.h"
#include "models/uselite.h"

#include "modeltestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

struct Sentence {
    std::string text;
    std::vector<std::int32_t> ids;
    std::vector<float> embedding;
};

std::vector<Sentence> loadFixture(double *tolerance)
{
    std::ifstream in(std::string(DEBUT_TEST_DATA) + "/uselite/parity.json");
    nlohmann::json j;
    in >> j;
    *tolerance = j.at("tolerance").get<double>();
    std::vector<Sentence> out;
    for (const auto &s : j.at("sentences"))
        out.push_back({s.at("text").get<std::string>(), s.at("ids").get<std::vector<std::int32_t>>(),
                       s.at("embedding").get<std::vector<float>>()});
    return out;
}

fs::path modelDir() { return defaultModelsDir() / "use-lite"; }
bool haveModel()
{
    return fs::is_regular_file(modelDir() / "model.json") && fs::is_regular_file(modelDir() / "vocab.json");
}

// A copy of the model folder whose shards are symlinks, except `copied` which is a real copy.
fs::path cloneModel(const fs::path &to, const std::string &copied)
{
    fs::create_directories(to);
    for (const auto &e : fs::directory_iterator(modelDir())) {
        const auto name = e.path().filename().string();
        if (name == copied || name == "model.json")
            fs::copy_file(e.path(), to / name, fs::copy_options::overwrite_existing);
        else
            fs::create_symlink(e.path(), to / name);
    }
    return to;
}

std::string loadError(const fs::path &dir)
{
    try {
        TfjsWeights::load(dir / "model.json");
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}

}   // namespace

class TestUseLite : public QObject {
    Q_OBJECT
    std::vector<Sentence> m_fixture;
    double m_tolerance = 0;
    std::shared_ptr<UseLiteImpl> m_model;
    torch::Tensor m_batchEmbeddings;

private Q_SLOTS:
    void initTestCase()
    {
        torch::set_num_threads(2);
        m_fixture = loadFixture(&m_tolerance);
        QVERIFY(m_fixture.size() >= 20);
        QCOMPARE(m_tolerance, 1e-4);
        if (!haveModel())
            return;
        m_model = loadUseLite(modelDir());
        std::vector<std::string> texts;
        for (const auto &s : m_fixture)
            texts.push_back(s.text);
        m_batchEmbeddings = embedTexts(*m_model, texts, 8);
    }

    void tokenizerIds_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < m_fixture.size(); ++i)
            QTest::newRow(QByteArray::fromStdString(m_fixture[i].text.substr(0, 40))) << int(i);
    }
    void tokenizerIds()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup): no vocab.json to test against");
        if (!UseTokenizer::hasNfkc())
            QSKIP("built without ICU: USE-Lite tokenizer skips NFKC, ids can differ from the reference");
        QFETCH(int, index);
        const Sentence &s = m_fixture[std::size_t(index)];
        const Encoding e = m_model->useTokenizer().encode(s.text, 0);
        QCOMPARE(e.ids, s.ids);
        QCOMPARE(e.offsets.size(), e.ids.size());
        std::uint32_t previous = 0;
        for (const auto &[b, end] : e.offsets) {
            QVERIFY(b <= end && end <= s.text.size());
            QVERIFY(b >= previous);
            previous = b;
        }
    }

    void tokenizerOffsets()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        const UseTokenizer &tok = m_model->useTokenizer();
        const std::string text = "Hello  world ﬁ!";   // double space, ligature (NFKC: "fi")
        const Encoding e = tok.encode(text, 0);
        std::vector<std::string> surfaces;
        for (const auto &[b, end] : e.offsets)
            surfaces.push_back(text.substr(b, end - b));
        // ▁H ello ▁ ▁world ▁fi !  — separators map to their space, words exclude it.
        const std::vector<std::string> expected = {"H", "ello", " ", "world", "ﬁ", "!"};
        QCOMPARE(surfaces, expected);
        QCOMPARE(tok.encode(text, 3).ids.size(), std::size_t(3));
        QVERIFY(tok.encode("", 0).ids.empty());
        QCOMPARE(tok.piece(tok.maskId()), std::string("extra_token_id_1"));
    }

    void embeddings_data() { tokenizerIds_data(); }
    void embeddings()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        QFETCH(int, index);
        const Sentence &s = m_fixture[std::size_t(index)];
        torch::Tensor expected = torch::tensor(s.embedding);
        QCOMPARE(expected.size(0), std::int64_t(512));
        const double diff = (m_batchEmbeddings[index] - expected).abs().max().item<double>();
        if (diff > m_tolerance)
            QFAIL(qPrintable(QString("max |diff| %1 > %2").arg(diff).arg(m_tolerance)));
    }

    void maxDifferenceReported()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        std::vector<float> all;
        for (const auto &s : m_fixture)
            all.insert(all.end(), s.embedding.begin(), s.embedding.end());
        torch::Tensor expected = torch::tensor(all).reshape({std::int64_t(m_fixture.size()), 512});
        const double diff = (m_batchEmbeddings - expected).abs().max().item<double>();
        qInfo("USE-Lite parity: %zu sentences, max |diff| = %.3g (tolerance %.0e)", m_fixture.size(), diff,
              m_tolerance);
        QVERIFY(diff <= m_tolerance);
    }

    void splitMatchesForwardAndBatching()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        torch::NoGradGuard ng;
        const auto &tok = m_model->tokenizer();
        std::vector<Encoding> enc = {tok.encode("red cotton shirt", 128), tok.encode("", 128),
                                     tok.encode("a much longer description of a wooden table", 128)};
        TokenBatch b = makeBatch(enc, tok.padId());
        QCOMPARE(b.ids.size(0), std::int64_t(3));
        QCOMPARE(b.mask.sum().item<std::int64_t>(), std::int64_t(enc[0].ids.size() + enc[2].ids.size()));
        torch::Tensor viaForward = m_model->forward(b);
        torch::Tensor hidden = m_model->encodeEmbedded(m_model->embed(b.ids), b.mask);
        QCOMPARE(hidden.size(2), m_model->hiddenSize());
        torch::Tensor viaSplit = m_model->pool(hidden, b.mask);
        QVERIFY(torch::allclose(viaForward, viaSplit));
        for (int i = 0; i < 3; ++i) {
            torch::Tensor single = m_model->forward(makeBatch({enc[std::size_t(i)]}, tok.padId()));
            QVERIFY((single[0] - viaForward[i]).abs().max().item<double>() < 1e-5);
        }
        QVERIFY(std::abs(viaForward.norm(2, 1)[0].item<double>() - 1.0) < 1e-5);
    }

    void embedPooledMatchesForward()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        c10::InferenceMode guard;
        const auto &tok = m_model->tokenizer();
        std::vector<Encoding> enc = {tok.encode("red cotton shirt", 128), tok.encode("", 128),
                                     tok.encode(std::string(2000, 'a') + " long text clipped at 128 tokens", 128)};
        const TokenBatch b = makeBatch(enc, tok.padId());
        const torch::Tensor viaForward = m_model->forward(b), pooled = m_model->embedPooled(b);
        const double diff = (viaForward - pooled).abs().max().item<double>();
        qInfo("embedPooled vs forward: max |diff| = %.3g", diff);
        QVERIFY(diff < 1e-6);
    }

    void bfloat16Precision()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        QCOMPARE(parsePrecision("bf16"), Precision::BFloat16);
        QCOMPARE(parsePrecision("fp32"), Precision::Float32);
        QVERIFY_THROWS_EXCEPTION(Error, parsePrecision("int4"));
        std::vector<std::string> texts;
        for (const auto &s : m_fixture)
            texts.push_back(s.text);
        EmbedOptions o;
        o.batchSize = 8;
        o.precision = Precision::BFloat16;
        const torch::Tensor low = embedTexts(*m_model, texts, o);
        const double diff = (low - m_batchEmbeddings).abs().max().item<double>();
        const double cosine = (low * m_batchEmbeddings).sum(1).min().item<double>();
        qInfo("bf16 vs fp32: max |diff| = %.3g, min cosine = %.6f", diff, cosine);
        QVERIFY(diff < 2e-2);
        QVERIFY(cosine > 0.999);
        // Back to the reference arithmetic afterwards: bit-identical to before.
        QVERIFY(torch::equal(embedTexts(*m_model, texts, 8), m_batchEmbeddings));
    }

    void fastBFloat16Detection()
    {
        // cpuid's answer agrees with the kernel's CPU flags; bf16 is kept only with it.
        const bool fast = hasFastBFloat16(torch::kCPU);
        QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
        if (cpuinfo.open(QIODevice::ReadOnly)) {
            const QByteArray flags = cpuinfo.readAll();
            QCOMPARE(fast, flags.contains(" avx512_bf16") || flags.contains(" amx_bf16"));
        }
        QCOMPARE(usablePrecision(Precision::Float32, torch::kCPU), Precision::Float32);
        QCOMPARE(usablePrecision(Precision::BFloat16, torch::kCPU), fast ? Precision::BFloat16 : Precision::Float32);
    }

    void lengthBatches()
    {
        // Rows of sorted lengths: a batch ends before the rows x longest would pass
        // the token budget, or at batchSize rows; a row longer than the budget is
        // a batch of its own.
        const std::vector<std::int64_t> lengths{1, 2, 2, 3, 5, 5, 5, 40};
        QCOMPARE(lengthBatchEnds(lengths, 64, 10), (std::vector<std::size_t>{3, 5, 7, 8}));
        QCOMPARE(lengthBatchEnds(lengths, 3, 1000), (std::vector<std::size_t>{3, 6, 8}));
        QCOMPARE(lengthBatchEnds(lengths, 0, 1), (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7, 8}));
        QVERIFY(lengthBatchEnds({}, 64, 1024).empty());
    }

    void duplicateTextsComputedOnce()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        // Repeats (as catalogue variants have) come back in their own rows, equal to
        // their original's, and the distinct texts equal the parity-tested rows.
        std::vector<std::string> texts;
        std::vector<std::int64_t> source;
        for (std::size_t i = 0; i < m_fixture.size(); ++i) {
            texts.push_back(m_fixture[i].text);
            source.push_back(std::int64_t(i));
            if (i % 3 == 0) {
                texts.push_back(m_fixture[i].text);
                source.push_back(std::int64_t(i));
            }
        }
        // Progress counts rows of the input, duplicates included, up to all of them.
        std::vector<std::int64_t> done, totals;
        std::set<std::string> stages;
        const torch::Tensor e = embedTexts(
            *m_model, texts, 8, [&](std::string_view stage, std::int64_t d, std::int64_t total, std::string_view) {
                stages.insert(std::string(stage));
                done.push_back(d);
                totals.push_back(total);
                return true;
            });
        QCOMPARE(e.size(0), std::int64_t(texts.size()));
        QCOMPARE(stages, std::set<std::string>{"encode"});
        QVERIFY(std::is_sorted(done.begin(), done.end()));
        QCOMPARE(done.back(), std::int64_t(texts.size()));
        QCOMPARE(std::set<std::int64_t>(totals.begin(), totals.end()),
                 std::set<std::int64_t>{std::int64_t(texts.size())});
        const torch::Tensor expected = m_batchEmbeddings.index_select(0, torch::tensor(source, torch::kLong));
        const double diff = (e - expected).abs().max().item<double>();
        qInfo("with duplicates vs without: max |diff| = %.3g", diff);
        QVERIFY(diff < 1e-6);
        for (std::size_t i = 1; i < texts.size(); ++i)
            if (source[i] == source[i - 1])
                QVERIFY(torch::equal(e[std::int64_t(i)], e[std::int64_t(i - 1)]));
    }

    void loraStartsNeutralAndTrainsOnlyAdapters()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        auto model = loadUseLite(modelDir());
        QCOMPARE(model->layerParameters(0).size(), std::size_t(14));   // 2 LN + qkv, out, residual, conv1, conv2
        QCOMPARE(model->layerParameters(1).size(), std::size_t(14));   // 12 + tanh projection
        QVERIFY_EXCEPTION_THROWN(model->layerParameters(2), Error);
        const auto &tok = model->tokenizer();
        TokenBatch b = makeBatch({tok.encode("blue wool scarf", 128), tok.encode("steel kettle", 128)}, tok.padId());
        torch::Tensor before;
        {
            torch::NoGradGuard ng;
            before = model->forward(b);
        }
        model->addLora(4, 8.0);
        std::int64_t trainable = 0;
        for (const auto &p : model->named_parameters()) {
            const bool adapter = p.key().find("lora_") != std::string::npos;
            QCOMPARE(p.value().requires_grad(), adapter);
            trainable += adapter ? p.value().numel() : 0;
        }
        // rank 4 on qkv and out of both layers: 4 * (in + out) each
        QCOMPARE(trainable, std::int64_t(4 * ((256 + 768) + (256 + 512) + (512 + 1536) + (512 + 512))));
        torch::Tensor after = model->forward(b);
        QVERIFY((after - before).abs().max().item<double>() < 1e-6);
        after.sum().backward();
        for (const auto &p : model->named_parameters())
            if (p.key().find("lora_B") != std::string::npos)
                QVERIFY(p.value().grad().defined() && p.value().grad().abs().sum().item<double>() > 0);
        QVERIFY_EXCEPTION_THROWN(model->addLora(4, 8.0), Error);
    }

    void corruptWeightsGiveClearErrors_data()
    {
        QTest::addColumn<QString>("corruption");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("truncated shard") << "truncate" << QStringList{"group1-shard7of7", "truncated", "tensor '"};
        QTest::newRow("extra bytes") << "append" << QStringList{"group1-shard7of7", "manifest describes"};
        QTest::newRow("NaN in shard") << "nan" << QStringList{"group1-shard2of7", "non-finite", "tensor '"};
        QTest::newRow("missing shard") << "remove" << QStringList{"group1-shard3of7", "missing weight shard"};
        QTest::newRow("bad dtype") << "dtype"
                                   << QStringList{"model.json", "unsupported dtype 'float16'", "module/Embeddings_en"};
    }
    void corruptWeightsGiveClearErrors()
    {
        if (!haveModel())
            DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
        QFETCH(QString, corruption);
        QFETCH(QStringList, mentions);
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString() + "/use-lite";
        if (corruption == "truncate" || corruption == "append") {
            cloneModel(dir, "group1-shard7of7");
            const auto size = fs::file_size(dir / "group1-shard7of7");
            fs::resize_file(dir / "group1-shard7of7", corruption == "truncate" ? size - 100 : size + 8);
        } else if (corruption == "nan") {
            cloneModel(dir, "group1-shard2of7");
            std::fstream f(dir / "group1-shard2of7", std::ios::in | std::ios::out | std::ios::binary);
            const float nan = std::nanf("");
            f.seekp(4096);
            f.write(reinterpret_cast<const char *>(&nan), 4);
        } else if (corruption == "remove") {
            cloneModel(dir, "");
            fs::remove(dir / "group1-shard3of7");
        } else {
            cloneModel(dir, "");
            std::ifstream in(dir / "model.json");
            nlohmann::json j;
            in >> j;
            in.close();
            for (auto &w : j["weightsManifest"][0]["weights"])
                if (w["name"] == "module/Embeddings_en")
                    w["dtype"] = "float16";
            std::ofstream(dir / "model.json") << j.dump();
        }
        const std::string message = loadError(dir);
        QVERIFY2(!message.empty(), "corrupt weights loaded without an error");
        for (const auto &m : mentions)
            QVERIFY2(message.find(m.toStdString()) != std::string::npos, message.c_str());
        QVERIFY_EXCEPTION_THROWN(loadUseLite(dir), Error);
    }

    void missingModelSaysRunSetup()
    {
        QTemporaryDir tmp;
        const QByteArray old = qgetenv("DEBUT_MODELS_DIR");
        qputenv("DEBUT_MODELS_DIR", tmp.path().toUtf8());
        std::string message;
        try {
            loadUseLite();
        } catch (const Error &e) {
            message = e.what();
        }
        if (old.isEmpty())
            qunsetenv("DEBUT_MODELS_DIR");
        else
            qputenv("DEBUT_MODELS_DIR", old);
        QVERIFY2(message.find("run scripts/setup") != std::string::npos, message.c_str());
        QVERIFY2(message.find(tmp.path().toStdString() + "/use-lite/model.json") != std::string::npos, message.c_str());
    }
};

DEBUT_TEST_MAIN(TestUseLite, "test_uselite", Core)

#include "test_uselite.moc"
