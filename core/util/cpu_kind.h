// What this machine's CPU offers for the number formats of training and generation: the
// SIMD flags that decide libtorch's fast paths, and which kernels carry bfloat16 matrix
// products here. No libtorch in this pair.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace medtune {

/// The /proc/cpuinfo flags that decide the fast paths, in this order when present: avx2,
/// fma, avx512f, avx512bw, avx512_bf16, amx_bf16. Empty where /proc/cpuinfo cannot be read.
/// (/proc/cpuinfo is read once, here only.)
QStringList cpuSimdFlags();
/// The CPU's model name ("unknown CPU" where /proc/cpuinfo cannot be read).
QString cpuModelName();

/// How libtorch 1.13 runs bfloat16 matrix products (forward x W^T and backward grad W) on a
/// CPU with these flags: "onednn-amx-bf16" or "onednn-avx512-bf16" (native bfloat16
/// instructions: fast), "onednn-avx512-emulated" (AVX-512 without BF16: converted inside
/// oneDNN's kernels) or "aten-reference" (libtorch's generic loops: very slow).
QString bfloat16MatmulKernels(const QStringList &flags = cpuSimdFlags());

/// The environment's override of the fast-bfloat16 decision: MEDTUNE_CPU_FAST_BF16=1 (treat the
/// CPU as having a fast bfloat16 path) or 0 (as having none); nullopt when unset or anything
/// else. Read on every call, so tests can set it for one check.
std::optional<bool> fastBFloat16Override();

} // namespace medtune
