#include "settingsdialog.h"

#include "language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace debut {

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent), m_language(new QComboBox)
{
    setWindowTitle(tr("Settings"));
    m_language->addItem(tr("Follow the system"), QString());
    for (const QString &code : Language::available())
        m_language->addItem(Language::displayName(code), code);
    m_language->setCurrentIndex(qMax(0, m_language->findData(Language::configured())));

    auto *form = new QFormLayout;
    form->addRow(tr("Language:"), m_language);
    auto *note = new QLabel(tr("Some texts (for example open dialogs) change after a restart."));
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

void SettingsDialog::accept()
{
    const QString code = m_language->currentData().toString();
    Language::setConfigured(code);
    Language::install(Language::effective());
    QDialog::accept();
}

} // namespace debut
