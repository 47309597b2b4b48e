#include "text/wordpiece.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "common/error.h"
#include "common/jsondepth.h"
#include "text/unicode.h"

namespace debut {

namespace {

struct Span {
    std::uint32_t begin, end;
};

// A basic-tokenizer word with the source span of each of its code points.
struct Word {
    std::string text;
    std::vector<std::size_t> cpStart;   // byte start of each code point within `text`
    std::vector<Span> spans;            // source span of each code point
    void push(char32_t cp, Span s)
    {
        cpStart.push_back(text.size());
        unicode::appendUtf8(text, cp);
        spans.push_back(s);
    }
    bool empty() const { return spans.empty(); }
};

std::vector<Word> basicWords(std::string_view text, const WordPieceConfig &c)
{
    const bool strip = c.stripAccents.value_or(c.lowercase);
    std::vector<Word> words;
    Word cur;
    auto flush = [&] {
        if (!cur.empty())
            words.push_back(std::move(cur));
        cur = Word();
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t b = pos;
        char32_t cp = unicode::decodeUtf8(text, pos);
        const Span span{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(pos)};
        if (c.cleanText && (cp == 0 || cp == 0xFFFD || unicode::isControl(cp)))
            continue;
        if (unicode::isWhitespace(cp)) {
            flush();
            continue;
        }
        if (c.splitCjk && unicode::isCjk(cp)) {
            flush();
            cur.push(cp, span);
            flush();
            continue;
        }
        char32_t second = 0;
        if (c.lowercase)
            cp = unicode::toLower(cp, &second);
        if (strip) {
            if (unicode::isCombiningMark(cp)) {
                // Dropped, but its bytes belong to the letter it decorates.
                if (!cur.empty())
                    cur.spans.back().end = span.end;
                continue;
            }
            cp = unicode::stripAccent(cp);
            if (second && unicode::isCombiningMark(second))
                second = 0;
        }
        if (unicode::isPunctuation(cp)) {
            flush();
            cur.push(cp, span);
            flush();
            continue;
        }
        cur.push(cp, span);
        if (second)
            cur.push(second, span);
    }
    flush();
    return words;
}

std::string readFile(const std::string &path, const char *what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Location{path, 0, 0, {}}, std::string("cannot open ") + what);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}   // namespace

std::shared_ptr<WordPieceTokenizer> WordPieceTokenizer::fromVocabFile(const std::string &path,
                                                                      const WordPieceConfig &config)
{
    const std::string data = readFile(path, "WordPiece vocabulary");
    std::vector<std::string> vocab;
    std::size_t start = 0;
    while (start < data.size()) {
        std::size_t nl = data.find('\n', start);
        if (nl == std::string::npos)
            nl = data.size();
        std::string line = data.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        vocab.push_back(std::move(line));
        start = nl + 1;
    }
    if (!vocab.empty() && vocab.front().rfind("\xEF\xBB\xBF", 0) == 0)
        vocab.front().erase(0, 3);
    try {
        return fromVocab(std::move(vocab), config);
    } catch (const Error &e) {
        throw Error(Location{path, 0, 0, {}}, e.what());
    }
}

std::shared_ptr<WordPieceTokenizer> WordPieceTokenizer::fromVocab(std::vector<std::string> vocab,
                                                                  const WordPieceConfig &config)
{
    std::shared_ptr<WordPieceTokenizer> t(new WordPieceTokenizer());
    t->m_config = config;
    t->m_vocab = std::move(vocab);
    t->init();
    return t;
}

void WordPieceTokenizer::init()
{
    if (m_vocab.empty())
        throw Error("WordPiece vocabulary is empty");
    m_ids.clear();
    for (std::size_t i = 0; i < m_vocab.size(); ++i)
        m_ids.emplace(m_vocab[i], static_cast<std::int32_t>(i));   // first occurrence wins
    m_unk = pieceToId(m_config.unkToken);
    if (m_unk < 0)
        throw Error("WordPiece vocabulary has no unknown token '" + m_config.unkToken + "'");
    m_cls = m_config.clsToken.empty() ? -1 : pieceToId(m_config.clsToken);
    m_sep = m_config.sepToken.empty() ? -1 : pieceToId(m_config.sepToken);
    m_mask = pieceToId(m_config.maskToken);
    if (m_mask < 0)
        m_mask = pieceToId("<mask>");
    m_pad = pieceToId(m_config.padToken);
    if (m_pad < 0)
        m_pad = pieceToId("<pad>");
    if (m_pad < 0)
        m_pad = 0;
    // Normal pieces start after the block of specials ([PAD] [unused..] [UNK]
    // [CLS] [SEP] [MASK] in BERT vocabularies) when that block is at the front.
    std::int32_t lastSpecial = -1;
    for (std::int32_t id : {m_pad, m_unk, m_cls, m_sep, m_mask})
        lastSpecial = std::max(lastSpecial, id);
    m_firstNormal = (lastSpecial + 1 < vocabSize() / 2) ? lastSpecial + 1 : 0;
}

std::shared_ptr<WordPieceTokenizer> WordPieceTokenizer::fromTokenizerJson(const std::string &path)
{
    return fromTokenizerJsonText(readFile(path, "tokenizer.json"), path);
}

std::shared_ptr<WordPieceTokenizer> WordPieceTokenizer::fromTokenizerJsonText(std::string_view text,
                                                                              const std::string &path)
{
    using nlohmann::json;
    const Location where{path, 0, 0, {}};
    json j;
    if (JsonDepth::scan(text, JsonDepth::kMaxDepth) > JsonDepth::kMaxDepth)
        throw Error(where, "JSON nested deeper than " + std::to_string(JsonDepth::kMaxDepth) + " levels");
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::exception &e) {
        throw Error(where, std::string("invalid JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("model") || !j["model"].is_object())
        throw Error(where, "no tokenizer model in tokenizer.json");
    const json &model = j["model"];
    const std::string type = model.value("type", std::string());
    if (type != "WordPiece")
        throw Error(where, "tokenizer model is '" + type + "', not WordPiece");
    if (!model.contains("vocab") || !model["vocab"].is_object())
        throw Error(where, "WordPiece model has no vocab");

    WordPieceConfig c;
    c.unkToken = model.value("unk_token", c.unkToken);
    c.continuationPrefix = model.value("continuing_subword_prefix", c.continuationPrefix);
    c.maxCharsPerWord = model.value("max_input_chars_per_word", c.maxCharsPerWord);

    std::vector<std::string> vocab;
    auto place = [&](const std::string &piece, long long id) {
        if (id < 0 || id > 10'000'000)
            throw Error(where, "token id out of range for '" + piece + "'");
        if (static_cast<std::size_t>(id) >= vocab.size())
            vocab.resize(static_cast<std::size_t>(id) + 1);
        vocab[static_cast<std::size_t>(id)] = piece;
    };
    for (auto it = model["vocab"].begin(); it != model["vocab"].end(); ++it)
        place(it.key(), it.value().get<long long>());
    if (j.contains("added_tokens") && j["added_tokens"].is_array())
        for (const auto &a : j["added_tokens"])
            if (a.contains("id") && a.contains("content"))
                place(a["content"].get<std::string>(), a["id"].get<long long>());

    // Normaliser: BertNormalizer, or a Sequence holding it / Lowercase / StripAccents.
    bool lowercaseSeen = false, bertSeen = false;
    std::optional<bool> strip;
    // Sequences may nest; real files use one level. Deeper is refused, not recursed.
    constexpr int kMaxSequenceDepth = 8;
    std::function<void(const json &, int)> readNormalizer = [&](const json &n, int depth) {
        if (!n.is_object())
            return;
        if (depth > kMaxSequenceDepth)
            throw Error(where,
                        "normalizer Sequences nested deeper than " + std::to_string(kMaxSequenceDepth) + " levels");
        const std::string t = n.value("type", std::string());
        if (t == "BertNormalizer") {
            bertSeen = true;
            c.lowercase = n.value("lowercase", true);
            c.cleanText = n.value("clean_text", true);
            c.splitCjk = n.value("handle_chinese_chars", true);
            if (n.contains("strip_accents") && n["strip_accents"].is_boolean())
                strip = n["strip_accents"].get<bool>();
        } else if (t == "Lowercase") {
            lowercaseSeen = true;
        } else if (t == "StripAccents") {
            strip = true;
        } else if (t == "Sequence" && n.contains("normalizers")) {
            for (const auto &m : n["normalizers"])
                readNormalizer(m, depth + 1);
        }
    };
    if (j.contains("normalizer") && !j["normalizer"].is_null()) {
        c.lowercase = false;
        readNormalizer(j["normalizer"], 1);
        c.lowercase = c.lowercase || lowercaseSeen;
        if (!bertSeen)
            strip = strip.value_or(false);
    } else {
        c.lowercase = false;
        strip = false;
    }
    c.stripAccents = strip;

    // Post-processor: which specials wrap a single sequence.
    c.clsToken.clear();
    c.sepToken.clear();
    if (j.contains("post_processor") && j["post_processor"].is_object()) {
        const json &p = j["post_processor"];
        const std::string t = p.value("type", std::string());
        if ((t == "BertProcessing" || t == "RobertaProcessing") && p.contains("cls") && p.contains("sep")) {
            c.clsToken = p["cls"].at(0).get<std::string>();
            c.sepToken = p["sep"].at(0).get<std::string>();
        } else if (t == "TemplateProcessing" && p.contains("single") && p["single"].is_array()) {
            bool seenSequence = false;
            for (const auto &e : p["single"]) {
                if (e.contains("Sequence"))
                    seenSequence = true;
                else if (e.contains("SpecialToken"))
                    (seenSequence ? c.sepToken : c.clsToken) = e["SpecialToken"].value("id", std::string());
            }
        }
    }
    try {
        return fromVocab(std::move(vocab), c);
    } catch (const Error &e) {
        throw Error(where, e.what());
    }
}

std::vector<BasicToken> WordPieceTokenizer::basicTokenize(std::string_view text) const
{
    std::vector<BasicToken> out;
    for (auto &w : basicWords(text, m_config))
        out.push_back({std::move(w.text), w.spans.front().begin, w.spans.back().end});
    return out;
}

std::vector<std::int32_t> WordPieceTokenizer::wordPiece(std::string_view word, std::vector<std::size_t> *ends) const
{
    std::vector<std::size_t> cps;   // byte start of each code point, plus the end
    for (std::size_t pos = 0; pos < word.size();) {
        cps.push_back(pos);
        unicode::decodeUtf8(word, pos);
    }
    const std::size_t n = cps.size();
    cps.push_back(word.size());
    if (ends)
        ends->clear();
    if (n == 0)
        return {};
    if (static_cast<int>(n) > m_config.maxCharsPerWord) {
        if (ends)
            ends->push_back(n);
        return {m_unk};
    }
    std::vector<std::int32_t> ids;
    std::string candidate;
    std::size_t start = 0;
    while (start < n) {
        std::int32_t found = -1;
        std::size_t end = n;
        for (; end > start; --end) {
            candidate.clear();
            if (start > 0)
                candidate = m_config.continuationPrefix;
            candidate.append(word.substr(cps[start], cps[end] - cps[start]));
            const auto it = m_ids.find(candidate);
            if (it != m_ids.end()) {
                found = it->second;
                break;
            }
        }
        if (found < 0) {
            if (ends) {
                ends->clear();
                ends->push_back(n);
            }
            return {m_unk};
        }
        ids.push_back(found);
        if (ends)
            ends->push_back(end);
        start = end;
    }
    return ids;
}

Encoding WordPieceTokenizer::encode(std::string_view text, int maxLen) const
{
    return encodeBounded(text, maxLen, [this](std::string_view t, int n) { return encodeWhole(t, n); });
}

Encoding WordPieceTokenizer::encodeWhole(std::string_view text, int maxLen) const
{
    Encoding e;
    const int specials = (m_cls >= 0 ? 1 : 0) + (m_sep >= 0 ? 1 : 0);
    const std::size_t room =
        maxLen > 0 ? static_cast<std::size_t>(std::max(0, maxLen - specials)) : static_cast<std::size_t>(-1);
    if (m_cls >= 0) {
        e.ids.push_back(m_cls);
        e.offsets.emplace_back(0, 0);
    }
    std::size_t pieces = 0;
    std::vector<std::size_t> ends;
    for (const Word &w : basicWords(text, m_config)) {
        if (pieces >= room)
            break;
        const auto ids = wordPiece(w.text, &ends);
        std::size_t start = 0;
        for (std::size_t k = 0; k < ids.size() && pieces < room; ++k, ++pieces) {
            e.ids.push_back(ids[k]);
            e.offsets.emplace_back(w.spans[start].begin, w.spans[ends[k] - 1].end);
            start = ends[k];
        }
    }
    if (m_sep >= 0 && (maxLen <= 0 || static_cast<int>(e.ids.size()) < maxLen)) {
        e.ids.push_back(m_sep);
        e.offsets.emplace_back(0, 0);
    }
    return e;
}

std::vector<std::string> WordPieceTokenizer::tokenizeToPieces(std::string_view text) const
{
    std::vector<std::string> out;
    for (const Word &w : basicWords(text, m_config))
        for (std::int32_t id : wordPiece(w.text))
            out.push_back(m_vocab[static_cast<std::size_t>(id)]);
    return out;
}

std::string WordPieceTokenizer::piece(std::int32_t id) const
{
    if (id < 0 || id >= vocabSize())
        return {};
    return m_vocab[static_cast<std::size_t>(id)];
}

std::int32_t WordPieceTokenizer::pieceToId(std::string_view piece) const
{
    const auto it = m_ids.find(std::string(piece));
    return it == m_ids.end() ? -1 : it->second;
}

}   // namespace debut
