#pragma once
// Minimal argument parser for `debut` sub-commands: positionals, `--flag`,
// `--opt VALUE`, `--opt=VALUE`, and repeatable options (--map A=B --map C=D).
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace debut::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    Args(std::vector<std::string> argv, std::set<std::string> flags, std::set<std::string> options);
    bool help() const { return m_help; }
    const std::vector<std::string> &positional() const { return m_positional; }
    // The i-th positional or a UsageError naming `what`.
    const std::string &positional(std::size_t i, const char *what) const;
    bool flag(const std::string &name) const;
    std::optional<std::string> option(const std::string &name) const;   // last given
    std::vector<std::string> options(const std::string &name) const;    // all given
    std::string option(const std::string &name, const std::string &fallback) const;
    long long integer(const std::string &name, long long fallback) const;
    double number(const std::string &name, double fallback) const;
    // Throws UsageError when more positionals than `n` were given.
    void maxPositional(std::size_t n) const;

private:
    bool m_help = false;
    std::vector<std::string> m_positional;
    std::vector<std::pair<std::string, std::string>> m_values;
    std::set<std::string> m_flags;
};

}   // namespace debut::cli
