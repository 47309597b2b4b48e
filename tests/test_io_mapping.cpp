// Column mapping guesses (English + Chinese), overrides, fallbacks, row conversion.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include "common/error.h"
#include "io/columnmapping.h"
#endif

using namespace debut;

class TestIoMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void guess_data();
    void guess();
    void resolve_data();
    void resolve();
    void toItem_data();
    void toItem();
    void badOverride();
};

void TestIoMapping::guess_data()
{
    QTest::addColumn<bool>("labels");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("field");
    const struct {
        bool labels;
        const char *header, *field;
    } rows[] = {
        {false, "id", "id"},
        {false, "SKU", "id"},
        {false, "Item ID", "id"},
        {false, "product_id", "id"},
        {false, "商品ID", "id"},
        {false, "title", "title"},
        {false, "Name", "title"},
        {false, "product-name", "title"},
        {false, "标题", "title"},
        {false, "名称", "title"},
        {false, "description", "description"},
        {false, "desc", "description"},
        {false, "Details", "description"},
        {false, "描述", "description"},
        {false, "详情", "description"},
        {false, "price", "price"},
        {false, "价格", "price"},
        {false, "Brand", "brand"},
        {false, "品牌", "brand"},
        {false, "category", "category"},
        {false, "类目", "category"},
        {false, "分类", "category"},
        {false, "colour", ""},
        {false, "", ""},
        {true, "item_id", "item_id"},
        {true, "id", "item_id"},
        {true, "商品id", "item_id"},
        {true, "label", "label"},
        {true, "value", "label"},
        {true, "rating", "label"},
        {true, "clicked", "label"},
        {true, "bought", "label"},
        {true, "标签", "label"},
        {true, "event_type", "label"},
        {true, "行为", "label"},
        {true, "behavior_type", "label"},
        {true, "segment", "segment"},
        {true, "user_group", "segment"},
        {true, "分群", "segment"},
        {true, "weight", "weight"},
        {true, "time", "time"},
        {true, "timestamp", "time"},
        {true, "时间", "time"},
        {true, "title", ""},
    };
    for (const auto &r : rows)
        QTest::newRow(QString("%1 %2").arg(r.labels ? "labels" : "items", r.header).toUtf8().constData())
            << r.labels << QString::fromUtf8(r.header) << QString::fromUtf8(r.field);
}

void TestIoMapping::guess()
{
    QFETCH(bool, labels);
    QFETCH(QString, header);
    QFETCH(QString, field);
    auto got = ColumnMapping::guessField(labels ? MappingTarget::Labels : MappingTarget::Items, header.toStdString());
    QCOMPARE(QString::fromStdString(got), field);
}

void TestIoMapping::resolve_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QStringList>("overrides");   // SRC=FIELD
    QTest::addColumn<QStringList>("expected");    // field per column, or "!error substring"
    QTest::newRow("english") << QStringList{"sku", "name", "desc", "price", "colour"} << QStringList{}
                             << QStringList{"id", "title", "description", "price", "extra"};
    QTest::newRow("chinese") << QStringList{"商品ID", "标题", "详情", "价格", "品牌", "类目"} << QStringList{}
                             << QStringList{"id", "title", "description", "price", "brand", "category"};
    QTest::newRow("second title goes to extra")
        << QStringList{"id", "title", "name"} << QStringList{} << QStringList{"id", "title", "extra"};
    QTest::newRow("override wins over guess")
        << QStringList{"id", "title", "name"} << QStringList{"name=title"} << QStringList{"id", "extra", "title"};
    QTest::newRow("override by index") << QStringList{"1", "2", "3"} << QStringList{"1=id", "2=title", "3=price"}
                                       << QStringList{"id", "title", "price"};
    QTest::newRow("ignore") << QStringList{"id", "title", "secret"} << QStringList{"secret=ignore"}
                            << QStringList{"id", "title", "ignore"};
    QTest::newRow("rt_id,category,text fallback")
        << QStringList{"rt_id", "category", "text"} << QStringList{} << QStringList{"id", "category", "title"};
    QTest::newRow("missing title") << QStringList{"id", "price"} << QStringList{}
                                   << QStringList{"!no column for required field 'title'"};
    QTest::newRow("override of missing column") << QStringList{"id", "title"} << QStringList{"nope=brand"}
                                                << QStringList{"!--map nope=brand: no column 'nope'"};
}

void TestIoMapping::resolve()
{
    QFETCH(QStringList, columns);
    QFETCH(QStringList, overrides);
    QFETCH(QStringList, expected);
    std::vector<std::string> cols, specs;
    for (const auto &c : columns)
        cols.push_back(c.toStdString());
    for (const auto &o : overrides)
        specs.push_back(o.toStdString());
    try {
        ColumnMapping m(MappingTarget::Items, ColumnMapping::parseOverrides(specs));
        m.resolve(cols, "f.csv");
        QVERIFY2(!expected.value(0).startsWith('!'), "expected an error");
        for (int i = 0; i < columns.size(); ++i)
            QCOMPARE(QString::fromStdString(m.fieldOf(std::size_t(i), cols)), expected[i]);
    } catch (const Error &e) {
        QVERIFY2(expected.value(0).startsWith('!'), e.what());
        QVERIFY2(QString::fromStdString(e.what()).contains(expected[0].mid(1)), e.what());
    }
}

void TestIoMapping::toItem_data()
{
    QTest::addColumn<QStringList>("values");   // for columns id,title,price,colour
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expect");   // extraJson when ok, reason substring otherwise
    QTest::newRow("ok with extra") << QStringList{" a1 ", "Mug", "$1,299.00", "red"} << true << 0
                                   << "{\"colour\":\"red\"}";
    QTest::newRow("extra escaped") << QStringList{"a1", "Mug", "1", "say \"hi\"\n\\ \t\x01"} << true << 0
                                   << "{\"colour\":\"say \\\"hi\\\"\\n\\\\ \\t\\u0001\"}";
    QTest::newRow("empty extra dropped") << QStringList{"a1", "Mug", "", ""} << true << 0 << "{}";
    QTest::newRow("bad price names column")
        << QStringList{"a1", "Mug", "cheap", "red"} << false << 3 << "unparseable price 'cheap'";
    QTest::newRow("empty id") << QStringList{"", "Mug", "1", "red"} << false << 1 << "empty item id";
    QTest::newRow("empty title") << QStringList{"a1", "  ", "1", "red"} << false << 2 << "empty title";
}

void TestIoMapping::toItem()
{
    QFETCH(QStringList, values);
    QFETCH(bool, ok);
    QFETCH(int, column);
    QFETCH(QString, expect);
    std::vector<std::string> cols = {"id", "title", "price", "colour"};
    ColumnMapping m(MappingTarget::Items);
    m.resolve(cols, "f.csv");
    TableRow row;
    for (const auto &v : values)
        row.values.push_back(v.toStdString());
    row.present.assign(row.values.size(), 1);
    ItemRecord item;
    std::string reason;
    std::int64_t col = -1;
    QCOMPARE(m.toItem(row, cols, item, reason, col), ok);
    if (ok) {
        QCOMPARE(QString::fromStdString(item.extraJson), expect);
        QCOMPARE(item.id, std::string("a1"));
    } else {
        QCOMPARE(int(col), column);
        QVERIFY2(QString::fromStdString(reason).contains(expect), reason.c_str());
    }
}

void TestIoMapping::badOverride()
{
    QVERIFY_THROWS_EXCEPTION(Error, ColumnMapping(MappingTarget::Items, {{"a", "colour"}}));
    QVERIFY_THROWS_EXCEPTION(Error, ColumnMapping::parseOverrides({"novalue"}));
    QVERIFY_THROWS_EXCEPTION(Error, ColumnMapping::parseOverrides({"=title"}));
}

DEBUT_TEST_MAIN(TestIoMapping, "test_io_mapping", Core)

#include "test_io_mapping.moc"
