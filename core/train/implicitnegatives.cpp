#include "train/implicitnegatives.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace debut {

namespace {

constexpr std::size_t kMinDrawn = 32;
constexpr std::size_t kPerPositive = 3;
constexpr std::size_t kMaxDrawn = 500;
constexpr std::size_t kNamed = 5;   // segments named in the message

// Positives per segment whose labels are all positive (class 1 of a binary task).
std::map<std::string, std::size_t> positiveOnlySegments(const TrainData &data)
{
    std::map<std::string, std::size_t> positives;
    if (data.kind != TaskKind::Binary || data.labels.size() != 2)
        return positives;
    std::set<std::string> withNegatives;
    for (const auto &e : data.examples)
        if (e.label == 1)
            ++positives[e.segment];
        else
            withNegatives.insert(e.segment);
    for (const auto &s : withNegatives)
        positives.erase(s);
    return positives;
}

}   // namespace

nlohmann::json ImplicitNegatives::toJson() const
{
    if (empty())
        return nullptr;
    return {{"count", count}, {"other_segments", otherSegments}, {"segments", segments}, {"message", message}};
}

bool needsImplicitNegatives(const TrainData &data) { return !positiveOnlySegments(data).empty(); }

ImplicitNegatives addImplicitNegatives(TrainData &data, const std::vector<ItemRecord> &catalogue, std::uint64_t seed)
{
    ImplicitNegatives out;
    const std::map<std::string, std::size_t> positives = positiveOnlySegments(data);
    if (positives.empty())
        return out;
    const std::size_t labelCount = data.examples.size();
    std::set<std::string> labelled;
    for (const auto &e : data.examples)
        labelled.insert(e.item.id);
    std::vector<const ItemRecord *> unlabelled;
    for (const auto &item : catalogue)
        if (labelled.insert(item.id).second)   // not labelled, and a repeated id counts once
            unlabelled.push_back(&item);
    if (unlabelled.empty())
        return out;
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    std::shuffle(unlabelled.begin(), unlabelled.end(), rng);
    // Each segment its own items: an item drawn for two segments could sit in a
    // training fold as one segment's negative and in the held-out fold as the
    // other's, and cross-validation would reward models that memorise it.
    // (More such segments than unlabelled items: one each while they last.)
    const std::size_t share = std::max<std::size_t>(1, unlabelled.size() / positives.size());
    std::size_t next = 0;
    for (const auto &[segment, n] : positives) {
        const std::size_t k =
            std::min({share, kMaxDrawn, std::max(kMinDrawn, kPerPositive * n), unlabelled.size() - next});
        for (std::size_t i = 0; i < k; ++i) {
            TrainExample e;
            e.item = *unlabelled[next++];
            e.segment = segment;
            e.label = 0;
            data.examples.push_back(std::move(e));
        }
        if (k > 0)
            out.segments.push_back(segment);
        out.count += std::int64_t(k);
    }
    // The other segments' positives (unlabelled to this segment too): a draw of
    // random items is told from any labelled item by what all segments buy alike,
    // these only by what sets this segment apart; cross-validation then scores
    // the segment's list against them as well. Each weighs 1 / (segments with
    // positives - 1), so an item bought in one segment weighs no more as the
    // others' negative than as that one's positive: the shared part of a
    // per-segment model still reads it as bought, and a log with a segment per
    // customer does not turn every purchase into a negative (measured on 24
    // customers of 3 purchases each: weight 1 changed their AUC by -0.007 to
    // +0.005, this weight by +0.012 to +0.048; README). Labels without a segment
    // stand for all customers: they are no segment's negatives, and get none.
    std::map<std::string, std::set<std::string>> positiveItems;
    std::vector<std::size_t> positiveOrder;   // indices: the loop below appends to data.examples
    for (std::size_t i = 0; i < labelCount; ++i) {
        const TrainExample &e = data.examples[i];
        if (e.label == 1 && !e.segment.empty() && positiveItems[e.segment].insert(e.item.id).second)
            positiveOrder.push_back(i);
    }
    const double otherWeight = positiveItems.size() > 1 ? 1.0 / double(positiveItems.size() - 1) : 1.0;
    for (const auto &[segment, n] : positives) {
        if (segment.empty())
            continue;
        std::set<std::string> taken = positiveItems[segment];
        std::vector<std::size_t> others;
        for (std::size_t i : positiveOrder)
            if (taken.insert(data.examples[i].item.id).second)
                others.push_back(i);
        std::shuffle(others.begin(), others.end(), rng);
        const std::size_t k = std::min({others.size(), kMaxDrawn, std::max(kMinDrawn, kPerPositive * n)});
        for (std::size_t i = 0; i < k; ++i) {
            TrainExample e;
            e.item = data.examples[others[i]].item;
            e.segment = segment;
            e.label = 0;
            e.weight = otherWeight;
            data.examples.push_back(std::move(e));
        }
        out.otherSegments += std::int64_t(k);
    }
    if (out.segments.empty())
        return out;
    std::string where;
    for (std::size_t i = 0; i < std::min<std::size_t>(out.segments.size(), kNamed); ++i)
        where +=
            (i ? ", " : "") + (out.segments[i].empty() ? std::string("labels without a segment") : out.segments[i]);
    if (out.segments.size() > kNamed)
        where += " and " + std::to_string(out.segments.size() - kNamed) + " more segments";
    const bool unsegmented = out.segments.size() == 1 && out.segments.front().empty();
    out.message = "task '" + data.task + "' has positive labels only" + (unsegmented ? "" : " (" + where + ")") + ": " +
                  std::to_string(out.count) +
                  " unlabelled catalogue items were drawn as negatives (positive-unlabelled learning)" +
                  (out.otherSegments > 0 ? ", and each segment counts the other segments' positives among its "
                                           "negatives (" +
                                               std::to_string(out.otherSegments) + ")"
                                         : std::string()) +
                  ". The lists rank items by how much they resemble the labelled ones and the scores are not "
                  "purchase rates. The report measures the labelled items against the drawn ones, some of which "
                  "customers would buy: its AUC sits nearer 0.5 than the lists' true one, though the better model "
                  "still scores higher. Label a few items '" +
                  data.labels[0] + "' (e.g. shown but not bought) to sharpen them.";
    return out;
}

}   // namespace debut
