#pragma once
// JsonDepth: how deeply a JSON text nests arrays and objects, found by one scan
// of its bytes (strings and their escapes skipped) before any parser builds a
// tree. nlohmann::json parses iteratively, but dumping or copying a value
// recurses once per level: a line nested a few hundred thousand deep would
// overflow the stack there. Callers refuse texts deeper than their cap with a
// clear error instead. Malformed JSON is not judged here (the parser does).
#include <cstddef>
#include <string_view>

namespace debut {

class JsonDepth {
public:
    // Deepest nesting reached, stopping early once it exceeds `cap`; when it
    // does, `*offset` (optional) receives the 0-based byte where it did.
    static std::size_t scan(std::string_view text, std::size_t cap, std::size_t *offset = nullptr);
    // Depth the readers accept (catalogue lines, tokenizer.json): far beyond any
    // real file, far below what the stack can take.
    static constexpr std::size_t kMaxDepth = 512;
};

}   // namespace debut
