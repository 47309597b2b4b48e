#pragma once
// Tolerant price parsing for catalogue imports.
//
// Accepted (surrounding spaces ignored):
//   plain numbers            "12", "12.5", "0.99", "+3"
//   currency marks           "$1,299.00", "US$5", "€12", "12 €", "£3", "¥99", "￥99", "99元",
//                            "RMB 99", "CNY99", "USD 12.50", "12.50 EUR"
//   thousands separators     "1,299.00", "1 299,00", "1.299,00", "1'299.00", "1,234,567"
//   decimal comma            "12,5", "12,50" (one comma followed by 1, 2 or 4+ digits, no dot)
//                            "1,299" (exactly 3 digits after a single comma) is one thousand two hundred ninety-nine
// Rejected: negative prices, several numbers ("10-20"), letters other than the
// currency marks above, NaN/infinity, thousands groups that are not 3 digits.
// Empty text (or "-", "n/a", "null") means "no price" (out = nullopt, returns true).
#include <optional>
#include <string>
#include <string_view>

namespace debut {

// True when `text` is a price (or empty); false with `why` set otherwise.
bool parsePrice(std::string_view text, std::optional<double> &out, std::string &why);

}   // namespace debut
