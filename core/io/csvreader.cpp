#include "io/csvreader.h"

#include <algorithm>

#include "common/error.h"
#include "io/rejectedrow.h"

namespace debut {

CsvReader::CsvReader(TextSource &source, char delimiter) : m_source(source), m_delimiter(delimiter) {}

bool CsvReader::next(CsvRecord &rec)
{
    enum State { FieldStart, Unquoted, Quoted, QuoteSeen } st = FieldStart;
    bool started = false;
    std::size_t nf = 0;
    std::size_t recordBytes = 0;
    std::int64_t quoteLine = 0;
    std::string *field = nullptr;
    auto newField = [&] {
        if (nf >= kMaxFields)
            throw Error(makeLocation(m_source.path(), rec.line, std::int64_t(nf)),
                        "more than " + std::to_string(kMaxFields) + " fields in one record");
        if (nf == rec.fields.size())
            rec.fields.emplace_back();
        field = &rec.fields[nf++];
        field->clear();
    };
    auto grow = [&](std::size_t n) {
        recordBytes += n;
        if (recordBytes > kMaxRecordBytes)
            throw Error(makeLocation(m_source.path(), rec.line, std::int64_t(nf)),
                        "record larger than " + std::to_string(kMaxRecordBytes >> 20) + " MiB");
    };
    // Ends the record at a line break at m_pos ('\n' or '\r').
    auto endLine = [&] {
        char c = m_buf[m_pos++];
        ++m_line;
        m_afterCR = c == '\r';
    };

    for (;;) {
        if (m_pos >= m_buf.size()) {
            m_pos = 0;
            if (!m_source.read(m_buf)) {
                m_buf.clear();
                if (!started) {
                    rec.fields.clear();
                    return false;
                }
                if (st == Quoted) {
                    std::string where =
                        quoteLine != rec.line ? " (the quote opens at line " + std::to_string(quoteLine) + ")" : "";
                    throw Error(makeLocation(m_source.path(), rec.line, std::int64_t(nf)),
                                "unterminated quoted field" + where);
                }
                break;
            }
            continue;
        }
        const char c = m_buf[m_pos];
        if (!started) {
            if (c == '\n' && m_afterCR) {   // second half of a CRLF
                m_afterCR = false;
                ++m_pos;
                continue;
            }
            if (c == '\n' || c == '\r') {   // blank line
                endLine();
                continue;
            }
            m_afterCR = false;
            started = true;
            rec.line = m_line;
            newField();
            st = FieldStart;
        }
        switch (st) {
        case FieldStart:
            if (c == '"') {
                st = Quoted;
                quoteLine = m_line;
                ++m_pos;
                continue;
            }
            st = Unquoted;
            [[fallthrough]];
        case Unquoted: {
            std::size_t e = m_pos;
            const std::size_t n = m_buf.size();
            const char d = m_delimiter;
            while (e < n) {
                char x = m_buf[e];
                if (x == d || x == '\n' || x == '\r')
                    break;
                ++e;
            }
            grow(e - m_pos);
            field->append(m_buf, m_pos, e - m_pos);
            m_pos = e;
            if (e == n)
                continue;   // refill
            if (m_buf[e] == d) {
                ++m_pos;
                newField();
                st = FieldStart;
                continue;
            }
            endLine();
            goto done;
        }
        case Quoted: {
            std::size_t q = m_buf.find('"', m_pos);
            std::size_t e = q == std::string::npos ? m_buf.size() : q;
            m_line += std::count(m_buf.begin() + std::ptrdiff_t(m_pos), m_buf.begin() + std::ptrdiff_t(e), '\n');
            grow(e - m_pos);
            field->append(m_buf, m_pos, e - m_pos);
            m_pos = e;
            if (q != std::string::npos) {
                ++m_pos;
                st = QuoteSeen;
            }
            continue;
        }
        case QuoteSeen:
            if (c == '"') {
                grow(1);
                field->push_back('"');
                ++m_pos;
                st = Quoted;
            } else if (c == m_delimiter) {
                ++m_pos;
                newField();
                st = FieldStart;
            } else if (c == '\n' || c == '\r') {
                endLine();
                goto done;
            } else {
                st = Unquoted;   // lenient: "ab"c -> abc
            }
            continue;
        }
    }
done:
    rec.fields.resize(nf);
    return true;
}

}   // namespace debut
