// The CUDA runtime API subset genkern's launchers and runtime use, for the CPU emulation: one emulated device
// (cuda:0, compute capability 9.0, 132 SMs, 227 KiB opt-in shared memory per block) whose "device
// memory" is host memory, so ASan sees every kernel access. Everything is synchronous; streams are
// tokens. Only on the include path of the emulated builds (cuda/emu/CMakeLists.txt), where it
// stands in for the toolkit's header.
#pragma once

#include <cstddef>
#include <string>

#include "cuda/emu/emulator.h"

enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInsufficientDriver = 35,
    cudaErrorNoDevice = 100,
    cudaErrorInvalidDevice = 101,
    cudaErrorLaunchFailure = 719,
};
typedef cudaError_t cudaError;

typedef struct CUstream_st* cudaStream_t;
constexpr unsigned cudaStreamNonBlocking = 1;

enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4,
};

enum cudaDeviceAttr {
    cudaDevAttrMultiProcessorCount = 16,
    cudaDevAttrComputeCapabilityMajor = 75,
    cudaDevAttrComputeCapabilityMinor = 76,
    cudaDevAttrMaxSharedMemoryPerBlockOptin = 97,
};

enum cudaFuncAttribute {
    cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
};

struct cudaDeviceProp {
    char name[256];
    size_t totalGlobalMem, sharedMemPerBlockOptin;
    int multiProcessorCount, major, minor, l2CacheSize;
};

cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaGetDevice(int* device);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaDriverGetVersion(int* version);
cudaError_t cudaRuntimeGetVersion(int* version);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device);
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device);
cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes);

cudaError_t cudaMalloc(void** ptr, size_t bytes);
cudaError_t cudaFree(void* ptr);
cudaError_t cudaMallocAsync(void** ptr, size_t bytes, cudaStream_t stream);
cudaError_t cudaFreeAsync(void* ptr, cudaStream_t stream);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t stream = nullptr);

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned flags);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);

cudaError_t cudaGetLastError();
const char* cudaGetErrorName(cudaError_t err);
const char* cudaGetErrorString(cudaError_t err);

namespace gk::emu {

// Per-kernel attribute records: a launch asking for more than 48 KiB of dynamic shared memory
// fails, as on the hardware, unless cudaFuncSetAttribute raised the kernel's limit first.
constexpr size_t kDefaultDynamicSmem = 48 * 1024;
cudaError_t set_function_attribute(const void* kernel, cudaFuncAttribute attr, int value);
size_t dynamic_smem_limit(const void* kernel);

// GK_LAUNCH's emulated form (cuda/core/launch.cuh): runs the launch synchronously. A refused
// launch (cudaErrorInvalidValue) or a failed one (cudaErrorLaunchFailure: deadlock, bad collective,
// __trap, ...) becomes the sticky error that the launcher's check_launch reports, with the
// emulator's explanation as cudaGetErrorString.
void launch_failed(cudaError_t err, const std::string& why);

template <class... P, class... A>
void cuda_launch(const char* name, void (*kernel)(P...), dim3 grid, dim3 block, size_t smem, cudaStream_t,
                 A&&... args) {
    size_t limit = dynamic_smem_limit(reinterpret_cast<const void*>(kernel));
    if (smem > limit)
        return launch_failed(cudaErrorInvalidValue,
                             std::to_string(smem) + " bytes of dynamic shared memory exceed the kernel's limit of " +
                                 std::to_string(limit) +
                                 " (raise it with cudaFuncSetAttribute(MaxDynamicSharedMemorySize))");
    try {
        launch_named(name, kernel, grid, block, smem, std::forward<A>(args)...);
    } catch (const Error& e) {
        launch_failed(cudaErrorLaunchFailure, e.what());
    }
}

}  // namespace gk::emu

template <class T>
cudaError_t cudaFuncSetAttribute(T* kernel, cudaFuncAttribute attr, int value) {
    return gk::emu::set_function_attribute(reinterpret_cast<const void*>(kernel), attr, value);
}
