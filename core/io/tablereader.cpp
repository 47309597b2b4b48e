#include "io/tablereader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <set>

#include "common/error.h"
#include "common/jsondepth.h"
#include "io/columnmapping.h"
#include "io/rejectedrow.h"

namespace debut {

const char *tableFormatName(TableFormat f)
{
    switch (f) {
    case TableFormat::Auto: return "auto";
    case TableFormat::Csv: return "csv";
    case TableFormat::Tsv: return "tsv";
    case TableFormat::Jsonl: return "jsonl";
    }
    return "auto";
}

bool parseTableFormat(const std::string &s, TableFormat &out)
{
    if (s == "auto")
        out = TableFormat::Auto;
    else if (s == "csv")
        out = TableFormat::Csv;
    else if (s == "tsv")
        out = TableFormat::Tsv;
    else if (s == "jsonl" || s == "ndjson" || s == "json")
        out = TableFormat::Jsonl;
    else
        return false;
    return true;
}

namespace {

std::string lowerExtension(const std::string &path)
{
    auto slash = path.find_last_of('/');
    auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return {};
    std::string e = path.substr(dot + 1);
    for (auto &c : e)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

bool isNumber(const std::string &s)
{
    if (s.empty())
        return false;
    char *end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && *end == '\0';
}

}   // namespace

char TableReader::sniffDelimiter(const std::string &head)
{
    // Count candidates per line (outside quotes) over the first lines; pick the one
    // present in the first line whose count is the most consistent.
    const char candidates[] = {',', '\t', ';', '|'};
    std::vector<std::array<int, 4>> counts;
    std::array<int, 4> cur{};
    bool inQuotes = false;
    for (std::size_t i = 0; i < head.size() && counts.size() < 20; ++i) {
        char c = head[i];
        if (c == '"')
            inQuotes = !inQuotes;
        else if (!inQuotes && c == '\n') {
            counts.push_back(cur);
            cur = {};
        } else if (!inQuotes)
            for (int k = 0; k < 4; ++k)
                if (c == candidates[k])
                    ++cur[k];
    }
    if (counts.empty())
        counts.push_back(cur);
    int best = 0;
    double bestScore = 0;
    for (int k = 0; k < 4; ++k) {
        int first = counts[0][k];
        if (first == 0)
            continue;
        int same = 0;
        for (const auto &c : counts)
            same += c[k] == first;
        double score = double(same) / double(counts.size()) * 1000 + first;
        if (score > bestScore) {
            bestScore = score;
            best = k;
        }
    }
    return candidates[best];
}

bool TableReader::looksLikeHeader(const std::vector<std::string> &cells)
{
    for (const auto &c : cells)
        if (ColumnMapping::isKnownColumn(c))
            return true;
    std::set<std::string> seen;
    for (const auto &c : cells) {
        if (c.empty() || c.size() > 64 || isNumber(c) || !seen.insert(c).second)
            return false;
    }
    return !cells.empty();
}

TableReader::TableReader(const std::string &path, const TableOptions &options)
    : m_path(path), m_source(std::make_unique<TextSource>(path, options.encoding))
{
    m_format = options.format;
    if (m_format == TableFormat::Auto) {
        std::string ext = lowerExtension(path);
        if (ext == "jsonl" || ext == "ndjson" || ext == "json")
            m_format = TableFormat::Jsonl;
        else if (ext == "tsv" || ext == "tab")
            m_format = TableFormat::Tsv;
        else {
            const std::string &h = m_source->head();
            auto p = h.find_first_not_of(" \t\r\n");
            m_format = p != std::string::npos && h[p] == '{' ? TableFormat::Jsonl : TableFormat::Csv;
        }
    }
    if (m_format == TableFormat::Jsonl) {
        m_delimiter = 0;
        m_hasHeader = true;
        return;
    }
    m_delimiter = m_format == TableFormat::Tsv ? '\t'
                  : options.delimiter          ? options.delimiter
                                               : sniffDelimiter(m_source->head());
    m_csv = std::make_unique<CsvReader>(*m_source, m_delimiter);
    if (!m_csv->next(m_record))
        return;   // empty file: no columns, no rows
    m_hasHeader = options.header == HeaderMode::Present ||
                  (options.header == HeaderMode::Auto && looksLikeHeader(m_record.fields));
    if (m_hasHeader) {
        m_columns = m_record.fields;
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            std::string &c = m_columns[i];
            c.erase(0, c.find_first_not_of(" \t"));
            c.erase(c.find_last_not_of(" \t") + 1);
            if (c.empty())
                c = std::to_string(i + 1);
        }
    } else {
        for (std::size_t i = 0; i < m_record.fields.size(); ++i)
            m_columns.push_back(std::to_string(i + 1));
        m_pending = true;
    }
}

TableReader::~TableReader() = default;

bool TableReader::next(TableRow &row)
{
    row.error.clear();
    row.errorColumn = 0;
    row.json = nullptr;
    if (m_format == TableFormat::Jsonl)
        return nextJsonl(row);
    if (!m_csv)
        return false;
    if (m_pending)
        m_pending = false;
    else if (!m_csv->next(m_record))
        return false;
    row.line = m_record.line;
    row.values.swap(m_record.fields);
    row.present.assign(row.values.size(), 1);
    if (row.values.size() != m_columns.size()) {
        row.error =
            "expected " + std::to_string(m_columns.size()) + " fields, found " + std::to_string(row.values.size());
        row.errorColumn = std::int64_t(std::min(row.values.size(), m_columns.size()) + 1);
    }
    return true;
}

bool TableReader::readLine(std::string &line, std::int64_t &lineNo)
{
    line.clear();
    bool any = false;
    for (;;) {
        if (m_pos >= m_buf.size()) {
            m_pos = 0;
            if (!m_source->read(m_buf)) {
                m_buf.clear();
                if (any)
                    lineNo = m_line++;
                return any;
            }
        }
        any = true;
        auto nl = m_buf.find('\n', m_pos);
        std::size_t end = nl == std::string::npos ? m_buf.size() : nl;
        line.append(m_buf, m_pos, end - m_pos);
        if (line.size() > CsvReader::kMaxRecordBytes)
            throw Error(makeLocation(m_path, m_line),
                        "line longer than " + std::to_string(CsvReader::kMaxRecordBytes >> 20) + " MiB");
        m_pos = end;
        if (nl != std::string::npos) {
            ++m_pos;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            lineNo = m_line++;
            return true;
        }
    }
}

bool TableReader::nextJsonl(TableRow &row)
{
    std::int64_t lineNo = 0;
    for (;;) {
        if (!readLine(m_lineText, lineNo))
            return false;
        if (m_lineText.find_first_not_of(" \t\r") != std::string::npos)
            break;
    }
    row.line = lineNo;
    row.values.clear();
    row.present.clear();
    std::size_t deepAt = 0;
    if (JsonDepth::scan(m_lineText, JsonDepth::kMaxDepth, &deepAt) > JsonDepth::kMaxDepth) {
        row.error = "JSON nested deeper than " + std::to_string(JsonDepth::kMaxDepth) + " levels";
        row.errorColumn = std::int64_t(deepAt + 1);
        return true;
    }
    try {
        m_json = nlohmann::ordered_json::parse(m_lineText);
    } catch (const nlohmann::json::parse_error &e) {
        row.error = "invalid JSON";
        std::string what = e.what();
        auto p = what.find("syntax error");
        if (p != std::string::npos)
            row.error += ": " + what.substr(p);
        row.errorColumn = std::int64_t(std::max<std::size_t>(e.byte, 1));
        return true;
    } catch (const nlohmann::json::exception &e) {
        // e.g. out_of_range 406 "number overflow parsing '1e999'": the line is
        // well-formed JSON holding a value no double can carry.
        std::string what = e.what();
        auto p = what.find("] ");
        row.error = "invalid JSON: " + (p == std::string::npos ? what : what.substr(p + 2));
        row.errorColumn = 1;
        auto q = what.find('\'');
        auto qe = q == std::string::npos ? q : what.find('\'', q + 1);
        if (qe != std::string::npos && qe > q + 1) {
            auto at = m_lineText.find(what.substr(q + 1, qe - q - 1));
            if (at != std::string::npos)
                row.errorColumn = std::int64_t(at + 1);
        }
        return true;
    }
    if (!m_json.is_object()) {
        row.error = "expected a JSON object, found " + std::string(m_json.type_name());
        row.errorColumn = 1;
        return true;
    }
    row.json = &m_json;
    for (auto it = m_json.begin(); it != m_json.end(); ++it) {
        auto found = m_columnIndex.find(it.key());
        std::size_t idx;
        if (found == m_columnIndex.end()) {
            // Every row's values grow to the number of keys seen so far: a file whose
            // rows each bring new keys would cost rows x keys. Real catalogues have tens.
            if (m_columns.size() >= kMaxJsonlKeys)
                throw Error(makeLocation(m_path, lineNo, 1),
                            "more than " + std::to_string(kMaxJsonlKeys) + " distinct keys across the file's objects");
            idx = m_columns.size();
            m_columns.push_back(it.key());
            m_columnIndex.emplace(it.key(), idx);
        } else {
            idx = found->second;
        }
        if (row.values.size() <= idx) {
            row.values.resize(idx + 1);
            row.present.resize(idx + 1, 0);
        }
        const auto &v = it.value();
        if (v.is_null())
            continue;
        row.present[idx] = 1;
        if (v.is_string())
            row.values[idx] = v.get<std::string>();
        else
            row.values[idx] = v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    return true;
}

}   // namespace debut
