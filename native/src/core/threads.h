// The CPU backend's worker pool. parallel_for splits [0, n) into contiguous chunks, one per worker;
// kernels make each index's result independent of the chunking, so outputs are identical on any
// thread count. Calls from several application threads are safe: they take turns on the pool.
#pragma once

#include <cstdint>
#include <functional>

namespace gk {

// The most worker threads a pool takes (GENKERN_NUM_THREADS or set_num_threads).
constexpr int kMaxThreads = 1024;

int num_threads();  // throws gk::Error when GENKERN_NUM_THREADS is set but not a count in 1..kMaxThreads
void set_num_threads(int n);  // n == 0: default (GENKERN_NUM_THREADS or hardware threads); 1..kMaxThreads

// Runs fn(begin, end, worker) over disjoint chunks covering [0, n); worker < num_threads().
void parallel_for(int64_t n, const std::function<void(int64_t, int64_t, int)>& fn);

}  // namespace gk
