#pragma once
// TableReader: one streaming interface over CSV, TSV and JSON Lines files,
// with format, delimiter, encoding and header detection. Used by the importer
// (core/store/importer.h), the CLI and the GUI's import preview.
//
// Columns: CSV/TSV with a header -> the header cells (an empty cell is named
// by its 1-based index, "3"); without a header -> "1", "2", ...; JSON Lines ->
// the object keys in order of first appearance (columns() grows while reading).
// Row problems that do not stop reading (a ragged CSV row, a JSONL line that
// is not a JSON object) come back in TableRow::error; fatal ones (unterminated
// quote, NUL bytes, invalid encoding, unreadable file) throw debut::Error with
// Location{file, line, column}. Column numbers: for CSV/TSV the 1-based field
// index; for JSON Lines the 1-based byte offset in the line.
// A JSONL line nested deeper than JsonDepth::kMaxDepth is a row error (never
// parsed, so nothing recurses over it). More than kMaxJsonlKeys distinct keys
// in one JSONL file is fatal (each row's values grow to every key seen, so
// rows x keys would be quadratic); CSV records are capped by CsvReader (bytes
// and fields).
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/csvreader.h"
#include "io/textencoding.h"
#include "io/textsource.h"

namespace debut {

enum class TableFormat { Auto, Csv, Tsv, Jsonl };
const char *tableFormatName(TableFormat f);                      // "auto" | "csv" | "tsv" | "jsonl"
bool parseTableFormat(const std::string &s, TableFormat &out);   // also accepts "ndjson", "json"

enum class HeaderMode { Auto, Present, Absent };

struct TableOptions {
    TableFormat format = TableFormat::Auto;   // Auto: by extension, then by content
    TextEncoding encoding = TextEncoding::Auto;
    char delimiter = 0;                     // CSV only; 0 = detect among , ; TAB |
    HeaderMode header = HeaderMode::Auto;   // CSV/TSV only
};

struct TableRow {
    std::int64_t line = 0;             // physical line where the row starts (1-based)
    std::vector<std::string> values;   // aligned with columns() (may be shorter for JSONL)
    std::vector<char> present;         // 1 when values[i] was given in this row
    const nlohmann::ordered_json *json =
        nullptr;                    // JSONL: the parsed object (key order kept), valid until next(); else null
    std::string error;              // non-empty: row unusable (reason)
    std::int64_t errorColumn = 0;   // 1-based column of the problem (0 = whole row)
};

class TableReader {
public:
    static constexpr std::size_t kMaxJsonlKeys = 10000;

    // Opens and sniffs `path`. Throws Error (file missing, binary, undecodable, empty
    // JSON etc.). An empty file is not an error: it has no columns and no rows.
    explicit TableReader(const std::string &path, const TableOptions &options = {});
    ~TableReader();

    const std::string &path() const { return m_path; }
    TableFormat format() const { return m_format; }   // resolved
    char delimiter() const { return m_delimiter; }    // 0 for JSONL
    TextEncoding encoding() const { return m_source->encoding(); }
    bool hasHeader() const { return m_hasHeader; }
    const std::vector<std::string> &columns() const { return m_columns; }

    // Next data row; false at end of file. Throws Error on a fatal problem.
    bool next(TableRow &row);

    std::int64_t bytesRead() const { return m_source->bytesRead(); }
    std::int64_t totalBytes() const { return m_source->totalBytes(); }

    // Helpers, public for tests.
    static char sniffDelimiter(const std::string &head);
    static bool looksLikeHeader(const std::vector<std::string> &cells);

private:
    bool nextJsonl(TableRow &row);
    bool readLine(std::string &line, std::int64_t &lineNo);

    std::string m_path;
    std::unique_ptr<TextSource> m_source;
    std::unique_ptr<CsvReader> m_csv;
    TableFormat m_format = TableFormat::Csv;
    char m_delimiter = ',';
    bool m_hasHeader = false;
    std::vector<std::string> m_columns;
    std::unordered_map<std::string, std::size_t> m_columnIndex;   // JSONL
    CsvRecord m_record;
    bool m_pending = false;   // m_record holds a data row read while sniffing
    // JSONL line reader state
    std::string m_buf;
    std::size_t m_pos = 0;
    std::int64_t m_line = 1;
    std::string m_lineText;
    nlohmann::ordered_json m_json;
};

}   // namespace debut
