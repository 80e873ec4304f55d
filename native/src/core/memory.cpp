// gk_alloc / gk_free / gk_copy / gk_bytes_in_use: host memory here, device memory in cuda/runtime.cu.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/cuda_bridge.h"
#include "core/error.h"
#include "core/tensor.h"

namespace {

std::atomic<int64_t> host_bytes{0};
std::mutex sizes_mutex;
std::unordered_map<void*, size_t> host_sizes;  // to account for frees

void check_device(int32_t device, int32_t index) {
    gk::require(device == GK_CPU || device == GK_CUDA, "unknown device code ", device);
    gk::require(device == GK_CPU || index >= 0, "negative CUDA device index ", index);
}

}  // namespace

extern "C" gk_status gk_alloc(int32_t device, int32_t device_index, size_t bytes, void** out) {
    GK_API_BEGIN
    gk::require(out != nullptr, "gk_alloc: out is null");
    check_device(device, device_index);
    *out = nullptr;
    if (device == GK_CUDA) {
        *out = gk::cuda::alloc(device_index, bytes);
        return GK_OK;
    }
    size_t rounded = (bytes + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, rounded ? rounded : 64);
    if (!p) gk::fail(GK_OUT_OF_MEMORY, "out of host memory allocating ", bytes, " bytes");
    {
        std::lock_guard<std::mutex> lock(sizes_mutex);
        host_sizes[p] = bytes;
    }
    host_bytes += (int64_t)bytes;
    *out = p;
    GK_API_END
}

extern "C" gk_status gk_free(int32_t device, int32_t device_index, void* ptr) {
    GK_API_BEGIN
    check_device(device, device_index);
    if (!ptr) return GK_OK;
    if (device == GK_CUDA) {
        gk::cuda::free(device_index, ptr);
        return GK_OK;
    }
    size_t bytes;
    {
        std::lock_guard<std::mutex> lock(sizes_mutex);
        auto it = host_sizes.find(ptr);
        gk::require(it != host_sizes.end(), "gk_free: host pointer ", ptr, " was not allocated by gk_alloc");
        bytes = it->second;
        host_sizes.erase(it);
    }
    host_bytes -= (int64_t)bytes;
    std::free(ptr);
    GK_API_END
}

extern "C" gk_status gk_bytes_in_use(int32_t device, int32_t device_index, int64_t* out) {
    GK_API_BEGIN
    gk::require(out != nullptr, "gk_bytes_in_use: out is null");
    check_device(device, device_index);
    *out = device == GK_CUDA ? gk::cuda::bytes_in_use(device_index) : host_bytes.load();
    GK_API_END
}

extern "C" gk_status gk_copy(void* dst, int32_t dst_device, const void* src, int32_t src_device,
                             int32_t device_index, size_t bytes, void* stream) {
    GK_API_BEGIN
    check_device(dst_device, device_index);
    check_device(src_device, device_index);
    if (bytes == 0) return GK_OK;
    gk::require(dst && src, "gk_copy: null pointer (dst ", dst, ", src ", src, ") for ", bytes, " bytes");
    if (dst_device == GK_CPU && src_device == GK_CPU) {
        std::memmove(dst, src, bytes);
        return GK_OK;
    }
    gk::cuda::copy(dst, dst_device == GK_CUDA, src, src_device == GK_CUDA, device_index, bytes, stream);
    GK_API_END
}

extern "C" gk_status gk_stream_create(int32_t device, int32_t device_index, void** out) {
    GK_API_BEGIN
    gk::require(out != nullptr, "gk_stream_create: out is null");
    check_device(device, device_index);
    *out = device == GK_CUDA ? gk::cuda::stream_create(device_index) : nullptr;
    GK_API_END
}

extern "C" gk_status gk_stream_destroy(int32_t device, int32_t device_index, void* stream) {
    GK_API_BEGIN
    check_device(device, device_index);
    if (device == GK_CUDA && stream) gk::cuda::stream_destroy(device_index, stream);
    GK_API_END
}

extern "C" gk_status gk_stream_synchronize(int32_t device, int32_t device_index, void* stream) {
    GK_API_BEGIN
    check_device(device, device_index);
    if (device == GK_CUDA) gk::cuda::stream_synchronize(device_index, stream);
    GK_API_END
}
