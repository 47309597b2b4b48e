// WordPiece / BERT basic tokenizer: case folding, accents, CJK, punctuation,
// ## pieces, [UNK], offsets back into the source text, tokenizer.json loading.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include "common/error.h"
#include "text/unicode.h"
#include "text/wordpiece.h"
#endif

using namespace debut;

namespace {

std::string textFixture(const char *name) { return std::string(DEBUT_TEST_DATA) + "/text/" + name; }

QString join(const std::vector<std::string> &v, const char *sep)
{
    QStringList out;
    for (const auto &s : v)
        out << QString::fromStdString(s);
    return out.join(QString::fromLatin1(sep));
}

// "piece piece ..." and "substring|substring|..." of one encoding, specials left out.
void describe(const WordPieceTokenizer &t, const std::string &text, const Encoding &e, QString *pieces, QString *spans)
{
    std::vector<std::string> p, s;
    for (std::size_t i = 0; i < e.ids.size(); ++i) {
        if (e.ids[i] == t.clsId() || e.ids[i] == t.sepId())
            continue;
        p.push_back(t.piece(e.ids[i]));
        const auto [b, en] = e.offsets[i];
        s.push_back(text.substr(b, en - b));
    }
    *pieces = join(p, " ");
    *spans = join(s, "|");
}

}   // namespace

class TestWordPiece : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encode_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("lowercase");
        QTest::addColumn<QString>("pieces");
        QTest::addColumn<QString>("spans");
        // clang-format off
        QTest::newRow("classic bert") << QString::fromUtf8("UNwant\u00E9d,running") << true
            << "un ##want ##ed , runn ##ing" << QString::fromUtf8("UN|want|\u00E9d|,|runn|ing");
        QTest::newRow("lower-cased") << "Hello, World!" << true << "hello , world !" << "Hello|,|World|!";
        QTest::newRow("cased") << "Hello, World!" << false << "Hello , World !" << "Hello|,|World|!";
        QTest::newRow("accents stripped") << QString::fromUtf8("Caf\u00E9 na\u00EFve") << true
            << "cafe naive" << QString::fromUtf8("Caf\u00E9|na\u00EFve");
        QTest::newRow("accents kept when cased") << QString::fromUtf8("Caf\u00E9") << false
            << QString::fromUtf8("Caf\u00E9") << QString::fromUtf8("Caf\u00E9");
        QTest::newRow("combining mark joins its letter") << QString::fromUtf8("Cafe\u0301!") << true
            << "cafe !" << QString::fromUtf8("Cafe\u0301|!");
        QTest::newRow("eszett has no decomposition") << QString::fromUtf8("STRA\u00DFE") << true
            << QString::fromUtf8("stra\u00DFe") << QString::fromUtf8("STRA\u00DFE");
        QTest::newRow("dotted capital I") << QString::fromUtf8("\u0130stanbul") << true
            << "istanbul" << QString::fromUtf8("\u0130stanbul");
        QTest::newRow("cjk split") << QString::fromUtf8("\u6211\u7231\u4E2D\u56FD") << true
            << QString::fromUtf8("\u6211 [UNK] \u4E2D \u56FD") << QString::fromUtf8("\u6211|\u7231|\u4E2D|\u56FD");
        QTest::newRow("cjk inside latin") << QString::fromUtf8("abc\u4E2Ddef") << true
            << QString::fromUtf8("abc \u4E2D def") << QString::fromUtf8("abc|\u4E2D|def");
        QTest::newRow("apostrophe") << "Don't" << true << "don ' t" << "Don|'|t";
        QTest::newRow("fullwidth punctuation") << QString::fromUtf8("\u4E2D\u56FD\uFF01") << true
            << QString::fromUtf8("\u4E2D \u56FD [UNK]") << QString::fromUtf8("\u4E2D|\u56FD|\uFF01");
        QTest::newRow("whitespace and control") << QString::fromUtf8("\thello\u00A0world\u200B \u3000") << true
            << "hello world" << "hello|world";
        QTest::newRow("unknown word") << "the xyzzy dog" << true << "the [UNK] dog" << "the|xyzzy|dog";
        QTest::newRow("continuation pieces") << "jumps aaaa" << true << "jump ##s a ##a ##a ##a"
            << "jump|s|a|a|a|a";
        QTest::newRow("too long word") << (QString(101, QLatin1Char('a')) + " dog") << true
            << "[UNK] dog" << (QString(101, QLatin1Char('a')) + "|dog");
        QTest::newRow("exactly 100 chars") << QString(100, QLatin1Char('a')) << true
            << ("a" + QString(" ##a").repeated(99)) << (QString("a|").repeated(99) + "a");
        QTest::newRow("empty") << "" << true << "" << "";
        QTest::newRow("invalid utf8 dropped") << QString::fromLatin1("the\xff") << true << "the" << "the";
        // clang-format on
    }
    void encode()
    {
        QFETCH(QString, text);
        QFETCH(bool, lowercase);
        QFETCH(QString, pieces);
        QFETCH(QString, spans);
        WordPieceConfig c;
        c.lowercase = lowercase;
        auto t = WordPieceTokenizer::fromVocabFile(textFixture("vocab.txt"), c);
        // Latin-1 rows carry raw bytes (invalid UTF-8 on purpose).
        const std::string s =
            QTest::currentDataTag() == QByteArray("invalid utf8 dropped") ? std::string("the\xff") : text.toStdString();
        const Encoding e = t->encode(s, 0);
        QCOMPARE(e.ids.size(), e.offsets.size());
        QCOMPARE(e.ids.front(), t->clsId());
        QCOMPARE(e.ids.back(), t->sepId());
        QCOMPARE(e.offsets.front(), std::make_pair(0u, 0u));
        QString gotPieces, gotSpans;
        describe(*t, s, e, &gotPieces, &gotSpans);
        QCOMPARE(gotPieces, pieces);
        QCOMPARE(gotSpans, spans);
    }

    void truncation()
    {
        auto t = WordPieceTokenizer::fromVocabFile(textFixture("vocab.txt"));
        const Encoding e = t->encode("the quick brown fox jumps over the lazy dog", 5);
        QCOMPARE(int(e.ids.size()), 5);
        QCOMPARE(e.ids[0], t->clsId());
        QCOMPARE(t->piece(e.ids[1]), std::string("the"));
        QCOMPARE(t->piece(e.ids[3]), std::string("brown"));
        QCOMPARE(e.ids[4], t->sepId());
    }

    void specials()
    {
        auto t = WordPieceTokenizer::fromVocabFile(textFixture("vocab.txt"));
        QCOMPARE(t->padId(), 0);
        QCOMPARE(t->unkId(), 2);
        QCOMPARE(t->clsId(), 3);
        QCOMPARE(t->sepId(), 4);
        QCOMPARE(t->maskId(), 5);
        QCOMPARE(t->firstNormalId(), 6);
        QCOMPARE(t->vocabSize(), 46);
        QCOMPARE(t->kind(), std::string("wordpiece"));
    }

    void tokenizerJson_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("lowercase");
        QTest::newRow("template, uncased") << "tokenizer.json" << true;
        QTest::newRow("bert processing, cased") << "tokenizer_cased.json" << false;
    }
    void tokenizerJson()
    {
        QFETCH(QString, file);
        QFETCH(bool, lowercase);
        auto j = WordPieceTokenizer::fromTokenizerJson(textFixture(file.toUtf8().constData()));
        WordPieceConfig c;
        c.lowercase = lowercase;
        auto v = WordPieceTokenizer::fromVocabFile(textFixture("vocab.txt"), c);
        QCOMPARE(j->config().lowercase, lowercase);
        QCOMPARE(j->vocabSize(), v->vocabSize());
        QCOMPARE(j->clsId(), 3);
        QCOMPARE(j->sepId(), 4);
        for (const char *s : {"Hello, World!",
                              "UNwant\xC3\xA9"
                              "d,running",
                              "Caf\xC3\xA9 na\xC3\xAFve \xE4\xB8\xAD"}) {
            const Encoding a = j->encode(s, 0), b = v->encode(s, 0);
            QCOMPARE(a.ids, b.ids);
            QCOMPARE(a.offsets, b.offsets);
        }
    }

    void errors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, WordPieceTokenizer::fromVocabFile(textFixture("missing.txt")));
        QVERIFY_THROWS_EXCEPTION(Error, WordPieceTokenizer::fromVocab({"a", "b"}));   // no [UNK]
        QVERIFY_THROWS_EXCEPTION(Error, WordPieceTokenizer::fromTokenizerJsonText("{\"model\":{\"type\":\"BPE\"}}"));
        QVERIFY_THROWS_EXCEPTION(Error, WordPieceTokenizer::fromTokenizerJsonText("{not json"));
    }

    void unicodeHelpers()
    {
        std::string s;
        for (char32_t cp : {U'a', U'\u00E9', U'\u4E2D', U'\U0001F600'})
            unicode::appendUtf8(s, cp);
        QCOMPARE(unicode::length(s), std::size_t(4));
        std::size_t pos = 0;
        QCOMPARE(unicode::decodeUtf8(s, pos), U'a');
        QCOMPARE(unicode::decodeUtf8(s, pos), U'\u00E9');
        QCOMPARE(unicode::decodeUtf8(s, pos), U'\u4E2D');
        QCOMPARE(unicode::decodeUtf8(s, pos), U'\U0001F600');
        QCOMPARE(pos, s.size());
        const std::string overlong = "\xC0\xAF";
        pos = 0;
        QCOMPARE(unicode::decodeUtf8(overlong, pos), char32_t(0xFFFD));
        QCOMPARE(pos, std::size_t(1));
        QCOMPARE(unicode::toLower(U'\u0178'), U'\u00FF');
        QCOMPARE(unicode::toLower(U'\u0141'), U'\u0142');
        QCOMPARE(unicode::toLower(U'\u0416'), U'\u0436');
        QCOMPARE(unicode::stripAccent(U'\u0151'), U'o');
        QCOMPARE(unicode::stripAccent(U'\u0141'), U'\u0141');
        QVERIFY(unicode::isPunctuation(U'\u3002'));
        QVERIFY(unicode::isPunctuation(U'$'));
        QVERIFY(!unicode::isPunctuation(U'\u4E2D'));
    }
};

DEBUT_TEST_MAIN(TestWordPiece, "test_wordpiece", None)

#include "test_wordpiece.moc"
