// Shared by the harnesses: the fuzzer's bytes as a file the path-based readers can open
// (an anonymous memory file, /proc/self/fd/N: a regular file that never touches the disk),
// and the one exception type every parser may throw for bad input.
#pragma once

#include <QString>
#include <cstdint>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

namespace medtune::fuzz {

/// The path of a memory file that holds exactly data[0, size).
inline QString asFile(const uint8_t *data, size_t size, const char *name = "input")
{
    static int fd = -1;
    if (fd < 0) {
        fd = ::memfd_create(name, 0);
        if (fd < 0)
            std::abort();
    }
    if (::ftruncate(fd, 0) != 0 || (size > 0 && ::pwrite(fd, data, size, 0) != ssize_t(size)))
        std::abort();
    return QStringLiteral("/proc/self/fd/%1").arg(fd);
}

} // namespace medtune::fuzz
