// BERT family: model-file readers/writers and parity proofs.
//   tests/data/torchbin/   tiny.bin written by Python's torch.save (scripts/make_torchbin_fixture.py)
//   tests/data/bert-ref/   tiny random BERT (safetensors) and RoBERTa (.bin) with last hidden
//                          states from a plain-PyTorch reference (scripts/bert_reference.py)
//   tests/data/bert-tiny/  Hugging Face Transformers fixture (scripts/make_bert_fixture.py);
//                          the test skips with the reason while it is absent
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/batchedmatmul.h"
#include "models/bert.h"
#include "models/hfmodel.h"
#include "models/safetensors.h"
#include "models/torchbin.h"
#include "text/wordpiece.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

const double kTolerance = 1e-4;

std::string dataPath(const std::string &rel) { return std::string(DEBUT_TEST_DATA) + "/" + rel; }

nlohmann::json readJson(const std::string &path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

std::string readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string &path, const std::string &bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Message of the debut::Error `f` throws, or "" when it does not throw.
template <class F>
QString errorOf(F &&f)
{
    try {
        f();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

bool bitIdentical(const torch::Tensor &a, const torch::Tensor &b)
{
    if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes())
        return false;
    if (a.numel() == 0)
        return true;   // an empty tensor may have no storage at all (memcmp of null is undefined)
    auto ca = a.contiguous(), cb = b.contiguous();
    return std::memcmp(ca.data_ptr(), cb.data_ptr(), static_cast<std::size_t>(ca.numel() * ca.element_size())) == 0;
}

NamedTensors randomTensorsAllDtypes()
{
    torch::manual_seed(3);
    NamedTensors t;
    t["f32"] = torch::randn({3, 4});
    t["f64"] = torch::randn({2, 2}, torch::kDouble);
    t["f16"] = torch::randn({5}).to(torch::kHalf);
    t["bf16"] = torch::randn({2, 3}).to(torch::kBFloat16);
    t["i64"] = torch::randint(-1000000, 1000000, {4}, torch::kLong);
    t["i32"] = torch::randint(-1000, 1000, {2, 2}, torch::kInt);
    t["i16"] = torch::randint(-1000, 1000, {3}, torch::kShort);
    t["i8"] = torch::randint(-100, 100, {3}, torch::kChar);
    t["u8"] = torch::randint(0, 255, {3}, torch::kByte);
    t["bool"] = torch::randint(0, 2, {4}, torch::kLong).to(torch::kBool);
    t["scalar"] = torch::tensor(2.5f);
    t["empty"] = torch::zeros({0, 3});
    t["weird name.with/dots"] = torch::randn({1, 1, 2});
    return t;
}

// Raw safetensors bytes from a header text and a data region.
std::string safetensorsBytes(const std::string &header, const std::string &data)
{
    std::string out(8, '\0');
    std::uint64_t n = header.size();
    for (int i = 0; i < 8; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out + header + data;
}

struct RefFixture {
    torch::Tensor ids, mask, hidden, mean, cls;
};

RefFixture loadExpected(const std::string &path)
{
    const auto j = readJson(path);
    RefFixture f;
    auto ids = j.at("ids").get<std::vector<std::vector<std::int64_t>>>();
    auto mask = j.at("mask").get<std::vector<std::vector<std::int64_t>>>();
    const auto b = static_cast<std::int64_t>(ids.size()), t = static_cast<std::int64_t>(ids.at(0).size());
    f.ids = torch::empty({b, t}, torch::kLong);
    f.mask = torch::empty({b, t}, torch::kBool);
    for (std::int64_t r = 0; r < b; ++r)
        for (std::int64_t c = 0; c < t; ++c) {
            f.ids[r][c] = ids[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            f.mask[r][c] = mask[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] != 0;
        }
    const auto shape = j.at("shape").get<std::vector<std::int64_t>>();
    f.hidden = torch::tensor(j.at("last_hidden_state").get<std::vector<float>>()).view(shape);
    f.mean = torch::tensor(j.at("mean_pooled").get<std::vector<float>>()).view({shape[0], shape[2]});
    if (j.contains("cls_pooled"))
        f.cls = torch::tensor(j.at("cls_pooled").get<std::vector<float>>()).view({shape[0], shape[2]});
    return f;
}

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

std::shared_ptr<WordPieceTokenizer> tinyVocab()
{
    std::vector<std::string> v = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                                  "red",   "shirt", "blue",  "##s",   "cotton"};
    return WordPieceTokenizer::fromVocab(v);
}

BertConfig tinyConfig(const std::string &type = "bert")
{
    BertConfig c;
    c.modelType = type;
    c.vocabSize = 10;
    c.hiddenSize = 16;
    c.numLayers = 2;
    c.numHeads = 4;
    c.intermediateSize = 23;
    c.maxPositions = 20;
    c.typeVocabSize = type == "distilbert" ? 0 : 2;
    c.padTokenId = type == "roberta" ? 1 : 0;
    return c;
}

}   // namespace

class TestBert : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    // ---- attention's batched products ----------------------------------------
    // batchedMatmul equals torch::matmul on the views attention hands it (head
    // split, transposes, a non-contiguous batch), forward and backward.
    void batchedMatmulMatchesTorch()
    {
        QVERIFY2(batchedMatmulAccelerated(), "OpenBLAS's cblas_sgemm is not in the process: the test checks nothing");
        torch::manual_seed(3);
        const std::int64_t B = 3, T = 7, H = 4, d = 5;
        torch::Tensor qkv = torch::randn({B, T, 3 * H * d});
        auto heads = [&](const torch::Tensor &t) { return t.reshape({B, T, H, d}).transpose(1, 2); };
        auto parts = qkv.split(H * d, -1);
        torch::Tensor q = heads(parts[0]).detach().requires_grad_(), k = heads(parts[1]).detach().requires_grad_();
        torch::Tensor kt = k.transpose(-2, -1);
        torch::Tensor ours = batchedMatmul(q, kt), ref = torch::matmul(q, kt);
        QCOMPARE(ours.sizes().vec(), ref.sizes().vec());
        QVERIFY(torch::allclose(ours, ref, 1e-5, 1e-6));
        torch::Tensor g = torch::randn_like(ref);
        auto gradsOurs = torch::autograd::grad({ours}, {q, k}, {g});
        auto gradsRef = torch::autograd::grad({ref}, {q, k}, {g});
        for (int i = 0; i < 2; ++i)
            QVERIFY(torch::allclose(gradsOurs[static_cast<std::size_t>(i)], gradsRef[static_cast<std::size_t>(i)], 1e-5,
                                    1e-6));
        // Weights @ values, with a column-major operand and no grad.
        torch::NoGradGuard noGrad;
        torch::Tensor w = torch::softmax(ref, -1), v = torch::randn({B, H, d, T}).transpose(-2, -1);
        QVERIFY(torch::allclose(batchedMatmul(w, v), torch::matmul(w, v), 1e-5, 1e-6));
        // Anything else falls back: broadcasting, float64.
        torch::Tensor one = torch::randn({1, H, T, d});
        QVERIFY(torch::allclose(batchedMatmul(w, one), torch::matmul(w, one)));
        torch::Tensor w64 = w.to(torch::kFloat64);
        QCOMPARE(batchedMatmul(w64, w64).scalar_type(), torch::kFloat64);
    }

    // ---- safetensors --------------------------------------------------------
    void safetensorsRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("t.safetensors").toStdString();
        const NamedTensors in = randomTensorsAllDtypes();
        writeSafetensors(path, in, {{"format", "pt"}, {"note", "ünïcode"}});
        QVERIFY(!fs::exists(path + ".tmp"));
        SafetensorsOptions keep;
        keep.floatToFloat32 = false;
        const auto out = readSafetensors(path, keep);
        QCOMPARE(out.tensors.size(), in.size());
        for (const auto &[name, t] : in) {
            QVERIFY2(out.tensors.count(name), name.c_str());
            QVERIFY2(bitIdentical(t, out.tensors.at(name)), name.c_str());
        }
        QCOMPARE(out.metadata.at("note"), std::string("ünïcode"));
        // Default: float types come back as float32, exactly; integers keep their type.
        const auto f32 = readSafetensors(path);
        QCOMPARE(f32.tensors.at("f16").scalar_type(), torch::kFloat);
        QVERIFY(torch::equal(f32.tensors.at("f16"), in.at("f16").to(torch::kFloat)));
        QVERIFY(torch::equal(f32.tensors.at("bf16"), in.at("bf16").to(torch::kFloat)));
        QCOMPARE(f32.tensors.at("i64").scalar_type(), torch::kLong);
        // The header is 8-byte aligned, as the reference implementation writes it.
        const std::string bytes = readBytes(path);
        std::uint64_t n = 0;
        std::memcpy(&n, bytes.data(), 8);
        QCOMPARE(n % 8, std::uint64_t(0));
        // The in-memory reader agrees with the file reader.
        const auto mem = readSafetensorsFromMemory(bytes.data(), bytes.size(), "mem", keep);
        QVERIFY(bitIdentical(mem.tensors.at("bf16"), in.at("bf16")));
    }

    void safetensorsCorrupt_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("tensor");   // expected in the message ("" = none)
        QTest::addColumn<QString>("reason");   // expected in the message
        const std::string data(24, '\x01');
        auto row = [](const char *name, const std::string &b, const char *tensor, const char *reason) {
            QTest::newRow(name) << QByteArray(b.data(), static_cast<int>(b.size())) << QString(tensor)
                                << QString(reason);
        };
        const std::string good = R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})";
        row("empty file", "", "", "shorter than the 8-byte header");
        row("seven bytes", std::string("\x10\0\0\0\0\0\0", 7), "", "shorter than the 8-byte header");
        row("truncated data", safetensorsBytes(good, data.substr(0, 20)), "w", "beyond the data region");
        {
            std::string b = safetensorsBytes(good, data);
            b[0] = '\xff';
            b[3] = '\x7f';
            row("header length beyond file", b, "", "beyond the end of the file");
        }
        row("offsets beyond data",
            safetensorsBytes(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[8,32]}})", data), "w",
            "beyond the data region");
        row("wrong dtype", safetensorsBytes(R"({"w":{"dtype":"F33","shape":[2,3],"data_offsets":[0,24]}})", data), "w",
            "unsupported dtype \"F33\"");
        row("shape size mismatch",
            safetensorsBytes(R"({"w":{"dtype":"F32","shape":[2,4],"data_offsets":[0,24]}})", data), "w",
            "do not match shape [2, 4]");
        row("dtype size mismatch",
            safetensorsBytes(R"({"w":{"dtype":"F64","shape":[2,3],"data_offsets":[0,24]}})", data), "w",
            "do not match shape [2, 3] of F64");
        row("overflowing shape",
            safetensorsBytes(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,24]}})", data),
            "w", "do not match");
        row("negative dim", safetensorsBytes(R"({"w":{"dtype":"F32","shape":[-2,3],"data_offsets":[0,24]}})", data),
            "w", "non-negative");
        row("overlap",
            safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                             R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                             data),
            "b", "overlaps tensor \"a\"");
        row("reversed offsets", safetensorsBytes(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", data),
            "w", "reversed");
        row("not json", safetensorsBytes("{not json}", data), "", "not valid JSON");
        row("missing offsets", safetensorsBytes(R"({"w":{"dtype":"F32","shape":[2,3]}})", data), "w", "data_offsets");
        row("metadata not strings", safetensorsBytes(R"({"__metadata__":{"a":1}})", data), "", "__metadata__");
    }
    void safetensorsCorrupt()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, tensor);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.safetensors").toStdString();
        writeBytes(path, bytes.toStdString());
        const QString msg = errorOf([&] { readSafetensors(path); });
        QVERIFY2(!msg.isEmpty(), "no error");
        QVERIFY2(msg.contains("broken.safetensors"), qPrintable(msg));
        if (!tensor.isEmpty())
            QVERIFY2(msg.contains("[" + tensor + "]"), qPrintable(msg));
        QVERIFY2(msg.contains(reason), qPrintable(msg));
    }

    // Random byte flips and cuts of a valid file: an Error or a result, never a crash.
    void safetensorsMutations()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.safetensors").toStdString();
        writeSafetensors(path, randomTensorsAllDtypes());
        const std::string good = readBytes(path);
        std::mt19937 rng(5);
        int errors = 0;
        for (int i = 0; i < 400; ++i) {
            std::string b = good;
            if (i % 4 == 0)
                b.resize(rng() % b.size());
            else
                for (int k = 0; k < 1 + i % 3; ++k)
                    b[rng() % std::min<std::size_t>(b.size(), 700)] = static_cast<char>(rng());
            try {
                readSafetensorsFromMemory(b.data(), b.size(), "mut");
            } catch (const Error &e) {
                ++errors;
                QVERIFY(QString(e.what()).startsWith("mut"));
            }
        }
        QVERIFY(errors > 100);
    }

    // ---- torch.save (.bin) ---------------------------------------------------
    void torchBinPythonFixture()
    {
        const auto expected = readJson(dataPath("torchbin/tiny.json"));
        TorchBinOptions keep;
        keep.floatToFloat32 = false;
        const NamedTensors t = readTorchBin(dataPath("torchbin/tiny.bin"), keep);
        QCOMPARE(t.size(), expected.size());
        static const std::map<std::string, torch::ScalarType> kTypes = {
            {"float32", torch::kFloat},  {"float16", torch::kHalf}, {"bfloat16", torch::kBFloat16},
            {"float64", torch::kDouble}, {"int64", torch::kLong},   {"int32", torch::kInt}};
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const std::string &name = it.key();
            QVERIFY2(t.count(name), name.c_str());
            const torch::Tensor &x = t.at(name);
            QCOMPARE(x.scalar_type(), kTypes.at(it.value().at("dtype").get<std::string>()));
            QCOMPARE(x.sizes().vec(), it.value().at("shape").get<std::vector<std::int64_t>>());
            const auto values = it.value().at("values").get<std::vector<double>>();
            torch::Tensor want = torch::tensor(values, torch::kDouble).view(x.sizes());
            QVERIFY2(torch::equal(x.to(torch::kDouble), want), name.c_str());
        }
        // Views sharing one storage come back with their own values (transposed, sliced).
        QVERIFY(torch::equal(t.at("base_t"), t.at("base").t()));
        QVERIFY(torch::equal(t.at("base_slice"), t.at("base").slice(0, 1, 3).slice(1, 2, 5)));
        // Default options: floats as float32.
        QCOMPARE(readTorchBin(dataPath("torchbin/tiny.bin")).at("half").scalar_type(), torch::kFloat);
    }

    void torchBinRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rt.bin").toStdString();
        NamedTensors in = randomTensorsAllDtypes();
        writeTorchBin(path, in);
        TorchBinOptions keep;
        keep.floatToFloat32 = false;
        const NamedTensors out = readTorchBin(path, keep);
        QCOMPARE(out.size(), in.size());
        for (const auto &[name, t] : in) {
            QVERIFY2(out.count(name), name.c_str());
            QVERIFY2(bitIdentical(t, out.at(name)), name.c_str());
        }
        // LibTorch's own reader accepts what we wrote.
        const std::string bytes = readBytes(path);
        const auto iv = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
        QVERIFY(iv.isGenericDict());
        QCOMPARE(static_cast<std::size_t>(iv.toGenericDict().size()), in.size());
    }

    void torchBinCorrupt_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        const std::string good = readBytes(dataPath("torchbin/tiny.bin"));
        auto row = [](const char *name, const std::string &b, const char *reason) {
            QTest::newRow(name) << QByteArray(b.data(), static_cast<int>(b.size())) << QString(reason);
        };
        row("empty", "", "too short");
        row("garbage", std::string(300, '\x5a'), "not a PyTorch file");
        row("legacy format", std::string("\x80\x02\x8a\x0alq") + std::string(100, '\0'), "legacy");
        row("json", "{\"weight\": [1, 2, 3], \"padding\": \"....................\"}", "not a PyTorch file");
        row("truncated half", good.substr(0, good.size() / 2), "");
        row("truncated end", good.substr(0, good.size() - 10), "");
        row("zip without data.pkl", good.substr(0, 4) + std::string(200, '\0'), "");
    }
    void torchBinCorrupt()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.bin").toStdString();
        writeBytes(path, bytes.toStdString());
        const QString msg = errorOf([&] { readTorchBin(path); });
        QVERIFY2(!msg.isEmpty(), "no error");
        QVERIFY2(msg.contains("broken.bin"), qPrintable(msg));
        QVERIFY2(msg.contains(reason), qPrintable(msg));
    }

    void torchBinMutations()
    {
        const std::string good = readBytes(dataPath("torchbin/tiny.bin"));
        std::mt19937 rng(9);
        int errors = 0, loaded = 0;
        for (int i = 0; i < 600; ++i) {
            std::string b = good;
            if (i % 5 == 0)
                b.resize(rng() % b.size());
            else
                for (int k = 0; k < 1 + i % 4; ++k)
                    b[rng() % b.size()] = static_cast<char>(rng());
            try {
                readTorchBinFromMemory(b.data(), b.size(), "mut.bin");
                ++loaded;
            } catch (const Error &e) {
                ++errors;
                QVERIFY(QString(e.what()).startsWith("mut.bin"));
            }
        }
        QVERIFY(errors > 50);
        QVERIFY(loaded > 0);   // flips in stored data bytes do not matter
    }

    // ---- config ----------------------------------------------------------------
    void configErrors_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("reason");
        const char *base =
            R"("vocab_size":10,"hidden_size":16,"num_hidden_layers":1,"num_attention_heads":4,"intermediate_size":8)";
        auto row = [&](const char *name, const std::string &extra, const char *reason) {
            QTest::newRow(name) << QString::fromStdString("{" + std::string(base) + extra + "}") << QString(reason);
        };
        row("albert", R"(,"model_type":"albert")", "ALBERT");
        row("gpt2", R"(,"model_type":"gpt2")", "unsupported model type");
        row("heads", R"(,"num_attention_heads":5)", "not divisible");
        row("act", R"(,"hidden_act":"mish")", "unsupported activation");
        row("pad", R"(,"pad_token_id":10)", "outside the vocabulary");
        row("relative positions", R"(,"position_embedding_type":"relative_key")", "only absolute position");
        QTest::newRow("missing key") << QString(R"({"vocab_size":10})") << QString("[hidden_size]: missing key");
    }
    void configErrors()
    {
        QFETCH(QString, json);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string path = dir.filePath("config.json").toStdString();
        writeBytes(path, json.toStdString());
        const QString msg = errorOf([&] { BertConfig::fromFile(path); });
        QVERIFY2(msg.contains("config.json") && msg.contains(reason), qPrintable(msg));
    }

    void configRoundTrip()
    {
        for (const char *type : {"bert", "roberta", "distilbert"}) {
            const BertConfig c = tinyConfig(type);
            const BertConfig d = BertConfig::fromJson(c.toJson());
            QCOMPARE(d.modelType, c.modelType);
            QCOMPARE(d.hiddenSize, c.hiddenSize);
            QCOMPARE(d.intermediateSize, c.intermediateSize);
            QCOMPARE(d.typeVocabSize, c.typeVocabSize);
            QCOMPARE(d.positionOffset(), std::string(type) == "roberta" ? 2 : 0);
        }
    }

    // ---- parity with the plain-PyTorch reference -------------------------------
    void referenceParity_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::newRow("bert safetensors") << "bert";
        QTest::newRow("roberta pytorch_model.bin") << "roberta";
    }
    void referenceParity()
    {
        QFETCH(QString, folder);
        const std::string dir = dataPath("bert-ref/" + folder.toStdString());
        HfLoadOptions opt;
        opt.requireTokenizer = folder == "bert";
        const HfLoadResult r = loadBertFolder(dir, opt);
        const RefFixture f = loadExpected(dir + "/expected.json");
        torch::NoGradGuard noGrad;
        const torch::Tensor hidden = r.encoder->hiddenStates(f.ids, f.mask);
        const double dHidden = maxAbsDiff(hidden, f.hidden);
        const double dMean = maxAbsDiff(r.encoder->pool(hidden, f.mask), f.mean);
        r.encoder->setPooling(BertPooling::Cls);
        const double dCls = maxAbsDiff(r.encoder->pool(hidden, f.mask), f.cls);
        qInfo("%s: max |diff| hidden %.3g, mean-pooled %.3g, cls %.3g (tolerance %.0e)", qPrintable(folder), dHidden,
              dMean, dCls, kTolerance);
        QVERIFY(dHidden < kTolerance);
        QVERIFY(dMean < kTolerance);
        QVERIFY(dCls < kTolerance);
        QVERIFY(hidden.abs().max().item<double>() > 0.5);   // not vacuous
        if (folder == "roberta") {
            QCOMPARE(r.warnings.size(), std::size_t(1));
            QVERIFY2(QString::fromStdString(r.warnings[0]).contains("roberta.pooler.dense.weight"),
                     r.warnings[0].c_str());
        } else {
            QVERIFY(r.warnings.empty());
            QCOMPARE(r.encoder->tokenizer().kind(), std::string("wordpiece"));
        }
        // The forward() of the generic interface = pooled hidden states.
        r.encoder->setPooling(BertPooling::Mean);
        QVERIFY(maxAbsDiff(r.encoder->forward(TokenBatch{f.ids, f.mask}), f.mean) < kTolerance);
    }

    // ---- parity with Hugging Face Transformers (fixture made where it is installed) --
    void transformersParity()
    {
        const std::string dir = dataPath("bert-tiny");
        if (!fs::exists(dir + "/expected.json"))
            QSKIP("no Hugging Face fixture yet: run scripts/make_bert_fixture.py where transformers is installed");
        const auto j = readJson(dir + "/expected.json");
        const HfLoadResult r = loadBertFolder(dir);
        const RefFixture f = loadExpected(dir + "/expected.json");
        // Our WordPiece gives Transformers' ids.
        const auto sentences = j.at("sentences").get<std::vector<std::string>>();
        for (std::size_t i = 0; i < sentences.size(); ++i) {
            const Encoding e = r.encoder->tokenizer().encode(sentences[i], 0);
            std::vector<std::int64_t> want;
            for (std::int64_t c = 0; c < f.ids.size(1); ++c)
                if (f.mask[static_cast<std::int64_t>(i)][c].item<bool>())
                    want.push_back(f.ids[static_cast<std::int64_t>(i)][c].item<std::int64_t>());
            QCOMPARE(std::vector<std::int64_t>(e.ids.begin(), e.ids.end()), want);
        }
        torch::NoGradGuard noGrad;
        const torch::Tensor hidden = r.encoder->hiddenStates(f.ids, f.mask);
        const double dHidden = maxAbsDiff(hidden, f.hidden);
        const double dMean = maxAbsDiff(r.encoder->pool(hidden, f.mask), f.mean);
        qInfo("transformers: max |diff| hidden %.3g, mean-pooled %.3g", dHidden, dMean);
        QVERIFY(dHidden < kTolerance);
        QVERIFY(dMean < kTolerance);
    }

    // ---- save / load, LoRA, errors --------------------------------------------------
    void selfConsistency_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("bert") << "bert";
        QTest::newRow("roberta") << "roberta";
        QTest::newRow("distilbert") << "distilbert";
    }
    void selfConsistency()
    {
        QFETCH(QString, type);
        torch::manual_seed(1);
        auto enc = std::make_shared<BertEncoderImpl>(tinyConfig(type.toStdString()), tinyVocab());
        enc->eval();
        QTemporaryDir dir;
        saveBertFolder(*enc, dir.path().toStdString());
        const auto batch =
            makeBatch({enc->tokenizer().encode("red cotton shirts", 0), enc->tokenizer().encode("blue", 0)},
                      enc->tokenizer().padId());
        torch::NoGradGuard noGrad;
        const torch::Tensor before = enc->forward(batch);
        TextEncoder loaded = loadHuggingFaceFolder(dir.path().toStdString());
        QCOMPARE(loaded->name(), std::string("bert"));
        QVERIFY(torch::equal(loaded->forward(batch), before));
        QCOMPARE(loaded->tokenizer().encode("red cotton shirts", 0).ids,
                 enc->tokenizer().encode("red cotton shirts", 0).ids);

        // LoRA: only adapters train; a saved folder holds the merged weights.
        enc->addLora(2, 4.0);
        std::int64_t trainable = 0;
        for (const auto &p : enc->named_parameters())
            if (p.value().requires_grad()) {
                QVERIFY2(p.key().find("lora_") != std::string::npos, p.key().c_str());
                trainable += p.value().numel();
            }
        QCOMPARE(trainable, std::int64_t(2 * 4 * 2 * (16 + 16)));   // layers x projections x (A + B)
        for (auto &p : enc->named_parameters())
            if (p.key().find("lora_B") != std::string::npos)
                p.value().normal_(0, 0.5);
        const torch::Tensor adapted = enc->forward(batch);
        QVERIFY(maxAbsDiff(adapted, before) > 1e-3);
        QTemporaryDir dir2;
        saveBertFolder(*enc, dir2.path().toStdString());
        QVERIFY(maxAbsDiff(loadHuggingFaceFolder(dir2.path().toStdString())->forward(batch), adapted) < 1e-5);
        QCOMPARE(enc->layerParameters(1).size(), std::size_t(4 * 4 + 4 + 4));   // lora'd W,b,A,B; FFN; 2 LNs
    }

    // model.safetensors.index.json + shards, as large checkpoints are saved.
    void shardedSafetensors()
    {
        torch::manual_seed(2);
        auto enc = std::make_shared<BertEncoderImpl>(tinyConfig(), tinyVocab());
        enc->eval();
        QTemporaryDir dir;
        const fs::path d = dir.path().toStdString();
        saveBertFolder(*enc, d.string());
        const NamedTensors all = readSafetensors((d / "model.safetensors").string()).tensors;
        fs::remove(d / "model.safetensors");
        NamedTensors a, b;
        nlohmann::json index;
        for (const auto &[k, v] : all) {
            const bool first = k.find("layer.1.") == std::string::npos;
            (first ? a : b)[k] = v;
            index["weight_map"][k] = first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
        }
        writeSafetensors((d / "model-00001-of-00002.safetensors").string(), a);
        writeSafetensors((d / "model-00002-of-00002.safetensors").string(), b);
        writeBytes((d / "model.safetensors.index.json").string(), index.dump());
        const auto batch = makeBatch({enc->tokenizer().encode("red shirt", 0)}, 0);
        torch::NoGradGuard noGrad;
        const HfLoadResult r = loadBertFolder(d.string());
        QVERIFY(torch::equal(r.encoder->forward(batch), enc->forward(batch)));
        QVERIFY(QString::fromStdString(r.weightsFile).contains("model-00002-of-00002.safetensors"));
    }

    void loadErrors()
    {
        auto enc = std::make_shared<BertEncoderImpl>(tinyConfig(), tinyVocab());
        NamedTensors sd = enc->hfStateDict();
        {   // missing encoder weights: listed
            NamedTensors m = sd;
            m.erase("encoder.layer.1.output.dense.weight");
            m.erase("embeddings.LayerNorm.bias");
            const QString msg = errorOf([&] { enc->loadHfWeights(m, "w.safetensors"); });
            QVERIFY2(msg.startsWith("w.safetensors") && msg.contains("missing encoder weights") &&
                         msg.contains("encoder.layer.1.output.dense.weight") &&
                         msg.contains("embeddings.LayerNorm.bias"),
                     qPrintable(msg));
        }
        {   // a layer the config does not have
            NamedTensors m = sd;
            m["bert.encoder.layer.2.output.dense.weight"] = torch::zeros({16, 23});
            const QString msg = errorOf([&] { enc->loadHfWeights(m, "w.safetensors"); });
            QVERIFY2(msg.contains("config.json does not describe") && msg.contains("encoder.layer.2"), qPrintable(msg));
        }
        {   // wrong shape: tensor named, nothing copied
            NamedTensors m;
            for (const auto &[k, v] : sd)
                m["bert." + k] = v.clone() + 1;
            m["bert.encoder.layer.0.attention.self.key.weight"] = torch::zeros({16, 8});
            const torch::Tensor w0 = enc->hfStateDict().at("embeddings.word_embeddings.weight").clone();
            const QString msg = errorOf([&] { enc->loadHfWeights(m, "w.bin"); });
            QVERIFY2(msg.contains("w.bin [bert.encoder.layer.0.attention.self.key.weight]") && msg.contains("[16, 8]"),
                     qPrintable(msg));
            QVERIFY(torch::equal(enc->hfStateDict().at("embeddings.word_embeddings.weight"), w0));
        }
        {   // heads and TF-style names: warnings / accepted
            NamedTensors m;
            for (const auto &[k, v] : sd) {
                std::string n = "bert." + k;
                if (n == "bert.embeddings.LayerNorm.weight")
                    n = "bert.embeddings.LayerNorm.gamma";
                m[n] = v;
            }
            m["cls.predictions.bias"] = torch::zeros({10});
            m["bert.embeddings.position_ids"] = torch::arange(20);
            m["something.else"] = torch::zeros({1});
            const auto warnings = enc->loadHfWeights(m, "w.bin");
            QCOMPARE(warnings.size(), std::size_t(2));
            QVERIFY(QString::fromStdString(warnings[0]).contains("cls.predictions.bias"));
            QVERIFY(QString::fromStdString(warnings[1]).contains("something.else"));
        }
    }

    void incompleteFolder()
    {
        QTemporaryDir dir;
        QString msg = errorOf([&] { loadHuggingFaceFolder(dir.path().toStdString()); });
        QVERIFY2(msg.contains("missing config.json") && msg.contains("weights (model.safetensors") &&
                     msg.contains("tokenizer (tokenizer.json, vocab.txt"),
                 qPrintable(msg));
        tinyConfig().writeFile(dir.filePath("config.json").toStdString());
        msg = errorOf([&] { loadHuggingFaceFolder(dir.path().toStdString()); });
        QVERIFY2(msg.contains("missing weights") && msg.contains("tokenizer"), qPrintable(msg));
        msg = errorOf([&] { loadHuggingFaceFolder(dir.filePath("nope").toStdString()); });
        QVERIFY2(msg.contains("not a folder"), qPrintable(msg));
        // A corrupt weights file: the error names it.
        writeBytes(dir.filePath("model.safetensors").toStdString(), std::string("\x08\0\0\0\0\0\0\0{}      ", 16));
        writeBytes(dir.filePath("vocab.txt").toStdString(), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        msg = errorOf([&] { loadHuggingFaceFolder(dir.path().toStdString()); });
        QVERIFY2(msg.contains("model.safetensors") && msg.contains("missing encoder weights"), qPrintable(msg));
    }
};

DEBUT_TEST_MAIN(TestBert, "test_bert", Core)

#include "test_bert.moc"
