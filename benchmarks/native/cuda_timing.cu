#include <cuda_runtime.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.h"
#include "cuda_timing.h"

namespace bench {

namespace {

void check(cudaError_t err, const char* what) {
    if (err != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(err));
}

}  // namespace

double cuda_median_ms(const std::function<void()>& launch, void* stream_ptr, int warmup, int repeats) {
    cudaStream_t stream = (cudaStream_t)stream_ptr;
    int device = 0, l2 = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, device), "cudaDeviceGetAttribute(L2)");
    const size_t flush_bytes = 2 * (size_t)std::max(l2, 1 << 20);
    void* flush = nullptr;
    check(cudaMalloc(&flush, flush_bytes), "cudaMalloc(L2 flush buffer)");
    cudaEvent_t start, stop;
    check(cudaEventCreate(&start), "cudaEventCreate");
    check(cudaEventCreate(&stop), "cudaEventCreate");
    std::vector<double> ms;
    try {
        for (int i = 0; i < warmup; ++i) launch();
        for (int i = 0; i < repeats; ++i) {
            check(cudaMemsetAsync(flush, i & 0xff, flush_bytes, stream), "cudaMemsetAsync(L2 flush)");
            check(cudaEventRecord(start, stream), "cudaEventRecord");
            launch();
            check(cudaEventRecord(stop, stream), "cudaEventRecord");
            check(cudaEventSynchronize(stop), "cudaEventSynchronize");
            float t = 0;
            check(cudaEventElapsedTime(&t, start, stop), "cudaEventElapsedTime");
            ms.push_back(t);
        }
    } catch (...) {
        cudaEventDestroy(start);
        cudaEventDestroy(stop);
        cudaFree(flush);
        throw;
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    cudaFree(flush);
    return median(ms);
}

}  // namespace bench
