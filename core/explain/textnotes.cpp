#include "explain/textnotes.h"

#include <algorithm>

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
        const std::size_t limit = l.visibleBytes > shift ? l.visibleBytes - shift : 0;
        std::size_t unread = 0;
        for (const auto &w : splitWords(value, limit, &unread)) {
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
        l.unreadWords += unread;
    };
    addField("title", item.title, 0);
    if (!item.description.empty())
        addField("description", item.description, l.descBegin);

    std::size_t titleWords = 0, descWords = 0;
    splitWords(item.title, 0, &titleWords);
    splitWords(item.description, 0, &descWords);
    const bool noTitleWords = titleWords == 0, noDescWords = descWords == 0;
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
            l.notes.push_back(
                ExplanationNote::make("title_cut", {std::to_string(l.visibleBytes), std::to_string(l.text.size())}));
        else
            l.notes.push_back(ExplanationNote::make("description_cut", {std::to_string(l.visibleBytes - l.descBegin),
                                                                        std::to_string(item.description.size())}));
    }
    return l;
}

ItemRecord TextLayout::bounded(const ItemRecord &item, std::size_t minBytes, bool *cut) const
{
    const std::size_t keep = std::max<std::size_t>(2 * visibleBytes + 256, minBytes);
    // Cut after the last whitespace within the limit (else at a UTF-8 boundary).
    auto prefix = [](const std::string &s, std::size_t n) -> std::string {
        if (s.size() <= n)
            return s;
        std::size_t i = n;
        while (i > n / 2 && s[i - 1] != ' ' && s[i - 1] != '\n' && s[i - 1] != '\t')
            --i;
        if (i <= n / 2) {
            i = n;
            while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
                --i;
        }
        return s.substr(0, i);
    };
    ItemRecord out;
    out.id = item.id;
    out.price = item.price;
    out.brand = item.brand;
    out.category = item.category;
    // extraJson stays "{}": no model reads it, and it may be as large as a description.
    out.title = prefix(item.title, keep);
    out.description = descBegin < keep ? prefix(item.description, keep - descBegin) : std::string();
    if (cut)
        *cut = out.title.size() != item.title.size() || out.description.size() != item.description.size();
    return out;
}

}   // namespace debut
