// Hostile files met by the parsers alone, before any project is involved: crafted
// torch.save archives, nesting bombs in JSON Lines and tokenizer.json, and CSV /
// JSON Lines shapes that used to cost memory without bound. Each case fails with a
// clear message naming the file (and the line where there is one).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "hostiletestutil.h"
#include "io/tablereader.h"
#include "models/torchbin.h"
#include "text/wordpiece.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

// ---- hand-made torch.save files ---------------------------------------------

void putLe(std::string &out, std::uint64_t v, int n)
{
    for (int k = 0; k < n; ++k)
        out += char((v >> (8 * k)) & 0xff);
}

// Little-endian fields, (value, bytes) in order.
void putFields(std::string &out, std::initializer_list<std::pair<std::uint64_t, int>> fields)
{
    for (const auto &[v, n] : fields)
        putLe(out, v, n);
}

// A zip of stored entries (no CRCs: the reader, like torch.load, does not check them).
std::string makeZip(const std::vector<std::pair<std::string, std::string>> &entries)
{
    // The zip headers' fields, one record per call.
    // clang-format off
    std::string out, cd;
    for (const auto &[name, data] : entries) {
        const std::uint64_t offset = out.size();
        putFields(out, {{0x04034b50, 4}, {20, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 4}, {data.size(), 4},
                        {data.size(), 4}, {name.size(), 2}, {0, 2}});
        out += name;
        out += data;
        putFields(cd, {{0x02014b50, 4}, {20, 2}, {20, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 4}, {data.size(), 4},
                       {data.size(), 4}, {name.size(), 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 4}, {offset, 4}});
        cd += name;
    }
    const std::uint64_t cdOffset = out.size();
    out += cd;
    putFields(out, {{0x06054b50, 4}, {0, 2}, {0, 2}, {entries.size(), 2}, {entries.size(), 2}, {cd.size(), 4},
                    {cdOffset, 4}, {0, 2}});
    // clang-format on
    return out;
}

// Pickle (protocol 2) pieces.
std::string pStr(const std::string &v)
{
    std::string o = "X";
    putLe(o, v.size(), 4);
    return o + v;
}
std::string pInt(std::int32_t v)
{
    std::string o = "J";
    putLe(o, std::uint32_t(v), 4);
    return o;
}
std::string pGet(std::uint32_t k)
{
    std::string o = "j";
    putLe(o, k, 4);
    return o;
}
std::string pPut(std::uint32_t k)
{
    std::string o = "r";
    putLe(o, k, 4);
    return o;
}

// A state dict {"w": tensor(size, stride) over a float storage of `storageFloats`}.
std::string stridedBin(std::int32_t size, std::int32_t stride, int storageFloats)
{
    std::string pk = "\x80\x02}(" + pStr("w") + "ctorch._utils\n_rebuild_tensor_v2\n(" + "(" + pStr("storage") +
                     "ctorch\nFloatStorage\n" + pStr("0") + pStr("cpu") + pInt(storageFloats) + "tQ" + pInt(0) + "(" +
                     pInt(size) + "t(" + pInt(stride) + "t\x89}tRu.";
    return makeZip({{"archive/data.pkl", pk}, {"archive/data/0", std::string(std::size_t(storageFloats) * 4, '\0')}});
}

// A dict holding itself under `keys` names (through the memo).
std::string selfDictBin(int keys)
{
    std::string pk = "\x80\x02}" + pPut(0) + "(";
    for (int k = 0; k < keys; ++k)
        pk += pStr("k" + std::to_string(k)) + pGet(0);
    pk += "u.";
    return makeZip({{"archive/data.pkl", pk}});
}

// root = {k_i: D}, D = {k_i: C}, C = {}: n + n*n entries, shared through the memo.
std::string sharedDictBin(int n)
{
    std::string pk = "\x80\x02}" + pPut(2) + "0}" + pPut(1) + "(";
    for (int k = 0; k < n; ++k)
        pk += pStr("c" + std::to_string(k)) + pGet(2);
    pk += "u0}(";
    for (int k = 0; k < n; ++k)
        pk += pStr("d" + std::to_string(k)) + pGet(1);
    pk += "u.";
    return makeZip({{"archive/data.pkl", pk}});
}

// Reads every row of a table file (errors in rows are the reader's to throw).
void readEveryRow(const fs::path &file)
{
    TableReader reader(file.string(), TableOptions{});
    TableRow row;
    while (reader.next(row)) {
    }
}

}   // namespace

class TestHostileParsers : public QObject {
    Q_OBJECT

private:
    fs::path m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = fs::temp_directory_path() / ("debut_test_hostile_parsers_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void cleanupTestCase() { fs::remove_all(m_dir); }

    // --- hostile .bin files ---------------------------------------------------------
    void torchBinZeroStride()
    {
        // Sanity: the hand-made file reads when its view is honest.
        const std::string ok = stridedBin(4, 1, 4);
        const NamedTensors t = readTorchBinFromMemory(ok.data(), ok.size(), "ok.bin");
        QCOMPARE(t.at("w").numel(), std::int64_t(4));
        // 2^28 elements (1 GiB) from a 4-byte storage.
        const std::string bomb = stridedBin(1 << 28, 0, 1);
        std::string msg;
        QVERIFY2(throwsWith([&] { readTorchBinFromMemory(bomb.data(), bomb.size(), "bomb.bin"); },
                            "repeats its storage", &msg),
                 msg.c_str());
        QVERIFY2(msg.find("bomb.bin") != std::string::npos, msg.c_str());
    }

    void torchBinSelfReference()
    {
        const std::string cyc = selfDictBin(50);   // 50^8 walks without the cycle check
        std::string msg;
        QVERIFY2(
            throwsWith([&] { readTorchBinFromMemory(cyc.data(), cyc.size(), "cycle.bin"); }, "contains itself", &msg),
            msg.c_str());
        // Shared (not cyclic) dicts: the walk honours cancel.
        const std::string shared = sharedDictBin(300);
        TorchBinOptions o;
        int calls = 0;
        o.progress = [&](std::string_view, std::int64_t, std::int64_t, std::string_view) { return ++calls < 1; };
        bool cancelled = false;
        try {
            readTorchBinFromMemory(shared.data(), shared.size(), "shared.bin", o);
        } catch (const Cancelled &) {
            cancelled = true;
        }
        QVERIFY(cancelled);
    }

    // --- deep nesting ----------------------------------------------------------------
    void jsonlDeepNesting()
    {
        const fs::path file = m_dir / "deep.jsonl";
        const std::size_t depth = 300000;
        writeFile(file, "{\"id\":\"ok\",\"title\":\"fine\",\"extra\":[1,{\"a\":[2]}]}\n"
                        "{\"id\":\"deep\",\"title\":\"x\",\"extra\":" +
                            std::string(depth, '[') + std::string(depth, ']') + "}\n");
        TableOptions o;
        TableReader reader(file.string(), o);
        TableRow row;
        QVERIFY(reader.next(row));
        QVERIFY2(row.error.empty(), row.error.c_str());
        QVERIFY(reader.next(row));
        QVERIFY2(row.error.find("nested deeper than") != std::string::npos, row.error.c_str());
        QCOMPARE(row.line, std::int64_t(2));
        QVERIFY(row.errorColumn > 0);
    }

    void tokenizerJsonDeepSequences()
    {
        // Nested Sequence normalizers: far too deep for the text scan, and deeper
        // than the Sequence cap while the text itself is shallow.
        auto nested = [](int levels) {
            std::string n;
            for (int k = 0; k < levels; ++k)
                n += "{\"type\":\"Sequence\",\"normalizers\":[";
            n += "{\"type\":\"Lowercase\"}";
            for (int k = 0; k < levels; ++k)
                n += "]}";
            return "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":0,\"a\":1}},\"normalizer\":" + n + "}";
        };
        std::string msg;
        QVERIFY2(throwsWith([&] { WordPieceTokenizer::fromTokenizerJsonText(nested(100000), "deep/tokenizer.json"); },
                            "nested deeper than", &msg),
                 msg.c_str());
        QVERIFY2(msg.find("deep/tokenizer.json") != std::string::npos, msg.c_str());
        QVERIFY2(throwsWith([&] { WordPieceTokenizer::fromTokenizerJsonText(nested(20), "t.json"); },
                            "normalizer Sequences nested deeper", &msg),
                 msg.c_str());
        WordPieceTokenizer::fromTokenizerJsonText(nested(2), "t.json");   // real files: fine
    }

    // --- resource bombs -------------------------------------------------------------
    // 50 MB of commas on one line: 50 million empty fields (gigabytes of string
    // objects) before the fix; now an error once the record passes the field cap.
    void csvLineOfCommas()
    {
        const fs::path file = m_dir / "commas.csv";
        writeFile(file, "id,title\n" + std::string(50u << 20, ',') + "\n");
        std::string msg;
        QVERIFY2(throwsWith([&] { readEveryRow(file); }, "fields in one record", &msg), msg.c_str());
        QVERIFY2(msg.find("commas.csv:2:") != std::string::npos, msg.c_str());
        fs::remove(file);
    }

    // Every row a new key: each row's values grew to all keys seen so far.
    void jsonlNewKeyPerRow()
    {
        const fs::path file = m_dir / "keys.jsonl";
        std::string text;
        for (int k = 0; k < 20000; ++k)
            text += "{\"id\":\"i" + std::to_string(k) + "\",\"title\":\"t\",\"key" + std::to_string(k) + "\":1}\n";
        writeFile(file, text);
        std::string msg;
        QVERIFY2(throwsWith([&] { readEveryRow(file); }, "distinct keys", &msg), msg.c_str());
        QVERIFY2(msg.find("keys.jsonl:9999:") != std::string::npos, msg.c_str());
    }
};

DEBUT_TEST_MAIN(TestHostileParsers, "test_hostile_parsers", Core)

#include "test_hostile_parsers.moc"
