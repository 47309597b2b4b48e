// `debut score | suggest | explain | export` (contract: docs/cli.md).
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "command.h"
#include "project/recommend.h"

namespace debut::cli {

namespace {

RecommendOptions recommendOptions(const Args &a)
{
    RecommendOptions o;
    o.runId = a.integer("run", 0);
    o.device = a.option("device", "cpu");
    return o;
}

std::string requireTask(const Args &a)
{
    auto t = a.option("task");
    if (!t || t->empty())
        throw UsageError("missing --task NAME");
    return *t;
}

std::string fmt(const char *f, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

int cmdScore(const std::vector<std::string> &argv)
{
    Args a(argv, {"missing-only"}, {"task", "run", "device"});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    joinWorkers();
    ScoreResult r = scoreTask(path, requireTask(a), recommendOptions(a), a.flag("missing-only"), cliProgress());
    if (!r.status.ok())
        return statusExit(r.status);
    std::string segs;
    for (const auto &s : r.segments)
        segs += (segs.empty() ? "" : ", ") + (s.empty() ? std::string("(all customers)") : s);
    std::cout << "run " << r.runId << ": scored " << r.scored << " item-segment pairs";
    if (r.kept)
        std::cout << " (" << r.kept << " kept from earlier scoring)";
    std::cout << "; " << r.items << " items x " << r.segments.size() << " segment(s) [" << segs << "]; " << r.ranked
              << " ranked (items without a label)\n";
    return ExitOk;
}

int cmdSuggest(const std::vector<std::string> &argv)
{
    Args a(argv, {"json"}, {"task", "run", "device", "count"});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    const long long count = a.integer("count", 10);
    if (count < 1)
        throw UsageError("--count must be at least 1");
    SuggestResult r = suggestLabels(path, requireTask(a), int(count), recommendOptions(a), cliProgress());
    if (!r.status.ok())
        return statusExit(r.status);
    if (a.flag("json")) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto &s : r.suggestions)
            j.push_back({{"item_id", s.item.itemId},
                         {"title", s.item.title},
                         {"segment", s.item.segment},
                         {"uncertainty", s.item.uncertainty},
                         {"predicted_label", s.item.predictedLabel},
                         {"score", s.item.score},
                         {"distance", s.distance},
                         {"reason", s.reason}});
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return ExitOk;
    }
    std::cout << "Label these next (run " << r.runId << "): uncertain and unlike what is labelled\n";
    int i = 0;
    for (const auto &s : r.suggestions)
        std::cout << ++i << ". " << s.item.itemId << "  " << s.item.title << "\n   uncertainty "
                  << fmt("%.3f", s.item.uncertainty) << " — " << s.reason << '\n';
    return ExitOk;
}

// Title/description with the strongest words marked: ANSI colours on a TTY,
// otherwise [+word] / [-word].
std::string highlight(const std::string &text, const std::string &field, const Explanation &e, bool tty)
{
    double maxAbs = 0;
    for (const auto &w : e.words)
        maxAbs = std::max(maxAbs, std::fabs(w.weight));
    const double threshold = std::max(0.15 * maxAbs, 1e-4);
    std::vector<const WordAttribution *> marks;
    for (const auto &w : e.words)
        if (w.field == field && std::fabs(w.weight) >= threshold && w.end <= text.size())
            marks.push_back(&w);
    std::sort(marks.begin(), marks.end(), [](auto *x, auto *y) { return x->begin < y->begin; });
    std::string out;
    std::size_t pos = 0;
    for (const auto *w : marks) {
        if (w->begin < pos)
            continue;
        out += text.substr(pos, w->begin - pos);
        const std::string word = text.substr(w->begin, w->end - w->begin);
        if (tty)
            out += (w->weight > 0 ? "\033[1;32m" : "\033[1;31m") + word + "\033[0m";
        else
            out += std::string("[") + (w->weight > 0 ? "+" : "-") + word + "]";
        pos = w->end;
    }
    out += text.substr(pos);
    return out;
}

void printExplanation(const Explanation &e, const std::string &title, const std::string &description, bool tty)
{
    std::cout << "item " << e.itemId << " (run " << e.runId << ", "
              << (e.method == ExplainMethod::IntegratedGradients ? "integrated gradients" : "occlusion") << "): score "
              << fmt("%.4f", e.score) << " for '" << e.target << "'\n";
    std::cout << "title:       " << highlight(title, "title", e, tty) << '\n';
    std::cout << "description: "
              << (description.empty() ? std::string("(empty)") : highlight(description, "description", e, tty)) << '\n';
    const std::string reasons = e.reasons();
    std::cout << "reasons:     " << (reasons.empty() ? std::string("(no contribution above 0.0001)") : reasons) << '\n';
    std::vector<WordAttribution> words = e.words;
    std::stable_sort(words.begin(), words.end(),
                     [](const auto &x, const auto &y) { return std::fabs(x.weight) > std::fabs(y.weight); });
    if (!words.empty()) {
        std::cout << "words ("
                  << (e.method == ExplainMethod::IntegratedGradients ? "attribution" : "score drop when removed")
                  << "):\n";
        for (std::size_t i = 0; i < words.size() && i < 8; ++i)
            std::cout << "  " << fmt("%+.4f", words[i].weight) << "  '" << words[i].text << "' (" << words[i].field
                      << " " << words[i].begin << "-" << words[i].end << ")\n";
    }
    if (!e.fields.empty()) {
        std::cout << "fields (score change when replaced by a neutral value):\n";
        for (const auto &f : e.fields)
            std::cout << "  " << fmt("%+.4f", f.delta) << "  " << f.field << " " << f.value << " (-> " << f.neutral
                      << ")\n";
    }
    if (!e.neighbours.empty()) {
        std::cout << "nearest labelled items:\n";
        for (const auto &n : e.neighbours)
            std::cout << "  " << fmt("%.3f", n.similarity) << "  " << n.itemId << "  " << n.title << "  -> '" << n.label
                      << "'" << (n.segment.empty() ? "" : " (" + n.segment + ")") << '\n';
    }
    if (e.completenessError)
        std::cout << "completeness error: " << fmt("%.2f", 100.0 * *e.completenessError) << "% (" << e.steps
                  << " steps)\n";
    for (const auto &n : e.notes)
        std::cout << "note: " << n.text << '\n';
}

int cmdExplain(const std::vector<std::string> &argv)
{
    Args a(argv, {"json"}, {"task", "run", "device", "item", "method", "top", "segment", "neighbours"});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    const std::string task = requireTask(a);
    const std::optional<ExplainMethod> parsed = parseExplainMethod(a.option("method", "occlusion"));
    if (!parsed)
        throw UsageError("--method must be occlusion or ig");
    const ExplainMethod method = *parsed;
    const auto item = a.option("item");
    const auto top = a.option("top");
    if (item.has_value() == top.has_value())
        throw UsageError("give exactly one of --item ITEM_ID or --top N");
    const bool tty = ::isatty(STDOUT_FILENO);
    if (top) {
        const long long n = a.integer("top", 10);
        if (n < 1)
            throw UsageError("--top must be at least 1");
        ExplainTopResult r =
            explainTop(path, task, int(n), method, a.option("segment", ""), recommendOptions(a), cliProgress());
        if (!r.status.ok())
            return statusExit(r.status);
        if (a.flag("json")) {
            nlohmann::json j = nlohmann::json::array();
            for (const auto &e : r.explanations)
                j.push_back(nlohmann::json::parse(e.toJson()));
            std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return ExitOk;
        }
        std::cout << "stored " << r.explained << " explanation(s) (" << explainMethodName(method) << ") for run "
                  << r.runId << '\n';
        int i = 0;
        for (const auto &e : r.explanations)
            std::cout << ++i << ". " << e.itemId << "  " << fmt("%.4f", e.score) << "  " << e.reasons() << '\n';
        return ExitOk;
    }
    ExplainRequest req;
    req.task = task;
    req.itemId = *item;
    req.method = method;
    req.segment = a.option("segment", "");
    req.neighbours = int(a.integer("neighbours", 5));
    ExplainResult r = explainItem(path, req, recommendOptions(a), cliProgress());
    if (!r.status.ok())
        return statusExit(r.status);
    if (a.flag("json")) {
        nlohmann::json j = nlohmann::json::parse(r.explanation.toJson());
        j["reasons"] = r.explanation.reasons();
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return ExitOk;
    }
    printExplanation(r.explanation, r.title, r.description, tty);
    return ExitOk;
}

int cmdExport(const std::vector<std::string> &argv)
{
    Args a(argv, {"reasons", "raw-cells"}, {"task", "run", "device", "out", "top", "segment"});
    const std::string &path = a.positional(0, "PROJECT");
    a.maxPositional(1);
    ExportRequest req;
    req.task = requireTask(a);
    auto out = a.option("out");
    if (!out || out->empty())
        throw UsageError("missing --out FILE.csv");
    req.out = *out;
    req.top = int(a.integer("top", 0));
    if (a.option("top") && req.top < 1)
        throw UsageError("--top must be at least 1");
    req.segment = a.option("segment");
    req.reasons = a.flag("reasons");
    req.rawCells = a.flag("raw-cells");
    ExportResult r = exportCsv(path, req, recommendOptions(a), cliProgress());
    if (!r.status.ok())
        return statusExit(r.status);
    std::cout << "wrote " << r.rows << " row(s) to " << req.out << " (run " << r.runId << ")\n";
    if (req.reasons && r.rowsWithReasons < r.rows)
        std::fprintf(
            stderr,
            "note: %lld of %lld row(s) have stored explanations; run `debut explain %s --task %s --top N` for more\n",
            (long long)r.rowsWithReasons, (long long)r.rows, path.c_str(), req.task.c_str());
    return ExitOk;
}

}   // namespace

DEBUT_COMMAND({"score", "  debut score PROJECT --task NAME [--run RUN_ID] [--missing-only] [--device auto|cpu|cuda]",
               "score and rank every item of the catalogue for a task (per segment)", cmdScore});
DEBUT_COMMAND({"suggest", "  debut suggest PROJECT --task NAME [--count N] [--run RUN_ID] [--json]",
               "the unlabelled items worth labelling next (uncertain and diverse)", cmdSuggest});
DEBUT_COMMAND({"explain",
               "  debut explain PROJECT --task NAME --item ITEM_ID [--method occlusion|ig] [--segment S] [--json]\n"
               "  debut explain PROJECT --task NAME --top N [--method occlusion|ig] [--segment S] [--json]",
               "why an item is recommended (words, fields, nearest labelled items); --top stores them for a list",
               cmdExplain});
DEBUT_COMMAND({"export",
               "  debut export PROJECT --task NAME --out FILE.csv [--top N] [--segment S] [--reasons] [--run RUN_ID]\n"
               "               [--raw-cells]\n"
               "text cells starting with = + - @ TAB or CR get a leading apostrophe so spreadsheets do not run\n"
               "them as formulas; --raw-cells writes them verbatim (for programs, not spreadsheets).\n"
               "FILE.csv may not be the project, its -wal/-shm, or another project file.",
               "write the ranked list as CSV (UTF-8 with BOM, RFC 4180)", cmdExport});

}   // namespace debut::cli
