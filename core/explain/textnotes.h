#pragma once
// TextLayout: an item's words with their field, offsets and whether the model
// reads them, plus the notes every text explanation starts with ("description
// empty: explained title only", "description cut at …"). Shared by occlusion
// and integrated gradients so both describe the same words the same way.
#include <cstddef>
#include <string>
#include <vector>

#include "explain/explanation.h"
#include "explain/scorer.h"
#include "io/records.h"

namespace debut {

struct LaidOutWord {
    std::string field;       // "title" | "description"
    std::size_t begin = 0;   // byte offsets into that field
    std::size_t end = 0;
    std::size_t textBegin = 0;   // the same span in itemText(item)
    std::size_t textEnd = 0;
    std::string text;
    bool visible = true;   // inside the bytes the model reads
};

struct TextLayout {
    std::string text;   // itemText(item)
    std::size_t titleEnd = 0;
    std::size_t descBegin = 0;
    std::size_t visibleBytes = 0;
    // The words the model reads (title words then description words; all visible).
    // Words after visibleBytes are only counted: a 10 MB description costs no list.
    std::vector<LaidOutWord> words;
    std::size_t unreadWords = 0;
    std::vector<ExplanationNote> notes;

    static TextLayout of(const Scorer &scorer, const ItemRecord &item);

    // `item` with title and description cut after a word so that itemText keeps
    // at most max(2 * visibleBytes + 256, minBytes) bytes: every word the model
    // reads, plus room for the text that moves into view when one is taken out.
    // Explanations score many variants of an item; they copy this one, not a
    // 10 MB description per variant. *cut (optional) says whether bytes went.
    ItemRecord bounded(const ItemRecord &item, std::size_t minBytes, bool *cut = nullptr) const;
};

}   // namespace debut
