// CTest fixture `trained_project` (tests/explain.cmake): trains the small project
// that test_explain, test_explain_deletion and test_export share (explaintestutil.h)
// once, and leaves it at $DEBUT_TRAINED_PROJECT for them to copy: the three used to
// train the same two head-only runs each.
#include <cstdio>
#include <filesystem>
#include <string>

#include "explaintestutil.h"

int main()
{
    namespace fs = std::filesystem;
    const char *out = std::getenv("DEBUT_TRAINED_PROJECT");
    if (!out || !*out) {
        std::fprintf(stderr, "make_trained_project: set DEBUT_TRAINED_PROJECT to the file to write\n");
        return 2;
    }
    try {
        fs::remove(out);   // a stale one from an earlier build is never used
        const debut::testutil::TrainedProject t = debut::testutil::makeTrainedProject("make_trained_project");
        if (!t.skipReason.empty()) {
            std::printf("make_trained_project: %s: the tests that share it skip too\n", t.skipReason.c_str());
            return debut_test::modelsRequired() ? 1 : 0;
        }
        if (!t.error.empty()) {
            std::fprintf(stderr, "make_trained_project: %s\n", t.error.c_str());
            return 1;
        }
        if (fs::exists(t.path + "-wal")) {   // every connection is closed: SQLite has checkpointed it
            std::fprintf(stderr, "make_trained_project: %s-wal left behind\n", t.path.c_str());
            return 1;
        }
        const std::string part = std::string(out) + ".part";
        fs::copy_file(t.path, part, fs::copy_options::overwrite_existing);
        fs::rename(part, out);
        debut::testutil::removeTrainedProject(t);
        std::printf("make_trained_project: %s (style run %lld, bought run %lld)\n", out, (long long)t.styleRun,
                    (long long)t.boughtRun);
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "make_trained_project: %s\n", e.what());
        return 1;
    }
}
