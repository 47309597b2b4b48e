#include "io/records.h"

namespace debut {

const char *taskKindName(TaskKind k)
{
    switch (k) {
    case TaskKind::Binary: return "binary";
    case TaskKind::Multiclass: return "multiclass";
    case TaskKind::Rating: return "rating";
    }
    return "binary";
}

bool parseTaskKind(const std::string &s, TaskKind &out)
{
    if (s == "binary")
        out = TaskKind::Binary;
    else if (s == "multiclass")
        out = TaskKind::Multiclass;
    else if (s == "rating")
        out = TaskKind::Rating;
    else
        return false;
    return true;
}

std::string itemText(const ItemRecord &item, std::size_t *titleEnd, std::size_t *descBegin)
{
    std::string text = item.title;
    if (titleEnd)
        *titleEnd = text.size();
    if (!item.description.empty()) {
        text += ". ";
        if (descBegin)
            *descBegin = text.size();
        text += item.description;
    } else if (descBegin) {
        *descBegin = text.size();
    }
    return text;
}

}   // namespace debut
