// CUDA event timing for the benchmark harness (built only with the CUDA backend).
#pragma once

#include <functional>

namespace bench {

// Median ms of launch() on `stream` (a cudaStream_t), timed by cudaEventRecord on that stream,
// after `warmup` launches; before every timed launch an L2-sized device buffer is memset on the
// same stream, so each run starts with a cold L2.
double cuda_median_ms(const std::function<void()>& launch, void* stream, int warmup, int repeats);

}  // namespace bench
