// The workbench shell offscreen: navigation, project new/open/save-as, the
// import wizard (detection, guessed mapping, rejected rows saved as CSV), the
// lazy catalogue model and its filters, labelling with keys, languages.
#include <QtTest>

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>

#include "appearance.h"
#include "cataloguepage.h"
#include "explanationview.h"
#include "guitestutil.h"
#include "importwizard.h"
#include "itemtablemodel.h"
#include "labelspage.h"
#include "language.h"
#include "mainwindow.h"
#include "metricscharts.h"
#include "projectdocument.h"
#include "warningsmodel.h"

using namespace debut;

class TestGuiShell : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { guitest::isolateSettings(); }

    void navigation()
    {
        MainWindow w;
        w.show();
        QVERIFY(!w.document()->isOpen());
        for (int p = 0; p < MainWindow::PageCount; ++p) {
            w.showPage(MainWindow::Page(p));
            QCOMPARE(int(w.currentPage()), p);
        }
        QVERIFY(!w.jobProgressBar()->isVisible());
        QVERIFY(!w.cancelButton()->isVisible());
    }

    void importWizardItems_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("imported");
        QTest::addColumn<qint64>("rejected");
        QTest::newRow("sample catalogue")
            << guitest::sampleFile(QStringLiteral("catalogue.csv")) << qint64(1610) << qint64(0);
        QTest::newRow("chinese gb18030") << guitest::sampleFile(QStringLiteral("zh/catalogue_zh_gb18030.csv"))
                                         << qint64(-1) << qint64(0);
        QTest::newRow("bad rows") << guitest::fixture(QStringLiteral("items_bad.csv")) << qint64(-1) << qint64(-1);
    }

    void importWizardItems()
    {
        QFETCH(QString, file);
        QFETCH(qint64, imported);
        QFETCH(qint64, rejected);
        QTemporaryDir dir;
        MainWindow w;
        QVERIFY2(w.document()->newProject(dir.filePath(QStringLiteral("p.debut"))),
                 qPrintable(w.document()->errorString()));

        ImportWizard wizard(w.document(), ImportWizard::Items, &w);
        wizard.setFile(file);
        wizard.show();
        QCOMPARE(wizard.currentId(), int(ImportWizard::FilePage));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::FormatPage));
        QVERIFY(!wizard.columns().isEmpty());
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::MappingPage));
        const QStringList mapping = wizard.mapping();
        QVERIFY2(mapping.contains(QStringLiteral("id")) && mapping.contains(QStringLiteral("title")),
                 qPrintable(mapping.join(',')));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::RunPage));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.importDone(), 60000);
        QCOMPARE(wizard.importStatus(), 0);
        if (imported >= 0)
            QCOMPARE(wizard.importedCount(), imported);
        else
            QVERIFY(wizard.importedCount() > 0);
        if (rejected >= 0) {
            QCOMPARE(wizard.rejectedCount(), rejected);
        } else {
            QVERIFY(wizard.rejectedCount() > 0);
            QCOMPARE(wizard.rejectedTable()->rowCount(), int(wizard.rejectedCount()));
            const QString out = dir.filePath(QStringLiteral("rejected.csv"));
            QVERIFY(wizard.saveRejected(out));
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
            QCOMPARE(lines.value(0), QStringLiteral("file,line,column,field,reason"));
            QCOMPARE(lines.size(), int(wizard.rejectedCount()) + 1);
            QVERIFY2(lines.value(1).contains(QStringLiteral("items_bad.csv,")), qPrintable(lines.value(1)));
        }
        QVERIFY(!w.document()->isBusy());
        // the catalogue shows what was imported
        QCOMPARE(w.cataloguePage()->model()->totalCount(), w.document()->store().itemCount());
    }

    void lazyCatalogueAndFilters()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(w.document()->newProject(dir.filePath(QStringLiteral("p.debut"))));
        ImportWizard wizard(w.document(), ImportWizard::Items);
        wizard.setFile(guitest::sampleFile(QStringLiteral("catalogue.csv")));
        wizard.show();
        wizard.next();
        wizard.next();
        wizard.next();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.importDone(), 60000);

        ItemTableModel *m = w.cataloguePage()->model();
        QCOMPARE(m->totalCount(), qint64(1610));
        // lazy: the view pulled only the first page(s), not the whole catalogue
        QVERIFY(m->rowCount() >= ItemTableModel::kPageSize);
        QVERIFY(m->rowCount() < 1610);
        QVERIFY(m->canFetchMore({}));
        while (m->canFetchMore({}))
            m->fetchMore({});
        QCOMPARE(m->rowCount(), 1610);

        ItemFilter f;
        f.category = w.document()->store().categories().front();
        m->setFilter(f);
        QVERIFY(m->totalCount() > 0 && m->totalCount() < 1610);
        // brand filter (SQL-side): the page's combo lists the project's brands
        QComboBox *brand = w.cataloguePage()->brandCombo();
        const std::vector<std::string> brands = w.document()->store().brands();
        QCOMPARE(brand->count(), int(brands.size()) + 1);
        QVERIFY(brands.size() > 1);
        brand->setCurrentIndex(brand->findData(QString::fromStdString(brands.front())));
        w.cataloguePage()->applyFilter();
        QCOMPARE(m->filter().brand, brands.front());
        {
            qint64 expected = 0;
            for (const ItemRow &r : w.document()->store().allItems())
                expected += r.item.brand == brands.front() ? 1 : 0;
            QVERIFY(expected > 0 && expected < 1610);
            QCOMPARE(m->totalCount(), expected);
            while (m->canFetchMore({}))
                m->fetchMore({});
            QCOMPARE(m->rowCount(), int(expected));
            for (int r = 0; r < m->rowCount(); ++r)
                QCOMPARE(m->index(r, ItemTableModel::BrandColumn).data().toString(),
                         QString::fromStdString(brands.front()));
        }
        // brand AND category
        f = {};
        f.brand = brands.front();
        f.category = w.document()->store().categories().front();
        m->setFilter(f);
        {
            ItemFilter brandOnly;
            brandOnly.brand = brands.front();
            QVERIFY(m->totalCount() <= w.document()->store().itemCount(brandOnly));
        }
        brand->setCurrentIndex(0);
        w.cataloguePage()->applyFilter();
        QCOMPARE(m->totalCount(), qint64(1610));
        f = {};
        f.minPrice = 50;
        f.maxPrice = 60;
        m->setFilter(f);
        QVERIFY(m->totalCount() > 0 && m->totalCount() < 1610);
        QTest::keyClicks(w.cataloguePage()->searchEdit(), QStringLiteral("zzzz-no-such-item"));
        w.cataloguePage()->applyFilter();
        QCOMPARE(m->totalCount(), qint64(0));
        QCOMPARE(m->rowCount(), 0);
    }

    void labelWithKeys()
    {
        QTemporaryDir dir;
        MainWindow w;
        w.show();
        ProjectDocument *doc = w.document();
        QVERIFY(doc->newProject(dir.filePath(QStringLiteral("p.debut"))));
        ItemRecord a{"A-1", "Rain jacket", "Waterproof shell", 99.0, "Oakline", "outdoor", "{}"};
        ItemRecord b{"B-2", "Tea cup", "Porcelain", 9.0, "Fenwood", "home", "{}"};
        doc->store().upsertItem(a, DuplicatePolicy::Fail);
        doc->store().upsertItem(b, DuplicatePolicy::Fail);
        Q_EMIT doc->itemsChanged();
        std::int64_t taskId = 0;
        QVERIFY(doc->ensureTask(QStringLiteral("bought"), TaskKind::Binary, &taskId));

        w.showPage(MainWindow::LabelsView);
        LabelsPage *page = w.labelsPage();
        QCOMPARE(page->currentTaskId(), taskId);
        QCOMPARE(page->labelValues(), QStringList({QStringLiteral("1"), QStringLiteral("0")}));
        QTableView *view = page->view();
        while (page->model()->canFetchMore({}))   // the hidden view has not asked for rows yet
            page->model()->fetchMore({});
        QCOMPARE(page->model()->rowCount(), 2);
        view->setFocus();
        view->setCurrentIndex(page->model()->index(0, ItemTableModel::TitleColumn));
        QTest::keyClick(view, Qt::Key_1);
        QTest::keyClick(view, Qt::Key_0);   // the selection moved on to the second item
        auto labels = doc->store().labels(taskId);
        QCOMPARE(int(labels.size()), 2);
        QCOMPARE(QString::fromStdString(labels[0].value), QStringLiteral("1"));
        QCOMPARE(QString::fromStdString(labels[1].value), QStringLiteral("0"));
        QCOMPARE(QString::fromStdString(labels[0].source), QStringLiteral("gui"));
        QCOMPARE(page->model()->labelAt(0), QStringLiteral("1"));
        view->setCurrentIndex(page->model()->index(0, ItemTableModel::TitleColumn));
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(int(doc->store().labels(taskId).size()), 1);
        // A new segment goes through the document, which says so (the pages reload their lists).
        QSignalSpy segments(doc, &ProjectDocument::segmentsChanged);
        std::int64_t segmentId = 0, again = 0;
        QVERIFY(doc->ensureSegment(QStringLiteral("students"), &segmentId));
        QCOMPARE(segments.count(), 1);
        QVERIFY(doc->ensureSegment(QStringLiteral("students"), &again));
        QCOMPARE(again, segmentId);
        QCOMPARE(segments.count(), 1);   // not new: no signal
        QCOMPARE(doc->store().segmentId("students").value_or(0), segmentId);
    }

    void saveAsAndRecent()
    {
        QTemporaryDir dir;
        MainWindow w;
        const QString p1 = dir.filePath(QStringLiteral("one.debut"));
        const QString p2 = dir.filePath(QStringLiteral("two.debut"));
        QVERIFY(w.document()->newProject(p1));
        ItemRecord a{"A-1", "Rain jacket", "", std::nullopt, "", "", "{}"};
        w.document()->store().upsertItem(a, DuplicatePolicy::Fail);
        QVERIFY2(w.document()->saveAs(p2), qPrintable(w.document()->errorString()));
        QCOMPARE(w.document()->path(), QFileInfo(p2).absoluteFilePath());
        QCOMPARE(w.document()->store().itemCount(), std::int64_t(1));
        QCOMPARE(MainWindow::recentFiles().value(0), QFileInfo(p2).absoluteFilePath());
        QVERIFY(MainWindow::recentFiles().contains(QFileInfo(p1).absoluteFilePath()));
        // a file that is not a project: an error message, nothing opened, nothing changed
        const QString junk = dir.filePath(QStringLiteral("junk.debut"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not sqlite");
        f.close();
        ProjectDocument doc;
        QVERIFY(!doc.open(junk));
        QVERIFY(!doc.errorString().isEmpty());
        QVERIFY(!doc.isOpen());
    }

    // Another process writing the project: the workbench's edit fails within
    // ProjectDocument::kGuiBusyTimeoutMs and names the holder, no long freeze.
    void busyProjectSaysWho()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("busy.debut"));
        ProjectDocument doc;
        QVERIFY(doc.newProject(path));
        ProjectStore other = ProjectStore::open(path.toStdString());
        Transaction tx(other.db());
        other.setMeta("holding", "yes");
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!doc.ensureTask(QStringLiteral("bought"), TaskKind::Binary));
        QVERIFY(timer.elapsed() < ProjectDocument::kGuiBusyTimeoutMs + 2000);
        QVERIFY2(doc.errorString().contains(QStringLiteral("the project is busy: another program")),
                 qPrintable(doc.errorString()));
    }

    void languages()
    {
        QVERIFY(Language::install(QStringLiteral("zh_CN")));
        {
            MainWindow w;
            auto *nav = w.findChild<QListWidget *>(QStringLiteral("navigation"));
            QVERIFY(nav);
            QCOMPARE(nav->item(0)->text(), QStringLiteral("商品目录"));
        }
        QVERIFY(Language::install(QStringLiteral("en")));
        MainWindow w;
        auto *nav = w.findChild<QListWidget *>(QStringLiteral("navigation"));
        QCOMPARE(nav->item(0)->text(), QStringLiteral("Catalogue"));
        // switching at run time retranslates the open window
        QVERIFY(Language::install(QStringLiteral("zh_CN")));
        QCoreApplication::processEvents();
        QCOMPARE(nav->item(0)->text(), QStringLiteral("商品目录"));
        QVERIFY(Language::install(QStringLiteral("en")));
    }

    // Explanation notes come from core in English with a code; the workbench
    // shows them in its language. Its table covers every core code with core's
    // English sentence as source, and zh_CN translates each one.
    void explanationNotes()
    {
        QStringList core;
        for (const auto &c : ExplanationNote::codes())
            core << QString::fromStdString(c);
        QCOMPARE(translatedNoteCodes(), core);
        const std::vector<std::string> args = {"Acme", "12", "34", "0.5"};
        QVERIFY(Language::install(QStringLiteral("en")));
        for (const auto &c : ExplanationNote::codes()) {
            const ExplanationNote n = ExplanationNote::make(c, args);
            QCOMPARE(explanationNoteText(n), QString::fromStdString(n.text));
        }
        QVERIFY(Language::install(QStringLiteral("zh_CN")));
        for (const auto &c : ExplanationNote::codes()) {
            const ExplanationNote n = ExplanationNote::make(c, args);
            const QString zh = explanationNoteText(n);
            QVERIFY2(zh != QString::fromStdString(n.text), c.c_str());
            QVERIFY2(!zh.contains(QLatin1Char('%')) || c.rfind("ig_", 0) == 0, qPrintable(zh));
        }
        QCOMPARE(explanationNoteText(ExplanationNote::make("brand_unseen", {"Acme"})).contains(QStringLiteral("Acme")),
                 true);
        // free text (an older project) is shown as it is
        QCOMPARE(explanationNoteText(ExplanationNote(std::string("old note"))), QStringLiteral("old note"));
        QVERIFY(Language::install(QStringLiteral("en")));
    }

    void lightAndDark()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        auto *loss = w.findChild<LossChart *>();
        QVERIFY(loss);
        const QColor systemWindow = QApplication::palette().color(QPalette::Window);
        Appearance::apply(QStringLiteral("dark"));
        QCoreApplication::processEvents();
        QVERIFY(Appearance::isDark(QApplication::palette()));
        QVERIFY(Appearance::isDark(w.palette()));
        // the charts follow: dark background, light text
        QVERIFY(loss->chart()->backgroundBrush().color().lightness() < 128);
        QVERIFY(loss->chart()->titleBrush().color().lightness() > 128);
        Appearance::apply(QStringLiteral("light"));
        QCoreApplication::processEvents();
        QVERIFY(!Appearance::isDark(w.palette()));
        QVERIFY(loss->chart()->backgroundBrush().color().lightness() > 128);
        // "follow the system" restores the palette the application started with
        Appearance::apply(QString());
        QCoreApplication::processEvents();
        QCOMPARE(QApplication::palette().color(QPalette::Window), systemWindow);
        // the choice is remembered
        Appearance::setConfigured(QStringLiteral("dark"));
        QCOMPARE(Appearance::configured(), QStringLiteral("dark"));
        Appearance::setConfigured(QString());
    }
};

QTEST_MAIN(TestGuiShell)
#include "test_gui_shell.moc"
