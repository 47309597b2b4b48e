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
    std::string field;        // "title" | "description"
    std::size_t begin = 0;    // byte offsets into that field
    std::size_t end = 0;
    std::size_t textBegin = 0;  // the same span in itemText(item)
    std::size_t textEnd = 0;
    std::string text;
    bool visible = true;      // inside the bytes the model reads
};

struct TextLayout {
    std::string text;         // itemText(item)
    std::size_t titleEnd = 0;
    std::size_t descBegin = 0;
    std::size_t visibleBytes = 0;
    std::vector<LaidOutWord> words;   // title words then description words
    std::vector<ExplanationNote> notes;

    static TextLayout of(const Scorer &scorer, const ItemRecord &item);
};

} // namespace debut
