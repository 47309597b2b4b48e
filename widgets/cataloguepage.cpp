#include "cataloguepage.h"

#include "itemtablemodel.h"
#include "projectdocument.h"
#include "refillcombo.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace debut {

namespace {
constexpr int kMaxBrands = 5000;   // entries in the brand combo
}

CataloguePage::CataloguePage(ProjectDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_model(new ItemTableModel(doc, this)), m_view(new QTableView),
      m_search(new QLineEdit), m_category(new QComboBox), m_brand(new QComboBox), m_minPrice(new QDoubleSpinBox),
      m_maxPrice(new QDoubleSpinBox), m_categoryLabel(new QLabel), m_brandLabel(new QLabel), m_priceLabel(new QLabel),
      m_toLabel(new QLabel), m_count(new QLabel),
      m_import(new QPushButton(QIcon(QStringLiteral(":/icons/import.svg")), QString())), m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("CataloguePage"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("catalogueSearch"));
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_category->setMinimumContentsLength(12);
    m_brand->setObjectName(QStringLiteral("catalogueBrand"));
    m_brand->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_brand->setMinimumContentsLength(12);
    for (QDoubleSpinBox *box : {m_minPrice, m_maxPrice}) {
        box->setRange(-1, 1e9);
        box->setDecimals(2);
        box->setValue(-1);
        box->setMinimumWidth(90);
    }
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &CataloguePage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_category, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_brand, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_minPrice, &QDoubleSpinBox::valueChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_maxPrice, &QDoubleSpinBox::valueChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_import, &QPushButton::clicked, this, &CataloguePage::importRequested);

    m_view->setModel(m_model);
    m_view->setObjectName(QStringLiteral("catalogueTable"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->hide();
    // Fixed widths: ResizeToContents would read every row of a million-row table.
    auto *h = m_view->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setStretchLastSection(false);
    h->setSectionResizeMode(ItemTableModel::TitleColumn, QHeaderView::Stretch);
    h->resizeSection(ItemTableModel::IdColumn, 110);
    h->resizeSection(ItemTableModel::BrandColumn, 120);
    h->resizeSection(ItemTableModel::CategoryColumn, 120);
    h->resizeSection(ItemTableModel::PriceColumn, 90);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 3);
    filters->addWidget(m_categoryLabel);
    filters->addWidget(m_category, 1);
    filters->addWidget(m_brandLabel);
    filters->addWidget(m_brand, 1);
    filters->addWidget(m_priceLabel);
    filters->addWidget(m_minPrice);
    filters->addWidget(m_toLabel);
    filters->addWidget(m_maxPrice);
    filters->addStretch();
    filters->addWidget(m_import);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_model, &QAbstractItemModel::modelReset, this, &CataloguePage::updateCount);
    connect(doc, &ProjectDocument::projectOpened, this, &CataloguePage::reloadCategories);
    connect(doc, &ProjectDocument::itemsChanged, this, &CataloguePage::reloadCategories);
    connect(doc, &ProjectDocument::projectClosed, this, &CataloguePage::reloadCategories);
    retranslate();
    reloadCategories();
}

void CataloguePage::retranslate()
{
    m_search->setPlaceholderText(tr("Search title, brand or category…"));
    m_categoryLabel->setText(tr("Category:"));
    m_brandLabel->setText(tr("Brand:"));
    m_priceLabel->setText(tr("Price:"));
    m_toLabel->setText(tr("to"));
    for (QDoubleSpinBox *box : {m_minPrice, m_maxPrice})
        box->setSpecialValueText(tr("any"));
    m_import->setText(tr("Import Items…"));
    if (m_category->count() > 0)
        m_category->setItemText(0, tr("All categories"));
    if (m_brand->count() > 0)
        m_brand->setItemText(0, tr("All brands"));
    updateCount();
}

void CataloguePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CataloguePage::reloadCategories()
{
    refillCombo(m_category, m_doc,
                [this] {
                    for (const std::string &c : m_doc->store().categories())
                        m_category->addItem(QString::fromStdString(c), QString::fromStdString(c));
                },
                {{tr("All categories"), QString()}});
    refillCombo(m_brand, m_doc,
                [this] {
                    // Capped: a huge catalogue with many brands would make an unusable combo;
                    // the search box still matches any brand.
                    for (const std::string &b : m_doc->store().brands(kMaxBrands))
                        m_brand->addItem(QString::fromStdString(b), QString::fromStdString(b));
                },
                {{tr("All brands"), QString()}});
}

void CataloguePage::applyFilter()
{
    m_debounce->stop();
    ItemFilter f;
    f.text = m_search->text().trimmed().toStdString();
    f.category = m_category->currentData().toString().toStdString();
    f.brand = m_brand->currentData().toString().toStdString();
    if (m_minPrice->value() >= 0)
        f.minPrice = m_minPrice->value();
    if (m_maxPrice->value() >= 0)
        f.maxPrice = m_maxPrice->value();
    m_model->setFilter(f);
}

void CataloguePage::updateCount()
{
    if (!m_doc->isOpen())
        m_count->setText(tr("No project open. Use File ▸ New Project or File ▸ Open Project."));
    else
        m_count->setText(tr("%n item(s)", nullptr, int(qMin<qint64>(m_model->totalCount(), INT_MAX))));
}

}   // namespace debut
