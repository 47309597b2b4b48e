#pragma once
// Importer: streams a catalogue or label file (io/tablereader.h) into a
// ProjectStore inside ONE transaction. The GUI (through project/project.h) and
// the CLI both call it.
//
// Guarantees:
// - All-or-nothing: a fatal problem (unreadable or malformed file, e.g. an
//   unterminated quote; a duplicate id under DuplicatePolicy::Fail; a database
//   error) or a cancellation (Progress returned false) throws — Error or
//   Cancelled — after rolling back: the project is exactly as before.
// - Row problems that are not fatal (ragged row, bad price, empty id, unknown
//   item id in a label file, a label that does not fit the task's kind, bad
//   JSON on one JSONL line) reject that row only; every rejected row is counted
//   and the first `maxRejectedKept` are listed with file, line, column, reason.
// - A label import in which no label lands (every row rejected, or no data
//   rows) throws Error naming the file and the first rejected row, and changes
//   nothing: a task it would have created is not created. Likewise an item
//   import that read rows but could use none of them.
// - Memory is bounded (one row at a time), whatever the file size.
// Progress: stage "import", done/total in BYTES of the input file, message
// "N rows"; called about every 4096 rows.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/progress.h"
#include "io/records.h"
#include "io/rejectedrow.h"
#include "io/tablereader.h"
#include "store/projectstore.h"

namespace debut {

struct ImportOptions {
    TableOptions table;                                      // format, encoding, delimiter, header
    std::map<std::string, std::string> mapping;              // SOURCE_COLUMN -> FIELD (--map)
    DuplicatePolicy onDuplicate = DuplicatePolicy::Update;   // items: an id already in the
                                                             // project or earlier in the same file
    std::string task;                                        // labels: task name (required)
    std::optional<TaskKind> kind;                            // labels: nullopt = the task's kind, or
                                                             // guessed from the values for a new task
    Progress progress;
    std::size_t maxRejectedKept = 1000;
};

struct ImportSummary {
    std::string file;
    std::string format;                      // resolved: csv | tsv | jsonl
    std::string encoding;                    // resolved: utf-8 | gb18030
    std::string mapping;                     // "sku -> id, name -> title, ..."
    std::int64_t read = 0;                   // data rows read (header excluded)
    std::int64_t imported = 0;               // new items / labels
    std::int64_t updated = 0;                // existing items overwritten / labels replaced
    std::int64_t skipped = 0;                // items: duplicates left alone (DuplicatePolicy::Skip); binary
                                             // labels: negatives after a positive of the same item and
                                             // segment in the same file (kept positive)
    std::int64_t rejected = 0;               // rows not used; see rejectedRows
    std::vector<RejectedRow> rejectedRows;   // first ImportOptions::maxRejectedKept, in file order
    // labels only
    std::string task;
    TaskKind kind = TaskKind::Binary;
    bool kindGuessed = false;   // the kind was guessed from the values
    std::string note;           // advice on the guess (LabelKindGuesser::eventLogNote)
    bool taskCreated = false;
};

// Guesses a task kind from label values: only spellings of io/binarylabel.h (0/1,
// yes/no, purchase/view ...) -> binary; all numeric and (some non-integer, or all
// within 1..5) -> rating; otherwise multiclass.
class LabelKindGuesser {
public:
    void add(const std::string &value);
    TaskKind guess() const;
    // While every value is a binary spelling: the distinct values seen (few), so
    // an import can store them as 1 / 0 once the guess is binary.
    const std::set<std::string> &binarySpellings() const { return m_spellings; }
    // A log of events guessed multiclass because a few are neither (cart, fav): at
    // least half the rows binary spellings, a positive and a negative word among
    // them. Then a note naming the others and `--kind binary`; empty otherwise.
    std::string eventLogNote() const;

private:
    bool m_any = false, m_allBinary = true, m_allNumeric = true, m_allInteger = true;
    bool m_positive = false, m_negative = false;
    double m_min = 0, m_max = 0;
    std::int64_t m_rows = 0, m_binaryRows = 0;
    std::set<std::string> m_spellings, m_others;   // m_others: the first few values that are neither
};

class Importer {
public:
    explicit Importer(ProjectStore &store) : m_store(store) {}

    ImportSummary importItems(const std::string &path, const ImportOptions &options);
    ImportSummary importLabels(const std::string &path, const ImportOptions &options);

    // Normalises a label value for `kind`: binary accepts the spellings of
    // io/binarylabel.h (-> "1"/"0"); rating accepts finite numbers; multiclass any non-empty
    // text. False with `why` set when the value does not fit.
    static bool normalizeLabel(TaskKind kind, const std::string &value, std::string &out, std::string &why);

private:
    ProjectStore &m_store;
};

}   // namespace debut
