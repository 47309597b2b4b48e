#include "common/atomicfile.h"

#include "common/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace debut {

namespace {

std::filesystem::path folderOf(const std::string &target)
{
    const std::filesystem::path t(target);
    return t.has_parent_path() ? t.parent_path() : std::filesystem::path(".");
}

}   // namespace

AtomicFile::AtomicFile(std::string path) : m_target(std::move(path))
{
    const std::filesystem::path t(m_target);
    m_temp = (folderOf(m_target) / ("." + t.filename().string() + ".tmp-XXXXXX")).string();
    m_fd = ::mkstemp(m_temp.data());
    if (m_fd < 0)
        fail("cannot create a temporary file next to it", errno);
    ::fchmod(m_fd, 0644);
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed)
        ::unlink(m_temp.c_str());
}

void AtomicFile::fail(const std::string &what, int err) const
{
    throw Error(Location{m_target, 0, 0, {}}, what + ": " + std::strerror(err));
}

void AtomicFile::write(const void *data, std::size_t size)
{
    if (m_fd < 0)
        throw Error(Location{m_target, 0, 0, {}}, "write after commit");
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("write failed", errno);
        }
        p += n;
        size -= std::size_t(n);
    }
}

void AtomicFile::commit()
{
    if (m_fd < 0)
        throw Error(Location{m_target, 0, 0, {}}, "commit after commit");
    if (::fsync(m_fd) != 0)
        fail("fsync failed", errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        fail("write failed", errno);   // NFS and friends report deferred write errors here
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0)
        fail("cannot replace the file", errno);
    m_committed = true;
    // The rename is durable once the folder is synced; a folder that cannot be
    // opened or synced (some network file systems) still holds the new file.
    const int dir = ::open(folderOf(m_target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void writeFileAtomically(const std::string &path, std::string_view data)
{
    AtomicFile file(path);
    file.write(data);
    file.commit();
}

}   // namespace debut
