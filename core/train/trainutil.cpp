#include "train/trainutil.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "common/error.h"
#include "io/binarylabel.h"

namespace debut {

LabelEncoding encodeLabels(TaskKind kind, const std::vector<std::string> &values)
{
    LabelEncoding out;
    if (kind == TaskKind::Rating) {
        for (const auto &v : values) {
            char *end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (v.empty() || end == v.c_str() || *end != '\0' || !std::isfinite(d))
                throw Error("rating label '" + v + "' is not a number");
            out.target.push_back(d);
            out.index.push_back(0);
        }
        return out;
    }
    std::set<std::string> distinct(values.begin(), values.end());
    out.labels.assign(distinct.begin(), distinct.end());
    if (kind == TaskKind::Binary) {
        if (out.labels.size() > 2)
            throw Error("binary task has " + std::to_string(out.labels.size()) + " distinct labels (expected 2)");
        if (out.labels.size() == 2 && isPositiveLabel(out.labels[0]) && !isPositiveLabel(out.labels[1]))
            std::swap(out.labels[0], out.labels[1]);
        if (out.labels.size() == 1) {   // a single class present: name the other side
            const bool positive = isPositiveLabel(out.labels[0]);
            out.labels.insert(positive ? out.labels.begin() : out.labels.end(), positive ? "0" : "1");
        }
    }
    std::map<std::string, int> idx;
    for (std::size_t i = 0; i < out.labels.size(); ++i)
        idx[out.labels[i]] = int(i);
    for (const auto &v : values) {
        out.index.push_back(idx[v]);
        out.target.push_back(0);
    }
    return out;
}

void fillSideVocabulary(ClassifierConfig &config, const std::vector<TrainExample> &examples)
{
    std::set<std::string> brands, categories, segments;
    double sum = 0, sq = 0;
    std::size_t priced = 0;
    for (const auto &e : examples) {
        if (!e.item.brand.empty())
            brands.insert(e.item.brand);
        if (!e.item.category.empty())
            categories.insert(e.item.category);
        if (!e.segment.empty())
            segments.insert(e.segment);
        if (e.item.price && std::isfinite(*e.item.price)) {
            const double v = std::log1p(std::max(*e.item.price, 0.0));
            sum += v;
            sq += v * v;
            ++priced;
        }
    }
    config.brands.assign(brands.begin(), brands.end());
    config.categories.assign(categories.begin(), categories.end());
    config.segments.assign(segments.begin(), segments.end());
    config.priceMean = priced ? sum / double(priced) : 0.0;
    const double var = priced ? sq / double(priced) - config.priceMean * config.priceMean : 0.0;
    config.priceStd = var > 1e-12 ? std::sqrt(var) : 1.0;
}

}   // namespace debut
