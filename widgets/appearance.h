#pragma once
// Appearance: light and dark palettes. The choice is kept in QSettings
// ("ui/appearance"): "" = follow the system (the platform theme's palette, as the
// application started with it), "light" or "dark" (Fusion style with a light or
// dark palette). Widgets that paint with fixed colours (the Qt Charts views)
// call styleChart() on QEvent::PaletteChange so they follow either way.
#include <QString>
#include <QStringList>

class QChart;
class QPalette;

namespace debut {

class Appearance {
public:
    static QStringList available();   // {"", "light", "dark"}
    static QString configured();      // from QSettings
    static void setConfigured(const QString &mode);
    // Applies `mode` to the application (GUI thread; widgets get PaletteChange).
    static void apply(const QString &mode);
    static bool isDark(const QPalette &palette);   // window colour darker than mid-grey
    // Background, title, legend, axis labels and grid of `chart` from `palette`
    // (series colours are left alone).
    static void styleChart(QChart *chart, const QPalette &palette);
};

}   // namespace debut
