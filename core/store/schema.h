#pragma once
// The project file's schema and its forward migrations.
//
// `PRAGMA user_version` holds the schema version. Version 0 is an SQLite file
// with no Debut tables yet (a fresh file, or one whose creation was
// interrupted); each Migration lifts the file by one version. Migrations run
// in order inside ONE transaction, so a failure leaves the file as it was.
// To change the schema: append a Migration {N, N+1, ...} to migrations() and
// bump ProjectStore::kSchemaVersion. Never edit a released step.
#include <functional>
#include <string>
#include <vector>

namespace debut {

class Database;

struct Migration {
    int from = 0;   // applies to a file at this version
    int to = 1;     // and leaves it at this one (from + 1)
    std::string description;
    std::function<void(Database &)> apply;   // throws Error on failure
};

// The built-in steps, ordered: v0 -> v1, ...
const std::vector<Migration> &migrations();

// Version of the newest step in `steps` (0 when empty).
int latestVersion(const std::vector<Migration> &steps);

// Runs every step from the file's current user_version up to `target` inside
// one transaction (nested-safe) and sets user_version after each step.
// Throws Error when a step is missing or fails, or when the file is newer
// than `target`. Returns the number of steps applied.
int migrate(Database &db, int target, const std::vector<Migration> &steps = migrations());

// Version string written to meta.app_version.
extern const char *const kDebutVersion;

}   // namespace debut
