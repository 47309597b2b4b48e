#include "text/lexicon.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "common/error.h"
#include "text/unicode.h"

namespace debut {

namespace {

// Hangul syllables and jamo (conjoining, compatibility, extended A and B).
bool hangul(char32_t cp)
{
    return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
           (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
}

// Scripts whose words character n-grams stand in for: those written without
// spaces between words and, from scheme 2, Korean, whose space-separated words
// carry their particles and endings (가방, 가방을, 가방은 share 가방). A space
// still ends a run, so Korean n-grams stay inside a word.
bool unsegmented(char32_t cp, int scheme) { return unicode::isUnsegmentedScript(cp) || (scheme >= 2 && hangul(cp)); }

bool wordChar(char32_t cp, int scheme)
{
    return !unicode::isWhitespace(cp) && !unicode::isPunctuation(cp) && !unicode::isControl(cp) && cp != 0xFFFD &&
           !unsegmented(cp, scheme) && !(cp < 0x80 && !std::isalnum(int(cp)));
}

std::string lowerField(std::string_view s)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        char32_t second = 0;
        const char32_t cp = unicode::toLower(unicode::decodeUtf8(s, pos), &second);
        unicode::appendUtf8(out, cp);
        if (second)
            unicode::appendUtf8(out, second);
    }
    return out;
}

}   // namespace

std::vector<std::string> lexicalTerms(std::string_view text, std::string_view brand, std::string_view category,
                                      int scheme)
{
    std::vector<std::string> terms;
    std::string word, previous;
    std::vector<std::string> run;   // characters of the current unsegmented run
    // Scheme 3: the word's character 3..5-grams, the word padded by a space on each side.
    auto addSubwords = [&]() {
        std::vector<std::string> chars{" "};
        for (std::size_t pos = 0; pos < word.size();) {
            const std::size_t start = pos;
            unicode::decodeUtf8(word, pos);
            chars.emplace_back(word, start, pos - start);
        }
        chars.emplace_back(" ");
        const std::size_t len = chars.size();
        for (std::size_t n = 3; n <= 5; ++n) {
            for (std::size_t offset = 0; offset == 0 || offset + n <= len; ++offset) {
                std::string gram = "~";
                for (std::size_t k = offset; k < std::min(len, offset + n); ++k)
                    gram += chars[k];
                terms.push_back(std::move(gram));
            }
            if (len <= n)
                break;   // a short word gives itself once
        }
    };
    auto flushWord = [&]() {
        if (word.empty())
            return;
        if (scheme >= 3)
            addSubwords();
        terms.push_back(word);
        if (!previous.empty())
            terms.push_back(previous + ' ' + word);
        previous = std::move(word);
        word.clear();
    };
    auto flushRun = [&]() {
        for (std::size_t i = 0; i < run.size(); ++i) {
            std::string gram;
            for (std::size_t n = 0; n < 3 && i + n < run.size(); ++n) {
                gram += run[i + n];
                terms.push_back(gram);
            }
        }
        run.clear();
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t second = 0;
        const char32_t cp = unicode::toLower(unicode::decodeUtf8(text, pos), &second);
        if (wordChar(cp, scheme)) {
            flushRun();
            unicode::appendUtf8(word, cp);
            if (second)
                unicode::appendUtf8(word, second);
        } else if (unsegmented(cp, scheme)) {
            flushWord();
            previous.clear();
            std::string ch;
            unicode::appendUtf8(ch, cp);
            run.push_back(std::move(ch));
        } else {
            flushWord();
            flushRun();
            // Sentence punctuation ends a bigram chain; spaces do not.
            if (!unicode::isWhitespace(cp))
                previous.clear();
        }
    }
    flushWord();
    flushRun();
    if (!brand.empty())
        terms.push_back("brand=" + lowerField(brand));
    if (!category.empty())
        terms.push_back("category=" + lowerField(category));
    return terms;
}

bool isFieldTerm(std::string_view term) { return term.rfind("brand=", 0) == 0 || term.rfind("category=", 0) == 0; }

void Lexicon::Counter::add(const std::vector<std::string> &terms)
{
    std::vector<const std::string *> distinct;
    distinct.reserve(terms.size());
    for (const auto &t : terms)
        distinct.push_back(&t);
    std::sort(distinct.begin(), distinct.end(), [](const std::string *a, const std::string *b) { return *a < *b; });
    distinct.erase(std::unique(distinct.begin(), distinct.end(),
                               [](const std::string *a, const std::string *b) { return *a == *b; }),
                   distinct.end());
    for (const std::string *t : distinct)
        ++m_df[*t];
    if (m_df.size() > m_options.countLimit) {
        for (auto it = m_df.begin(); it != m_df.end();)
            it = it->second <= 1 ? m_df.erase(it) : std::next(it);
    }
}

Lexicon Lexicon::Counter::finish(std::size_t documents)
{
    std::vector<std::pair<std::string, std::int64_t>> kept;
    for (auto &[term, df] : m_df)
        if (df >= m_options.minDf)
            kept.emplace_back(term, df);
    std::sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    // The cap counts in-word n-grams and the other terms apart.
    std::size_t subwords = 0, others = 0, out = 0;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        std::size_t &count = isSubwordTerm(kept[i].first) ? subwords : others;
        if (++count <= m_options.maxTerms && out++ != i)
            kept[out - 1] = std::move(kept[i]);
    }
    kept.resize(out);
    std::sort(kept.begin(), kept.end());
    Lexicon lex;
    lex.m_fieldWeight = m_options.fieldWeight;
    lex.m_scheme = m_options.scheme;
    for (auto &[term, df] : kept) {
        lex.m_terms.push_back(term);
        lex.m_idf.push_back(std::log((1.0 + double(documents)) / (1.0 + double(df))) + 1.0);
    }
    lex.index();
    return lex;
}

void Lexicon::index()
{
    m_index.clear();
    m_index.reserve(m_terms.size());
    m_field.assign(m_terms.size(), false);
    m_subword.assign(m_terms.size(), false);
    m_spaced.assign(m_terms.size(), false);
    for (std::size_t i = 0; i < m_terms.size(); ++i) {
        m_index.emplace(m_terms[i], std::int32_t(i));
        m_field[i] = isFieldTerm(m_terms[i]);
        m_subword[i] = isSubwordTerm(m_terms[i]);
        std::size_t pos = 0;
        m_spaced[i] = !m_field[i] && !m_subword[i] && !m_terms[i].empty() &&
                      !unsegmented(unicode::decodeUtf8(m_terms[i], pos), m_scheme);
    }
}

std::int32_t Lexicon::find(const std::string &term) const
{
    auto it = m_index.find(term);
    return it == m_index.end() ? -1 : it->second;
}

SparseVector Lexicon::vectorize(const std::vector<std::string> &terms) const
{
    std::map<std::int32_t, int> counts;
    for (const auto &t : terms)
        if (std::int32_t i = find(t); i >= 0)
            ++counts[i];
    // Blocks: 0 text terms, 1 side fields (with a field weight), 2 in-word n-grams.
    const bool blocks = m_fieldWeight >= 0;
    auto blockOf = [&](std::int32_t i) {
        return m_subword[std::size_t(i)] ? 2 : blocks && m_field[std::size_t(i)] ? 1 : 0;
    };
    std::vector<double> weight;
    weight.reserve(counts.size());
    double norm[3] = {0, 0, 0}, spaced = 0;
    for (auto [i, c] : counts) {
        const double w = (1.0 + std::log(double(c))) * m_idf[std::size_t(i)];
        weight.push_back(w);
        norm[blockOf(i)] += w * w;
        if (m_spaced[std::size_t(i)])
            spaced += w * w;
    }
    // The n-grams stand for the spaced words: their share of the text's squared
    // norm is half the words' share of the other text terms (all of it when no
    // other text term is known), so a number in a Chinese text stays small.
    const double subShare = norm[0] > 0 ? 0.5 * spaced / norm[0] : 1.0;
    const double share[3] = {norm[2] > 0 ? 1.0 - subShare : 1.0, m_fieldWeight * m_fieldWeight, subShare};
    double scale[3] = {0, 0, 0};
    for (int b = 0; b < 3; ++b)
        if (norm[b] > 0)
            scale[b] = std::sqrt(share[b] / norm[b]);
    SparseVector out;
    out.reserve(counts.size());
    std::size_t k = 0;
    for (auto [i, c] : counts) {
        const double v = weight[k++] * scale[blockOf(i)];
        if (v != 0)
            out.emplace_back(i, float(v));
    }
    return out;
}

SparseVector Lexicon::vectorize(std::string_view text, std::string_view brand, std::string_view category) const
{
    return vectorize(lexicalTerms(text, brand, category, m_scheme));
}

nlohmann::json Lexicon::toJson() const
{
    nlohmann::json j = {{"terms", m_terms}, {"idf", m_idf}, {"scheme", m_scheme}};
    if (m_fieldWeight >= 0)
        j["field_weight"] = m_fieldWeight;
    return j;
}

Lexicon Lexicon::fromJson(const nlohmann::json &j)
{
    Lexicon lex;
    try {
        j.at("terms").get_to(lex.m_terms);
        j.at("idf").get_to(lex.m_idf);
        if (j.contains("field_weight"))
            j.at("field_weight").get_to(lex.m_fieldWeight);
        lex.m_scheme = j.contains("scheme") ? j.at("scheme").get<int>() : 1;   // saved before schemes: 1
    } catch (const nlohmann::json::exception &e) {
        throw Error(std::string("lexicon: ") + e.what());
    }
    if (lex.m_terms.size() != lex.m_idf.size())
        throw Error("lexicon: " + std::to_string(lex.m_terms.size()) + " terms but " +
                    std::to_string(lex.m_idf.size()) + " idf values");
    for (double v : lex.m_idf)
        if (!std::isfinite(v))
            throw Error("lexicon: idf value is not finite");
    if (lex.m_scheme < 1 || lex.m_scheme > kLexicalScheme)
        throw Error("lexicon: term scheme " + std::to_string(lex.m_scheme) + " is not one this Debut knows (1 to " +
                    std::to_string(kLexicalScheme) + ")");
    if (j.contains("field_weight") && !(lex.m_fieldWeight >= 0 && lex.m_fieldWeight <= 100))
        throw Error("lexicon: field_weight must be a number in [0, 100]");
    lex.index();
    return lex;
}

}   // namespace debut
