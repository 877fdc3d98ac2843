// This process's resident memory and the memory the system has available, from Linux's
// /proc (and the cgroup limit); the one place that reads them. No libtorch.
#pragma once

#include <QtGlobal>

namespace medtune {

/// Resident memory now (VmRSS), in bytes; -1 when unknown.
qint64 residentBytes();
/// Peak resident memory (VmHWM) since the process started or the last resetPeakResident().
qint64 peakResidentBytes();
/// Starts a new peak at the current resident memory (Linux >= 4.0; no effect elsewhere).
void resetPeakResident();
/// Bytes this process may still use: MemAvailable of /proc/meminfo, lowered to a cgroup
/// (v2) memory limit when there is one; -1 when unknown.
qint64 availableMemoryBytes();

} // namespace medtune
