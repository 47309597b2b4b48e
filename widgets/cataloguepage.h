#pragma once
// CataloguePage: the item table (lazy ItemTableModel) with search and filters
// (text in title / brand / category, category, brand, price range), applied through
// the store's paged query 250 ms after the last keystroke.
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace debut {

class ItemTableModel;
class ProjectDocument;

class CataloguePage : public QWidget {
    Q_OBJECT
public:
    explicit CataloguePage(ProjectDocument *doc, QWidget *parent = nullptr);

    ItemTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchEdit() const { return m_search; }
    QComboBox *brandCombo() const { return m_brand; }   // item 0 = all brands (data "")
    void applyFilter();                                 // now, without waiting for the debounce timer

Q_SIGNALS:
    void importRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reloadCategories();
    void updateCount();

    ProjectDocument *m_doc;
    ItemTableModel *m_model;
    QTableView *m_view;
    QLineEdit *m_search;
    QComboBox *m_category;
    QComboBox *m_brand;
    QDoubleSpinBox *m_minPrice, *m_maxPrice;
    QLabel *m_categoryLabel, *m_brandLabel, *m_priceLabel, *m_toLabel, *m_count;
    QPushButton *m_import;
    QTimer *m_debounce;
};

}   // namespace debut
