#pragma once
// ColumnMapping: which source column feeds which record field.
//
// Fields. Items: id, title, description, price, brand, category. Labels:
// item_id, label, segment, weight, time. Two pseudo-fields: "extra" (keep the
// column in ItemRecord::extraJson) and "ignore" (drop it). Unmapped item
// columns go to extra; unmapped label columns are ignored.
//
// Guessing (case-, space-, '-' and '_'-insensitive; see columnmapping.cpp for
// the full alias lists), e.g. items: id/sku/item_id/product_id/商品id -> id;
// title/name/product_name/标题/名称 -> title; description/desc/details/描述/
// 详情 -> description; price/价格 -> price; brand/品牌 -> brand;
// category/类目/分类 -> category. Labels: item_id/id/sku/商品id -> item_id;
// label/value/rating/clicked/bought/标签 -> label; segment/分群 -> segment;
// weight/权重 -> weight; time/timestamp/date/时间 -> time.
// Fallbacks (CSV/TSV, in resolve()) when a required field has no guessed column: a column named like
// "*_id" becomes the id; for items a "text"/"content"/文本/内容 column becomes
// the title when no title column exists (e.g. rt_id,category,text files).
// The first column that maps to a field wins; later ones go to extra.
//
// Overrides (--map SOURCE=FIELD) name the source by header text (exact or
// normalised) or by 1-based column number, and always win over guesses.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "io/records.h"
#include "io/tablereader.h"

namespace debut {

enum class MappingTarget { Items, Labels };

class ColumnMapping {
public:
    // `overrides`: source column -> field. Throws Error naming an unknown field.
    explicit ColumnMapping(MappingTarget target, const std::map<std::string, std::string> &overrides = {});
    // Parses "SRC=FIELD" strings (as given to --map) into an overrides map; throws Error.
    static std::map<std::string, std::string> parseOverrides(const std::vector<std::string> &specs);

    static std::string normalize(std::string_view header);                            // lower-case, no spaces/-/_
    static std::string guessField(MappingTarget target, const std::string &column);   // "" = unknown
    static bool isKnownColumn(const std::string &column);                             // an alias of any field
    static const std::vector<std::string> &fields(MappingTarget target);
    static const std::vector<std::string> &requiredFields(MappingTarget target);

    // Resolves a fixed column list (CSV/TSV). Throws Error(Location{file}) when an
    // override names a column that does not exist, or a required field has no column
    // (the message lists the columns and suggests --map).
    void resolve(const std::vector<std::string> &columns, const std::string &file);
    // Field of column `index` of `columns` (JSONL: resolves new columns as they appear).
    const std::string &fieldOf(std::size_t index, const std::vector<std::string> &columns);
    // "sku -> id, name -> title, colour -> extra"
    std::string describe(const std::vector<std::string> &columns) const;

    // Converts one row. On a bad row returns false and fills `reason` and
    // `column` (1-based column index, 0 = whole row).
    bool toItem(const TableRow &row, const std::vector<std::string> &columns, ItemRecord &out, std::string &reason,
                std::int64_t &column);
    bool toLabel(const TableRow &row, const std::vector<std::string> &columns, LabelRecord &out, std::string &reason,
                 std::int64_t &column);

private:
    // Field per column for this row. JSON Lines rows differ in their keys: a column
    // that lost its guessed field to an earlier column takes it back in rows where
    // that field is otherwise absent ({"sku":..,"name":..} next to {"id":..,"title":..}).
    void rowFields(const TableRow &row, const std::vector<std::string> &columns);
    void assign(std::size_t index, const std::vector<std::string> &columns);
    bool overrideFor(const std::string &column, std::size_t index, std::string &field) const;

    MappingTarget m_target;
    std::map<std::string, std::string> m_overrides;
    std::vector<std::string> m_fieldOf;                   // per column
    std::vector<std::string> m_guessOf;                   // per column: guessed field ("" = none/overridden)
    std::vector<const std::string *> m_rowField;          // per column, for the current row
    std::string m_extraText;                              // scratch for CSV extras
    std::map<std::string, std::size_t> m_columnOfField;   // field -> first column
};

}   // namespace debut
