#include "io/price.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace debut {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool startsWithCi(std::string_view s, std::string_view p)
{
    if (s.size() < p.size())
        return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(p[i])))
            return false;
    return true;
}

bool endsWithCi(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && startsWithCi(s.substr(s.size() - p.size()), p);
}

// Longest first, so "US$" is tried before "$".
const std::vector<std::string_view> &currencyMarks()
{
    static const std::vector<std::string_view> marks = {
        "US$",
        "USD",
        "EUR",
        "GBP",
        "CNY",
        "RMB",
        "JPY",
        "HK$",
        "A$",
        "C$",
        "\xEF\xBF\xA5" /* ￥ */,
        "\xC2\xA5" /* ¥ */,
        "\xE2\x82\xAC" /* € */,
        "\xC2\xA3" /* £ */,
        "\xE5\x85\x83" /* 元 */,
        "$",
    };
    return marks;
}

}   // namespace

bool parsePrice(std::string_view text, std::optional<double> &out, std::string &why)
{
    out.reset();
    // Fast path: plain "123" / "123.45" (the common case in big catalogues).
    if (!text.empty() && text.size() < 32 && std::isdigit(static_cast<unsigned char>(text.front())) &&
        std::isdigit(static_cast<unsigned char>(text.back()))) {
        bool plain = true;
        int dots = 0;
        for (char c : text) {
            if (c == '.')
                ++dots;
            else if (!std::isdigit(static_cast<unsigned char>(c)))
                plain = false;
        }
        if (plain && dots <= 1) {
            char buf[32];
            std::memcpy(buf, text.data(), text.size());
            buf[text.size()] = '\0';
            out = std::strtod(buf, nullptr);
            return true;
        }
    }
    std::string_view s = trim(text);
    if (s.empty() || s == "-" || (s.size() == 3 && startsWithCi(s, "n/a")) ||
        (s.size() == 4 && startsWithCi(s, "null")) || (s.size() == 2 && startsWithCi(s, "na")))
        return true;
    // Strip one currency mark in front and/or behind.
    for (auto m : currencyMarks())
        if (startsWithCi(s, m)) {
            s = trim(s.substr(m.size()));
            break;
        }
    for (auto m : currencyMarks())
        if (endsWithCi(s, m)) {
            s = trim(s.substr(0, s.size() - m.size()));
            break;
        }
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') {
        why = "negative price";
        return false;
    }
    if (s.empty()) {
        why = "no number in price";
        return false;
    }
    // Only digits and separators may remain.
    std::size_t dots = 0, commas = 0, lastDot = 0, lastComma = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '.') {
            ++dots;
            lastDot = i;
        } else if (c == ',') {
            ++commas;
            lastComma = i;
        } else if (c == ' ' || c == '\'') {
        } else if (!std::isdigit(static_cast<unsigned char>(c))) {
            why = "not a price";
            return false;
        }
    }
    if (!std::isdigit(static_cast<unsigned char>(s.front())) || !std::isdigit(static_cast<unsigned char>(s.back()))) {
        why = "not a price";
        return false;
    }
    char decimal = 0;
    if (dots && commas)
        decimal = lastDot > lastComma ? '.' : ',';
    else if (dots == 1)
        decimal = '.';
    else if (commas == 1 && s.size() - lastComma - 1 != 3)
        decimal = ',';
    // Split integer part and fraction; the integer part's groups must be 3 digits
    // after the first when it has separators.
    std::size_t decPos = decimal == '.' ? lastDot : decimal == ',' ? lastComma : s.size();
    std::string_view intPart = s.substr(0, decPos);
    std::string_view frac = decPos < s.size() ? s.substr(decPos + 1) : std::string_view();
    for (char c : frac)
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            why = "not a price";
            return false;
        }
    std::string digits;
    std::size_t group = 0;
    bool sawSeparator = false, firstGroup = true;
    for (char c : intPart) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits += c;
            ++group;
            continue;
        }
        if (group == 0 || (!firstGroup && group != 3) || (firstGroup && group > 3)) {
            why = "not a price (odd thousands separators)";
            return false;
        }
        sawSeparator = true;
        firstGroup = false;
        group = 0;
    }
    if (sawSeparator && group != 3) {
        why = "not a price (odd thousands separators)";
        return false;
    }
    if (!frac.empty()) {
        digits += '.';
        digits += frac;
    }
    char *end = nullptr;
    double v = std::strtod(digits.c_str(), &end);
    if (!end || *end || !std::isfinite(v)) {
        why = "not a price";
        return false;
    }
    out = v;
    return true;
}

}   // namespace debut
