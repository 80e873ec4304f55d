// The CPU's FMA throughput, measured in the benchmark's own run (the "% of peak" denominator).
#include <immintrin.h>

#include <atomic>
#include <chrono>

#include "bench_util.h"
#include "core/threads.h"

namespace bench {

namespace {

// 12 independent accumulator chains cover FMA latency × FMA ports on current x86 cores.
float fma_chains(int64_t iterations, float seed) {
    __m256 acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(seed + (float)i);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (int64_t it = 0; it < iterations; ++it)
        for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    __m256 s = acc[0];
    for (int i = 1; i < 12; ++i) s = _mm256_add_ps(s, acc[i]);
    return _mm256_cvtss_f32(s);
}

}  // namespace

double cpu_fma_peak_gflops() {
    const int threads = gk::num_threads();
    const int64_t iterations = 20'000'000;
    std::atomic<float> sink{0};
    double best = 0;
    for (int trial = 0; trial < 3; ++trial) {
        auto t0 = std::chrono::steady_clock::now();
        gk::parallel_for(threads, [&](int64_t, int64_t, int w) { sink = sink + fma_chains(iterations, (float)w); });
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::max(best, (double)threads * iterations * 12 * 8 * 2 / s / 1e9);
    }
    return best;
}

}  // namespace bench
