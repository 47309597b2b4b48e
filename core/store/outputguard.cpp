#include "store/outputguard.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "common/error.h"
#include "common/strings.h"

namespace fs = std::filesystem;

namespace debut {

namespace {

const char *const kCompanions[] = {"-wal", "-shm", "-journal"};

// Same file on disk (follows symlinks); false when either does not exist.
bool sameFile(const std::string &a, const std::string &b)
{
    struct stat sa {
    }, sb{};
    if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0)
        return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// Canonical spelling of a path whose last component may not exist yet.
std::string canonicalName(const std::string &p)
{
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? p : c.string();
}

bool isDebutProject(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char h[72] = {};
    in.read(reinterpret_cast<char *>(h), sizeof h);
    return in.gcount() == sizeof h && std::memcmp(h + 68, "DBUT", 4) == 0;
}

std::string describe(const std::string &path)
{
    return isDebutProject(path) ? "a Debut project" : "an SQLite database";
}

}   // namespace

bool OutputGuard::isSqliteFile(const std::string &path)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return false;
    std::ifstream in(path, std::ios::binary);
    char h[16] = {};
    in.read(h, sizeof h);
    return in.gcount() == sizeof h && std::memcmp(h, "SQLite format 3", 16) == 0;
}

void OutputGuard::check(const std::string &out, const std::string &project)
{
    if (out.empty())
        throw Error("export: no output file given");
    std::error_code ec;
    if (fs::is_directory(out, ec))
        throw Error(out + ": is a directory");
    const std::string refusal = ": refusing to write the export there: ";
    if (!project.empty()) {
        if (sameFile(out, project) || canonicalName(out) == canonicalName(project))
            throw Error(out + refusal + "it is the project file itself (" + project +
                        "); writing it would destroy every label, run and model. Choose another file name.");
        for (const char *c : kCompanions) {
            const std::string companion = project + c;
            if (sameFile(out, companion) || canonicalName(out) == canonicalName(companion))
                throw Error(out + refusal + "it is the project's " + std::string(c) +
                            " file, part of the project's storage. Choose another file name.");
        }
    }
    if (isSqliteFile(out))
        throw Error(out + refusal + "it is " + describe(out) +
                    ", not a CSV file; it would be destroyed. Choose another file name.");
    for (const char *c : kCompanions) {
        if (!endsWith(out, c))
            continue;
        const std::string base = out.substr(0, out.size() - std::strlen(c));
        if (isSqliteFile(base))
            throw Error(out + refusal + "it is the " + std::string(c) + " file of " + describe(base) + " (" + base +
                        "), part of its storage. Choose another file name.");
    }
}

}   // namespace debut
