// The emulated CUDA runtime (include/cuda_runtime.h): one device backed by host memory.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

#include <cuda_runtime.h>


namespace {

constexpr size_t kTotalMemory = size_t{16} << 30;  // what the emulated device claims to have
constexpr int kSmCount = 132;

std::mutex state_mutex;
std::unordered_map<void*, size_t> allocations;
std::unordered_map<const void*, size_t> function_smem_limits;
size_t bytes_allocated = 0;
thread_local cudaError_t last_error = cudaSuccess;
thread_local std::string last_launch_failure;  // the emulator's account of the last failed launch
thread_local int current_device = 0;

cudaError_t record(cudaError_t err) {
    if (err != cudaSuccess) last_error = err, last_launch_failure.clear();
    return err;
}

struct StreamToken {};

}  // namespace

cudaError_t cudaGetDeviceCount(int* count) {
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaGetDevice(int* device) {
    *device = current_device;
    return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) {
    if (device != 0) return record(cudaErrorInvalidDevice);
    current_device = device;
    return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int* version) {
    *version = 13000;
    return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int* version) {
    *version = 13000;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
    if (device != 0) return record(cudaErrorInvalidDevice);
    std::memset(prop, 0, sizeof *prop);
    std::strncpy(prop->name, "genkern CPU emulation of an sm_90 device", sizeof prop->name - 1);
    prop->totalGlobalMem = kTotalMemory;
    prop->sharedMemPerBlockOptin = gk::emu::kMaxDynamicSmem;
    prop->multiProcessorCount = kSmCount;
    prop->major = 9;
    prop->minor = 0;
    prop->l2CacheSize = 50 << 20;
    return cudaSuccess;
}

cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device) {
    cudaDeviceProp p;
    if (cudaError_t err = cudaGetDeviceProperties(&p, device)) return err;
    switch (attr) {
        case cudaDevAttrMultiProcessorCount: *value = p.multiProcessorCount; break;
        case cudaDevAttrComputeCapabilityMajor: *value = p.major; break;
        case cudaDevAttrComputeCapabilityMinor: *value = p.minor; break;
        case cudaDevAttrMaxSharedMemoryPerBlockOptin: *value = (int)p.sharedMemPerBlockOptin; break;
        default: return record(cudaErrorInvalidValue);
    }
    return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes) {
    std::lock_guard<std::mutex> lock(state_mutex);
    *total_bytes = kTotalMemory;
    *free_bytes = kTotalMemory - bytes_allocated;
    return cudaSuccess;
}

// Exactly the bytes asked for, so that ASan catches a kernel reading one element past a tensor.
cudaError_t cudaMalloc(void** ptr, size_t bytes) {
    void* p = std::malloc(bytes ? bytes : 1);
    if (!p) return record(cudaErrorMemoryAllocation);
    std::lock_guard<std::mutex> lock(state_mutex);
    allocations[p] = bytes;
    bytes_allocated += bytes;
    *ptr = p;
    return cudaSuccess;
}

cudaError_t cudaFree(void* ptr) {
    if (!ptr) return cudaSuccess;
    {
        std::lock_guard<std::mutex> lock(state_mutex);
        auto it = allocations.find(ptr);
        if (it == allocations.end()) return record(cudaErrorInvalidValue);
        bytes_allocated -= it->second;
        allocations.erase(it);
    }
    std::free(ptr);
    return cudaSuccess;
}

cudaError_t cudaMallocAsync(void** ptr, size_t bytes, cudaStream_t) { return cudaMalloc(ptr, bytes); }
cudaError_t cudaFreeAsync(void* ptr, cudaStream_t) { return cudaFree(ptr); }

cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind, cudaStream_t) {
    std::memmove(dst, src, bytes);
    return cudaSuccess;
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned) {
    *stream = reinterpret_cast<cudaStream_t>(new StreamToken);
    return cudaSuccess;
}

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
    delete reinterpret_cast<StreamToken*>(stream);
    return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }

cudaError_t cudaGetLastError() {
    cudaError_t err = last_error;
    last_error = cudaSuccess;
    return err;
}

const char* cudaGetErrorName(cudaError_t err) {
    switch (err) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
        case cudaErrorInsufficientDriver: return "cudaErrorInsufficientDriver";
        case cudaErrorNoDevice: return "cudaErrorNoDevice";
        case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
        case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    }
    return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t err) {
    if ((err == cudaErrorLaunchFailure || err == cudaErrorInvalidValue) && !last_launch_failure.empty())
        return last_launch_failure.c_str();
    return cudaGetErrorName(err);
}

namespace gk::emu {

cudaError_t set_function_attribute(const void* kernel, cudaFuncAttribute attr, int value) {
    if (attr != cudaFuncAttributeMaxDynamicSharedMemorySize || value < 0 || (size_t)value > kMaxDynamicSmem) return record(cudaErrorInvalidValue);
    std::lock_guard<std::mutex> lock(state_mutex);
    function_smem_limits[kernel] = (size_t)value;
    return cudaSuccess;
}

size_t dynamic_smem_limit(const void* kernel) {
    std::lock_guard<std::mutex> lock(state_mutex);
    auto it = function_smem_limits.find(kernel);
    return it == function_smem_limits.end() ? kDefaultDynamicSmem : it->second;
}

void launch_failed(cudaError_t err, const std::string& why) {
    record(err);
    last_launch_failure = why;
}

}  // namespace gk::emu
