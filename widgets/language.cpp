#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace debut {

namespace {
const char *kKey = "ui/language";
QTranslator *g_app = nullptr;
QTranslator *g_qt = nullptr;
}   // namespace

QStringList Language::available() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString Language::configured() { return QSettings().value(QLatin1String(kKey)).toString(); }

void Language::setConfigured(const QString &code) { QSettings().setValue(QLatin1String(kKey), code); }

QString Language::effective()
{
    const QString c = configured();
    if (!c.isEmpty() && available().contains(c))
        return c;
    const QLocale sys = QLocale::system();
    if (sys.language() == QLocale::Chinese)
        return QStringLiteral("zh_CN");
    return QStringLiteral("en");
}

bool Language::install(const QString &code)
{
    for (QTranslator **t : {&g_app, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
    if (code == QLatin1String("en")) {
        // English needs only its plural forms ("1 label", "2 labels")
        g_app = new QTranslator;
        if (g_app->load(QStringLiteral(":/i18n/debut_en.qm"))) {
            QCoreApplication::installTranslator(g_app);
        } else {
            delete g_app;
            g_app = nullptr;
        }
        return true;
    }
    g_app = new QTranslator;
    if (!g_app->load(QStringLiteral(":/i18n/debut_%1.qm").arg(code))) {
        delete g_app;
        g_app = nullptr;
        return false;
    }
    QCoreApplication::installTranslator(g_app);
    // Qt's own strings (standard buttons, file dialogs) when Debian's
    // qt6-translations-l10n is installed; optional.
    g_qt = new QTranslator;
    if (g_qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(g_qt);
    else {
        delete g_qt;
        g_qt = nullptr;
    }
    return true;
}

QString Language::displayName(const QString &code)
{
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

}   // namespace debut
