#include "core/simd.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace gk {

namespace {

Simd detect() {
    const char* env = std::getenv("GENKERN_SIMD");
    if (env && std::strcmp(env, "scalar") == 0) return Simd::Scalar;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Simd::Avx2;
#endif
    return Simd::Scalar;
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
