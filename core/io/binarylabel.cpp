#include "io/binarylabel.h"

#include <array>
#include <cctype>
#include <string>

namespace debut {

namespace {

constexpr std::array<std::string_view, 13> kPositive = {"1",   "1.0",      "true",        "yes",   "y",
                                                        "pos", "positive", "clicked",     "click", "bought",
                                                        "buy", "like",     "\xE6\x98\xAF" /* 是 */};
constexpr std::array<std::string_view, 8> kNegative = {"0", "0.0", "false",    "no",
                                                       "n", "neg", "negative", "\xE5\x90\xA6" /* 否 */};

}   // namespace

BinaryLabel binaryLabel(std::string_view value)
{
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.remove_suffix(1);
    std::string l(value);
    for (char &c : l)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view p : kPositive)
        if (l == p)
            return BinaryLabel::Positive;
    for (std::string_view n : kNegative)
        if (l == n)
            return BinaryLabel::Negative;
    return BinaryLabel::Unknown;
}

}   // namespace debut
