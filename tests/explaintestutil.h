#pragma once
// Shared fixture of test_explain, test_explain_deletion and test_export: a small
// project built from sample_data/ (the labelled items plus the first `keep`
// unlabelled ones) with a head-only USE-Lite run for the "style" (multi-class) and
// "bought" (binary, per segment) tasks. Empty `skipReason` = ready; otherwise the
// caller skips (DEBUT_SKIP_WITHOUT_MODEL).
// Under CTest the project is trained once: the fixture test make_trained_project
// (make_trained_project.cpp) writes it and DEBUT_TRAINED_PROJECT names it; each test
// then works on its own copy. A test run on its own trains its own.
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <unistd.h>

#include "models/modelpaths.h"
#include "project/project.h"
#include "project/training.h"
#include "store/projectstore.h"
#include "store/runstore.h"

#include "modeltestutil.h"

namespace debut::testutil {

struct TrainedProject {
    std::string path;
    std::string skipReason;
    std::string error;
    std::int64_t styleRun = 0, boughtRun = 0;
};

constexpr int kTrainedProjectKeep = 160;

inline TrainedProject makeTrainedProject(const std::string &name, int keep = kTrainedProjectKeep)
{
    namespace fs = std::filesystem;
    TrainedProject t;
    const fs::path sample = fs::path(DEBUT_SOURCE_DIR) / "sample_data";
    if (!fs::exists(sample / "catalogue.csv")) {
        t.skipReason = "sample_data/ not present";
        return t;
    }
    if (!fs::exists(defaultModelsDir() / "use-lite" / "model.json")) {
        t.skipReason = "USE-Lite model files not present (run scripts/setup)";
        return t;
    }
    const fs::path dir = fs::temp_directory_path() / ("debut_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    t.path = (dir / "project.debut").string();
    auto fail = [&](const std::string &what, const Status &s) {
        t.error = what + ": " + s.message;
        return t;
    };
    const char *shared = std::getenv("DEBUT_TRAINED_PROJECT");
    if (shared && *shared && keep == kTrainedProjectKeep && fs::exists(shared)) {
        std::error_code ec;
        fs::copy_file(shared, t.path, ec);
        if (ec) {
            t.error = std::string("copy ") + shared + ": " + ec.message();
            return t;
        }
        ProjectStore store = ProjectStore::open(t.path);
        RunStore runs(store.db());
        for (const char *task : {"style", "bought"}) {
            const auto info = store.task(task);
            const auto newest = info ? runs.runs(info->id) : std::vector<RunInfo>{};
            if (newest.empty()) {
                t.error = std::string(shared) + ": no run of task " + task;
                return t;
            }
            (std::string(task) == "style" ? t.styleRun : t.boughtRun) = newest.front().id;
        }
        return t;
    }
    if (Status s = createProject(t.path); !s.ok())
        return fail("create", s);
    ImportOptions items;
    if (auto r = importItems(t.path, (sample / "catalogue.csv").string(), items); !r.status.ok())
        return fail("import items", r.status);
    ImportOptions style;
    style.task = "style";
    style.kind = TaskKind::Multiclass;
    if (auto r = importLabels(t.path, (sample / "labels_style.csv").string(), style); !r.status.ok())
        return fail("import style labels", r.status);
    ImportOptions bought;
    bought.task = "bought";
    bought.kind = TaskKind::Binary;
    if (auto r = importLabels(t.path, (sample / "labels_bought.csv").string(), bought); !r.status.ok())
        return fail("import bought labels", r.status);
    {
        // Keep the tests fast: labelled items + the first `keep` others.
        ProjectStore store = ProjectStore::open(t.path);
        std::set<std::int64_t> labelled;
        for (const auto &task : store.tasks())
            for (const auto &l : store.labels(task.id))
                labelled.insert(l.itemRowid);
        int kept = 0;
        std::vector<std::int64_t> drop;
        for (const auto &row : store.allItems())
            if (!labelled.count(row.rowid) && ++kept > keep)
                drop.push_back(row.rowid);
        Transaction tx(store.db());
        for (auto rowid : drop)
            store.deleteItem(rowid);
        tx.commit();
    }
    for (const char *task : {"style", "bought"}) {
        TrainRequest req;
        req.task = task;
        req.config = TrainConfig::fromPreset("quick");
        req.config.mode = TrainMode::Head;
        req.config.encoder = "use-lite";
        req.config.device = "cpu";
        req.config.seed = 7;
        req.config.epochs = 30;
        req.config.patience = 30;
        req.config.baseline = false;
        TrainResult r = train(t.path, req);
        if (!r.status.ok())
            return fail(std::string("train ") + task, r.status);
        (std::string(task) == "style" ? t.styleRun : t.boughtRun) = r.runId;
    }
    return t;
}

// Deletes the fixture's folder (close stores on it first).
inline void removeTrainedProject(const TrainedProject &t)
{
    if (!t.path.empty())
        std::filesystem::remove_all(std::filesystem::path(t.path).parent_path());
}

}   // namespace debut::testutil

// The fixture is ready, or the calling test skips (fails in CI) or fails saying
// why. Returns from the caller.
#define DEBUT_REQUIRE_TRAINED_PROJECT(t)                                                                               \
    do {                                                                                                               \
        if (!(t).skipReason.empty())                                                                                   \
            DEBUT_SKIP_WITHOUT_MODEL((t).skipReason.c_str());                                                          \
        QVERIFY2((t).error.empty(), (t).error.c_str());                                                                \
    } while (false)
