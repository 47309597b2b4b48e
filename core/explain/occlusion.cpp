#include "explain/occlusion.h"

#include "explain/textnotes.h"
#include "explain/words.h"

namespace debut {

Explanation Occlusion::explain(Scorer &scorer, const ItemRecord &item, const OcclusionOptions &options)
{
    Explanation e;
    e.method = "occlusion";
    e.itemId = item.id;

    const TextLayout layout = TextLayout::of(scorer, item);
    std::vector<WordAttribution> words;
    std::vector<ItemRecord> variants{item};
    std::size_t skipped = 0, capped = 0;
    for (const auto &w : layout.words) {
        if (!w.visible) {
            ++skipped;
            continue;
        }
        if (int(words.size()) >= options.maxWords) {
            ++capped;
            continue;
        }
        ItemRecord v = item;
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
        e.notes.push_back(std::to_string(skipped) + " word(s) after the model's input limit were not occluded "
                          "(the model does not read them)");
    if (capped)
        e.notes.push_back(std::to_string(capped) + " word(s) beyond the first " + std::to_string(options.maxWords) +
                          " were not occluded");
    e.notes.push_back("occlusion: " + std::to_string(e.words.size()) +
                      " word(s) removed one at a time, all variants scored in one batch");
    return e;
}

} // namespace debut
