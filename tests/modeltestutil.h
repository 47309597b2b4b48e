#pragma once
// A test that needs the USE-Lite model (scripts/setup fetches it) skips when it
// is missing on a developer's machine, but a skip must not pass for a test in CI,
// which always has the model: with CI=true (or 1) or DEBUT_REQUIRE_MODELS=1 in
// the environment the same place fails instead.
//   DEBUT_SKIP_WITHOUT_MODEL("USE-Lite model cache missing (run scripts/setup)");
#include <QtTest>

namespace debut_test {

inline bool modelsRequired()
{
    const QByteArray ci = qgetenv("CI").toLower();
    return ci == "true" || ci == "1" || qgetenv("DEBUT_REQUIRE_MODELS") == "1";
}

}   // namespace debut_test

// QSKIP(reason), or QFAIL naming the reason when models are required. Like
// QSKIP, returns from the calling test function.
#define DEBUT_SKIP_WITHOUT_MODEL(reason)                                                                               \
    do {                                                                                                               \
        if (::debut_test::modelsRequired())                                                                            \
            QFAIL(qPrintable(QStringLiteral("required (CI / DEBUT_REQUIRE_MODELS=1): ") + QString::fromUtf8(reason))); \
        QSKIP(reason);                                                                                                 \
    } while (false)
