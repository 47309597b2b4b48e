#include "explain/explanation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace debut {

using nlohmann::json;

std::string Explanation::toJson() const
{
    json j;
    j["item_id"] = itemId;
    j["item_rowid"] = itemRowid;
    j["run_id"] = runId;
    j["method"] = method;
    j["target"] = target;
    j["score"] = score;
    j["baseline_score"] = baselineScore ? json(*baselineScore) : json(nullptr);
    j["completeness_error"] = completenessError ? json(*completenessError) : json(nullptr);
    j["steps"] = steps;
    json w = json::array();
    for (const auto &a : words)
        w.push_back({{"field", a.field}, {"begin", a.begin}, {"end", a.end}, {"text", a.text}, {"weight", a.weight}});
    j["words"] = std::move(w);
    json f = json::array();
    for (const auto &c : fields)
        f.push_back({{"field", c.field}, {"value", c.value}, {"neutral", c.neutral}, {"delta", c.delta}});
    j["fields"] = std::move(f);
    json n = json::array();
    for (const auto &c : neighbours)
        n.push_back({{"item_id", c.itemId}, {"title", c.title}, {"label", c.label}, {"segment", c.segment},
                     {"similarity", c.similarity}});
    j["neighbours"] = std::move(n);
    j["notes"] = notes;
    // Invalid UTF-8 in titles must not make the dump throw.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Explanation Explanation::fromJson(const std::string &text)
{
    Explanation e;
    try {
        const json j = json::parse(text);
        e.itemId = j.at("item_id").get<std::string>();
        e.itemRowid = j.value("item_rowid", std::int64_t(0));
        e.runId = j.value("run_id", std::int64_t(0));
        e.method = j.at("method").get<std::string>();
        e.target = j.value("target", std::string());
        e.score = j.at("score").get<double>();
        if (j.contains("baseline_score") && !j["baseline_score"].is_null())
            e.baselineScore = j["baseline_score"].get<double>();
        if (j.contains("completeness_error") && !j["completeness_error"].is_null())
            e.completenessError = j["completeness_error"].get<double>();
        e.steps = j.value("steps", 0);
        for (const auto &a : j.value("words", json::array()))
            e.words.push_back({a.at("field").get<std::string>(), a.at("begin").get<std::uint32_t>(),
                               a.at("end").get<std::uint32_t>(), a.value("text", std::string()),
                               a.at("weight").get<double>()});
        for (const auto &c : j.value("fields", json::array()))
            e.fields.push_back({c.at("field").get<std::string>(), c.value("value", std::string()),
                                c.value("neutral", std::string()), c.at("delta").get<double>()});
        for (const auto &c : j.value("neighbours", json::array()))
            e.neighbours.push_back({c.at("item_id").get<std::string>(), c.value("title", std::string()),
                                    c.value("label", std::string()), c.value("segment", std::string()),
                                    c.value("similarity", 0.0)});
        e.notes = j.value("notes", std::vector<std::string>());
    } catch (const json::exception &ex) {
        throw Error(std::string("malformed explanation JSON: ") + ex.what());
    }
    return e;
}

std::string Explanation::reasons(int maxPositive, int maxNegative, double minAbs) const
{
    struct Reason {
        double weight;
        std::string text;
    };
    std::vector<Reason> all;
    // The same word may occur twice (title and description): keep its strongest.
    for (const auto &w : words) {
        if (!std::isfinite(w.weight) || std::fabs(w.weight) < minAbs)
            continue;
        std::string label = "'" + w.text + "'";
        auto it = std::find_if(all.begin(), all.end(), [&](const Reason &r) { return r.text == label; });
        if (it == all.end())
            all.push_back({w.weight, label});
        else if (std::fabs(w.weight) > std::fabs(it->weight))
            it->weight = w.weight;
    }
    for (const auto &f : fields) {
        if (!std::isfinite(f.delta) || std::fabs(f.delta) < minAbs)
            continue;
        all.push_back({f.delta, f.field == "price" || f.value.empty() ? f.field : f.field + " " + f.value});
    }
    std::vector<Reason> pos, neg;
    for (auto &r : all)
        (r.weight > 0 ? pos : neg).push_back(r);
    auto byStrength = [](const Reason &a, const Reason &b) { return std::fabs(a.weight) > std::fabs(b.weight); };
    std::stable_sort(pos.begin(), pos.end(), byStrength);
    std::stable_sort(neg.begin(), neg.end(), byStrength);
    std::string out;
    auto add = [&](const std::string &sign, const std::string &text) {
        if (!out.empty())
            out += ", ";
        out += sign + " " + text;
    };
    for (int i = 0; i < maxPositive && i < int(pos.size()); ++i)
        add("+", pos[i].text);
    for (int i = 0; i < maxNegative && i < int(neg.size()); ++i)
        add("\u2212", neg[i].text);
    return out;
}

} // namespace debut
