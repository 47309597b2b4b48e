#pragma once
// Ranked-list CSV export (contract: docs/cli.md "Export columns").
//
// Columns, in this order:
//   rank,item_id,title,segment,predicted_label,score
//   then, for multi-class tasks, one p_<class> per class (in `classes` order),
//   then `reasons` when asked.
// Optional columns can be left out (ExportOptions::classProbs / omitColumns);
// the remaining ones keep this order. rank and item_id are always written.
// Encoding: UTF-8 with a BOM (EF BB BF) so spreadsheet programs read Chinese
// text correctly; RFC 4180: CRLF line ends, a field is quoted when it holds a
// comma, a double quote, CR or LF (quotes inside are doubled).
// Spreadsheet formulas: a text cell (item_id, title, segment, predicted_label,
// reasons) that starts with '=', '+', '-', '@', TAB or CR would be evaluated by
// Excel / LibreOffice (CSV formula injection, e.g. =HYPERLINK(...) in a title),
// so it gets a leading apostrophe unless ExportOptions::rawCells. A cell that is
// a plain decimal number ("-3", "+1.5e2") is left alone: it cannot be a formula.
// Numeric columns (rank, score, p_<class>) are never touched.
// Atomicity: rows are written to a temporary file next to `path`, flushed and
// fsync'ed, then renamed over `path`; on any failure (or cancel) the temporary
// file is removed and `path` is untouched. Errors throw debut::Error naming the
// path; a Progress returning false throws Cancelled.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"

namespace debut {

struct ExportRow {
    std::int64_t rank = 0;
    std::string itemId;
    std::string title;
    std::string segment;   // "" = all customers
    std::string predictedLabel;
    double score = 0;
    std::vector<double> classProbs;   // multi-class: one per ExportOptions::classes
    std::string reasons;
};

struct ExportOptions {
    std::vector<std::string> classes;   // non-empty for multi-class tasks: p_<class> columns
    bool reasons = false;               // add the `reasons` column
    bool classProbs = true;             // false: no p_<class> column at all
    bool rawCells = false;              // true: text cells verbatim (no apostrophe before
                                        // '=', '+', '-', '@', TAB, CR); for machine consumers
    // Header names of columns to leave out: title, segment, predicted_label, score,
    // p_<class>, reasons. rank and item_id are always written; other names are ignored.
    std::vector<std::string> omitColumns;
    // Whether column `name` (a header name) is written, given the above.
    bool keeps(std::string_view name) const;
};

class CsvExport {
public:
    // One CSV field, quoted per RFC 4180 when needed.
    static std::string field(std::string_view value);
    // One text cell: neutralised against formula evaluation (see the header
    // comment) unless `raw`, then quoted like field().
    static std::string textField(std::string_view value, bool raw = false);
    // The header line (without line end).
    static std::string header(const ExportOptions &options);
    // One data line (without line end).
    static std::string line(const ExportRow &row, const ExportOptions &options);
    // Shortest decimal text that reads back to the same double ("0.25", "1e-07").
    static std::string number(double v);
    // Writes the whole file atomically (see header comment).
    static void write(const std::string &path, const ExportOptions &options, const std::vector<ExportRow> &rows,
                      const Progress &progress = {});
};

// The streaming form of CsvExport::write: rows are appended one at a time (memory
// does not grow with their number), commit() fsyncs and renames the temporary file
// over `path`; a writer destroyed before commit() removes it and `path` is untouched.
// Throws debut::Error naming the path.
class CsvExportWriter {
public:
    CsvExportWriter(const std::string &path, const ExportOptions &options);
    ~CsvExportWriter();
    CsvExportWriter(const CsvExportWriter &) = delete;
    CsvExportWriter &operator=(const CsvExportWriter &) = delete;
    void add(const ExportRow &row);
    void commit();
    std::int64_t rows() const { return m_rows; }

private:
    struct File;
    std::unique_ptr<File> m_file;
    ExportOptions m_options;
    std::string m_buf;
    std::int64_t m_rows = 0;
};

}   // namespace debut
