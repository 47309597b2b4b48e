#pragma once
// Runs the built CLI (DEBUT_CLI) for tests that check what a user of `debut`
// sees: exit status (-1 when it did not finish in time, -2 when it crashed),
// stdout and stderr.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace clitest {

struct Run {
    int code = -1;
    QString out, err;
};

inline Run run(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(DEBUT_CLI), args);
    Run r;
    if (!p.waitForFinished(timeoutMs))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A file under tests/data/io/.
inline QString fixture(const char *name) { return QStringLiteral(DEBUT_TEST_DATA "/io/") + name; }

}   // namespace clitest
