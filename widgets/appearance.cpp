#include "appearance.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <optional>

namespace debut {

namespace {
const char *kKey = "ui/appearance";
std::optional<QPalette> g_systemPalette;
QString g_systemStyle;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), disabled(128, 128, 128);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 90, 90));
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(38, 38, 40));
    p.setColor(QPalette::Dark, QColor(25, 25, 27));
    p.setColor(QPalette::Shadow, QColor(10, 10, 10));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(90, 160, 240));
    p.setColor(QPalette::LinkVisited, QColor(160, 120, 230));
    for (QPalette::ColorRole r : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, r, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 80));
    return p;
}
}   // namespace

QStringList Appearance::available() { return {QString(), QStringLiteral("light"), QStringLiteral("dark")}; }

QString Appearance::configured() { return QSettings().value(QLatin1String(kKey)).toString(); }

void Appearance::setConfigured(const QString &mode) { QSettings().setValue(QLatin1String(kKey), mode); }

void Appearance::apply(const QString &mode)
{
    if (!g_systemPalette) {   // first call: remember what the platform gave us
        g_systemPalette = QApplication::palette();
        g_systemStyle = QApplication::style() ? QApplication::style()->name() : QString();
    }
    if (mode == QLatin1String("light") || mode == QLatin1String("dark")) {
        if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
            QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(mode == QLatin1String("dark") ? darkPalette()
                                                               : QApplication::style()->standardPalette());
        return;
    }
    if (!g_systemStyle.isEmpty() && QApplication::style()->name() != g_systemStyle)
        QApplication::setStyle(QStyleFactory::create(g_systemStyle));
    QApplication::setPalette(*g_systemPalette);
}

bool Appearance::isDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

void Appearance::styleChart(QChart *chart, const QPalette &palette)
{
    if (!chart)
        return;
    const QColor text = palette.color(QPalette::Text), base = palette.color(QPalette::Base);
    QColor grid = text;
    grid.setAlpha(40);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid)));
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis *a : chart->axes()) {
        a->setLabelsBrush(text);
        a->setTitleBrush(text);
        a->setGridLineColor(grid);
        a->setLinePenColor(palette.color(QPalette::Mid));
    }
}

}   // namespace debut
