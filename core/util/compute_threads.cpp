#include "util/compute_threads.h"

#include <ATen/Parallel.h>

namespace medtune {

void setComputeThreads(int n)
{
    at::set_num_threads(n > 0 ? n : availableCores());
}

int computeThreads()
{
    return at::get_num_threads();
}

} // namespace medtune
