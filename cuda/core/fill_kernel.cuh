// Fills a strided tensor of up to GK_MAX_DIMS dimensions with one element's bit pattern.
// Kernel body only: launched from cuda/runtime.cu, and compilable by the host compiler.
#pragma once

#include <stdint.h>

#include "genkern/genkern.h"

struct FillArgs {
    char* data;
    int64_t n;
    int32_t ndim, elem_bytes;
    int64_t shape[GK_MAX_DIMS];
    int64_t strides[GK_MAX_DIMS];
    uint64_t bits;
};

__global__ void fill_kernel(FillArgs a) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < a.n; i += (int64_t)gridDim.x * blockDim.x) {
        int64_t offset = 0, rest = i;
        for (int d = a.ndim - 1; d >= 0; --d) {
            offset += (rest % a.shape[d]) * a.strides[d];
            rest /= a.shape[d];
        }
        char* p = a.data + offset * a.elem_bytes;
        for (int b = 0; b < a.elem_bytes; ++b) p[b] = (char)(a.bits >> (8 * b));
    }
}
