// libFuzzer target: the project opener. The input is written as a project file;
// validate(), a read-only open and a read-write open (migration) must either
// succeed or throw debut::Error; when it opens, reading everything must work.
#include <cstdint>
#include <filesystem>
#include <string>

#include "common/error.h"
#include "fuzzfile.h"
#include "store/projectstore.h"

namespace {
void readAll(debut::ProjectStore &s)
{
    (void)s.info();
    for (const auto &t : s.tasks())
        (void)s.labels(t.id);
    (void)s.segments();
    int n = 0;
    s.forEachItem([&](const debut::ItemRow &) { return ++n < 1000; });
}
}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string path = debut::fuzz::writeScratch("p.debut", data, size);
    try {
        debut::ProjectStore::validate(path);
        {
            auto ro = debut::ProjectStore::open(path, true);
            readAll(ro);
        }
        auto rw = debut::ProjectStore::open(path);
        readAll(rw);
    } catch (const debut::Error &) {
    }
    std::error_code ec;
    std::filesystem::remove(path + "-wal", ec);
    std::filesystem::remove(path + "-shm", ec);
    return 0;
}
