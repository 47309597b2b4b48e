#pragma once
// Language: which UI language the workbench uses and loading its translation.
// The choice is kept in QSettings ("ui/language"): "" = follow the system,
// "en" or "zh_CN". Translations are compiled into the binary (:/i18n/*.qm).
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace debut {

class Language {
public:
    static QStringList available();   // {"en", "zh_CN"}
    static QString configured();      // from QSettings; "" = system
    static void setConfigured(const QString &code);
    // The language actually used: the configured one, else the system's when we
    // have it, else "en".
    static QString effective();
    // Installs the translators for `code` (replacing earlier ones); "en" only
    // its plural forms. Returns false when no translation for `code` was found.
    static bool install(const QString &code);
    static QString displayName(const QString &code);   // in its own language
};

}   // namespace debut
