#include "io/columnmapping.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "io/price.h"
#include "io/rejectedrow.h"

namespace debut {

namespace {

struct Alias {
    const char *field;
    std::vector<std::string> names;   // normalised
};

const std::vector<Alias> &itemAliases()
{
    static const std::vector<Alias> a = {
        {"id",
         {"id", "sku", "itemid", "productid", "goodsid", "skuid", "asin", "spu", "articleid", "商品id", "商品编号",
          "商品编码", "编号", "货号", "id号"}},
        {"title",
         {"title", "name", "productname", "itemname", "producttitle", "goodsname", "标题", "名称", "商品名称",
          "商品标题", "品名", "商品名"}},
        {"description",
         {"description", "desc", "details", "detail", "productdescription", "body", "text", "content", "描述", "详情",
          "商品描述", "说明", "简介", "文本", "内容", "商品详情"}},
        {"price", {"price", "saleprice", "listprice", "unitprice", "价格", "售价", "单价", "价钱"}},
        {"brand", {"brand", "brandname", "manufacturer", "品牌", "品牌名"}},
        {"category",
         {"category", "categoryname", "cat", "department", "productcategory", "类目", "分类", "类别", "品类",
          "商品类目"}},
    };
    return a;
}

const std::vector<Alias> &labelAliases()
{
    static const std::vector<Alias> a = {
        {"item_id", {"itemid", "id", "sku", "productid", "goodsid", "商品id", "商品编号", "编号"}},
        {"label",
         {"label",    "value",     "rating",      "clicked",  "bought",   "purchased",    "target",        "class",
          "y",        "标签",      "评分",        "是否购买", "类别标签", "event",        "eventtype",     "action",
          "behavior", "behaviour", "interaction", "行为",     "事件",     "behaviortype", "behaviourtype", "actiontype",
          "行为类型"}},
        {"segment",
         {"segment", "customersegment", "usersegment", "group", "usergroup", "cohort", "audience", "分群", "人群",
          "客群", "细分", "用户群"}},
        {"weight", {"weight", "权重"}},
        {"time", {"time", "timestamp", "date", "datetime", "时间", "日期"}},
    };
    return a;
}

const std::vector<Alias> &aliases(MappingTarget t)
{
    return t == MappingTarget::Items ? itemAliases() : labelAliases();
}

std::string trimmed(const std::string &s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

// Appends `s` as a JSON string literal (input is valid UTF-8: the readers guarantee it).
void appendJsonString(std::string &out, const std::string &s)
{
    out += '"';
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

bool isTextColumn(const std::string &norm)
{
    return norm == "text" || norm == "content" || norm == "文本" || norm == "内容";
}

}   // namespace

std::string ColumnMapping::normalize(std::string_view header)
{
    std::string out;
    if (header.size() >= 3 && header.substr(0, 3) == "\xEF\xBB\xBF")
        header.remove_prefix(3);
    for (char c : header) {
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t')
            continue;
        out += char(std::tolower(static_cast<unsigned char>(c)));
    }
    // Full-width "ID" in Chinese headers ("商品ＩＤ") is rare; half-width is normalised above.
    return out;
}

const std::vector<std::string> &ColumnMapping::fields(MappingTarget target)
{
    static const std::vector<std::string> items = {"id", "title", "description", "price", "brand", "category"};
    static const std::vector<std::string> labels = {"item_id", "label", "segment", "weight", "time"};
    return target == MappingTarget::Items ? items : labels;
}

const std::vector<std::string> &ColumnMapping::requiredFields(MappingTarget target)
{
    static const std::vector<std::string> items = {"id", "title"};
    static const std::vector<std::string> labels = {"item_id", "label"};
    return target == MappingTarget::Items ? items : labels;
}

std::string ColumnMapping::guessField(MappingTarget target, const std::string &column)
{
    std::string n = normalize(column);
    for (const auto &a : aliases(target))
        if (std::find(a.names.begin(), a.names.end(), n) != a.names.end())
            return a.field;
    return {};
}

bool ColumnMapping::isKnownColumn(const std::string &column)
{
    return !guessField(MappingTarget::Items, column).empty() || !guessField(MappingTarget::Labels, column).empty();
}

ColumnMapping::ColumnMapping(MappingTarget target, const std::map<std::string, std::string> &overrides)
    : m_target(target), m_overrides(overrides)
{
    const auto &f = fields(target);
    for (const auto &[src, field] : overrides) {
        if (field != "extra" && field != "ignore" && std::find(f.begin(), f.end(), field) == f.end()) {
            std::string list;
            for (const auto &x : f)
                list += x + ", ";
            throw Error("--map " + src + "=" + field + ": unknown field '" + field + "' (fields: " + list +
                        "extra, ignore)");
        }
        if (field == "extra" && target == MappingTarget::Labels)
            throw Error("--map " + src + "=extra: label files keep no extra fields (use ignore)");
    }
}

std::map<std::string, std::string> ColumnMapping::parseOverrides(const std::vector<std::string> &specs)
{
    std::map<std::string, std::string> out;
    for (const auto &s : specs) {
        auto eq = s.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
            throw Error("--map expects SOURCE_COLUMN=FIELD, got '" + s + "'");
        out[s.substr(0, eq)] = s.substr(eq + 1);
    }
    return out;
}

bool ColumnMapping::overrideFor(const std::string &column, std::size_t index, std::string &field) const
{
    auto it = m_overrides.find(column);
    if (it == m_overrides.end())
        it = m_overrides.find(std::to_string(index + 1));
    if (it == m_overrides.end()) {
        std::string n = normalize(column);
        for (auto o = m_overrides.begin(); o != m_overrides.end(); ++o)
            if (normalize(o->first) == n) {
                it = o;
                break;
            }
    }
    if (it == m_overrides.end())
        return false;
    field = it->second;
    return true;
}

void ColumnMapping::assign(std::size_t upTo, const std::vector<std::string> &columns)
{
    const std::string spill = m_target == MappingTarget::Items ? "extra" : "ignore";
    std::size_t first = m_fieldOf.size();
    if (upTo < first)
        return;
    m_fieldOf.resize(upTo + 1);
    m_guessOf.resize(upTo + 1);
    // Overrides first so they win over guesses of the same field.
    for (std::size_t i = first; i <= upTo; ++i) {
        std::string f;
        if (overrideFor(columns[i], i, f)) {
            if (f != "extra" && f != "ignore") {
                auto prev = m_columnOfField.find(f);
                if (prev != m_columnOfField.end())
                    m_fieldOf[prev->second] = spill;   // a guessed earlier column gives way
                m_columnOfField[f] = i;
            }
            m_fieldOf[i] = f;
        }
    }
    for (std::size_t i = first; i <= upTo; ++i) {
        if (!m_fieldOf[i].empty())
            continue;
        std::string f = guessField(m_target, columns[i]);
        m_guessOf[i] = f;
        if (f.empty() || m_columnOfField.count(f)) {
            m_fieldOf[i] = spill;
            continue;
        }
        m_fieldOf[i] = f;
        m_columnOfField[f] = i;
    }
}

void ColumnMapping::resolve(const std::vector<std::string> &columns, const std::string &file)
{
    m_fieldOf.clear();
    m_guessOf.clear();
    m_columnOfField.clear();
    for (const auto &[src, field] : m_overrides) {
        bool found = false;
        for (std::size_t i = 0; i < columns.size() && !found; ++i) {
            std::string f;
            found = overrideFor(columns[i], i, f) && f == field;
        }
        if (!found) {
            std::string list;
            for (const auto &c : columns)
                list += (list.empty() ? "" : ", ") + c;
            throw Error(makeLocation(file),
                        "--map " + src + "=" + field + ": no column '" + src + "' (columns: " + list + ")");
        }
    }
    if (!columns.empty())
        assign(columns.size() - 1, columns);
    const std::string spill = m_target == MappingTarget::Items ? "extra" : "ignore";
    // Fallbacks for required fields.
    const std::string idField = m_target == MappingTarget::Items ? "id" : "item_id";
    if (!m_columnOfField.count(idField))
        for (std::size_t i = 0; i < m_fieldOf.size(); ++i) {
            std::string n = normalize(columns[i]);
            if (m_fieldOf[i] == spill && n.size() > 2 && n.compare(n.size() - 2, 2, "id") == 0 &&
                !overrideFor(columns[i], i, n)) {
                m_fieldOf[i] = idField;
                m_columnOfField[idField] = i;
                break;
            }
        }
    if (m_target == MappingTarget::Items && !m_columnOfField.count("title")) {
        auto d = m_columnOfField.find("description");
        if (d != m_columnOfField.end() && isTextColumn(normalize(columns[d->second]))) {
            std::string ignored;
            if (!overrideFor(columns[d->second], d->second, ignored)) {
                m_fieldOf[d->second] = "title";
                m_columnOfField["title"] = d->second;
                m_columnOfField.erase(d);
            }
        }
    }
    for (const auto &req : requiredFields(m_target)) {
        if (m_columnOfField.count(req))
            continue;
        std::string list;
        for (const auto &c : columns)
            list += (list.empty() ? "" : ", ") + c;
        throw Error(makeLocation(file), "no column for required field '" + req + "' (columns: " +
                                            (list.empty() ? "none" : list) + "); map one with --map COLUMN=" + req);
    }
}

const std::string &ColumnMapping::fieldOf(std::size_t index, const std::vector<std::string> &columns)
{
    if (index >= m_fieldOf.size())
        assign(index, columns);
    return m_fieldOf[index];
}

std::string ColumnMapping::describe(const std::vector<std::string> &columns) const
{
    std::string out;
    for (std::size_t i = 0; i < columns.size() && i < m_fieldOf.size(); ++i)
        out += (out.empty() ? "" : ", ") + columns[i] + " -> " + m_fieldOf[i];
    return out;
}

void ColumnMapping::rowFields(const TableRow &row, const std::vector<std::string> &columns)
{
    const std::size_t n = std::min(row.values.size(), columns.size());
    m_rowField.assign(n, nullptr);
    if (n > m_fieldOf.size())
        assign(n - 1, columns);   // before taking pointers into m_fieldOf
    for (std::size_t i = 0; i < n; ++i)
        if (i >= row.present.size() || row.present[i])
            m_rowField[i] = &fieldOf(i, columns);
    if (!row.json)
        return;
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_rowField[i] || m_guessOf[i].empty() || *m_rowField[i] == m_guessOf[i])
            continue;
        bool taken = false;
        for (std::size_t k = 0; k < n && !taken; ++k)
            taken = m_rowField[k] && *m_rowField[k] == m_guessOf[i];
        if (!taken)
            m_rowField[i] = &m_guessOf[i];
    }
}

bool ColumnMapping::toItem(const TableRow &row, const std::vector<std::string> &columns, ItemRecord &out,
                           std::string &reason, std::int64_t &column)
{
    // Reuse the strings' capacity across rows (bulk imports call this a million times).
    out.id.clear();
    out.title.clear();
    out.description.clear();
    out.price.reset();
    out.brand.clear();
    out.category.clear();
    bool hasId = false, hasTitle = false;
    nlohmann::ordered_json extra;
    // CSV extras are strings: written directly, without building a JSON value.
    std::string &extraText = m_extraText;
    extraText.clear();
    rowFields(row, columns);
    for (std::size_t i = 0; i < m_rowField.size(); ++i) {
        if (!m_rowField[i])
            continue;
        const std::string &f = *m_rowField[i];
        const std::string &v = row.values[i];
        if (f == "extra") {
            if (row.json) {
                auto it = row.json->find(columns[i]);
                if (it != row.json->end() && !it->is_null())
                    extra[columns[i]] = *it;
            } else if (!v.empty()) {
                extraText += extraText.empty() ? '{' : ',';
                appendJsonString(extraText, columns[i]);
                extraText += ':';
                appendJsonString(extraText, v);
            }
            continue;
        }
        if (f == "ignore")
            continue;
        column = std::int64_t(i + 1);
        if (f == "id") {
            out.id = trimmed(v);
            if (out.id.empty()) {
                reason = "empty item id";
                return false;
            }
            hasId = true;
        } else if (f == "title") {
            out.title = trimmed(v);
            if (out.title.empty()) {
                reason = "empty title";
                return false;
            }
            hasTitle = true;
        } else if (f == "description") {
            out.description = trimmed(v);
        } else if (f == "brand") {
            out.brand = trimmed(v);
        } else if (f == "category") {
            out.category = trimmed(v);
        } else if (f == "price") {
            std::string why;
            if (!parsePrice(v, out.price, why)) {
                reason = "unparseable price '" + v.substr(0, 40) + "' (" + why + ")";
                return false;
            }
        }
    }
    column = 0;
    if (!hasId) {
        reason = "missing item id";
        return false;
    }
    if (!hasTitle) {
        reason = "missing title";
        return false;
    }
    if (!extraText.empty())
        out.extraJson = extraText + '}';
    else
        out.extraJson =
            extra.is_null() ? "{}" : extra.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return true;
}

bool ColumnMapping::toLabel(const TableRow &row, const std::vector<std::string> &columns, LabelRecord &out,
                            std::string &reason, std::int64_t &column)
{
    out = LabelRecord();
    bool hasId = false, hasLabel = false;
    rowFields(row, columns);
    for (std::size_t i = 0; i < m_rowField.size(); ++i) {
        if (!m_rowField[i])
            continue;
        const std::string &f = *m_rowField[i];
        std::string v = trimmed(row.values[i]);
        column = std::int64_t(i + 1);
        if (f == "item_id") {
            if (v.empty()) {
                reason = "empty item id";
                return false;
            }
            out.itemId = v;
            hasId = true;
        } else if (f == "label") {
            if (v.empty()) {
                reason = "empty label";
                return false;
            }
            out.value = v;
            hasLabel = true;
        } else if (f == "segment") {
            out.segment = v;
        } else if (f == "weight") {
            if (!v.empty()) {
                char *end = nullptr;
                double w = std::strtod(v.c_str(), &end);
                if (!end || *end || !std::isfinite(w) || w < 0) {
                    reason = "weight '" + v.substr(0, 40) + "' is not a non-negative number";
                    return false;
                }
                out.weight = w;
            }
        } else if (f == "time") {
            out.time = v;
        }
    }
    column = 0;
    if (!hasId) {
        reason = "missing item id";
        return false;
    }
    if (!hasLabel) {
        reason = "missing label";
        return false;
    }
    return true;
}

}   // namespace debut
