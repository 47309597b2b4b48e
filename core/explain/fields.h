#pragma once
// Field contributions: each side field replaced by a neutral value.
//   price    -> missing (std::nullopt)
//   brand    -> a value never seen in training (the model's "unseen brand")
//   category -> a value never seen in training
// delta = score(item) - score(item with that field neutral), in the scorer's
// unit. Fields that are already neutral (no price, empty brand/category) get no
// entry but a note; a brand/category the model never saw gets a note too.
// All variants (and the original) are scored in one Scorer::score call.
#include <string>
#include <vector>

#include "explain/explanation.h"
#include "explain/scorer.h"
#include "io/records.h"

namespace debut {

class FieldAblation {
public:
    // The sentinel used as "unseen" brand/category (control characters: never in real data).
    static const std::string &unseenValue();
    // Appends to e.fields and e.notes; sets e.score when it is 0 and no words were scored.
    static void explain(Scorer &scorer, const ItemRecord &item, Explanation &e);
};

}   // namespace debut
