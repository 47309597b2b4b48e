// debut-workbench: the Qt desktop workbench. Arguments: [PROJECT] — the project
// to open (default: the most recently opened one; `scripts/run` passes the
// sample project), --lang en|zh_CN.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

#include "language.h"
#include "mainwindow.h"

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
    QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("UI language (en, zh_CN); default: settings, then system."),
                            QStringLiteral("code"));
    parser.addOption(lang);
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
    return app.exec();
}
