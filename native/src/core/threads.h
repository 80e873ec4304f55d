// The CPU backend's worker pool. parallel_for splits [0, n) into contiguous chunks, one per worker;
// kernels make each index's result independent of the chunking, so outputs are identical on any
// thread count. Calls from several application threads are safe: they take turns on the pool.
#pragma once

#include <cstdint>
#include <functional>

namespace gk {

int num_threads();
void set_num_threads(int n);  // n <= 0: default (GENKERN_NUM_THREADS or hardware threads)

// Runs fn(begin, end, worker) over disjoint chunks covering [0, n); worker < num_threads().
void parallel_for(int64_t n, const std::function<void(int64_t, int64_t, int)>& fn);

}  // namespace gk
