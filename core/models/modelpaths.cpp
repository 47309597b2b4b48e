#include "models/modelpaths.h"

#include <cstdlib>
#include <system_error>

#include "common/error.h"

// Where the package puts the models, relative to the executable's folder.
#ifndef DEBUT_INSTALLED_MODELS_DIR
#define DEBUT_INSTALLED_MODELS_DIR "../share/debut/models"
#endif

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

}   // namespace

fs::path defaultModelsDir()
{
    if (const char *env = std::getenv("DEBUT_MODELS_DIR"); env && *env)
        return fs::path(env);
    const fs::path exe = executableDir();
    if (fs::path p = searchUp(exe); !p.empty())
        return p;
    std::error_code ec;
    // An installed copy (the .deb: /usr/bin/debut, /usr/share/debut/models) carries its models.
    if (!exe.empty() && fs::is_directory(exe / DEBUT_INSTALLED_MODELS_DIR, ec))
        return (exe / DEBUT_INSTALLED_MODELS_DIR).lexically_normal();
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
                    "model '" + name +
                        "' not found: run scripts/setup (or set DEBUT_MODELS_DIR to the folder holding " + name + "/)");
    return dir;
}

}   // namespace debut
