#pragma once
// Explanation: why one item got its score, in a form the GUI, the CLI, the CSV
// export and the project file share.
//
// Units: `score` is the explained quantity (see explain/scorer.h: calibrated
// probability of the positive / target class, or the predicted rating). A word's
// `weight` and a field's `delta` are in the same unit: how much the score goes
// DOWN when that word / field value is taken away (occlusion, field ablation) or
// the integrated-gradients attribution (IG). Positive = pushes the score up.
//
// Word spans carry byte offsets [begin, end) into the ORIGINAL `title` or
// `description` string of the item (field = "title" | "description"), so a
// viewer highlights the exact text; `text` is a copy of those bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace debut {

struct WordAttribution {
    std::string field;         // "title" | "description"
    std::uint32_t begin = 0;   // byte offset into that field, inclusive
    std::uint32_t end = 0;     // exclusive
    std::string text;
    double weight = 0;
};

struct FieldContribution {
    std::string field;     // "price" | "brand" | "category"
    std::string value;     // the item's value as text ("" when missing)
    std::string neutral;   // what it was replaced with ("missing", "unseen")
    double delta = 0;      // score(item) - score(item with the neutral value)
};

struct NeighbourItem {
    std::string itemId;
    std::string title;
    std::string label;       // the labelled value ("1", class name, rating)
    std::string segment;     // "" = all customers
    double similarity = 0;   // cosine in the model's embedding space, [-1, 1]
};

// One note on what an explanation did or skipped. `code` names the sentence and
// `args` fill its %1, %2, … so the workbench can show it in the user's language
// (widgets/explanationview.cpp); `text` is the English sentence, what the CLI
// prints. A note read from an older project, or made from free text, has no code.
struct ExplanationNote {
    std::string code;
    std::vector<std::string> args;
    std::string text;

    ExplanationNote() = default;
    ExplanationNote(std::string englishText) : text(std::move(englishText)) {}   // NOLINT: free text
    // Throws std::logic_error for a code with no English sentence (a programming error).
    static ExplanationNote make(const std::string &code, std::vector<std::string> args = {});
    // The English sentence with %1, %2, … for a code; nullptr for an unknown one.
    static const char *englishTemplate(const std::string &code);
    static std::vector<std::string> codes();   // every code, in a fixed order
};

// How an explanation's word attributions were computed. Stored (project file,
// JSON) and typed on the command line by name: "occlusion" | "ig".
enum class ExplainMethod { Occlusion, IntegratedGradients };
const char *explainMethodName(ExplainMethod method);
std::optional<ExplainMethod> parseExplainMethod(std::string_view name);   // nullopt: unknown name

struct Explanation {
    std::string itemId;
    std::int64_t itemRowid = 0;
    std::int64_t runId = 0;
    ExplainMethod method = ExplainMethod::Occlusion;
    std::string target;                        // class / label explained ("1" for binary, class name, "rating")
    double score = 0;                          // f(item)
    std::optional<double> baselineScore;       // IG: f(baseline)
    std::optional<double> completenessError;   // IG: |sum(attr) - (f(x) - f(b))| / max(|f(x) - f(b)|, 1e-6)
    int steps = 0;                             // IG steps used
    std::vector<WordAttribution> words;        // in text order (title words first)
    std::vector<FieldContribution> fields;
    std::vector<NeighbourItem> neighbours;   // most similar first
    std::vector<ExplanationNote> notes;      // what was done / skipped

    std::string toJson() const;
    // Throws debut::Error on malformed JSON or missing keys.
    static Explanation fromJson(const std::string &json);

    // Readable top reasons, strongest first: positives then negatives, e.g.
    //   "+ 'waterproof', + brand Acme, − price"
    // Contributions with |weight| < minAbs are left out; "" when nothing qualifies.
    std::string reasons(int maxPositive = 3, int maxNegative = 2, double minAbs = 1e-4) const;
};

}   // namespace debut
