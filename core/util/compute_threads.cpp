#include "util/compute_threads.h"

#include <ATen/Parallel.h>
#include <QThread>

namespace medtune {

int availableCores()
{
    return qMax(1, QThread::idealThreadCount());
}

void setComputeThreads(int n)
{
    at::set_num_threads(n > 0 ? n : availableCores());
}

int computeThreads()
{
    return at::get_num_threads();
}

} // namespace medtune
