#pragma once
// Plain records that flow from the readers into the store.
#include <optional>
#include <string>
#include <vector>

namespace debut {

// One catalogue item. `extra` holds every unmapped column as a JSON object text.
struct ItemRecord {
    std::string id;      // required, unique in a project
    std::string title;   // required
    std::string description;
    std::optional<double> price;   // in the catalogue's currency; missing = unknown
    std::string brand;
    std::string category;
    std::string extraJson = "{}";
};

// One labelled interaction for a task.
struct LabelRecord {
    std::string itemId;
    std::string value;     // "0"/"1", a class name, or a rating as text
    std::string segment;   // empty = all customers
    double weight = 1.0;
    std::string time;                // as given (ISO 8601 preferred); may be empty
    std::string source = "import";   // "import", "gui", ...
};

enum class TaskKind { Binary, Multiclass, Rating };
const char *taskKindName(TaskKind k);   // "binary" | "multiclass" | "rating"
bool parseTaskKind(const std::string &s, TaskKind &out);

// The one place an item's text for the encoder is built (training, scoring and
// explaining all see the same input). Fields are joined as
//   title + ". " + description   (brand/category are side features, not text)
// `titleEnd` receives the byte offset where the title ends inside the result,
// `descBegin` where the description starts; explanations map offsets back with them.
std::string itemText(const ItemRecord &item, std::size_t *titleEnd = nullptr, std::size_t *descBegin = nullptr);

}   // namespace debut
