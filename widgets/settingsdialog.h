#pragma once
// SettingsDialog: user preferences kept in QSettings. Language: follow the
// system, English or Simplified Chinese; applied at once (the windows
// retranslate on QEvent::LanguageChange) and remembered for the next start.
// Appearance: follow the system, light or dark palette (appearance.h), likewise.
#include <QDialog>

class QComboBox;

namespace debut {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    void accept() override;

private:
    QComboBox *m_language, *m_appearance;
};

}   // namespace debut
