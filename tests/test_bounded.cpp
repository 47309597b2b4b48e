// Resource bombs: memory and work bounded by the model's
// input, not by the data. A 10 MB description is tokenized as a prefix (every
// tokenizer), occlusion copies a bounded item per word, and score / export /
// suggest stream the catalogue: a page size of 7 gives exactly the rows of the
// default 512, an export equals the join of the stored predictions, and the
// suggestion pool equals the brute-force one. Behaviour only, never wall-clock.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "csvtestutil.h"
#include "explain/occlusion.h"
#include "models/modelpaths.h"
#include "project/recommend.h"
#include "rank/embeddingcache.h"
#include "rank/rankedexport.h"
#include "rank/ranker.h"
#include "rank/suggest.h"
#include "store/runstore.h"
#include "text/sptokenizer.h"
#include "text/usetokenizer.h"
#include "text/wordpiece.h"

#include "explaintestutil.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

// A description of `bytes` bytes of ordinary words.
std::string longText(std::size_t bytes)
{
    const char *words[] = {"linen", "shirt", "with", "pockets", "washed", "blue", "cotton", "summer", "relaxed", "fit"};
    std::string s;
    s.reserve(bytes + 16);
    for (std::size_t k = 0; s.size() < bytes; ++k)
        s += std::string(words[k % 10]) + (k % 13 == 12 ? ". " : " ");
    s.resize(bytes);
    return s;
}

// `bounded` (encode with maxLen) agrees with the whole text's tokens up to its last piece.
void samePrefix(const Encoding &bounded, const Encoding &whole, const char *what)
{
    QVERIFY2(!bounded.ids.empty(), what);
    const std::size_t n = bounded.ids.size() - 1;   // the last may be [SEP]
    QVERIFY2(whole.ids.size() > n, what);
    for (std::size_t i = 0; i < n; ++i) {
        QVERIFY2(bounded.ids[i] == whole.ids[i], (std::string(what) + ": id " + std::to_string(i)).c_str());
        QVERIFY2(bounded.offsets[i] == whole.offsets[i], (std::string(what) + ": offset " + std::to_string(i)).c_str());
    }
}

// Scores the share of 'x' words among the first `visible` bytes of itemText; records the
// largest text it was handed.
class PrefixScorer : public Scorer {
public:
    explicit PrefixScorer(std::size_t visible) : m_visible(visible) {}
    std::vector<double> score(const std::vector<ItemRecord> &items) override
    {
        std::vector<double> out;
        for (const auto &item : items) {
            const std::string t = itemText(item);
            maxBytes = std::max(maxBytes, t.size());
            items_ += 1;
            const std::string seen = t.substr(0, std::min(m_visible, t.size()));
            out.push_back(double(std::count(seen.begin(), seen.end(), 'x')) / double(seen.size() + 1));
        }
        return out;
    }
    std::optional<std::size_t> visibleTextBytes(const ItemRecord &item) const override
    {
        const std::size_t n = itemText(item).size();
        return n > m_visible ? std::optional<std::size_t>(m_visible) : std::nullopt;
    }
    std::size_t maxBytes = 0, items_ = 0;

private:
    std::size_t m_visible;
};

std::string readAll(const std::string &p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}   // namespace

class TestBounded : public QObject {
    Q_OBJECT

private:
    testutil::TrainedProject m_project;

    void needProject()
    {
        if (m_project.path.empty() && m_project.skipReason.empty() && m_project.error.empty())
            m_project = testutil::makeTrainedProject("bounded");
    }

private Q_SLOTS:
    void cleanupTestCase() { testutil::removeTrainedProject(m_project); }

    // --- (i) tokenizers truncate first ----------------------------------------------
    void encodeBoundedTokenizesAPrefix()
    {
        const std::string text = longText(10 << 20);
        std::size_t largest = 0;
        int calls = 0;
        // One token per word, offsets of each word.
        auto words = [&](std::string_view t, int maxLen) {
            largest = std::max(largest, t.size());
            ++calls;
            Encoding e;
            std::size_t i = 0;
            while (i < t.size() && (maxLen <= 0 || int(e.ids.size()) < maxLen)) {
                while (i < t.size() && t[i] == ' ')
                    ++i;
                const std::size_t b = i;
                while (i < t.size() && t[i] != ' ')
                    ++i;
                if (i > b) {
                    e.ids.push_back(std::int32_t(i - b));
                    e.offsets.emplace_back(std::uint32_t(b), std::uint32_t(i));
                }
            }
            return e;
        };
        const Encoding e = encodeBounded(text, 128, words);
        QCOMPARE(int(e.ids.size()), 128);
        QVERIFY2(largest <= 128 * kBytesPerToken, std::to_string(largest).c_str());
        QCOMPARE(calls, 1);
        const Encoding whole = words(text.substr(0, 100000), 128);
        QCOMPARE(e.ids, whole.ids);
        QCOMPARE(e.offsets, whole.offsets);
        // Whitespace that a tokenizer drops: the prefix doubles until it holds enough.
        const std::string spaces = std::string(100000, ' ') + "a b c d";
        largest = 0;
        const Encoding few = encodeBounded(spaces, 3, words);
        QCOMPARE(int(few.ids.size()), 3);
        QCOMPARE(few.offsets.front().first, std::uint32_t(100000));
        // A cut never splits a UTF-8 character.
        const std::string cjk = [] {
            std::string s;
            for (int k = 0; k < 5000; ++k)
                s += "\xE5\xA5\xBD";   // 好
            return s;
        }();
        const std::size_t end = tokenPrefixEnd(cjk, 1000);
        QVERIFY(end <= 1000 && end % 3 == 0);
    }

    void tokenizersReadAPrefixOfALongDescription()
    {
        const std::string big = longText(10 << 20), mid = big.substr(0, 200000);
        // SentencePiece (trained here), WordPiece (BERT vocabulary), USE-Lite when present.
        std::vector<std::string> corpus;
        for (int k = 0; k < 50; ++k)
            corpus.push_back(longText(400 + k * 7));
        SpTrainOptions so;
        so.vocabSize = 80;
        auto sp = SentencePieceTokenizer::train(corpus, so);
        auto wp = WordPieceTokenizer::fromVocabFile(DEBUT_TEST_DATA "/bert-ref/bert/vocab.txt");
        std::vector<std::pair<const char *, const Tokenizer *>> toks = {{"sentencepiece", sp.get()},
                                                                        {"wordpiece", wp.get()}};
        std::optional<UseTokenizer> use;
        const fs::path vocab = defaultModelsDir() / "use-lite" / "vocab.json";
        if (fs::exists(vocab)) {
            use = UseTokenizer::load(vocab.string());
            toks.push_back({"use-lite", &*use});
        }
        for (const auto &[name, tok] : toks) {
            for (int maxLen : {16, 128, 512}) {
                const Encoding bounded = tok->encode(big, maxLen);
                QVERIFY2(int(bounded.ids.size()) == maxLen, name);
                samePrefix(bounded, tok->encode(mid, 0), name);
                // Short texts are untouched.
                const std::string shortText = big.substr(0, 300);
                const Encoding a = tok->encode(shortText, maxLen), b = tok->encode(shortText, 0);
                const std::size_t n = std::min(a.ids.size(), b.ids.size());
                QVERIFY2(std::equal(a.ids.begin(), a.ids.begin() + std::ptrdiff_t(n - 1), b.ids.begin()), name);
            }
        }
    }

    // --- (ii) occlusion copies a bounded item -----------------------------------------
    void occlusionCopiesABoundedItem()
    {
        ItemRecord item;
        item.id = "big";
        item.title = "x linen x shirt";
        item.description = longText(1 << 20);
        item.extraJson = "{\"notes\":\"" + std::string(1 << 20, 'n') + "\"}";
        PrefixScorer scorer(600);
        OcclusionOptions o;
        o.maxWords = 20;
        const Explanation e = Occlusion::explain(scorer, item, o);
        QCOMPARE(int(e.words.size()), 20);
        QVERIFY2(scorer.maxBytes <= o.minTextBytes, std::to_string(scorer.maxBytes).c_str());
        QCOMPARE(scorer.items_, std::size_t(21));
        bool bounded = false;
        for (const auto &n : e.notes)
            bounded = bounded || n.code == "explained_text_bounded";
        QVERIFY(bounded);
        // The weights are those of the whole item (the scorer reads 600 bytes).
        ItemRecord small = item;
        small.description = item.description.substr(0, 70000);
        small.extraJson = "{}";
        PrefixScorer again(600);
        const Explanation f = Occlusion::explain(again, small, o);
        QCOMPARE(e.score, f.score);
        for (std::size_t i = 0; i < e.words.size(); ++i) {
            QCOMPARE(e.words[i].text, f.words[i].text);
            QCOMPARE(e.words[i].weight, f.words[i].weight);
        }
    }

    // --- (iii) score / export / suggest stream the catalogue ----------------------------
    void scoringPagesGiveTheSameRows()
    {
        needProject();
        if (!m_project.skipReason.empty())
            QSKIP(m_project.skipReason.c_str());
        QVERIFY2(m_project.error.empty(), m_project.error.c_str());
        const ScoreResult sr = scoreTask(m_project.path, "bought");
        QVERIFY2(sr.status.ok(), sr.status.message.c_str());
        ProjectStore store = ProjectStore::open(m_project.path);
        RunStore runs(store.db());
        const std::vector<PredictionRow> reference = runs.predictions(sr.runId);
        QVERIFY(reference.size() > 100);
        const TaskInfo task = *store.task("bought");
        // Embeddings come from the in-process cache, so only paging, staging and
        // ranking differ between the runs below (and the head's batch size, which
        // may move the last bits of a float): same rows, same order, same ranks.
        Classifier model = loadRunClassifier(store, sr.runId, torch::kCPU);
        auto close = [](double a, double b) { return std::fabs(a - b) <= 1e-6; };
        auto same = [&](const char *what) {
            const std::vector<PredictionRow> got = runs.predictions(sr.runId);
            QVERIFY2(got.size() == reference.size(), what);
            for (std::size_t i = 0; i < got.size(); ++i) {
                const auto &a = got[i], &b = reference[i];
                const auto pa = nlohmann::json::parse(a.probs), pb = nlohmann::json::parse(b.probs);
                bool probs = pa.size() == pb.size();
                for (std::size_t k = 0; probs && k < pa.size(); ++k)
                    probs = close(pa[k].get<double>(), pb[k].get<double>());
                QVERIFY2(a.itemRowid == b.itemRowid && a.segmentId == b.segmentId && a.label == b.label &&
                             close(a.score, b.score) && probs && close(a.uncertainty, b.uncertainty) &&
                             a.rank == b.rank,
                         (std::string(what) + ": row " + std::to_string(i)).c_str());
            }
        };
        for (int page : {7, 1, 1000}) {
            Ranker ranker(store, model, sr.runId, task);
            ranker.setBatchItems(page);
            const RankSummary s = ranker.run(false);
            QCOMPARE(s.ranked, sr.ranked);
            same(("page " + std::to_string(page)).c_str());
        }
        // Only the missing pairs, across page boundaries.
        store.db().exec("DELETE FROM predictions WHERE run_id = " + std::to_string(sr.runId) +
                        " AND item_rowid % 3 = 0");
        Ranker ranker(store, model, sr.runId, task);
        ranker.setBatchItems(5);
        const RankSummary s = ranker.run(true);
        QVERIFY(s.kept > 0 && s.scored > 0);
        QCOMPARE(std::size_t(s.kept + s.scored), reference.size());
        same("missing only");
        // A cancel mid-way leaves the stored rows as they were.
        int calls = 0;
        Ranker cancelled(store, model, sr.runId, task);
        cancelled.setBatchItems(3);
        QVERIFY_THROWS_EXCEPTION(Cancelled, cancelled.run(false, [&](std::string_view, std::int64_t, std::int64_t,
                                                                     std::string_view) { return ++calls < 4; }));
        same("after cancel");
    }

    void exportIsTheJoinOfStoredPredictions()
    {
        needProject();
        if (!m_project.skipReason.empty())
            QSKIP(m_project.skipReason.c_str());
        const ScoreResult sr = scoreTask(m_project.path, "style");
        QVERIFY2(sr.status.ok(), sr.status.message.c_str());
        ProjectStore store = ProjectStore::open(m_project.path);
        RunStore runs(store.db());
        const TaskInfo task = *store.task("style");
        Classifier model = loadRunClassifier(store, sr.runId, torch::kCPU);
        RankedExportSpec spec;
        spec.projectPath = m_project.path;
        spec.runId = sr.runId;
        spec.segments = Ranker::taskSegments(store, task.id);
        spec.options.classes = model->config().labels;
        for (int top : {0, 3}) {
            spec.top = top;
            const std::string out = (fs::path(m_project.path).parent_path() / "join.csv").string();
            const RankedExportStats stats = RankedExport::write(store, spec, out, {});
            // The reference: every ranked prediction in (segment, rank) order, at most `top` per segment.
            std::vector<std::vector<std::string>> want;
            std::map<std::int64_t, int> per;
            for (const auto &p : runs.predictions(sr.runId)) {
                if (!p.rank || (top > 0 && per[p.segmentId] >= top))
                    continue;
                ++per[p.segmentId];
                want.push_back({std::to_string(*p.rank), store.itemByRowid(p.itemRowid)->item.id, p.label});
            }
            const auto rows = testutil::parseCsv(readAll(out).substr(3));
            QCOMPARE(std::size_t(stats.rows), want.size());
            QCOMPARE(rows.size(), want.size() + 1);
            for (std::size_t i = 0; i < want.size(); ++i) {
                QCOMPARE(rows[i + 1][0], want[i][0]);
                QCOMPARE(rows[i + 1][1], want[i][1]);
                QCOMPARE(rows[i + 1][4], want[i][2]);
            }
        }
    }

    void suggestionPoolMatchesBruteForce()
    {
        needProject();
        if (!m_project.skipReason.empty())
            QSKIP(m_project.skipReason.c_str());
        const ScoreResult sr = scoreTask(m_project.path, "bought");
        QVERIFY2(sr.status.ok(), sr.status.message.c_str());
        ProjectStore store = ProjectStore::open(m_project.path);
        RunStore runs(store.db());
        const TaskInfo task = *store.task("bought");
        const auto segments = Ranker::taskSegments(store, task.id);
        const auto labelledList = Ranker::labelledRowids(store, task.id);
        const std::set<std::int64_t> labelled(labelledList.begin(), labelledList.end());
        std::map<std::int64_t, PredictionRow> best;
        for (const auto &p : runs.predictions(sr.runId)) {
            if (labelled.count(p.itemRowid))
                continue;
            auto it = best.find(p.itemRowid);
            if (it == best.end() || p.uncertainty > it->second.uncertainty ||
                (p.uncertainty == it->second.uncertainty && p.segmentId < it->second.segmentId))
                best[p.itemRowid] = p;
        }
        std::vector<PredictionRow> all;
        for (const auto &kv : best)
            all.push_back(kv.second);
        std::stable_sort(all.begin(), all.end(),
                         [](const PredictionRow &a, const PredictionRow &b) { return a.uncertainty > b.uncertainty; });
        for (int pool : {1, 13, 50, 100000}) {
            const auto got = Suggester::uncertainPool(store, sr.runId, task.id, segments, pool);
            QCOMPARE(got.size(), std::min(all.size(), std::size_t(pool)));
            for (std::size_t i = 0; i < got.size(); ++i) {
                QCOMPARE(got[i].rowid, all[i].itemRowid);
                QCOMPARE(got[i].uncertainty, all[i].uncertainty);
            }
        }
    }
};

DEBUT_TEST_MAIN(TestBounded, "test_bounded", None)

#include "test_bounded.moc"
