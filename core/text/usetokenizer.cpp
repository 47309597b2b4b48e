#include "text/usetokenizer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "text/unicode.h"

#ifdef DEBUT_HAVE_ICU
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#endif

namespace debut {

namespace {

constexpr char32_t kSeparator = U'\u2581';

std::u32string toUtf32(std::string_view s)
{
    std::u32string out;
    std::size_t pos = 0;
    while (pos < s.size())
        out.push_back(unicode::decodeUtf8(s, pos));
    return out;
}

#ifdef DEBUT_HAVE_ICU
const UNormalizer2 *nfkc()
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU NFKC normaliser unavailable: ") + u_errorName(status));
    return n;
}

std::u16string toUtf16(const std::u32string &s)
{
    std::u16string out;
    for (char32_t c : s) {
        if (c > 0xFFFF) {
            c -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(c));
        }
    }
    return out;
}

std::u32string fromUtf16(const std::u16string &s)
{
    std::u32string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char32_t c = s[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            ++i;
        }
        out.push_back(c);
    }
    return out;
}

std::u32string nfkcChunk(const UNormalizer2 *n, const std::u32string &chunk)
{
    const std::u16string in = toUtf16(chunk);
    UErrorCode status = U_ZERO_ERROR;
    const int32_t need = unorm2_normalize(n, reinterpret_cast<const UChar *>(in.data()),
                                          static_cast<int32_t>(in.size()), nullptr, 0, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        throw Error(std::string("NFKC normalisation failed: ") + u_errorName(status));
    std::u16string out(static_cast<std::size_t>(need), u'\0');
    status = U_ZERO_ERROR;
    unorm2_normalize(n, reinterpret_cast<const UChar *>(in.data()), static_cast<int32_t>(in.size()),
                     reinterpret_cast<UChar *>(out.data()), need, &status);
    if (U_FAILURE(status))
        throw Error(std::string("NFKC normalisation failed: ") + u_errorName(status));
    return fromUtf16(out);
}
#endif

// NFKC of `text` as code points, each with the source byte range it came from.
// Normalisation runs chunk by chunk between normalisation boundaries, which
// gives the same result as normalising the whole text and lets every output
// code point point back into the source.
void normalizeWithOffsets(std::string_view text, std::u32string &out,
                          std::vector<std::pair<std::uint32_t, std::uint32_t>> &spans)
{
    std::vector<char32_t> cps;
    std::vector<std::uint32_t> starts;
    std::size_t pos = 0;
    while (pos < text.size()) {
        starts.push_back(static_cast<std::uint32_t>(pos));
        cps.push_back(unicode::decodeUtf8(text, pos));
    }
    starts.push_back(static_cast<std::uint32_t>(text.size()));
#ifdef DEBUT_HAVE_ICU
    const UNormalizer2 *n = nfkc();
    // Fast path: ASCII, or text ICU says is already NFKC, maps to itself.
    bool stable = std::all_of(cps.begin(), cps.end(), [](char32_t c) { return c < 0x80; });
    if (!stable) {
        const std::u16string all = toUtf16(std::u32string(cps.begin(), cps.end()));
        UErrorCode status = U_ZERO_ERROR;
        stable = unorm2_quickCheck(n, reinterpret_cast<const UChar *>(all.data()), static_cast<int32_t>(all.size()),
                                   &status) == UNORM_YES &&
                 U_SUCCESS(status);
    }
    if (stable) {
        for (std::size_t k = 0; k < cps.size(); ++k) {
            out.push_back(cps[k]);
            spans.emplace_back(starts[k], starts[k + 1]);
        }
        return;
    }
    std::size_t i = 0;
    while (i < cps.size()) {
        std::size_t j = i + 1;
        while (j < cps.size() && !unorm2_hasBoundaryBefore(n, static_cast<UChar32>(cps[j])))
            ++j;
        const std::u32string normalized = nfkcChunk(n, std::u32string(cps.begin() + i, cps.begin() + j));
        for (char32_t c : normalized) {
            out.push_back(c);
            spans.emplace_back(starts[i], starts[j]);
        }
        i = j;
    }
#else
    for (std::size_t i = 0; i < cps.size(); ++i) {
        out.push_back(cps[i]);
        spans.emplace_back(starts[i], starts[i + 1]);
    }
#endif
}

std::int32_t utf16Length(std::string_view s)
{
    std::int32_t n = 0;
    std::size_t pos = 0;
    while (pos < s.size())
        n += unicode::decodeUtf8(s, pos) > 0xFFFF ? 2 : 1;
    return n;
}

}   // namespace

UseTokenizer UseTokenizer::load(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Location{path, 0, 0, {}}, "cannot open the USE-Lite vocabulary (run scripts/setup)");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const nlohmann::json::exception &e) {
        throw Error(Location{path, 0, 0, {}}, std::string("malformed JSON: ") + e.what());
    }
    if (!j.is_array())
        throw Error(Location{path, 0, 0, {}}, "expected an array of [piece, score] pairs");
    std::vector<std::string> pieces;
    std::vector<double> scores;
    pieces.reserve(j.size());
    scores.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        const auto &e = j[i];
        if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !(e[1].is_number() || e[1].is_null()))
            throw Error(Location{path, 0, 0, "entry " + std::to_string(i)}, "expected [piece, score]");
        pieces.push_back(e[0].get<std::string>());
        // The shipped vocabulary has null scores (pieces with ':'); JavaScript's
        // arithmetic in the reference turns null into 0, and so do we.
        scores.push_back(e[1].is_null() ? 0.0 : e[1].get<double>());
    }
    if (pieces.size() <= static_cast<std::size_t>(kReserved))
        throw Error(Location{path, 0, 0, {}}, "vocabulary has too few pieces");
    return UseTokenizer(std::move(pieces), std::move(scores));
}

UseTokenizer::UseTokenizer(std::vector<std::string> pieces, std::vector<double> scores) : m_pieces(std::move(pieces))
{
    if (m_pieces.size() != scores.size() || m_pieces.size() <= static_cast<std::size_t>(kReserved))
        throw Error("UseTokenizer: pieces and scores must have the same size (> 6)");
    m_utf16Length.reserve(m_pieces.size());
    for (const auto &p : m_pieces)
        m_utf16Length.push_back(utf16Length(p));
    // Later duplicates overwrite earlier ones, as the reference trie does.
    m_nodes.emplace_back();
    for (std::size_t id = kReserved; id < m_pieces.size(); ++id) {
        const std::u32string p = toUtf32(m_pieces[id]);
        if (p.empty())
            continue;
        std::int32_t node = 0;
        for (char32_t cp : p) {
            auto [it, inserted] = m_children.emplace(childKey(node, cp), static_cast<std::int32_t>(m_nodes.size()));
            if (inserted)
                m_nodes.emplace_back();
            node = it->second;
        }
        Node &n = m_nodes[static_cast<std::size_t>(node)];
        n.end = true;
        n.score = scores[id];
        n.index = static_cast<std::int32_t>(id);
    }
}

std::int32_t UseTokenizer::child(std::int32_t node, char32_t cp) const
{
    auto it = m_children.find(childKey(node, cp));
    return it == m_children.end() ? -1 : it->second;
}

std::string UseTokenizer::piece(std::int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= m_pieces.size())
        return {};
    return m_pieces[static_cast<std::size_t>(id)];
}

bool UseTokenizer::hasNfkc()
{
#ifdef DEBUT_HAVE_ICU
    return true;
#else
    return false;
#endif
}

std::string UseTokenizer::normalize(std::string_view text)
{
    std::u32string cps;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
    normalizeWithOffsets(text, cps, spans);
    std::string out;
    for (char32_t c : cps)
        unicode::appendUtf8(out, c);
    return out;
}

Encoding UseTokenizer::encode(std::string_view text, int maxLen) const
{
    return encodeBounded(text, maxLen, [this](std::string_view t, int n) { return encodeWhole(t, n); });
}

Encoding UseTokenizer::encodeWhole(std::string_view text, int maxLen) const
{
    Encoding enc;
    std::u32string sym;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;   // source bytes per symbol
    std::vector<bool> separator;                                  // symbol is a '▁' standing for a space/start
    {
        std::u32string normalized;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> nspans;
        normalizeWithOffsets(text, normalized, nspans);
        if (normalized.empty())
            return enc;
        sym.reserve(normalized.size() + 1);
        sym.push_back(kSeparator);
        spans.emplace_back(0, 0);
        separator.push_back(true);
        for (std::size_t i = 0; i < normalized.size(); ++i) {
            const bool space = normalized[i] == U' ';
            sym.push_back(space ? kSeparator : normalized[i]);
            spans.push_back(nspans[i]);
            separator.push_back(space);
        }
    }
    const std::size_t n = sym.size();

    // Lattice: for every end position, candidate pieces in ascending start order
    // (the order in which the reference visits them).
    struct Cand {
        std::uint32_t start;
        double score;
        std::int32_t index;
    };
    std::vector<std::vector<Cand>> byEnd(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        bool matched = false;
        std::int32_t node = 0;
        for (std::size_t j = i; j < n; ++j) {
            node = child(node, sym[j]);
            if (node < 0)
                break;
            const Node &hit = m_nodes[static_cast<std::size_t>(node)];
            if (hit.end) {
                byEnd[j + 1].push_back({static_cast<std::uint32_t>(i), hit.score, hit.index});
                matched = true;
            }
        }
        if (!matched)
            byEnd[i + 1].push_back({static_cast<std::uint32_t>(i), 0.0, 0});
    }
    std::vector<double> best(n + 1, 0.0);
    std::vector<std::int32_t> words(n + 1, 0);
    for (std::size_t end = 0; end <= n; ++end) {
        for (const Cand &c : byEnd[end]) {
            const double score = c.score + best[c.start];
            // The reference treats a best score of exactly 0 as "not set yet".
            if (best[end] == 0.0 || score >= best[end]) {
                best[end] = score;
                words[end] = c.index;
            }
        }
    }
    // Backtrack by each piece's JS string length, as the reference does.
    struct Tok {
        std::int32_t id;
        std::int64_t begin, end;   // symbol range
    };
    std::vector<Tok> rev;
    std::int64_t iter = static_cast<std::int64_t>(n);
    while (iter > 0) {
        const std::int32_t id = words[static_cast<std::size_t>(iter)];
        const std::int64_t len = m_utf16Length[static_cast<std::size_t>(id)];
        rev.push_back({id, std::max<std::int64_t>(0, iter - len), iter});
        iter -= len;
    }
    std::vector<Tok> toks;
    bool previousUnk = false;
    for (const Tok &t : rev) {
        if (previousUnk && t.id == 0)
            toks.back().begin = t.begin;   // collapsed into the unknown after it
        else
            toks.push_back(t);
        previousUnk = t.id == 0;
    }
    std::reverse(toks.begin(), toks.end());
    if (maxLen > 0 && toks.size() > static_cast<std::size_t>(maxLen))
        toks.resize(static_cast<std::size_t>(maxLen));

    enc.ids.reserve(toks.size());
    enc.offsets.reserve(toks.size());
    for (const Tok &t : toks) {
        auto b = static_cast<std::size_t>(t.begin);
        const auto e = static_cast<std::size_t>(t.end);
        // Skip the leading separators: the word is what gets highlighted.
        std::size_t first = b;
        while (first < e && separator[first])
            ++first;
        if (first == e) {   // separators only: the spaces they stand for
            std::size_t k = b;
            while (k < e && spans[k].first == spans[k].second)
                ++k;
            first = k < e ? k : b;
        }
        enc.ids.push_back(t.id);
        std::uint32_t lo = spans[first].first, hi = spans[first].second;
        for (std::size_t k = first; k < e; ++k) {
            lo = std::min(lo, spans[k].first);
            hi = std::max(hi, spans[k].second);
        }
        enc.offsets.emplace_back(lo, hi);
    }
    return enc;
}

}   // namespace debut
