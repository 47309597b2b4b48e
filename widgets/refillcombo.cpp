#include "refillcombo.h"

#include <QComboBox>
#include <QSignalBlocker>

#include <exception>

#include "projectdocument.h"

namespace debut {

void refillCombo(QComboBox *box, ProjectDocument *doc, const std::function<void()> &read,
                 const std::vector<std::pair<QString, QVariant>> &fixed)
{
    const QVariant current = box->currentData();
    const QSignalBlocker block(box);
    box->clear();
    for (const auto &[text, data] : fixed)
        box->addItem(text, data);
    if (doc->isOpen()) {
        try {
            read();
        } catch (const std::exception &e) {
            Q_EMIT doc->warning(2, QString::fromStdString(e.what()));
        }
    }
    box->setCurrentIndex(qMax(0, box->findData(current)));
}

}   // namespace debut
