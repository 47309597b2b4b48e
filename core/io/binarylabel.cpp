#include "io/binarylabel.h"

#include <cctype>
#include <string>

namespace debut {

namespace {

// Event names of interaction logs count too: a purchase or click is positive, a
// view (an impression without the event) negative; other events ("cart", "fav")
// stay unknown, so the importer rejects them by row rather than guessing. The
// spellings of public logs are among them: Taobao's behaviour log (pv / buy),
// RetailRocket's (view / transaction).
constexpr std::string_view kPositive[] = {"1",
                                          "1.0",
                                          "true",
                                          "yes",
                                          "y",
                                          "pos",
                                          "positive",
                                          "clicked",
                                          "click",
                                          "bought",
                                          "buy",
                                          "like",
                                          "purchased",
                                          "purchase",
                                          "ordered",
                                          "order",
                                          "transaction",
                                          "paid",
                                          "pay",
                                          "\xE6\x98\xAF" /* 是 */,
                                          "\xE8\xB4\xAD\xE4\xB9\xB0" /* 购买 */,
                                          "\xE5\xB7\xB2\xE8\xB4\xAD\xE4\xB9\xB0" /* 已购买 */,
                                          "\xE7\x82\xB9\xE5\x87\xBB" /* 点击 */,
                                          "\xE4\xB8\x8B\xE5\x8D\x95" /* 下单 */,
                                          "\xE6\x88\x90\xE4\xBA\xA4" /* 成交 */,
                                          "\xE6\x94\xAF\xE4\xBB\x98" /* 支付 */};
constexpr std::string_view kNegative[] = {"0",
                                          "0.0",
                                          "false",
                                          "no",
                                          "n",
                                          "neg",
                                          "negative",
                                          "viewed",
                                          "view",
                                          "impression",
                                          "pv",
                                          "exposure",
                                          "\xE6\x9B\x9D\xE5\x85\x89" /* 曝光 */,
                                          "shown",
                                          "skipped",
                                          "skip",
                                          "dislike",
                                          "\xE5\x90\xA6" /* 否 */,
                                          "\xE6\x9C\xAA\xE8\xB4\xAD\xE4\xB9\xB0" /* 未购买 */,
                                          "\xE6\x9C\xAA\xE7\x82\xB9\xE5\x87\xBB" /* 未点击 */,
                                          "\xE6\xB5\x8F\xE8\xA7\x88" /* 浏览 */};

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
