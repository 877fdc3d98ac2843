// Reading only what is a regular file: a named pipe would block a reader forever, a folder
// or a device gives errors such as "No such device". Every path a user names goes through
// requireRegularFile before it is opened.
#pragma once

#include <QString>

namespace medtune {

/// What a path is, in words a user understands ("a folder", "a named pipe (FIFO)", ...);
/// "a regular file" for a plain file (or a link to one), "missing" when nothing is there.
QString fileKind(const QString &path);
/// Throws Error naming the path and what it is unless it is a regular file (links followed).
/// what: how the message calls the file ("the text file", "model.safetensors"); default "the file".
void requireRegularFile(const QString &path, const QString &what = {});

} // namespace medtune
