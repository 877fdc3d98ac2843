// The number of libtorch intra-op threads. libtorch's own default was seen to be 1 on
// a 2-core machine, so the project always sets it explicitly.
#pragma once

#include <QThread>
#include <QtGlobal>

namespace medtune {

/// Cores available to this process (at least 1). Inline: programs that never load
/// libtorch (the light medtune-cli) ask it too.
inline int availableCores()
{
    return qMax(1, QThread::idealThreadCount());
}
/// Sets libtorch's intra-op thread count; n <= 0 means availableCores().
void setComputeThreads(int n);
/// libtorch's current intra-op thread count.
int computeThreads();

} // namespace medtune
