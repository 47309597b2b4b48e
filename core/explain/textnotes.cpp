#include "explain/textnotes.h"

#include "explain/words.h"

namespace debut {

TextLayout TextLayout::of(const Scorer &scorer, const ItemRecord &item)
{
    TextLayout l;
    l.text = itemText(item, &l.titleEnd, &l.descBegin);
    l.visibleBytes = scorer.visibleTextBytes(item).value_or(l.text.size());
    if (l.visibleBytes > l.text.size())
        l.visibleBytes = l.text.size();

    auto addField = [&](const std::string &name, const std::string &value, std::size_t shift) {
        for (const auto &w : splitWords(value)) {
            LaidOutWord lw;
            lw.field = name;
            lw.begin = w.begin;
            lw.end = w.end;
            lw.textBegin = shift + w.begin;
            lw.textEnd = shift + w.end;
            lw.text = value.substr(w.begin, w.end - w.begin);
            lw.visible = lw.textBegin < l.visibleBytes;
            l.words.push_back(std::move(lw));
        }
    };
    addField("title", item.title, 0);
    if (!item.description.empty())
        addField("description", item.description, l.descBegin);

    const bool noTitleWords = splitWords(item.title).empty();
    const bool noDescWords = splitWords(item.description).empty();
    if (item.description.empty())
        l.notes.push_back(ExplanationNote::make("description_empty"));
    else if (noDescWords)
        l.notes.push_back(ExplanationNote::make("description_no_words"));
    if (noTitleWords)
        l.notes.push_back(ExplanationNote::make(item.title.empty() ? "title_empty" : "title_no_words"));
    if (noTitleWords && noDescWords)
        l.notes.push_back(ExplanationNote::make("no_words"));
    if (l.visibleBytes < l.text.size()) {
        if (l.visibleBytes <= l.titleEnd)
            l.notes.push_back(ExplanationNote::make(
                "title_cut", {std::to_string(l.visibleBytes), std::to_string(l.text.size())}));
        else
            l.notes.push_back(ExplanationNote::make("description_cut", {std::to_string(l.visibleBytes - l.descBegin),
                                                                         std::to_string(item.description.size())}));
    }
    return l;
}

} // namespace debut
