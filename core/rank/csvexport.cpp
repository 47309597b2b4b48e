#include "rank/csvexport.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "common/atomicfile.h"
#include "common/error.h"

namespace debut {

std::string CsvExport::field(std::string_view value)
{
    if (value.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(value);
    std::string out;
    out.reserve(value.size() + 2);
    out += '"';
    for (char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

namespace {

// "-3", "+1.5", "2e-7": a cell a spreadsheet reads as a number, never as a formula.
bool plainNumber(std::string_view v)
{
    std::size_t i = 0;
    if (i < v.size() && (v[i] == '+' || v[i] == '-'))
        ++i;
    std::size_t digits = 0;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9')
        ++i, ++digits;
    if (i < v.size() && v[i] == '.') {
        ++i;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9')
            ++i, ++digits;
    }
    if (digits == 0)
        return false;
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        if (i < v.size() && (v[i] == '+' || v[i] == '-'))
            ++i;
        std::size_t expDigits = 0;
        while (i < v.size() && v[i] >= '0' && v[i] <= '9')
            ++i, ++expDigits;
        if (expDigits == 0)
            return false;
    }
    return i == v.size();
}

}   // namespace

std::string CsvExport::textField(std::string_view value, bool raw)
{
    if (raw || value.empty())
        return field(value);
    const char c = value.front();
    const bool risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    if (!risky || plainNumber(value))
        return field(value);
    return field("'" + std::string(value));
}

std::string CsvExport::number(double v)
{
    if (std::isnan(v))
        return "";
    char buf[40];
    for (int prec = 6; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (prec >= 15 || std::strtod(buf, nullptr) == v)
            break;
    }
    return buf;
}

bool ExportOptions::keeps(std::string_view name) const
{
    if (name == "rank" || name == "item_id")
        return true;
    if (name == "reasons" && !reasons)
        return false;
    if (name.substr(0, 2) == "p_" && !classProbs)
        return false;
    for (const std::string &o : omitColumns)
        if (o == name)
            return false;
    return true;
}

std::string CsvExport::header(const ExportOptions &options)
{
    std::string h = "rank,item_id";
    for (const char *c : {"title", "segment", "predicted_label", "score"})
        if (options.keeps(c))
            h += std::string(",") + c;
    for (const auto &c : options.classes)
        if (options.keeps("p_" + c))
            h += "," + field("p_" + c);
    if (options.keeps("reasons"))
        h += ",reasons";
    return h;
}

std::string CsvExport::line(const ExportRow &row, const ExportOptions &options)
{
    std::string l = std::to_string(row.rank);
    const bool raw = options.rawCells;
    l += ',' + textField(row.itemId, raw);
    if (options.keeps("title"))
        l += ',' + textField(row.title, raw);
    if (options.keeps("segment"))
        l += ',' + textField(row.segment, raw);
    if (options.keeps("predicted_label"))
        l += ',' + textField(row.predictedLabel, raw);
    if (options.keeps("score"))
        l += ',' + number(row.score);
    for (std::size_t i = 0; i < options.classes.size(); ++i)
        if (options.keeps("p_" + options.classes[i]))
            l += ',' + (i < row.classProbs.size() ? number(row.classProbs[i]) : std::string());
    if (options.keeps("reasons"))
        l += ',' + textField(row.reasons, raw);
    return l;
}

struct CsvExportWriter::File : AtomicFile {
    using AtomicFile::AtomicFile;
};

CsvExportWriter::CsvExportWriter(const std::string &path, const ExportOptions &options) : m_options(options)
{
    if (path.empty())
        throw Error("export: no output file given");
    if (std::filesystem::is_directory(path))
        throw Error(path + ": is a directory");
    m_file = std::make_unique<File>(path);
    m_buf = "\xEF\xBB\xBF" + CsvExport::header(m_options) + "\r\n";
}

CsvExportWriter::~CsvExportWriter() = default;

void CsvExportWriter::add(const ExportRow &row)
{
    m_buf += CsvExport::line(row, m_options);
    m_buf += "\r\n";
    ++m_rows;
    if (m_buf.size() > (1 << 16)) {
        m_file->write(m_buf);
        m_buf.clear();
    }
}

void CsvExportWriter::commit()
{
    m_file->write(m_buf);
    m_buf.clear();
    m_file->commit();
}

void CsvExport::write(const std::string &path, const ExportOptions &options, const std::vector<ExportRow> &rows,
                      const Progress &progress)
{
    CsvExportWriter out(path, options);
    const std::int64_t total = std::int64_t(rows.size());
    for (std::int64_t i = 0; i < total; ++i) {
        out.add(rows[std::size_t(i)]);
        if ((i & 1023) == 1023)
            reportOrCancel(progress, "export", i + 1, total);
    }
    reportOrCancel(progress, "export", total, total);
    out.commit();
}

}   // namespace debut
