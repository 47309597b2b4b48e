#pragma once
// Registry of `debut` sub-commands. Each cmd_*.cpp registers its commands with
// DEBUT_COMMAND; main.cpp dispatches. Exit codes (docs/cli.md):
// 0 ok, 1 user error, 2 bad usage, 3 cancelled.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "args.h"
#include "common/error.h"
#include "common/progress.h"

namespace debut::cli {

enum Exit { ExitOk = 0, ExitUserError = 1, ExitUsage = 2, ExitCancelled = 3 };

struct Command {
    std::string name;
    std::string usage;     // synopsis line(s) shown by --help
    std::string summary;   // one line for `debut --help`
    std::function<int(const std::vector<std::string> &)> run;
};

std::map<std::string, Command> &registry();

struct Registrar {
    explicit Registrar(Command c) { registry()[c.name] = std::move(c); }
};

// Prints "debut: error: MESSAGE" to stderr and returns ExitUserError.
int userError(const std::string &message);
// Writes a progress line to stderr (rate-limited); returns false once SIGINT arrived.
bool progressToStderr(std::string_view stage, long long done, long long total, std::string_view message);
// progressToStderr as a Progress for the façade.
Progress cliProgress();
// Ends a progress line left open on stderr, so what follows starts on a fresh line.
void endProgressLine();
// Workers of a group (core/dist/world.h): started by torchrun, srun or a
// PyTorchJob, `pretrain`, `score` and `train` in a mode that tunes the encoder
// join the group (joinWorkers) after parsing their arguments; main() runs every
// other command on rank 0 alone and lets the other workers exit 0.
bool launchedAsWorkers();
int launchRank();
// Joins the group; on ranks other than 0, stdout goes quiet (rank 0 reports).
void joinWorkers();
// The exit code of a façade Status: 0; 3 after "debut: cancelled"; 1 after
// "debut: error: MESSAGE" (an open progress line is ended first).
int statusExit(const Status &s);

}   // namespace debut::cli

#define DEBUT_CONCAT_(a, b) a##b
#define DEBUT_CONCAT(a, b) DEBUT_CONCAT_(a, b)
#define DEBUT_COMMAND(...)                                                                                             \
    static ::debut::cli::Registrar DEBUT_CONCAT(debutCommand_, __LINE__)(::debut::cli::Command __VA_ARGS__)
