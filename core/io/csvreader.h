#pragma once
// CsvReader: a streaming RFC 4180 parser (CSV, TSV or any one-byte delimiter)
// over a TextSource.
//
// - Quoted fields may hold delimiters, doubled quotes ("") and line breaks.
// - Records end at LF, CRLF or a lone CR; blank lines between records are skipped.
// - Lenient where Python's csv module is: text after a closing quote is kept
//   ("ab"c -> abc); a quote inside an unquoted field is literal.
// - Memory: one record at a time; a record over kMaxRecordBytes, or with more
//   than kMaxFields fields (each empty field costs a string object, so a line of
//   50 MB of commas would need gigabytes), is an Error.
// Errors (thrown debut::Error): unterminated quoted field, oversized record,
// too many fields.
// Location: file, line = physical line where the record starts (1-based),
// column = 1-based FIELD index (not a character offset).
#include <cstdint>
#include <string>
#include <vector>

#include "io/textsource.h"

namespace debut {

struct CsvRecord {
    std::vector<std::string> fields;
    std::int64_t line = 0;   // physical line where the record starts
};

class CsvReader {
public:
    static constexpr std::size_t kMaxRecordBytes = std::size_t(64) << 20;
    static constexpr std::size_t kMaxFields = 100000;

    // `source` must outlive the reader.
    CsvReader(TextSource &source, char delimiter);

    // Reads the next record into `record` (its strings are reused); false at end of file.
    bool next(CsvRecord &record);
    char delimiter() const { return m_delimiter; }

private:
    TextSource &m_source;
    char m_delimiter;
    std::string m_buf;
    std::size_t m_pos = 0;
    std::int64_t m_line = 1;
    bool m_afterCR = false;
};

}   // namespace debut
