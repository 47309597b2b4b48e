// AtomicFile: the target holds the old file or the whole new one, and no
// temporary file survives a failure, a cancel or an unwritable folder.
#ifndef Q_MOC_RUN   // moc needs none of these (testmain.h)
#include <QtTest>

#include "testmain.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/progress.h"
#include "filetestutil.h"
#include "fsizelimit.h"
#endif

using namespace debut;
namespace fs = std::filesystem;

namespace {

// Every entry of `dir` but `keep`.
int strays(const fs::path &dir, const std::string &keep)
{
    int n = 0;
    for (const auto &e : fs::directory_iterator(dir))
        n += e.path().filename().string() != keep;
    return n;
}

}   // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writesAndReplaces()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "out.bin";
        writeFileAtomically(out.string(), "first");
        QCOMPARE(readAll(out), std::string("first"));
        AtomicFile f(out.string());
        QVERIFY(fs::exists(f.temporaryPath()));
        QCOMPARE(fs::path(f.temporaryPath()).parent_path(), out.parent_path());   // same folder: rename stays atomic
        f.write("second, ");
        f.write(std::string(100000, 'x'));
        QCOMPARE(readAll(out), std::string("first"));   // nothing visible before commit
        f.commit();
        QCOMPARE(readAll(out).size(), std::size_t(8 + 100000));
        QCOMPARE(strays(out.parent_path(), "out.bin"), 0);
        QCOMPARE(int(fs::status(out).permissions() & fs::perms::owner_read), int(fs::perms::owner_read));
    }

    void abandonedRemovesTemporary()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "out.csv";
        writeFileAtomically(out.string(), "previous");
        try {
            AtomicFile f(out.string());
            f.write("half of a new file");
            throw Cancelled();
        } catch (const Cancelled &) {
        }
        QCOMPARE(readAll(out), std::string("previous"));
        QCOMPARE(strays(out.parent_path(), "out.csv"), 0);
    }

    void writeFailureRemovesTemporary()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "full.bin";
        writeFileAtomically(out.string(), "previous");
        std::string message;
        {
            FileSizeLimit limit(64 * 1024);
            QVERIFY(limit.ok());
            try {
                AtomicFile f(out.string());
                f.write(std::string(256 * 1024, 'x'));
                f.commit();
            } catch (const Error &e) {
                message = e.what();
            }
        }
        QVERIFY2(message.find(out.string() + ": write failed") == 0, message.c_str());
        QCOMPARE(readAll(out), std::string("previous"));
        QCOMPARE(strays(out.parent_path(), "full.bin"), 0);
    }

    void renameFailureRemovesTemporary()
    {
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "taken";
        fs::create_directory(out);
        std::ofstream(out / "inside") << "x";   // a non-empty folder cannot be renamed over
        std::string message;
        try {
            writeFileAtomically(out.string(), "data");
        } catch (const Error &e) {
            message = e.what();
        }
        QVERIFY2(message.find("cannot replace the file") != std::string::npos, message.c_str());
        QCOMPARE(strays(out.parent_path(), "taken"), 0);
    }

    void unwritableFolder()
    {
        if (::geteuid() == 0)
            QSKIP("root writes into read-only folders");
        QTemporaryDir dir;
        const fs::path ro = fs::path(dir.path().toStdString()) / "ro";
        fs::create_directory(ro);
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
        std::string message;
        try {
            writeFileAtomically((ro / "x").string(), "data");
        } catch (const Error &e) {
            message = e.what();
        }
        fs::permissions(ro, fs::perms::owner_all);
        QVERIFY2(message.find("cannot create a temporary file next to it") != std::string::npos, message.c_str());
        QCOMPARE(strays(ro, ""), 0);
    }
};

DEBUT_TEST_MAIN(TestAtomicFile, "test_atomicfile", Core)

#include "test_atomicfile.moc"
