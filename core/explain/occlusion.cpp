#include "explain/occlusion.h"

#include "explain/textnotes.h"
#include "explain/words.h"

namespace debut {

Explanation Occlusion::explain(Scorer &scorer, const ItemRecord &item, const OcclusionOptions &options)
{
    Explanation e;
    e.method = ExplainMethod::Occlusion;
    e.itemId = item.id;

    const TextLayout layout = TextLayout::of(scorer, item);
    // Variants copy a bounded item (the words the model reads and some text
    // beyond), never a 10 MB description per word.
    bool textCut = false;
    const ItemRecord base = layout.bounded(item, options.minTextBytes, &textCut);
    std::vector<WordAttribution> words;
    std::vector<ItemRecord> variants{base};
    std::size_t skipped = layout.unreadWords, capped = 0;
    for (const auto &w : layout.words) {
        if (!w.visible) {
            ++skipped;
            continue;
        }
        if (int(words.size()) >= options.maxWords) {
            ++capped;
            continue;
        }
        ItemRecord v = base;
        std::string &field = w.field == "title" ? v.title : v.description;
        field = removeSpan(field, w.begin, w.end);
        variants.push_back(std::move(v));
        words.push_back({w.field, std::uint32_t(w.begin), std::uint32_t(w.end), w.text, 0.0});
    }

    const std::vector<double> scores = scorer.score(variants);
    e.score = scores.at(0);
    for (std::size_t i = 0; i < words.size(); ++i)
        words[i].weight = e.score - scores.at(i + 1);
    e.words = std::move(words);

    e.notes = layout.notes;
    if (skipped)
        e.notes.push_back(ExplanationNote::make("occlusion_unread", {std::to_string(skipped)}));
    if (capped)
        e.notes.push_back(
            ExplanationNote::make("occlusion_capped", {std::to_string(capped), std::to_string(options.maxWords)}));
    if (textCut)
        e.notes.push_back(ExplanationNote::make("explained_text_bounded", {std::to_string(itemText(base).size())}));
    e.notes.push_back(ExplanationNote::make("occlusion_summary", {std::to_string(e.words.size())}));
    return e;
}

}   // namespace debut
