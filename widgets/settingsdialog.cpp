#include "settingsdialog.h"

#include "appearance.h"
#include "language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace debut {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent), m_language(new QComboBox), m_appearance(new QComboBox)
{
    setWindowTitle(tr("Settings"));
    m_language->addItem(tr("Follow the system"), QString());
    for (const QString &code : Language::available())
        m_language->addItem(Language::displayName(code), code);
    m_language->setCurrentIndex(qMax(0, m_language->findData(Language::configured())));

    m_appearance->addItem(tr("Follow the system"), QString());
    m_appearance->addItem(tr("Light"), QStringLiteral("light"));
    m_appearance->addItem(tr("Dark"), QStringLiteral("dark"));
    m_appearance->setCurrentIndex(qMax(0, m_appearance->findData(Appearance::configured())));

    auto *form = new QFormLayout;
    form->addRow(tr("Language:"), m_language);
    form->addRow(tr("Appearance:"), m_appearance);
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
    const QString look = m_appearance->currentData().toString();
    Appearance::setConfigured(look);
    Appearance::apply(look);
    QDialog::accept();
}

}   // namespace debut
