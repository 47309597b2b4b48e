// Faithfulness, the deletion test: on a model trained on the sample
// data, removing the top-3 words by attribution lowers the item's score more
// than removing 3 random words, for a clear majority of the items. Prints the
// share. Occlusion (the default method) on 50 items; integrated gradients on 20
// (each IG item costs a batched backward pass through the encoder).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <random>
#include <set>

#include "explain/integratedgradients.h"
#include "explain/modelscorer.h"
#include "explain/occlusion.h"
#include "explain/words.h"
#include "train/classifier.h"

#include "explaintestutil.h"
#endif

using namespace debut;

class TestExplainDeletion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_project = testutil::makeTrainedProject("test_explain_deletion");
        DEBUT_REQUIRE_TRAINED_PROJECT(m_project);
        m_store = ProjectStore::open(m_project.path);
        std::set<std::int64_t> labelled;
        for (const auto &l : m_store.labels(m_store.task("style")->id))
            labelled.insert(l.itemRowid);
        for (const auto &row : m_store.allItems())
            if (!labelled.count(row.rowid) && m_unlabelled.size() < 50)
                m_unlabelled.push_back(row);
        QCOMPARE(int(m_unlabelled.size()), 50);
    }

    void deletionTest_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("items");
        QTest::newRow("occlusion") << "occlusion" << 50;
        QTest::newRow("ig") << "ig" << 20;
    }
    void deletionTest()
    {
        QFETCH(QString, method);
        QFETCH(int, items);
        Classifier model = loadRunClassifier(m_store, m_project.styleRun);
        std::mt19937 rng(11);
        int wins = 0, counted = 0;
        for (int n = 0; n < items; ++n) {
            const ItemRecord &item = m_unlabelled[std::size_t(n)].item;
            const int predicted = model->score({item}, {""}).predicted.at(0);
            ModelScorer scorer(model, "", predicted);   // explain the predicted class
            IgOptions ig;
            ig.maxSteps = 0;           // no retries
            ig.maxAdaptiveSteps = 0;   // no retry: the ranking of words is what matters here
            const Explanation e =
                method == "ig" ? IntegratedGradients::explain(scorer, item, ig) : Occlusion::explain(scorer, item);
            if (e.words.size() < 6)
                continue;
            std::vector<std::size_t> order(e.words.size());
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(),
                             [&](std::size_t a, std::size_t b) { return e.words[a].weight > e.words[b].weight; });
            const std::vector<std::size_t> top(order.begin(), order.begin() + 3);
            std::shuffle(order.begin(), order.end(), rng);
            const std::vector<std::size_t> random(order.begin(), order.begin() + 3);
            auto without = [&](std::vector<std::size_t> idx) {
                ItemRecord v = item;
                // Remove from the end of each field so earlier offsets stay valid.
                std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
                    return e.words[a].field != e.words[b].field ? e.words[a].field == "title"
                                                                : e.words[a].begin > e.words[b].begin;
                });
                for (std::size_t i : idx) {
                    std::string &f = e.words[i].field == "title" ? v.title : v.description;
                    f = removeSpan(f, e.words[i].begin, e.words[i].end);
                }
                return v;
            };
            const auto s = scorer.score({item, without(top), without(random)});
            ++counted;
            wins += (s[0] - s[1]) > (s[0] - s[2]);
        }
        const double share = counted ? double(wins) / counted : 0;
        qInfo("deletion test (%s): removing the top-3 words lowers the score more than 3 random words for "
              "%d of %d items (%.0f%%)",
              qPrintable(method), wins, counted, 100 * share);
        QVERIFY(counted >= items * 8 / 10);
        QVERIFY2(share >= 0.7, "no clear majority");
    }

    void cleanupTestCase()
    {
        m_store.close();
        testutil::removeTrainedProject(m_project);
    }

private:
    testutil::TrainedProject m_project;
    ProjectStore m_store;
    std::vector<ItemRow> m_unlabelled;
};

DEBUT_TEST_MAIN(TestExplainDeletion, "test_explain_deletion", None)

#include "test_explain_deletion.moc"
