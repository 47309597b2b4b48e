#pragma once
// AtomicFile: writes a file so that a reader (or a crash) sees either the old
// file or the whole new one, never a half-written file. The one way core writes
// a file the user or a later run reads back (exports, embeddings, model files).
//
// The bytes go to a temporary file in the target's folder (".NAME.tmp-XXXXXX",
// mode 0644, so the rename stays on one file system); commit() fsyncs it,
// renames it over `path` and fsyncs the folder, so the new name survives a power
// loss. An AtomicFile destroyed before commit() (an exception, a cancel) removes
// its temporary file and leaves `path` as it was.
//
// Errors: every call throws Error("PATH: reason") (PATH is the target as given):
// "cannot create a temporary file next to it: ...", "write failed: ...",
// "fsync failed: ...", "cannot replace the file: ...".
// Not copyable; one thread at a time.
#include <cstddef>
#include <string>
#include <string_view>

namespace debut {

class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    void write(const void *data, std::size_t size);
    void write(std::string_view data) { write(data.data(), data.size()); }
    // Flushes, renames over the target and syncs the folder. Call once.
    void commit();

    const std::string &path() const { return m_target; }
    const std::string &temporaryPath() const { return m_temp; }

private:
    [[noreturn]] void fail(const std::string &what, int err) const;

    std::string m_target, m_temp;
    int m_fd = -1;
    bool m_committed = false;
};

// Writes `data` to `path` through an AtomicFile.
void writeFileAtomically(const std::string &path, std::string_view data);

}   // namespace debut
