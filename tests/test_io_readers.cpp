// Readers: quoting, BOM, GBK, ragged rows, empty file, binary garbage, a 10 MB
// single field, CRLF, JSONL errors, chunk boundaries, price parsing (real exports have them all).
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <fstream>
#include <random>

#include "common/error.h"
#include "io/price.h"
#include "io/tablereader.h"
#include "io/textsource.h"

#include "iotestutil.h"
#endif

using namespace debut;

namespace {

struct ReadResult {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::int64_t> lines;
    std::vector<std::string> rowErrors;   // "line:col: reason"
    std::string error;                    // fatal Error::what()
    bool hasHeader = false;
    std::string encoding, format;
    char delimiter = 0;
};

ReadResult readAll(const std::string &path, TableOptions options = {})
{
    ReadResult r;
    try {
        TableReader reader(path, options);
        r.hasHeader = reader.hasHeader();
        r.encoding = textEncodingName(reader.encoding());
        r.format = tableFormatName(reader.format());
        r.delimiter = reader.delimiter();
        TableRow row;
        while (reader.next(row)) {
            if (!row.error.empty()) {
                r.rowErrors.push_back(std::to_string(row.line) + ":" + std::to_string(row.errorColumn) + ": " +
                                      row.error);
                continue;
            }
            r.rows.push_back(row.values);
            r.lines.push_back(row.line);
        }
        r.columns = reader.columns();
    } catch (const Error &e) {
        r.error = e.what();
    }
    return r;
}

std::string join(const std::vector<std::string> &v)
{
    std::string s;
    for (const auto &x : v)
        s += (s.empty() ? "" : "|") + x;
    return s;
}

}   // namespace

class TestIoReaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readers_data();
    void readers();
    void explicitEncoding_data();
    void explicitEncoding();
    void tenMegabyteField();
    void jsonlNumberOverflow();
    void chunkBoundaries_data();
    void chunkBoundaries();
    void price_data();
    void price();
};

void TestIoReaders::readers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("columns");   // joined with |, "" = don't check
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("probeRow");
    QTest::addColumn<int>("probeCol");
    QTest::addColumn<QString>("probeValue");
    QTest::addColumn<int>("probeLine");   // physical line of probeRow, 0 = don't check
    QTest::addColumn<int>("rowErrors");
    QTest::addColumn<QString>("error");   // substring of the fatal error, "" = none

    QTest::newRow("quoting: comma in quotes")
        << "quoting.csv"
        << "id|title|description|price" << 4 << 0 << 1 << "Red, bold mug" << 2 << 0 << "";
    QTest::newRow("quoting: doubled quotes") << "quoting.csv"
                                             << "" << 4 << 0 << 2 << "He said \"hi\"" << 2 << 0 << "";
    QTest::newRow("quoting: newline in field") << "quoting.csv"
                                               << "" << 4 << 1 << 1 << "Multi\nline title" << 3 << 0 << "";
    QTest::newRow("quoting: CRLF kept in field") << "quoting.csv"
                                                 << "" << 4 << 1 << 2 << "line1\r\nline2" << 3 << 0 << "";
    QTest::newRow("quoting: line after multi-line") << "quoting.csv"
                                                    << "" << 4 << 2 << 1 << "Plain" << 6 << 0 << "";
    QTest::newRow("quoting: empty quoted") << "quoting.csv"
                                           << "" << 4 << 2 << 2 << "" << 6 << 0 << "";
    QTest::newRow("quoting: quoted id") << "quoting.csv"
                                        << "" << 4 << 3 << 2 << "a \"b\" c" << 7 << 0 << "";
    QTest::newRow("crlf: records") << "crlf.csv"
                                   << "id|title|price" << 3 << 1 << 1 << "Desk\r\nlamp" << 3 << 0 << "";
    QTest::newRow("crlf: blank line skipped") << "crlf.csv"
                                              << "" << 3 << 2 << 0 << "A3" << 6 << 0 << "";
    QTest::newRow("bom stripped") << "bom.csv"
                                  << "id|title|brand" << 2 << 0 << 0 << "b1" << 2 << 0 << "";
    QTest::newRow("semicolon sniffed") << "bom_semicolon.csv"
                                       << "sku|name|price" << 2 << 0 << 2 << "1.299,00" << 2 << 0 << "";
    QTest::newRow("tsv literal quotes") << "tabs.tsv"
                                        << "item_id|product_name|details" << 2 << 0 << 2 << "smells \"nice\"" << 2 << 0
                                        << "";
    QTest::newRow("gbk detected") << "gbk.csv"
                                  << "商品ID|标题|描述|价格|品牌|类目" << 2 << 0 << 1 << "保温杯" << 2 << 0 << "";
    QTest::newRow("gbk fullwidth yen") << "gbk.csv"
                                       << "" << 2 << 0 << 3 << "￥99" << 2 << 0 << "";
    QTest::newRow("chinese utf-8") << "zh_utf8.csv"
                                   << "编号|名称|详情|价格|品牌|分类" << 1 << 0 << 2 << "陶瓷茶杯" << 2 << 0 << "";
    QTest::newRow("ragged rows reported") << "ragged.csv"
                                          << "id|title|price" << 2 << 1 << 1 << "Four" << 5 << 2 << "";
    QTest::newRow("empty file") << "empty.csv"
                                << "" << 0 << -1 << 0 << "" << 0 << 0 << "";
    QTest::newRow("only blank lines") << "blank_lines.csv"
                                      << "" << 0 << -1 << 0 << "" << 0 << 0 << "";
    QTest::newRow("headerless") << "headerless.csv"
                                << "1|2|3" << 2 << 1 << 1 << "Desk" << 2 << 0 << "";
    QTest::newRow("jsonl rows + errors") << "items.jsonl"
                                         << "id|title|price|color|tags|sku|name" << 2 << 1 << 6 << "Chair" << 5 << 2
                                         << "";
    QTest::newRow("jsonl non-string values") << "items.jsonl"
                                             << "" << 2 << 0 << 4 << "[\"a\",\"b\"]" << 1 << 2 << "";
    QTest::newRow("binary garbage") << "binary.csv"
                                    << "" << 0 << -1 << 0 << "" << 0 << 0 << "NUL byte";
    QTest::newRow("NUL inside text") << "nul_in_text.csv"
                                     << "" << 0 << -1 << 0 << "" << 0 << 0 << "nul_in_text.csv:3: binary data";
    QTest::newRow("unterminated quote") << "unterminated.csv"
                                        << "" << 0 << -1 << 0 << "" << 0 << 0
                                        << "unterminated.csv:3:3: unterminated quoted field";
    QTest::newRow("neither utf-8 nor gbk")
        << "bad_utf8.csv"
        << "" << 0 << -1 << 0 << "" << 0 << 0 << "bad_utf8.csv:2: neither UTF-8 nor GB18030";
    QTest::newRow("utf-16 refused") << "utf16.csv"
                                    << "" << 0 << -1 << 0 << "" << 0 << 0 << "UTF-16";
    QTest::newRow("missing file") << "no_such_file.csv"
                                  << "" << 0 << -1 << 0 << "" << 0 << 0 << "cannot open";
}

void TestIoReaders::readers()
{
    QFETCH(QString, file);
    QFETCH(QString, columns);
    QFETCH(int, rows);
    QFETCH(int, probeRow);
    QFETCH(int, probeCol);
    QFETCH(QString, probeValue);
    QFETCH(int, probeLine);
    QFETCH(int, rowErrors);
    QFETCH(QString, error);

    ReadResult r = readAll(ioFixture(file.toUtf8().constData()));
    if (!error.isEmpty()) {
        QVERIFY2(QString::fromStdString(r.error).contains(error), r.error.c_str());
        return;
    }
    QVERIFY2(r.error.empty(), r.error.c_str());
    if (!columns.isEmpty())
        QCOMPARE(QString::fromStdString(join(r.columns)), columns);
    QCOMPARE(int(r.rows.size()), rows);
    QCOMPARE(int(r.rowErrors.size()), rowErrors);
    if (probeRow >= 0) {
        QVERIFY(std::size_t(probeCol) < r.rows[std::size_t(probeRow)].size());
        QCOMPARE(QString::fromStdString(r.rows[std::size_t(probeRow)][std::size_t(probeCol)]), probeValue);
        if (probeLine > 0)
            QCOMPARE(int(r.lines[std::size_t(probeRow)]), probeLine);
    }
}

void TestIoReaders::explicitEncoding_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("error");
    QTest::newRow("gbk forced") << "gbk.csv"
                                << "gb18030"
                                << "";
    QTest::newRow("gbk read as utf-8") << "gbk.csv"
                                       << "utf-8"
                                       << "gbk.csv:1: invalid UTF-8";
    QTest::newRow("latin-1 read as utf-8") << "bad_utf8.csv"
                                           << "utf-8"
                                           << "bad_utf8.csv:2: invalid UTF-8 (byte 0xE9)";
    QTest::newRow("utf-8 with bom, forced") << "bom.csv"
                                            << "utf-8"
                                            << "";
}

void TestIoReaders::explicitEncoding()
{
    QFETCH(QString, file);
    QFETCH(QString, encoding);
    QFETCH(QString, error);
    TableOptions o;
    QVERIFY(parseTextEncoding(encoding.toStdString(), o.encoding));
    ReadResult r = readAll(ioFixture(file.toUtf8().constData()), o);
    if (error.isEmpty()) {
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(!r.rows.empty());
    } else {
        QVERIFY2(QString::fromStdString(r.error).contains(error), r.error.c_str());
    }
}

// A well-formed line with a number no double holds (nlohmann's out_of_range,
// not a parse_error) is a row error at the number's column, not a crash (fuzz finding).
void TestIoReaders::jsonlNumberOverflow()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("overflow.jsonl").toStdString();
    std::ofstream(path) << "{\"id\":\"a\",\"price\":1e999}\n{\"id\":\"b\",\"price\":2}\n";
    const ReadResult r = readAll(path);
    QCOMPARE(r.error, std::string());
    QCOMPARE(int(r.rows.size()), 1);
    QCOMPARE(r.rows[0][0], std::string("b"));
    QCOMPARE(int(r.rowErrors.size()), 1);
    QCOMPARE(r.rowErrors[0], std::string("1:19: invalid JSON: number overflow parsing '1e999'"));
}

void TestIoReaders::tenMegabyteField()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("big.csv").toStdString();
    std::string big;
    big.reserve(10 << 20);
    std::mt19937 rng(1);
    const char alphabet[] = "abc ,\n\"xyz";
    while (big.size() < (10u << 20))
        big += alphabet[rng() % (sizeof alphabet - 1)];
    std::string quoted;
    for (char c : big) {
        quoted += c;
        if (c == '"')
            quoted += '"';
    }
    {
        std::ofstream out(path, std::ios::binary);
        out << "id,title,description\n1,Big,\"" << quoted << "\"\n2,After,small\n";
    }
    ReadResult r = readAll(path);
    QVERIFY2(r.error.empty(), r.error.c_str());
    QCOMPARE(int(r.rows.size()), 2);
    QCOMPARE(r.rows[0][2].size(), big.size());
    QVERIFY(r.rows[0][2] == big);
    QCOMPARE(r.rows[1][1], std::string("After"));
    const auto newlines = std::count(big.begin(), big.end(), '\n');
    QCOMPARE(r.lines[1], std::int64_t(3 + newlines));
}

void TestIoReaders::chunkBoundaries_data()
{
    QTest::addColumn<QString>("encoding");   // how the generated file is written
    QTest::newRow("utf-8") << "utf-8";
    QTest::newRow("gb18030") << "gb18030";
}

void TestIoReaders::chunkBoundaries()
{
    // > 2 chunks of multi-byte text with quoted fields and CRLF, so sequences,
    // quotes and CRLF pairs straddle chunk ends somewhere.
    QFETCH(QString, encoding);
    QTemporaryDir dir;
    const QString path = dir.filePath("chunks.csv");
    QString text = QStringLiteral("编号,标题,描述\r\n");
    const int n = 60000;
    for (int i = 0; i < n; ++i)
        text += QStringLiteral("%1,保温杯%1,\"说明, \"\"引号\"\"\r\n第二行\"\r\n").arg(i);
    QByteArray bytes;
    if (encoding == "utf-8") {
        bytes = text.toUtf8();
    } else {
        // Qt may lack a GB18030 codec: convert with iconv through TextSource's peer, the system.
        QProcess iconv;
        iconv.start("iconv", {"-f", "UTF-8", "-t", "GB18030"});
        iconv.write(text.toUtf8());
        iconv.closeWriteChannel();
        QVERIFY(iconv.waitForFinished(30000));
        bytes = iconv.readAllStandardOutput();
        QVERIFY(bytes.size() > 0);
    }
    QVERIFY(bytes.size() > 2 * int(TextSource::kChunkSize));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    ReadResult r = readAll(path.toStdString());
    QVERIFY2(r.error.empty(), r.error.c_str());
    QCOMPARE(QString::fromStdString(r.encoding), encoding);
    QCOMPARE(int(r.rows.size()), n);
    for (int i = 0; i < n; i += 997) {
        QCOMPARE(QString::fromStdString(r.rows[std::size_t(i)][1]), QStringLiteral("保温杯%1").arg(i));
        QCOMPARE(QString::fromStdString(r.rows[std::size_t(i)][2]), QStringLiteral("说明, \"引号\"\r\n第二行"));
        QCOMPARE(r.lines[std::size_t(i)], std::int64_t(2 + 2 * i));
    }
}

void TestIoReaders::price_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");   // -1 = no price
    QTest::newRow("plain") << "12" << true << 12.0;
    QTest::newRow("decimal") << "12.5" << true << 12.5;
    QTest::newRow("dollar thousands") << "$1,299.00" << true << 1299.0;
    QTest::newRow("yen") << "¥99" << true << 99.0;
    QTest::newRow("fullwidth yen") << "￥99" << true << 99.0;
    QTest::newRow("yuan suffix") << "99元" << true << 99.0;
    QTest::newRow("euro suffix") << "12,50 €" << true << 12.5;
    QTest::newRow("decimal comma") << "12,5" << true << 12.5;
    QTest::newRow("comma thousands") << "1,299" << true << 1299.0;
    QTest::newRow("european") << "1.299,00" << true << 1299.0;
    QTest::newRow("spaces thousands") << "1 299,00" << true << 1299.0;
    QTest::newRow("millions") << "1,234,567.5" << true << 1234567.5;
    QTest::newRow("code prefix") << "USD 12.50" << true << 12.5;
    QTest::newRow("empty") << "" << true << -1.0;
    QTest::newRow("n/a") << "n/a" << true << -1.0;
    QTest::newRow("negative") << "-4" << false << 0.0;
    QTest::newRow("words") << "ten dollars" << false << 0.0;
    QTest::newRow("range") << "10-20" << false << 0.0;
    QTest::newRow("bad groups") << "1,29,9" << false << 0.0;
    QTest::newRow("nan") << "nan" << false << 0.0;
    QTest::newRow("inf") << "1e999" << false << 0.0;
}

void TestIoReaders::price()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    std::optional<double> out;
    std::string why;
    QCOMPARE(parsePrice(text.toStdString(), out, why), ok);
    if (!ok) {
        QVERIFY(!why.empty());
        return;
    }
    if (value < 0)
        QVERIFY(!out);
    else {
        QVERIFY(out);
        QCOMPARE(*out, value);
    }
}

DEBUT_TEST_MAIN(TestIoReaders, "test_io_readers", Core)

#include "test_io_readers.moc"
