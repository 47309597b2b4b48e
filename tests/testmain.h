// Several QtTest classes share one program, so that a group of test files that all parse
// <torch/torch.h> can be compiled as one unit (see debut_add_test_program in CMakeLists.txt).
// Each test file ends with DEBUT_TEST_MAIN(Class, "test_name", App) instead of QTEST_*_MAIN;
// `program test_name [QtTest options]` runs that class, as CTest does for every test.
// The files hide their includes from moc (#ifndef Q_MOC_RUN): moc needs none of them to read a
// test class, and following them through <torch/torch.h> cost it ~5 s a file.
#pragma once

#include <QtTest/QtTest>

namespace debut::test {

enum class App {
    None,   // QTEST_APPLESS_MAIN
    Core,   // QTEST_GUILESS_MAIN: a QCoreApplication (event loop, QProcess)
};

using RunFn = int (*)(int argc, char **argv);

struct Registrar {
    Registrar(const char *name, App app, RunFn run);
};

}   // namespace debut::test

#define DEBUT_TEST_MAIN(Class, name, app)                                                                              \
    static int debutRun_##Class(int argc, char **argv)                                                                 \
    {                                                                                                                  \
        Class test;                                                                                                    \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }                                                                                                                  \
    static const debut::test::Registrar debutRegistrar_##Class(name, debut::test::App::app, debutRun_##Class);
