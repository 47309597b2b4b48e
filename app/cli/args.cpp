#include "args.h"

#include <cstdlib>

namespace debut::cli {

Args::Args(std::vector<std::string> argv, std::set<std::string> flags, std::set<std::string> options)
{
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string &a = argv[i];
        if (a == "--help" || a == "-h") {
            m_help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool hasValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasValue = true;
        }
        if (flags.count(name)) {
            if (hasValue)
                throw UsageError("--" + name + " takes no value");
            m_flags.insert(name);
        } else if (options.count(name)) {
            if (!hasValue) {
                if (i + 1 >= argv.size())
                    throw UsageError("--" + name + " needs a value");
                value = argv[++i];
            }
            m_values.emplace_back(name, value);
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

const std::string &Args::positional(std::size_t i, const char *what) const
{
    if (i >= m_positional.size())
        throw UsageError(std::string("missing ") + what);
    return m_positional[i];
}

bool Args::flag(const std::string &name) const { return m_flags.count(name) > 0; }

std::optional<std::string> Args::option(const std::string &name) const
{
    std::optional<std::string> v;
    for (const auto &[k, val] : m_values)
        if (k == name)
            v = val;
    return v;
}

std::vector<std::string> Args::options(const std::string &name) const
{
    std::vector<std::string> out;
    for (const auto &[k, val] : m_values)
        if (k == name)
            out.push_back(val);
    return out;
}

std::string Args::option(const std::string &name, const std::string &fallback) const
{
    auto v = option(name);
    return v ? *v : fallback;
}

long long Args::integer(const std::string &name, long long fallback) const
{
    auto v = option(name);
    if (!v)
        return fallback;
    char *end = nullptr;
    long long x = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end)
        throw UsageError("--" + name + " expects a whole number, got '" + *v + "'");
    return x;
}

double Args::number(const std::string &name, double fallback) const
{
    auto v = option(name);
    if (!v)
        return fallback;
    char *end = nullptr;
    double x = std::strtod(v->c_str(), &end);
    if (v->empty() || *end)
        throw UsageError("--" + name + " expects a number, got '" + *v + "'");
    return x;
}

void Args::maxPositional(std::size_t n) const
{
    if (m_positional.size() > n)
        throw UsageError("unexpected argument '" + m_positional[n] + "'");
}

}   // namespace debut::cli
