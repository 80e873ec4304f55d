// CUDA error reporting for host launchers: every failure names the call or the kernel with its
// launch configuration, and becomes a gk::Error (never an abort).
#pragma once

#include <cuda_runtime.h>

#include "core/error.h"

namespace gk::cuda {

inline void check(cudaError_t err, const char* what) {
    if (err != cudaSuccess)
        fail(GK_CUDA_ERROR, what, " failed: ", cudaGetErrorName(err), " (", cudaGetErrorString(err), ")");
}

// Call right after a launch: reports launch-configuration errors (and sticky errors from earlier
// asynchronous work) with the kernel's name, grid, block and dynamic shared memory.
inline void check_launch(const char* kernel, dim3 grid, dim3 block, size_t smem) {
    cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess)
        fail(GK_CUDA_ERROR, "kernel ", kernel, " grid (", grid.x, ",", grid.y, ",", grid.z, ") block (", block.x,
             ",", block.y, ",", block.z, ") shared ", smem, " bytes: ", cudaGetErrorName(err), " (",
             cudaGetErrorString(err), ")");
}

// Makes device_index current on the calling thread; throws if it is not a usable device.
void set_device(int32_t device_index);

}  // namespace gk::cuda
