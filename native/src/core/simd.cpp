#include "core/simd.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace gk {

namespace {

bool cpu_has_avx2_fma() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

// GENKERN_SIMD: unset or "auto" picks the best the CPU has; "scalar" and "avx2" force a level.
// Anything else, or avx2 on a CPU without it, is an error that every op reports.
Simd detect() {
    const char* env = std::getenv("GENKERN_SIMD");
    if (env && std::strcmp(env, "scalar") == 0) return Simd::Scalar;
    if (env && std::strcmp(env, "avx2") == 0) {
        require(cpu_has_avx2_fma(), "GENKERN_SIMD=avx2 but this CPU lacks AVX2+FMA");
        return Simd::Avx2;
    }
    require(!env || !*env || std::strcmp(env, "auto") == 0, "GENKERN_SIMD='", env, "' is not one of auto, scalar, avx2");
    return cpu_has_avx2_fma() ? Simd::Avx2 : Simd::Scalar;
}

std::atomic<int> level{-1};

}  // namespace

Simd simd_level() {
    int l = level.load(std::memory_order_relaxed);
    if (l < 0) {
        l = (int)detect();
        level.store(l, std::memory_order_relaxed);
    }
    return (Simd)l;
}

void set_simd_level(Simd s) { level.store((int)s); }

const char* simd_name(Simd s) { return s == Simd::Avx2 ? "avx2+fma" : "scalar"; }

}  // namespace gk
