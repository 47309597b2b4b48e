#pragma once
// Lexicon: the lexical channel of the learner, sparse TF-IDF features learnt
// from the project's own catalogue, for any language and without a pretrained
// vocabulary.
//
// Terms of a text (lower-cased, see unicode.h for the scope of lower-casing):
//   - spaced scripts: runs of letters/digits are words; each word and each pair
//     of adjacent words ("a b") is a term;
//   - unsegmented scripts (CJK ideographs, kana, Thai, Lao, Myanmar, Khmer)
//     and, from term scheme 2, Korean (Hangul): every character n-gram of
//     length 1..3 inside a run of such characters is a term (a space or
//     punctuation ends a run);
//   - from term scheme 3, each word of a spaced script also gives its character
//     3..5-grams, the word padded with a space on each side ("~ te", "~tent ",
//     marked by '~', never in a word); a word shorter than n gives itself
//     padded, once (scikit-learn's char_wb). Inflected forms share them
//     (waterproof, waterproofed), where word terms do not;
//   - side fields: "brand=<brand>" and "category=<category>" (never produced by
//     a text, since '=' is punctuation).
// Weights: sublinear tf (1 + ln count) times smoothed idf ln((1 + N) / (1 + df)) + 1
// (N documents of the fit), each vector L2-normalised. Terms unknown to the
// fitted vocabulary are dropped. With a field weight w >= 0 the side-field terms
// are a block of their own: the text terms are L2-normalised alone, the field
// terms alone and scaled by w, so a long description does not drown an item's
// brand and category (without one, fields and text share one norm). The
// in-word character n-grams (scheme 3) are a block of their own too, standing
// for the spaced words: with f the spaced words' share of the other text terms'
// squared norm, the n-grams get f / 2 of the text's squared norm and the other
// terms the rest (all of it to the n-grams when no other text term is known).
// An English text: half and half; a Chinese text with a number: the number's
// n-grams stay as small as the number's word; the text's norm stays 1.
//
// Fit: document frequencies over the texts; terms with df < minDf are dropped
// and at most maxTerms remain (highest df first, ties by term), counted apart
// for the in-word n-grams and the other terms, so n-grams never push words out. Memory is
// bounded while counting: when more than `countLimit` distinct terms are seen,
// the ones seen once are pruned (documented approximation for huge catalogues).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace debut {

// (term index, weight) pairs sorted by index.
using SparseVector = std::vector<std::pair<std::int32_t, float>>;

// The term scheme new lexicons use. 1: Korean words as words (lexicons saved
// before schemes were recorded); 2: Korean words as character n-grams; 3: and
// the character 3..5-grams inside each word of a spaced script. A lexicon keeps
// its scheme, so a model scores with the terms it was trained on.
constexpr int kLexicalScheme = 3;

// Terms of a text plus optional side fields (may repeat; order of appearance).
std::vector<std::string> lexicalTerms(std::string_view text, std::string_view brand = {},
                                      std::string_view category = {}, int scheme = kLexicalScheme);
// A side-field term ("brand=…", "category=…").
bool isFieldTerm(std::string_view term);
// A character n-gram inside a word ("~…", scheme 3).
inline bool isSubwordTerm(std::string_view term) { return !term.empty() && term.front() == '~'; }

class Lexicon {
public:
    struct FitOptions {
        int minDf = 2;   // documents a term must appear in
        std::size_t maxTerms = 50000;
        std::size_t countLimit = 2000000;
        double fieldWeight = -1;       // < 0: side fields share the text's norm
        int scheme = kLexicalScheme;   // the lexicalTerms scheme the documents' terms come from
    };

    // `terms(i)` yields the terms of document i in [0, documents).
    template <typename TermsOf>
    static Lexicon fit(std::size_t documents, TermsOf terms, const FitOptions &options)
    {
        Counter counter(options);
        for (std::size_t i = 0; i < documents; ++i)
            counter.add(terms(i));
        return counter.finish(documents);
    }

    std::size_t size() const { return m_terms.size(); }
    bool empty() const { return m_terms.empty(); }
    const std::string &term(std::size_t i) const { return m_terms[i]; }
    double idf(std::size_t i) const { return m_idf[i]; }
    double fieldWeight() const { return m_fieldWeight; }
    int scheme() const { return m_scheme; }   // the lexicalTerms scheme its terms come from
    bool isField(std::size_t i) const { return m_field[i]; }
    // Index of a term, or -1.
    std::int32_t find(const std::string &term) const;

    // L2-normalised TF-IDF of the given terms (empty when none is known); with a
    // field weight, text and field blocks each normalised, fields scaled by it;
    // in-word n-grams a text block of their own (see above).
    SparseVector vectorize(const std::vector<std::string> &terms) const;
    // The same of a text and its side fields, read into terms by this lexicon's scheme.
    SparseVector vectorize(std::string_view text, std::string_view brand, std::string_view category) const;

    nlohmann::json toJson() const;
    // Throws debut::Error on a malformed object (wrong types, size mismatch).
    static Lexicon fromJson(const nlohmann::json &j);

private:
    class Counter {
    public:
        explicit Counter(const FitOptions &o) : m_options(o) {}
        void add(const std::vector<std::string> &terms);
        Lexicon finish(std::size_t documents);

    private:
        FitOptions m_options;
        std::unordered_map<std::string, std::int64_t> m_df;
    };
    void index();

    std::vector<std::string> m_terms;
    std::vector<double> m_idf;
    double m_fieldWeight = -1;
    int m_scheme = kLexicalScheme;
    std::vector<bool> m_field;     // per term: a side-field term (brand=, category=)
    std::vector<bool> m_subword;   // per term: a character n-gram inside a word
    std::vector<bool> m_spaced;    // per term: a word or word pair of a spaced script
    std::unordered_map<std::string, std::int32_t> m_index;
};

}   // namespace debut
