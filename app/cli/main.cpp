// `debut`: the headless CLI over core (contract: docs/cli.md).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "command.h"
#include "dist/world.h"

namespace debut::cli {

std::map<std::string, Command> &registry()
{
    static std::map<std::string, Command> r;
    return r;
}

static std::atomic<bool> g_interrupted{false};
static bool g_lineOpen = false;   // a "\r"-style progress line is open on stderr

int userError(const std::string &message)
{
    std::fprintf(stderr, "debut: error: %s\n", message.c_str());
    return ExitUserError;
}

bool progressToStderr(std::string_view stage, long long done, long long total, std::string_view message)
{
    using clock = std::chrono::steady_clock;
    static clock::time_point last;
    auto now = clock::now();
    if (now - last > std::chrono::milliseconds(250) || (total > 0 && done >= total)) {
        last = now;
        if (total > 0)
            std::fprintf(stderr, "\r%.*s %lld/%lld %.*s\033[K", int(stage.size()), stage.data(), done, total,
                         int(message.size()), message.data());
        else
            std::fprintf(stderr, "\r%.*s %lld %.*s\033[K", int(stage.size()), stage.data(), done, int(message.size()),
                         message.data());
        g_lineOpen = !(total > 0 && done >= total);
        if (!g_lineOpen)
            std::fputc('\n', stderr);
        std::fflush(stderr);
    }
    return !g_interrupted.load();
}

Progress cliProgress()
{
    return [](std::string_view stage, std::int64_t done, std::int64_t total, std::string_view message) {
        return progressToStderr(stage, done, total, message);
    };
}

void endProgressLine()
{
    if (g_lineOpen) {
        std::fputc('\n', stderr);
        g_lineOpen = false;
    }
}

int statusExit(const Status &s)
{
    endProgressLine();
    switch (s.code) {
    case StatusCode::Ok: return ExitOk;
    case StatusCode::Cancelled: std::fprintf(stderr, "debut: cancelled\n"); return ExitCancelled;
    default: return userError(s.message);
    }
}

static dist::Launch g_launch;

bool launchedAsWorkers() { return g_launch.launched(); }

int launchRank() { return g_launch.rank; }

void joinWorkers()
{
    if (!g_launch.launched())
        return;
    dist::World::join(g_launch);
    if (g_launch.rank != 0 && !std::freopen("/dev/null", "w", stdout))
        std::fclose(stdout);
}

// The commands that run as one worker of a group (the others run on rank 0).
static bool runsAsWorker(const std::string &command)
{
    return command == "pretrain" || command == "train" || command == "score";
}

static void printHelp()
{
    std::cout << "debut — few-shot recommendations for new items\n\nUsage: debut COMMAND [ARGS] (debut COMMAND "
                 "--help)\n\nCommands:\n";
    for (const auto &[name, c] : registry())
        std::cout << "  " << name << std::string(name.size() < 14 ? 14 - name.size() : 1, ' ') << c.summary << '\n';
}

}   // namespace debut::cli

int main(int argc, char **argv)
{
    using namespace debut::cli;
    std::signal(SIGINT, [](int) { g_interrupted = true; });
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        printHelp();
        return argc < 2 ? ExitUsage : ExitOk;
    }
    auto it = registry().find(argv[1]);
    if (it == registry().end()) {
        std::fprintf(stderr, "debut: error: unknown command '%s' (see debut --help)\n", argv[1]);
        return ExitUsage;
    }
    std::vector<std::string> rest(argv + 2, argv + argc);
    for (const auto &a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "Usage:\n" << it->second.usage << "\n\n" << it->second.summary << '\n';
            return ExitOk;
        }
    try {
        g_launch = debut::dist::launchFromEnvironment();
    } catch (const std::exception &e) {
        return userError(e.what());
    }
    if (g_launch.launched() && !runsAsWorker(it->first) && g_launch.rank != 0) {
        std::fprintf(stderr, "debut: worker %d of %d: `debut %s` runs on rank 0 alone\n", g_launch.rank,
                     g_launch.worldSize, it->first.c_str());
        return ExitOk;
    }
    try {
        return it->second.run(rest);
    } catch (const UsageError &e) {
        std::fprintf(stderr, "debut: error: %s\nUsage:\n%s\n", e.what(), it->second.usage.c_str());
        return ExitUsage;
    } catch (const std::exception &e) {
        return userError(e.what());
    }
}
