#include "project/project.h"

#include "store/runstore.h"

#include <torch/cuda.h>

namespace debut {

int cudaDeviceCount() { return torch::cuda::is_available() ? int(torch::cuda::device_count()) : 0; }

Status createProject(const std::string &path)
{
    return guarded([&] { ProjectStore::create(path).close(); });
}

Status openProject(const std::string &path, ProjectStore &out, bool readOnly)
{
    return guarded([&] { out = ProjectStore::open(path, readOnly); });
}

InfoResult projectInfo(const std::string &path)
{
    InfoResult r;
    r.status = guarded([&] {
        ProjectStore store = ProjectStore::open(path);
        r.info = store.info();
    });
    return r;
}

ImportResult importItems(const std::string &projectPath, const std::string &file, const ImportOptions &options)
{
    ImportResult r;
    r.status = guarded([&] {
        ProjectStore store = ProjectStore::open(projectPath);
        r.summary = Importer(store).importItems(file, options);
    });
    return r;
}

ImportResult importLabels(const std::string &projectPath, const std::string &file, const ImportOptions &options)
{
    ImportResult r;
    r.status = guarded([&] {
        ProjectStore store = ProjectStore::open(projectPath);
        r.summary = Importer(store).importLabels(file, options);
    });
    return r;
}

Status checkResumable(const std::string &projectPath, std::int64_t runId)
{
    return guarded([&] {
        ProjectStore store = ProjectStore::open(projectPath);
        if (auto owner = RunStore(store.db()).liveOwnerElsewhere(runId))
            throw Error(projectPath + ": run " + std::to_string(runId) + " is still training in " +
                        RunStore::describeOwner(*owner) +
                        "; resuming it here too would have two trainers writing one run. Wait for it to finish, "
                        "or stop that process, then resume.");
    });
}

}   // namespace debut
