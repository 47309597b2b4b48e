// The main() of a test program that holds several QtTest classes (testmain.h):
//   program NAME [QtTest options]   runs the class registered as NAME (what CTest runs)
//   program                         runs every class in turn (non-zero exit if any failed)
#include "testmain.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace debut::test {
namespace {

struct Entry {
    const char *name;
    App app;
    RunFn run;
};

std::vector<Entry> &registry()
{
    static std::vector<Entry> entries;
    return entries;
}

int runOne(const Entry &e, int argc, char **argv)
{
    std::unique_ptr<QCoreApplication> app;
    if (e.app == App::Core)
        app = std::make_unique<QCoreApplication>(argc, argv);
    return e.run(argc, argv);
}

}   // namespace

Registrar::Registrar(const char *name, App app, RunFn run) { registry().push_back({name, app, run}); }

}   // namespace debut::test

int main(int argc, char **argv)
{
    using namespace debut::test;
    if (argc < 2 || argv[1][0] == '-') {
        int failed = 0;
        for (const Entry &e : registry())
            failed += runOne(e, argc, argv) != 0;   // qExec: failures, or -1 for bad options
        return failed > 0 ? 1 : 0;
    }
    for (const Entry &e : registry()) {
        if (std::strcmp(e.name, argv[1]) != 0)
            continue;
        std::vector<char *> args{argv[0]};
        args.insert(args.end(), argv + 2, argv + argc);
        int n = static_cast<int>(args.size());
        args.push_back(nullptr);
        return runOne(e, n, args.data());
    }
    std::fprintf(stderr, "%s: no test named '%s'; this program runs:", argv[0], argv[1]);
    for (const Entry &e : registry())
        std::fprintf(stderr, " %s", e.name);
    std::fprintf(stderr, "\n");
    return 2;
}
