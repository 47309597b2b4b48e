// Linked into every executable that links torch (an INTERFACE source of debut_torch).
//
// LibTorch runs its element-wise kernels on a GNU OpenMP pool and its float32 matrix
// products on OpenBLAS's own pthread pool. By default the OpenMP workers busy-wait
// after each parallel region, so on a machine with as many cores as threads they
// steal the cores OpenBLAS is about to use: measured on 2 cores, USE-Lite embedding
// ran at 71 items/s with the spinning and 142 with passive waiting; a quarter of the
// CPU time went to libgomp spin loops and sched_yield.
//
// libgomp reads OMP_WAIT_POLICY once, in its load-time constructor, before main().
// A change of the environment made in-process does not reach it either: functions in
// an executable's .preinit_array run before every shared library's constructor, but
// libc's own initialiser then resets `environ` to the original array. So when the
// variable is unset, the process re-executes itself, from .preinit_array (before
// torch's constructors have run), with OMP_WAIT_POLICY=PASSIVE appended to its
// environment. A value the user set is kept (OMP_WAIT_POLICY=ACTIVE opts out); if the
// re-execution fails the process simply goes on as it is.
//
// Nothing here may allocate or call into libc beyond execve: libc is not yet
// initialised when .preinit_array runs.
#include <unistd.h>

namespace {

constexpr char kVariable[] = "OMP_WAIT_POLICY=";
char kPassive[] = "OMP_WAIT_POLICY=PASSIVE";
char *g_environment[1024];

bool startsWith(const char *s, const char *prefix)
{
    for (; *prefix; ++s, ++prefix)
        if (*s != *prefix)
            return false;
    return true;
}

void reexecWithPassiveOpenMpWait(int, char **argv, char **envp)
{
    if (!argv || !argv[0] || !envp)
        return;
    int n = 0;
    for (; envp[n]; ++n) {
        if (startsWith(envp[n], kVariable) || n + 2 >= static_cast<int>(sizeof g_environment / sizeof *g_environment))
            return;   // already set (by the user or by the first execution), or no room
        g_environment[n] = envp[n];
    }
    g_environment[n] = kPassive;
    g_environment[n + 1] = nullptr;
    execve("/proc/self/exe", argv, g_environment);   // returns only on failure
}

__attribute__((section(".preinit_array"), used)) void (*const kPreinit)(int, char **,
                                                                        char **) = reexecWithPassiveOpenMpWait;

}   // namespace
