// A project file from someone else must not reach LibTorch's unpickler (1.13 has
// known crashes there) nor size allocations from its own numbers.
// Stored models are safetensors bytes that Debut parses itself (version 2);
// version-1 blobs (torch::pickle_save archives of earlier builds) still read,
// through the hardened `.bin` reader; crafted blobs (huge declared shapes,
// offsets out of range, truncation, too many tensors or dimensions, configs that
// ask for more weights than are stored, a run that names itself as its encoder)
// end in a debut::Error that says "stored model" or names the tensor — never a
// crash, never a large allocation.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "models/checkpoint.h"
#include "models/scratch.h"
#include "project/recommend.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "text/sptokenizer.h"
#include "train/classifier.h"
#include "train/optimstate.h"

#include "scratchtestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// The version-1 writer of earlier builds, kept here to make old blobs.
std::string saveTensorsV1(const std::map<std::string, torch::Tensor> &tensors, const std::string &meta)
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto &[name, t] : tensors)
        dict.insert(name, t.detach().to(torch::kCPU).contiguous().clone());
    c10::impl::GenericDict top(c10::StringType::get(), c10::AnyType::get());
    top.insert(std::string("format"), std::string("debut-checkpoint"));
    top.insert(std::string("version"), std::int64_t(1));
    top.insert(std::string("meta"), meta);
    top.insert(std::string("tensors"), dict);
    const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(top));
    return std::string(bytes.begin(), bytes.end());
}

void putLe(std::string &out, std::uint64_t v, int n)
{
    for (int k = 0; k < n; ++k)
        out += char((v >> (8 * k)) & 0xff);
}

// A safetensors blob from a header object and data bytes (metadata of a v2 checkpoint added).
std::string blob(json header, const std::string &data, const std::string &meta = "{}")
{
    header["__metadata__"] = {{"format", "debut-checkpoint"}, {"version", "2"}, {"meta", meta}};
    std::string h = header.dump();
    std::string out;
    putLe(out, h.size(), 8);
    return out + h + data;
}

std::string errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}

using Tiny = testutil::TinyScratch;

Tiny tiny()
{
    std::vector<std::string> texts;
    for (int k = 0; k < 200; ++k)
        texts.push_back("red cotton shirt number " + std::to_string(k) + " blue wool scarf lamp chair");
    return testutil::tinyScratch(texts);
}

Classifier tinyClassifier(const Tiny &t, int seed, const std::string &encoderState = "full")
{
    torch::manual_seed(seed);
    ClassifierConfig cc;
    cc.kind = TaskKind::Binary;
    cc.labels = {"0", "1"};
    cc.encoderSpec = "scratch";
    cc.encoderState = encoderState;
    cc.maxLength = 16;
    cc.brands = {"acme", "zed"};
    cc.segments = {"", "vip"};
    Classifier c(std::make_shared<ScratchEncoderImpl>(t.config, t.tok), cc);
    c->eval();
    return c;
}

}   // namespace

class TestStoredModel : public QObject {
    Q_OBJECT

private:
    fs::path m_dir;
    Tiny m_tiny;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = fs::temp_directory_path() / ("debut_test_storedmodel_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_tiny = tiny();
    }
    void cleanupTestCase() { fs::remove_all(m_dir); }

    // New checkpoints are safetensors bytes, read back bit-exactly (every dtype kept).
    void savedAsSafetensors()
    {
        std::map<std::string, torch::Tensor> m;
        m["a.weight"] = torch::randn({3, 4});
        m["a.bias"] = torch::randn({4}, torch::kDouble);
        m["steps"] = torch::tensor({std::int64_t(7), std::int64_t(-2)});
        m["mask"] = torch::tensor({true, false, true});
        m["bytes"] = torch::arange(0, 10, torch::kUInt8);
        m["empty"] = torch::empty({0, 5});
        const std::string bytes = saveTensors(m, "{\"k\":1}");
        QCOMPARE(checkpointVersion(bytes), 2);
        QVERIFY(bytes.rfind("PK", 0) != 0);
        const CheckpointContents c = readCheckpoint(bytes);
        QCOMPARE(c.meta, std::string("{\"k\":1}"));
        QCOMPARE(c.tensors.size(), m.size());
        for (const auto &[name, t] : m) {
            QVERIFY2(c.tensors.count(name), name.c_str());
            QCOMPARE(c.tensors.at(name).scalar_type(), t.scalar_type());
            QVERIFY2(torch::equal(c.tensors.at(name), t), name.c_str());
        }
    }

    // Version-1 blobs of earlier builds still read (without LibTorch's unpickler)
    // and a classifier stored that way scores exactly as when stored as version 2.
    void legacyBlobsStillRead()
    {
        std::map<std::string, torch::Tensor> m;
        m["w"] = torch::randn({2, 3});
        m["n"] = torch::tensor({std::int64_t(5)});
        const std::string v1 = saveTensorsV1(m, "{\"x\":2}");
        QCOMPARE(checkpointVersion(v1), 1);
        const CheckpointContents c = readCheckpoint(v1);
        QCOMPARE(c.meta, std::string("{\"x\":2}"));
        QCOMPARE(c.tensors.size(), std::size_t(2));
        QVERIFY(torch::equal(c.tensors.at("w"), m["w"]));
        QVERIFY(torch::equal(c.tensors.at("n"), m["n"]));

        Classifier model = tinyClassifier(m_tiny, 3);
        const std::string v2 = model->save();
        const CheckpointContents all = readCheckpoint(v2);
        const std::string old = saveTensorsV1(all.tensors, all.meta);
        const EncoderMaker make = [&](const std::string &) -> TextEncoder {
            return std::make_shared<ScratchEncoderImpl>(m_tiny.config, m_tiny.tok);
        };
        Classifier a = loadClassifier(v2, make, torch::kCPU);
        Classifier b = loadClassifier(old, make, torch::kCPU);
        std::vector<ItemRecord> items(2);
        items[0].id = "A";
        items[0].title = "red cotton shirt";
        items[0].brand = "acme";
        items[1].id = "B";
        items[1].title = "blue wool scarf";
        torch::NoGradGuard g;
        const auto sa = a->score(items, {"", "vip"}), sb = b->score(items, {"", "vip"});
        QCOMPARE(sa.probs, sb.probs);
    }

    // Crafted blobs: each ends in a clear Error before any large allocation.
    void hostileBlobs_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        auto add = [](const char *name, const std::string &b, const char *msg) {
            QTest::newRow(name) << QByteArray(b.data(), int(b.size())) << QString::fromUtf8(msg);
        };
        const std::string four(16, '\0');
        add("huge declared shape",
            blob({{"w", {{"dtype", "F32"}, {"shape", {1ll << 40, 1ll << 40}}, {"data_offsets", {0, 16}}}}}, four),
            "do not match shape");
        add("shape overflowing 64 bits",
            blob({{"w", {{"dtype", "F32"}, {"shape", {1ll << 62, 1ll << 62, 16}}, {"data_offsets", {0, 16}}}}}, four),
            "size overflows");
        add("offsets out of range",
            blob({{"w", {{"dtype", "F32"}, {"shape", {1ll << 30}}, {"data_offsets", {0, 1ll << 32}}}}}, four),
            "go beyond the data region");
        add("offsets reversed", blob({{"w", {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {16, 0}}}}}, four),
            "reversed");
        add("overlapping tensors",
            blob({{"a", {{"dtype", "F32"}, {"shape", {4}}, {"data_offsets", {0, 16}}}},
                  {"b", {{"dtype", "F32"}, {"shape", {2}}, {"data_offsets", {8, 16}}}}},
                 four),
            "overlaps");
        add("too many dimensions",
            blob({{"w", {{"dtype", "U8"}, {"shape", {1, 1, 1, 1, 1, 1, 1, 1, 1}}, {"data_offsets", {0, 1}}}}}, "x"),
            "more than the limit of 8");
        const std::string good = blob({{"w", {{"dtype", "F32"}, {"shape", {4}}, {"data_offsets", {0, 16}}}}}, four);
        add("truncated data", good.substr(0, good.size() - 5), "truncated");
        add("truncated header", good.substr(0, 20), "not a Debut checkpoint");
        std::string hugeHeader;
        putLe(hugeHeader, ~std::uint64_t(0) >> 1, 8);
        add("header length beyond the blob", hugeHeader + "{}", "not a Debut checkpoint");
        add("empty", "", "not a Debut checkpoint");
        add(
            "deep header object",
            [] {
                std::string h = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
                std::string out;
                putLe(out, h.size(), 8);
                return out + h;
            }(),
            "nests deeper than");
        add("deep meta",
            blob({{"w", {{"dtype", "F32"}, {"shape", {4}}, {"data_offsets", {0, 16}}}}}, four,
                 std::string(5000, '[') + std::string(5000, ']')),
            "nests deeper than");
        add("valid and empty", blob(json::object(), ""), "");   // no error
        add(
            "newer version",
            [&] {
                json h = {{"__metadata__", {{"format", "debut-checkpoint"}, {"version", "9"}, {"meta", "{}"}}}};
                std::string s = h.dump(), out;
                putLe(out, s.size(), 8);
                return out + s;
            }(),
            "version 9");
        add("legacy archive cut short", saveTensorsV1({{"w", torch::randn({64})}}, "{}").substr(0, 300),
            "stored model");
    }
    void hostileBlobs()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const std::string msg =
            errorOf([&] { readCheckpoint(std::string_view(bytes.constData(), std::size_t(bytes.size()))); });
        if (message.isEmpty()) {
            QVERIFY2(msg.empty(), msg.c_str());
            return;
        }
        QVERIFY2(!msg.empty(), "no error");
        QVERIFY2(msg.rfind("stored model", 0) == 0, msg.c_str());
        QVERIFY2(QString::fromStdString(msg).contains(message), msg.c_str());
    }

    // More tensors than the cap: refused from the header alone.
    void tooManyTensors()
    {
        json h = json::object();
        for (std::size_t k = 0; k <= CheckpointLimits::kMaxTensors; ++k)
            h["t" + std::to_string(k)] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {0, 0}}};
        const std::string msg = errorOf([&] { readCheckpoint(blob(h, "")); });
        QVERIFY2(msg.find("more than the limit of 100000 tensors") != std::string::npos, msg.c_str());
    }

    // A stored configuration asking for far more weights than are stored is refused
    // before the model is built (side_dim and vocabularies drive the head's size).
    void configLargerThanTheStoredHead()
    {
        Classifier model = tinyClassifier(m_tiny, 4);
        CheckpointContents c = readCheckpoint(model->save());
        json meta = json::parse(c.meta);
        meta["side_dim"] = 1 << 20;
        meta["brands"] = std::vector<std::string>(5000, "b");
        const std::string bytes = saveTensors(c.tensors, meta.dump());
        const EncoderMaker make = [&](const std::string &) -> TextEncoder {
            return std::make_shared<ScratchEncoderImpl>(m_tiny.config, m_tiny.tok);
        };
        const std::string msg = errorOf([&] { loadClassifier(bytes, make, torch::kCPU); });
        QVERIFY2(msg.find("does not match the saved configuration") != std::string::npos, msg.c_str());

        // A scratch encoder whose configuration wants a billion embeddings.
        auto enc = std::make_shared<ScratchEncoderImpl>(m_tiny.config, m_tiny.tok);
        CheckpointContents e = readCheckpoint(enc->saveCheckpoint());
        json em = json::parse(e.meta);
        em["config"]["vocab_size"] = 1 << 30;
        em["config"]["width"] = 4096;
        const std::string ebytes = saveTensors(e.tensors, em.dump());
        const std::string emsg = errorOf([&] { ScratchEncoderImpl::fromCheckpoint(ebytes, m_tiny.tok); });
        QVERIFY2(emsg.find("needs at least") != std::string::npos, emsg.c_str());
    }

    // A run whose stored model names itself as its encoder: an error, not endless recursion.
    void runNamingItselfAsEncoder()
    {
        const std::string path = (m_dir / "self.debut").string();
        ProjectStore store = ProjectStore::create(path);
        const std::int64_t task = store.ensureTask("bought", TaskKind::Binary);
        RunStore runs(store.db());
        const std::int64_t run = runs.createRun(task, "self", "{}", "cpu");
        Classifier model = tinyClassifier(m_tiny, 5, "base");
        CheckpointContents c = readCheckpoint(model->save());
        json meta = json::parse(c.meta);
        meta["encoder_spec"] = "run:" + std::to_string(run);
        runs.putArtefact(run, "classifier", "runs/self/classifier.pt", saveTensors(c.tensors, meta.dump()));
        const std::string msg = errorOf([&] { loadRunClassifier(store, run, torch::kCPU); });
        QVERIFY2(msg.find("cyclic") != std::string::npos, msg.c_str());
    }

    // Through the façade: a project holding a damaged model gives a message, not a crash.
    void facadeReportsDamagedModel()
    {
        const std::string path = (m_dir / "damaged.debut").string();
        {
            ProjectStore store = ProjectStore::create(path);
            const std::int64_t task = store.ensureTask("bought", TaskKind::Binary);
            RunStore runs(store.db());
            const std::int64_t run = runs.createRun(task, "bad", "{}", "cpu");
            const std::string good = tinyClassifier(m_tiny, 6)->save();
            runs.putArtefact(run, "classifier", "runs/bad/classifier.pt", good.substr(0, good.size() / 2));
            runs.setStatus(run, RunStatus::Done);
        }
        const ScoreResult r = scoreTask(path, "bought");
        QVERIFY(!r.status.ok());
        QVERIFY2(r.status.message.find("stored model") != std::string::npos, r.status.message.c_str());
    }
    // A run's resume state holds AdamW's moments as safetensors: restored exactly
    // (the next step matches an optimiser that never stopped), checked against
    // the parameters, and an old torch.save archive is left unread.
    void optimizerStateRoundTrip()
    {
        torch::manual_seed(3);
        auto makeParams = [] {
            return std::vector<torch::Tensor>{torch::randn({4, 3}).requires_grad_(),
                                              torch::randn({3}).requires_grad_()};
        };
        auto stepOnce = [](torch::optim::AdamW &opt, std::vector<torch::Tensor> &ps) {
            opt.zero_grad();
            torch::Tensor loss = (ps[0].sum(1) * ps[1].sum()).pow(2).sum() + ps[1].pow(3).sum();
            loss.backward();
            opt.step();
        };
        std::vector<torch::Tensor> a = makeParams();
        std::vector<torch::Tensor> b;
        for (auto &t : a)
            b.push_back(t.detach().clone().requires_grad_());
        torch::optim::AdamW optA(a, torch::optim::AdamWOptions(1e-2).weight_decay(0.01));
        stepOnce(optA, a);
        stepOnce(optA, a);
        const std::string bytes = adamWStateBytes(optA);
        QVERIFY(bytes.size() > 8);
        // b: same parameter values as a now, a fresh optimiser given a's state.
        for (std::size_t i = 0; i < a.size(); ++i) {
            torch::NoGradGuard ng;
            b[i].copy_(a[i]);
        }
        torch::optim::AdamW optB(b, torch::optim::AdamWOptions(1e-2).weight_decay(0.01));
        QVERIFY(loadAdamWState(optB, bytes));
        stepOnce(optA, a);
        stepOnce(optB, b);
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY(torch::equal(a[i], b[i]));

        // Wrong shapes, extra tensors, garbage: errors naming the resume state.
        std::vector<torch::Tensor> other{torch::zeros({2, 2}).requires_grad_(), torch::zeros({3}).requires_grad_()};
        torch::optim::AdamW optC(other, torch::optim::AdamWOptions(1e-2));
        for (const std::string &bad : {bytes, bytes.substr(0, bytes.size() / 2), std::string(64, '\xff')}) {
            try {
                loadAdamWState(optC, bad);
                QFAIL("a resume state that does not fit was accepted");
            } catch (const Error &e) {
                QVERIFY2(std::string(e.what()).find("resume state") != std::string::npos, e.what());
            }
        }
        QVERIFY(optC.state().empty());
        // An archive of an earlier build ("PK" zip signature) is not parsed.
        QVERIFY(!loadAdamWState(optC, std::string("PK\x03\x04", 4) + std::string(100, '\0')));
    }
};

DEBUT_TEST_MAIN(TestStoredModel, "test_storedmodel", None)

#include "test_storedmodel.moc"
