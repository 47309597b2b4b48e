#include "explain/fields.h"

#include <cstdio>

namespace debut {

const std::string &FieldAblation::unseenValue()
{
    static const std::string v = "\x01unseen\x01";
    return v;
}

void FieldAblation::explain(Scorer &scorer, const ItemRecord &item, Explanation &e)
{
    std::vector<ItemRecord> variants{item};
    std::vector<FieldContribution> fields;
    if (item.price) {
        ItemRecord v = item;
        v.price.reset();
        variants.push_back(v);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2f", *item.price);
        fields.push_back({"price", buf, "missing", 0.0});
    } else {
        e.notes.push_back(ExplanationNote::make("price_missing"));
    }
    for (const char *name : {"brand", "category"}) {
        const std::string field = name;
        const std::string &value = field == "brand" ? item.brand : item.category;
        if (value.empty()) {
            e.notes.push_back(ExplanationNote::make(field + "_empty"));
            continue;
        }
        if (auto known = scorer.knowsValue(field, value); known && !*known)
            e.notes.push_back(ExplanationNote::make(field + "_unseen", {value}));
        ItemRecord v = item;
        (field == "brand" ? v.brand : v.category) = unseenValue();
        variants.push_back(v);
        fields.push_back({field, value, "unseen", 0.0});
    }
    const std::vector<double> scores = scorer.score(variants);
    for (std::size_t i = 0; i < fields.size(); ++i)
        fields[i].delta = scores.at(0) - scores.at(i + 1);
    if (e.words.empty() && e.score == 0)
        e.score = scores.at(0);
    for (auto &f : fields)
        e.fields.push_back(std::move(f));
}

}   // namespace debut
