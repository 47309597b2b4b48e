// debut-workbench: the Qt desktop workbench. Arguments: [PROJECT] — the project
// to open (default: the most recently opened one; `scripts/run` passes the
// sample project), --lang en|zh_CN.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

#include "language.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "screenshottour.h"

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Debut"));
    QApplication::setApplicationName(QStringLiteral("Debut Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(DEBUT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Few-shot recommendations for new items."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption lang(QStringLiteral("lang"),
                            QStringLiteral("UI language (en, zh_CN); default: settings, then system."),
                            QStringLiteral("code"));
    parser.addOption(lang);
    QCommandLineOption shots(QStringLiteral("screenshots"),
                             QStringLiteral("Render every main view to PNG files in DIR, then quit."),
                             QStringLiteral("dir"));
    QCommandLineOption shotTask(QStringLiteral("task"), QStringLiteral("Task shown in the screenshots."),
                                QStringLiteral("name"), QStringLiteral("style"));
    QCommandLineOption shotSample(QStringLiteral("sample"),
                                  QStringLiteral("Catalogue shown in the import wizard shot."), QStringLiteral("file"));
    parser.addOption(shots);
    parser.addOption(shotTask);
    parser.addOption(shotSample);
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project file (.debut) to open."));
    parser.process(app);

    debut::Language::install(parser.isSet(lang) ? parser.value(lang) : debut::Language::effective());

    debut::MainWindow window;
    window.show();
    QString project = parser.positionalArguments().value(0);
    if (project.isEmpty()) {
        const QString recent = debut::MainWindow::recentFiles().value(0);
        if (!recent.isEmpty() && QFileInfo::exists(recent))
            project = recent;
    }
    if (!project.isEmpty())
        window.openProject(project);
    if (parser.isSet(shots)) {
        if (!window.document()->isOpen())
            return 1;
        const QString code = parser.isSet(lang) ? parser.value(lang) : debut::Language::effective();
        auto *tour = new debut::ScreenshotTour(&window, parser.value(shots), code, parser.value(shotTask),
                                               parser.value(shotSample), &window);
        QObject::connect(tour, &debut::ScreenshotTour::finished, &app,
                         [](bool ok) { QCoreApplication::exit(ok ? 0 : 1); });
        tour->start();
    }
    return app.exec();
}
