#pragma once
// User-facing errors. Inside core, code throws `Error` (or a subclass); the
// façade catches it and returns a Status with the message. A message names the
// file and, where they apply, the 1-based line and column, e.g.
//   "catalogue.csv:12:3: unterminated quoted field".
#include <stdexcept>
#include <string>

namespace debut {

struct Location {
    std::string file;               // path as the user gave it; empty when not a file
    long long line = 0;             // 1-based; 0 = not applicable
    long long column = 0;           // 1-based; 0 = not applicable
    std::string field;              // optional: column / tensor / key name
    std::string toString() const;   // "file:line:column" or "file" or ""
};

class Error : public std::runtime_error {
public:
    explicit Error(const std::string &message) : std::runtime_error(message) {}
    Error(const Location &where, const std::string &message)
        : std::runtime_error(where.toString().empty() ? message : where.toString() + ": " + message), m_where(where),
          m_reason(message)
    {}
    const Location &where() const { return m_where; }
    // The message without the location prefix.
    const std::string &reason() const { return m_reason.empty() ? m_fallback() : m_reason; }

private:
    const std::string &m_fallback() const
    {
        static thread_local std::string s;
        s = what();
        return s;
    }
    Location m_where;
    std::string m_reason;
};

// Outcome of a façade call: never an exception across the core boundary.
enum class StatusCode { Ok = 0, UserError = 1, Cancelled = 3, Internal = 4 };

struct Status {
    StatusCode code = StatusCode::Ok;
    std::string message;
    bool ok() const { return code == StatusCode::Ok; }
    static Status success() { return {}; }
    static Status error(std::string m) { return {StatusCode::UserError, std::move(m)}; }
    static Status cancelled() { return {StatusCode::Cancelled, "cancelled"}; }
};

}   // namespace debut
