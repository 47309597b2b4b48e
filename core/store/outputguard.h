#pragma once
// OutputGuard: keeps whole-file writes (the CSV export, which replaces its
// target by rename) from destroying a project.
//
// check(out, project) throws debut::Error("OUT: …") when `out` is
//   - the project file itself, or its -wal, -shm or -journal companion;
//   - any SQLite database (another Debut project, open or not), or the -wal,
//     -shm or -journal companion of one;
//   - a directory.
// Files are compared as files, not as strings: an existing `out` is compared
// by device + inode (so a symlink, a hard link, "./x" or "../dir/x" spelling of
// the project is caught); a companion that does not exist yet is compared by
// canonical path. Nothing is written or created. A missing `project` is not an
// error here (the caller's open reports it).
#include <string>

namespace debut {

class OutputGuard {
public:
    static void check(const std::string &out, const std::string &project);
    // Whether `path` is an existing SQLite database file (first 16 bytes).
    static bool isSqliteFile(const std::string &path);
};

}   // namespace debut
