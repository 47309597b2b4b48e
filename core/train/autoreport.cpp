// The auto learner's reports: the encoder coverage guard (measureCoverage), the
// candidates' scores and their JSON / text forms (train/autotrain.h).
#include "train/autotrain.h"

#include <algorithm>
#include <cstdio>

#include "text/unicode.h"

namespace debut {

namespace {

using json = nlohmann::json;

constexpr double kUnknownLimit = 0.10;   // share of unknown pieces above which the encoder is left out

}   // namespace

json CoverageReport::toJson() const
{
    return {{"encoder", encoder},
            {"texts", texts},
            {"pieces", pieces},
            {"unknown_share", unknownShare()},
            {"unsegmented_share", unsegmentedShare()},
            {"covered", covered},
            {"message", message}};
}

CoverageReport measureCoverage(const Tokenizer &tokenizer, const std::string &encoderName,
                               const std::vector<std::string> &texts, int maxLen, const std::string &tuningMode)
{
    CoverageReport r;
    r.encoder = encoderName;
    const std::int32_t unk = tokenizer.unkId();
    for (const auto &text : texts) {
        ++r.texts;
        const Encoding e = tokenizer.encode(text, maxLen);
        for (std::size_t i = 0; i < e.ids.size(); ++i) {
            if (e.offsets[i].second <= e.offsets[i].first)
                continue;   // special token
            ++r.pieces;
            if (e.ids[i] == unk)
                ++r.unknown;
        }
        std::size_t pos = 0;
        while (pos < text.size()) {
            const char32_t cp = unicode::decodeUtf8(text, pos);
            if (unicode::isWhitespace(cp))
                continue;
            ++r.characters;
            if (unicode::isUnsegmentedScript(cp))
                ++r.unsegmented;
        }
    }
    r.covered = r.unknownShare() <= kUnknownLimit;
    if (!r.covered) {
        char share[32];
        std::snprintf(share, sizeof share, "%.0f%%", 100.0 * r.unknownShare());
        r.message = "the encoder '" + encoderName + "' does not cover this catalogue's language (" + share +
                    " of its pieces are unknown" +
                    (r.unsegmentedShare() > 0.2 ? std::string(", the text is mostly CJK or another unsegmented script")
                                                : std::string()) +
                    (tuningMode.empty()
                         ? std::string("): it was left out and the model learns from the catalogue's own words. ")
                         : "): in --mode " + tuningMode +
                               " the model learns from this encoder alone, so its scores are close to noise; "
                               "--mode auto (the default) leaves such an encoder out and learns from the "
                               "catalogue's own words. ") +
                    "For a better model, point Debut at a Hugging Face BERT-family folder that covers the language "
                    "(config.json, "
                    "model.safetensors or pytorch_model.bin, vocab.txt), e.g. `debut train PROJECT --task T "
                    "--encoder /path/to/bert-base-chinese`, or pretrain on the catalogue (`debut pretrain`)";
    }
    return r;
}

json CandidateScore::toJson() const
{
    json j = {{"name", name},
              {"cv_score", skipped ? json(nullptr) : json(cvScore)},
              {"seconds", seconds},
              {"picked", picked}};
    if (c > 0)
        j["c"] = c;
    if (deviationPenalty > 0)
        j["deviation_penalty"] = deviationPenalty;
    if (skipped)
        j["skipped"] = true;
    if (!note.empty())
        j["note"] = note;
    return j;
}

json AutoReport::toJson() const
{
    json cands = json::array();
    for (const auto &c : candidates)
        cands.push_back(c.toJson());
    return {{"coverage", coverage.toJson()},
            {"metric", metric},
            {"folds", folds},
            {"repeats", repeats},
            {"labels", labels},
            {"cv_labels", cvLabels},
            {"pool_items", poolItems},
            {"lexical_terms", lexicalTerms},
            {"segments_with_deviation", segmentsWithDeviation},
            {"segments_on_shared", segmentsOnShared},
            {"candidates", cands},
            {"picked", picked}};
}

std::string formatAutoReport(const json &report)
{
    if (!report.is_object())
        return {};
    std::string out;
    char line[256];
    const json cov = report.value("coverage", json::object());
    if (cov.is_object() && !cov.value("covered", true))
        out += "warning: " + cov.value("message", std::string()) + "\n\n";
    std::string on = "the labels";
    const std::int64_t labels = report.value("labels", std::int64_t(0)), cvLabels = report.value("cv_labels", labels);
    if (cvLabels < labels)   // a large log: a stratified sample, the pick refitted on all
        on = "a stratified sample of " + std::to_string(cvLabels) + " of the " + std::to_string(labels) + " labels";
    std::snprintf(line, sizeof line,
                  "auto mode: candidates by %d-fold cross-validation (%d repeats) on %s, metric %s\n",
                  report.value("folds", 0), report.value("repeats", 0), on.c_str(),
                  report.value("metric", std::string()).c_str());
    out += line;
    // Names as wide as the longest ("fused per segment + neighbours + self-training").
    int width = 34;
    for (const auto &c : report.value("candidates", json::array()))
        width = std::max(width, int(c.value("name", std::string()).size()));
    width = std::min(width, 80);
    std::snprintf(line, sizeof line, "  %-*s %9s %7s %8s\n", width, "candidate", "cv score", "C", "seconds");
    out += line;
    for (const auto &c : report.value("candidates", json::array())) {
        const bool picked = c.value("picked", false);
        const std::string name = (picked ? "* " : "  ") + c.value("name", std::string());
        if (c.value("skipped", false)) {
            std::snprintf(line, sizeof line, "%-*s %9s   (%s)\n", width + 2, name.c_str(), "-",
                          c.value("note", std::string()).c_str());
        } else {
            const double cv = c.contains("cv_score") && c["cv_score"].is_number() ? c["cv_score"].get<double>() : 0.0;
            const std::string creg = c.contains("c") ? std::to_string(c["c"].get<double>()).substr(0, 5) : "-";
            std::snprintf(line, sizeof line, "%-*s %9.4f %7s %8.2f\n", width + 2, name.c_str(), cv, creg.c_str(),
                          c.value("seconds", 0.0));
        }
        out += line;
    }
    out += "picked: " + report.value("picked", std::string()) + " (refitted on all labels)\n";
    if (const int shared = report.value("segments_on_shared", 0); shared > 0) {
        std::snprintf(line, sizeof line,
                      "%d segment(s) without labels enough of their own (two of each of two classes, or four "
                      "ratings) lean on the shared part; %d have a deviation of their own\n",
                      shared, report.value("segments_with_deviation", 0));
        out += line;
    }
    return out;
}

}   // namespace debut
