#include "models/modelpaths.h"

#include <cstdlib>
#include <system_error>

#include "common/error.h"

namespace debut {

namespace fs = std::filesystem;

namespace {

fs::path searchUp(fs::path dir)
{
    std::error_code ec;
    for (int depth = 0; depth < 12 && !dir.empty(); ++depth) {
        const fs::path candidate = dir / ".cache" / "models";
        if (fs::is_directory(candidate, ec))
            return candidate;
        const fs::path parent = dir.parent_path();
        if (parent == dir)
            break;
        dir = parent;
    }
    return {};
}

fs::path executableDir()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

} // namespace

fs::path defaultModelsDir()
{
    if (const char *env = std::getenv("DEBUT_MODELS_DIR"); env && *env)
        return fs::path(env);
    if (fs::path p = searchUp(executableDir()); !p.empty())
        return p;
    std::error_code ec;
    if (fs::path p = searchUp(fs::current_path(ec)); !p.empty())
        return p;
#ifdef DEBUT_SOURCE_DIR
    return fs::path(DEBUT_SOURCE_DIR) / ".cache" / "models";
#else
    return fs::path(".cache") / "models";
#endif
}

fs::path requireModelDir(const std::string &name, const std::string &requiredFile)
{
    const fs::path dir = defaultModelsDir() / name;
    std::error_code ec;
    if (!fs::is_regular_file(dir / requiredFile, ec))
        throw Error(Location{(dir / requiredFile).string(), 0, 0, {}},
                    "model '" + name + "' not found: run scripts/setup (or set DEBUT_MODELS_DIR to the folder holding " +
                        name + "/)");
    return dir;
}

} // namespace debut
