#include "store/importer.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>
#include <utility>

#include "common/error.h"
#include "io/binarylabel.h"
#include "io/columnmapping.h"

namespace debut {

namespace {

constexpr std::int64_t kProgressEvery = 4096;

bool parseNumber(const std::string &s, double &v)
{
    if (s.empty())
        return false;
    char *end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && std::isfinite(v);
}

void reject(ImportSummary &s, const ImportOptions &o, const std::string &file, std::int64_t line, std::int64_t column,
            const std::vector<std::string> &columns, const std::string &reason)
{
    ++s.rejected;
    if (s.rejectedRows.size() >= o.maxRejectedKept)
        return;
    std::string field = column > 0 && std::size_t(column) <= columns.size() ? columns[std::size_t(column - 1)] : "";
    s.rejectedRows.push_back({makeLocation(file, line, column, field), reason});
}

void report(const ImportOptions &o, const TableReader &reader, const ImportSummary &s)
{
    reportOrCancel(o.progress, "import", reader.bytesRead(), reader.totalBytes(), std::to_string(s.read) + " rows");
}

// Notes the file, its format and encoding in `s` and resolves `mapping` against
// its header (JSON Lines rows are mapped by key, row by row).
void startTable(const TableReader &reader, ColumnMapping &mapping, ImportSummary &s)
{
    s.file = reader.path();
    s.format = tableFormatName(reader.format());
    s.encoding = textEncodingName(reader.encoding());
    if (reader.format() != TableFormat::Jsonl) {
        if (reader.columns().empty())
            throw Error(makeLocation(s.file), "empty file: nothing to import");
        mapping.resolve(reader.columns(), s.file);
    }
}

// Reads on to the next row the reader could parse, counting rows and reporting
// progress; the rows it could not parse are rejected with its reason.
bool nextParsedRow(TableReader &reader, TableRow &row, ImportSummary &s, const ImportOptions &o,
                   const std::string &path)
{
    while (reader.next(row)) {
        ++s.read;
        if (s.read % kProgressEvery == 0)
            report(o, reader, s);
        if (row.error.empty())
            return true;
        // JSONL: errorColumn is a byte offset, no field to name
        reject(s, o, path, row.line, row.errorColumn,
               row.json || reader.format() != TableFormat::Jsonl ? reader.columns() : std::vector<std::string>(),
               row.error);
    }
    return false;
}

// Every row the reader parses and `toRecord` maps goes to `use(record, row,
// columns)`; the others are rejected with their reason and column.
template <typename Record, typename ToRecord, typename Use>
void forEachRecord(TableReader &reader, ImportSummary &s, const ImportOptions &o, const std::string &path,
                   ToRecord toRecord, Use use)
{
    TableRow row;
    Record record;
    std::string reason;
    std::int64_t column = 0;
    report(o, reader, s);
    while (nextParsedRow(reader, row, s, o, path)) {
        const auto &columns = reader.columns();
        if (toRecord(row, columns, record, reason, column))
            use(record, row, columns);
        else
            reject(s, o, path, row.line, column, columns, reason);
    }
}

// The 1-based column that `mapping` maps to `field`, 0 when none does.
std::int64_t fieldColumn(ColumnMapping &mapping, const std::vector<std::string> &columns, const std::string &field)
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (mapping.fieldOf(i, columns) == field)
            return std::int64_t(i + 1);
    return 0;
}

}   // namespace

void LabelKindGuesser::add(const std::string &value)
{
    ++m_rows;
    double v = 0;
    const bool number = parseNumber(value, v);
    const BinaryLabel b = binaryLabel(value);
    if (b == BinaryLabel::Unknown) {
        m_allBinary = false;
        if (m_others.size() < 3)
            m_others.insert(value.substr(0, 40));
    } else {
        ++m_binaryRows;
        if (!number)   // words only: 0 / 1 among 2, 3 ... are classes, not events
            (b == BinaryLabel::Positive ? m_positive : m_negative) = true;
        if (m_allBinary && !m_spellings.count(value)) {
            if (m_spellings.size() < 64)
                m_spellings.insert(value);
            else
                m_allBinary = false;
        }
    }
    if (!number) {
        m_allNumeric = false;
    } else {
        if (v != std::floor(v))
            m_allInteger = false;
        m_min = m_any ? std::min(m_min, v) : v;
        m_max = m_any ? std::max(m_max, v) : v;
    }
    m_any = true;
}

TaskKind LabelKindGuesser::guess() const
{
    if (!m_any || m_allBinary)
        return TaskKind::Binary;
    if (m_allNumeric && (!m_allInteger || (m_min >= 1 && m_max <= 5)))
        return TaskKind::Rating;
    return TaskKind::Multiclass;
}

std::string LabelKindGuesser::eventLogNote() const
{
    if (guess() != TaskKind::Multiclass || !m_positive || !m_negative || m_binaryRows * 2 < m_rows)
        return {};
    std::string others;
    for (const std::string &o : m_others)
        others += (others.empty() ? "'" : ", '") + o + "'";
    return std::to_string(m_binaryRows) + " of " + std::to_string(m_rows) +
           " values are binary events (such as view / purchase), the others (" + others +
           (m_others.size() >= 3 ? ", ..." : "") +
           ") are not, so the task is multiclass; to rank by the binary events, import into a new task of kind "
           "binary (--kind binary): the other rows are then rejected by row";
}

bool Importer::normalizeLabel(TaskKind kind, const std::string &value, std::string &out, std::string &why)
{
    if (value.empty()) {
        why = "empty label";
        return false;
    }
    switch (kind) {
    case TaskKind::Binary: {
        if (const BinaryLabel b = binaryLabel(value); b != BinaryLabel::Unknown) {
            out = b == BinaryLabel::Positive ? "1" : "0";
            return true;
        }
        why = "label '" + value.substr(0, 40) +
              "' is not binary (expected 1 or 0, or an event such as bought / purchase / click against view / "
              "impression)";
        return false;
    }
    case TaskKind::Rating: {
        double v = 0;
        if (!parseNumber(value, v)) {
            why = "rating '" + value.substr(0, 40) + "' is not a number";
            return false;
        }
        out = value;
        return true;
    }
    case TaskKind::Multiclass: out = value; return true;
    }
    return false;
}

ImportSummary Importer::importItems(const std::string &path, const ImportOptions &o)
{
    ImportSummary s;
    ColumnMapping mapping(MappingTarget::Items, o.mapping);
    TableReader reader(path, o.table);
    startTable(reader, mapping, s);
    Transaction tx(m_store.db());
    auto toItem = [&](auto &&...a) { return mapping.toItem(a...); };
    forEachRecord<ItemRecord>(
        reader, s, o, path, toItem, [&](const ItemRecord &item, const TableRow &row, const auto &columns) {
            WriteResult r;
            try {
                r = m_store.upsertItem(item, o.onDuplicate);
            } catch (const Error &e) {
                const std::int64_t idColumn = fieldColumn(mapping, columns, "id");
                throw Error(makeLocation(path, row.line, idColumn, idColumn ? columns[std::size_t(idColumn - 1)] : ""),
                            e.what());
            }
            switch (r) {
            case WriteResult::Inserted: ++s.imported; break;
            case WriteResult::Updated: ++s.updated; break;
            case WriteResult::Skipped: ++s.skipped; break;
            }
        });
    if (reader.format() == TableFormat::Jsonl && s.read == 0)
        throw Error(makeLocation(path), "empty file: nothing to import");
    if (s.read > 0 && s.imported + s.updated + s.skipped == 0)
        throw Error(makeLocation(path),
                    "no item imported (all " + std::to_string(s.rejected) + " row(s) were rejected" +
                        (s.rejectedRows.empty() ? std::string() : "; first: " + s.rejectedRows.front().toString()) +
                        "); the project was not changed");
    s.mapping = mapping.describe(reader.columns());
    report(o, reader, s);
    tx.commit();
    return s;
}

ImportSummary Importer::importLabels(const std::string &path, const ImportOptions &o)
{
    if (o.task.empty())
        throw Error("a task name is required to import labels");
    ImportSummary s;
    s.task = o.task;
    ColumnMapping mapping(MappingTarget::Labels, o.mapping);
    TableReader reader(path, o.table);
    startTable(reader, mapping, s);
    Transaction tx(m_store.db());
    auto existing = m_store.task(o.task);
    std::optional<TaskKind> kind = o.kind;
    if (existing) {
        if (kind && *kind != existing->kind)
            throw Error("task '" + o.task + "' is " + taskKindName(existing->kind) + ", not " + taskKindName(*kind));
        kind = existing->kind;
    }
    // A new task without --kind is created as multiclass (accepts any value) and gets
    // its guessed kind before commit.
    std::int64_t taskId = m_store.ensureTask(o.task, kind.value_or(TaskKind::Multiclass));
    s.taskCreated = !existing;
    LabelKindGuesser guesser;
    std::map<std::string, std::int64_t> segmentIds;
    std::set<std::pair<std::int64_t, std::int64_t>> positiveInFile;   // (item rowid, segment id)
    std::string reason, value;
    auto toLabel = [&](auto &&...a) { return mapping.toLabel(a...); };
    forEachRecord<LabelRecord>(
        reader, s, o, path, toLabel, [&](const LabelRecord &label, const TableRow &row, const auto &columns) {
            auto columnOf = [&](const char *field) { return fieldColumn(mapping, columns, field); };
            if (kind) {
                if (!normalizeLabel(*kind, label.value, value, reason)) {
                    reject(s, o, path, row.line, columnOf("label"), columns, reason);
                    return;
                }
            } else {
                value = label.value;
            }
            auto rowid = m_store.rowidOf(label.itemId);
            if (!rowid) {
                reject(s, o, path, row.line, columnOf("item_id"), columns,
                       "unknown item id '" + label.itemId.substr(0, 80) + "' (import the catalogue first)");
                return;
            }
            auto seg = segmentIds.find(label.segment);
            if (seg == segmentIds.end())
                seg = segmentIds.emplace(label.segment, m_store.ensureSegment(label.segment)).first;
            if (!kind)
                guesser.add(value);
            // An interaction log repeats an item and segment (views, then a purchase):
            // within one file a positive stays positive; a later file still replaces.
            if (!kind || *kind == TaskKind::Binary) {
                const auto key = std::make_pair(*rowid, seg->second);
                const BinaryLabel b = binaryLabel(value);
                if (b == BinaryLabel::Positive)
                    positiveInFile.insert(key);
                else if (b == BinaryLabel::Negative && positiveInFile.count(key)) {
                    ++s.skipped;
                    return;
                }
            }
            bool replaced =
                m_store.setLabel(taskId, *rowid, seg->second, value, label.weight, label.source, label.time);
            if (replaced)
                ++s.updated;
            else
                ++s.imported;
        });
    if (reader.format() == TableFormat::Jsonl && s.read == 0)
        throw Error(makeLocation(path), "empty file: nothing to import");
    // Nothing landed: the transaction (task creation included) rolls back, so a
    // wrong file or an import before the catalogue leaves no half-made task behind.
    if (s.imported + s.updated + s.skipped == 0) {
        std::string why =
            s.read == 0 ? "the file has no data rows" : "all " + std::to_string(s.rejected) + " row(s) were rejected";
        if (!s.rejectedRows.empty())
            why += "; first: " + s.rejectedRows.front().toString();
        throw Error(makeLocation(path), "no label imported (" + why + "); the project was not changed" +
                                            (s.taskCreated ? ", task '" + o.task + "' not created" : ""));
    }
    if (!kind) {
        kind = guesser.guess();
        s.kindGuessed = true;
        s.note = guesser.eventLogNote();
        m_store.setTaskKind(taskId, *kind);
        // The task is new, so every label it has came from this file as written.
        if (*kind == TaskKind::Binary)
            for (const std::string &spelling : guesser.binarySpellings())
                if (normalizeLabel(*kind, spelling, value, reason) && value != spelling)
                    m_store.recodeLabels(taskId, spelling, value);
    }
    s.kind = *kind;
    s.mapping = mapping.describe(reader.columns());
    report(o, reader, s);
    tx.commit();
    return s;
}

}   // namespace debut
