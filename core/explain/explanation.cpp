#include "explain/explanation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace debut {

using nlohmann::json;

namespace {

struct NoteTemplate {
    const char *code;
    const char *english;
};

// Every note an explanation can carry. The workbench's translations
// (ExplanationNotes in widgets/explanationview.cpp) use the same codes and
// argument order; a code missing there falls back to this English sentence.
const NoteTemplate kNotes[] = {
    {"explained_for_segment", "explained for segment '%1'"},
    {"item_labelled", "this item is labelled '%1'"},
    {"item_labelled_for_segment", "this item is labelled '%1' for segment '%2'"},
    {"no_labelled_items", "no labelled items to compare with"},
    {"price_missing", "price missing: no price contribution"},
    {"brand_empty", "brand empty: no brand contribution"},
    {"category_empty", "category empty: no category contribution"},
    {"brand_unseen", "brand '%1' was not seen in training: the model treats it as unknown"},
    {"category_unseen", "category '%1' was not seen in training: the model treats it as unknown"},
    {"description_empty", "description empty: explained the title only"},
    {"description_no_words", "description has no words (only spaces/punctuation): explained the title only"},
    {"title_empty", "title empty"},
    {"title_no_words", "title has no words (only spaces/punctuation)"},
    {"no_words", "no words to explain: only side fields can contribute"},
    {"title_cut", "the model reads only the first %1 of %2 bytes: the title is cut and the description is not read"},
    {"description_cut",
     "the model reads the description only up to byte %1 of %2: words after it do not affect the score"},
    {"occlusion_unread", "%1 word(s) after the model's input limit were not occluded (the model does not read them)"},
    {"occlusion_capped", "%1 word(s) beyond the first %2 were not occluded"},
    {"explained_text_bounded", "explained on the first %1 bytes of the text (the model reads less; a very long text is "
                               "not copied per variant)"},
    {"occlusion_summary", "occlusion: %1 word(s) removed one at a time, all variants scored in one batch"},
    {"ig_approximate", "completeness error stays above %1% at %2 steps: read the word weights as approximate"},
    {"ig_unread", "%1 word(s) after the model's input limit get no attribution"},
    {"ig_summary", "integrated gradients: %1 steps against a padding baseline, f(x) = %2, f(baseline) = %3, "
                   "completeness error %4%"},
    {"ig_unassigned", "attribution on punctuation/special tokens (not shown): %1"},
};

// %1..%9 replaced by args (Qt's QString::arg convention, so the GUI's
// translations read the same); a marker with no argument is kept as it is.
std::string fillTemplate(const char *tmpl, const std::vector<std::string> &args)
{
    std::string out;
    for (const char *p = tmpl; *p; ++p) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9' && std::size_t(p[1] - '1') < args.size()) {
            out += args[std::size_t(p[1] - '1')];
            ++p;
        } else {
            out += *p;
        }
    }
    return out;
}

}   // namespace

const char *ExplanationNote::englishTemplate(const std::string &code)
{
    for (const auto &t : kNotes)
        if (code == t.code)
            return t.english;
    return nullptr;
}

std::vector<std::string> ExplanationNote::codes()
{
    std::vector<std::string> out;
    for (const auto &t : kNotes)
        out.emplace_back(t.code);
    return out;
}

ExplanationNote ExplanationNote::make(const std::string &code, std::vector<std::string> args)
{
    const char *tmpl = englishTemplate(code);
    if (!tmpl)
        throw std::logic_error("no explanation note '" + code + "'");
    ExplanationNote n;
    n.code = code;
    n.text = fillTemplate(tmpl, args);
    n.args = std::move(args);
    return n;
}

const char *explainMethodName(ExplainMethod method)
{
    return method == ExplainMethod::IntegratedGradients ? "ig" : "occlusion";
}

std::optional<ExplainMethod> parseExplainMethod(std::string_view name)
{
    if (name == "occlusion")
        return ExplainMethod::Occlusion;
    if (name == "ig")
        return ExplainMethod::IntegratedGradients;
    return std::nullopt;
}

std::string Explanation::toJson() const
{
    json j;
    j["item_id"] = itemId;
    j["item_rowid"] = itemRowid;
    j["run_id"] = runId;
    j["method"] = explainMethodName(method);
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
        n.push_back({{"item_id", c.itemId},
                     {"title", c.title},
                     {"label", c.label},
                     {"segment", c.segment},
                     {"similarity", c.similarity}});
    j["neighbours"] = std::move(n);
    // "notes": the English sentences (what docs/cli.md documents); "note_codes": the
    // same notes as [code, args...] so a reader can show them in its own language.
    json texts = json::array(), codes = json::array();
    for (const auto &n : notes) {
        texts.push_back(n.text);
        json c = json::array({n.code});
        for (const auto &a : n.args)
            c.push_back(a);
        codes.push_back(std::move(c));
    }
    j["notes"] = std::move(texts);
    j["note_codes"] = std::move(codes);
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
        const std::string name = j.at("method").get<std::string>();
        const auto parsed = parseExplainMethod(name);
        if (!parsed)
            throw Error("explanation: unknown method '" + name + "'");
        e.method = *parsed;
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
        for (const auto &t : j.value("notes", std::vector<std::string>()))
            e.notes.emplace_back(t);
        // Projects from before note codes have only the English text.
        const json codes = j.value("note_codes", json::array());
        if (codes.is_array() && codes.size() == e.notes.size()) {
            for (std::size_t i = 0; i < codes.size(); ++i) {
                const json &c = codes[i];
                if (!c.is_array() || c.empty() || !c[0].is_string())
                    continue;
                e.notes[i].code = c[0].get<std::string>();
                for (std::size_t k = 1; k < c.size(); ++k)
                    e.notes[i].args.push_back(c[k].is_string() ? c[k].get<std::string>() : c[k].dump());
            }
        }
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

}   // namespace debut
