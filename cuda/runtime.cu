// The CUDA backend's runtime: device discovery, memory, streams, copies, fill. Linked with the
// static CUDA runtime, so the library loads without a driver; cudaGetDeviceCount then reports
// cudaErrorInsufficientDriver / cudaErrorNoDevice and the backend says why it is unavailable.
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/cuda_bridge.h"
#include "core/tensor.h"
#include "cuda/core/check.cuh"
#include "cuda/core/fill_kernel.cuh"
#include "cuda/core/launch.cuh"
#include "genkern/float16.h"

namespace gk::cuda {

namespace {

constexpr int kMinMajor = 8;  // sm_80: mma.sync bf16, cp.async

std::mutex alloc_mutex;
std::unordered_map<void*, std::pair<int32_t, size_t>> allocations;
std::unordered_map<int32_t, int64_t> device_bytes;

// Why CUDA cannot be used at all (empty when a device exists), from cudaGetDeviceCount.
std::string unavailable_reason(int* count) {
    *count = 0;
    cudaError_t err = cudaGetDeviceCount(count);
    if (err == cudaErrorInsufficientDriver) {
        int driver = 0;
        cudaDriverGetVersion(&driver);
        cudaGetLastError();
        return driver == 0 ? "no CUDA driver" : str("CUDA driver ", driver, " is older than this runtime");
    }
    if (err == cudaErrorNoDevice) {
        cudaGetLastError();
        return "no CUDA device";
    }
    if (err != cudaSuccess) {
        cudaGetLastError();
        *count = 0;
        return str("cudaGetDeviceCount failed: ", cudaGetErrorName(err));
    }
    return *count == 0 ? "no CUDA device" : "";
}

}  // namespace

bool compiled() { return true; }

void query(int32_t device_index, gk_cuda_info* out) {
    std::memset(out, 0, sizeof(*out));
    out->compiled = 1;
    cudaRuntimeGetVersion(&out->runtime_version);
    cudaDriverGetVersion(&out->driver_version);
    int count = 0;
    std::string reason = unavailable_reason(&count);
    out->device_count = count;
    if (reason.empty() && (device_index < 0 || device_index >= count))
        reason = str("device index ", device_index, " out of range (", count, " devices)");
    if (reason.empty()) {
        cudaDeviceProp p;
        cudaError_t err = cudaGetDeviceProperties(&p, device_index);
        if (err != cudaSuccess) {
            reason = str("cudaGetDeviceProperties failed: ", cudaGetErrorName(err));
        } else {
            std::strncpy(out->name, p.name, sizeof(out->name) - 1);
            out->sm_count = p.multiProcessorCount;
            out->cc_major = p.major;
            out->cc_minor = p.minor;
            out->total_memory = (int64_t)p.totalGlobalMem;
            out->l2_bytes = p.l2CacheSize;
            out->shared_per_block_optin = (int64_t)p.sharedMemPerBlockOptin;
            if (p.major < kMinMajor)
                reason = str("compute capability ", p.major, ".", p.minor, " < ", kMinMajor, ".0");
            int previous = 0;
            size_t free_b = 0, total_b = 0;
            if (cudaGetDevice(&previous) == cudaSuccess && cudaSetDevice(device_index) == cudaSuccess &&
                cudaMemGetInfo(&free_b, &total_b) == cudaSuccess)
                out->free_memory = (int64_t)free_b;
            cudaSetDevice(previous);
            cudaGetLastError();
        }
    }
    std::strncpy(out->reason, reason.c_str(), sizeof(out->reason) - 1);
}

void require_device(int32_t device_index) {
    gk_cuda_info info;
    query(device_index, &info);
    if (info.reason[0]) fail(GK_UNSUPPORTED, "CUDA device ", device_index, " is not usable: ", info.reason);
}

void set_device(int32_t device_index) {
    int current = -1;
    if (cudaGetDevice(&current) == cudaSuccess && current == device_index) return;
    cudaGetLastError();
    require_device(device_index);
    check(cudaSetDevice(device_index), "cudaSetDevice");
}

void* alloc(int32_t device_index, size_t bytes) {
    set_device(device_index);
    void* p = nullptr;
    cudaError_t err = cudaMalloc(&p, bytes ? bytes : 1);
    if (err == cudaErrorMemoryAllocation) {
        cudaGetLastError();
        fail(GK_OUT_OF_MEMORY, "out of memory on cuda:", device_index, " allocating ", bytes, " bytes");
    }
    check(err, "cudaMalloc");
    std::lock_guard<std::mutex> lock(alloc_mutex);
    allocations[p] = {device_index, bytes};
    device_bytes[device_index] += (int64_t)bytes;
    return p;
}

void free(int32_t device_index, void* ptr) {
    {
        std::lock_guard<std::mutex> lock(alloc_mutex);
        auto it = allocations.find(ptr);
        require(it != allocations.end(), "device pointer ", ptr, " was not allocated by gk_alloc");
        require(it->second.first == device_index, "device pointer ", ptr, " belongs to cuda:", it->second.first,
                ", not cuda:", device_index);
        device_bytes[device_index] -= (int64_t)it->second.second;
        allocations.erase(it);
    }
    set_device(device_index);
    check(cudaFree(ptr), "cudaFree");
}

int64_t bytes_in_use(int32_t device_index) {
    std::lock_guard<std::mutex> lock(alloc_mutex);
    auto it = device_bytes.find(device_index);
    return it == device_bytes.end() ? 0 : it->second;
}

void copy(void* dst, bool dst_on_device, const void* src, bool src_on_device, int32_t device_index, size_t bytes,
          void* stream) {
    set_device(device_index);
    cudaMemcpyKind kind = dst_on_device ? (src_on_device ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
                                        : (src_on_device ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
    check(cudaMemcpyAsync(dst, src, bytes, kind, (cudaStream_t)stream), "cudaMemcpyAsync");
    // Pageable host memory: the copy must be complete before the caller may reuse its buffer.
    if (!dst_on_device || !src_on_device) check(cudaStreamSynchronize((cudaStream_t)stream), "cudaStreamSynchronize");
}

void* stream_create(int32_t device_index) {
    set_device(device_index);
    cudaStream_t s;
    check(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    return s;
}

void stream_destroy(int32_t device_index, void* stream) {
    set_device(device_index);
    check(cudaStreamDestroy((cudaStream_t)stream), "cudaStreamDestroy");
}

void stream_synchronize(int32_t device_index, void* stream) {
    set_device(device_index);
    check(cudaStreamSynchronize((cudaStream_t)stream), "cudaStreamSynchronize");
}

void fill(const gk_tensor& t, double value, void* stream) {
    set_device(t.device_index);
    FillArgs a{};
    a.data = (char*)t.data;
    a.n = numel(t);
    if (a.n == 0) return;
    a.ndim = t.ndim;
    a.elem_bytes = (int32_t)gk_dtype_size(t.dtype);
    for (int d = 0; d < t.ndim; ++d) {
        a.shape[d] = t.shape[d];
        a.strides[d] = t.strides[d];
    }
    switch (t.dtype) {
        case GK_F32: { float v = (float)value; uint32_t b; std::memcpy(&b, &v, 4); a.bits = b; break; }
        case GK_F16: a.bits = gk_f32_to_f16((float)value); break;
        case GK_BF16: a.bits = gk_f32_to_bf16((float)value); break;
        case GK_I32: a.bits = (uint32_t)(int32_t)value; break;
        default: a.bits = (uint8_t)value; break;
    }
    dim3 block(256), grid((unsigned)std::min<int64_t>((a.n + 255) / 256, 65535));
    GK_LAUNCH(fill_kernel, grid, block, 0, (cudaStream_t)stream, a);
}

}  // namespace gk::cuda
