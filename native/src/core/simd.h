// Run-time choice of the CPU kernels' instruction set. Kernels are compiled twice: a portable
// version and an AVX2+FMA version (files named *_avx2.cpp get -mavx2 -mfma); the dispatcher calls
// the one simd_level() names. GENKERN_SIMD=scalar forces the portable kernels (tests use it).
#pragma once

namespace gk {

enum class Simd { Scalar, Avx2 };

Simd simd_level();
const char* simd_name(Simd s);
// For tests and benchmarks: override the detected level (only downwards makes sense).
void set_simd_level(Simd s);

}  // namespace gk
