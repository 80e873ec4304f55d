/*
 * genkern: the flat C API.
 *
 * Every entry point returns a gk_status. On failure, gk_last_error() returns a message for the
 * calling thread that names every offending value; it stays valid until the next failing call on
 * that thread. Native code never exits or aborts: CUDA failures name the kernel, its launch
 * configuration and the CUDA error.
 *
 * Backends: GK_CPU (always present) and GK_CUDA (present when the library was built with nvcc and
 * a usable device and driver exist at run time). Capability queries say which.
 *
 * Streams are opaque handles. On CUDA a stream is a cudaStream_t (NULL = the legacy default
 * stream). On the CPU, work runs on the calling thread with the library's worker pool, so a CPU
 * "stream" is NULL and every call is complete when it returns.
 */
#ifndef GENKERN_GENKERN_H
#define GENKERN_GENKERN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define GK_API
#else
#define GK_API __attribute__((visibility("default")))
#endif

typedef enum gk_status {
    GK_OK = 0,
    GK_INVALID_ARGUMENT = 1,
    GK_OUT_OF_MEMORY = 2,
    GK_CUDA_ERROR = 3,
    GK_UNSUPPORTED = 4,
    GK_INTERNAL = 5
} gk_status;

typedef enum gk_dtype { GK_F32 = 0, GK_F16 = 1, GK_BF16 = 2, GK_I32 = 3, GK_U8 = 4 } gk_dtype;

typedef enum gk_device { GK_CPU = 0, GK_CUDA = 1 } gk_device;

#define GK_MAX_DIMS 8

/* A strided view of memory. Strides count elements, not bytes. data == NULL marks an absent
 * optional tensor. */
typedef struct gk_tensor {
    void* data;
    int32_t dtype;        /* gk_dtype */
    int32_t device;       /* gk_device */
    int32_t device_index; /* CUDA ordinal; 0 on the CPU */
    int32_t ndim;
    int64_t shape[GK_MAX_DIMS];
    int64_t strides[GK_MAX_DIMS];
} gk_tensor;

GK_API const char* gk_last_error(void);
GK_API const char* gk_version(void);
GK_API size_t gk_dtype_size(int32_t dtype);

/* ---- capabilities ------------------------------------------------------------------------ */

typedef struct gk_cpu_info {
    char simd[32];        /* "avx2+fma" or "scalar": the kernels chosen at run time */
    int32_t threads;      /* worker threads used by CPU kernels */
    int32_t hardware_threads;
} gk_cpu_info;

GK_API gk_status gk_cpu_query(gk_cpu_info* out);
/* n <= 0 restores the default (GENKERN_NUM_THREADS, else the hardware thread count). */
GK_API gk_status gk_cpu_set_threads(int32_t n);

typedef struct gk_cuda_info {
    int32_t compiled;            /* 1 when this library contains CUDA kernels */
    int32_t device_count;        /* 0 when no usable driver/device */
    int32_t driver_version;      /* e.g. 13000; 0 when no driver */
    int32_t runtime_version;     /* version of the statically linked runtime */
    char reason[256];            /* why CUDA is unavailable, or "" */
    char name[256];              /* of device_index */
    int32_t sm_count;
    int32_t cc_major, cc_minor;
    int64_t total_memory;
    int64_t free_memory;
    int64_t l2_bytes;
    int64_t shared_per_block_optin;
} gk_cuda_info;

/* Fills what it can for device_index; never fails because CUDA is absent (it says why in reason). */
GK_API gk_status gk_cuda_query(int32_t device_index, gk_cuda_info* out);

/* ---- memory --------------------------------------------------------------------------------- */

/* Host allocations are 64-byte aligned. Device allocations use cudaMalloc on device_index. */
GK_API gk_status gk_alloc(int32_t device, int32_t device_index, size_t bytes, void** out);
GK_API gk_status gk_free(int32_t device, int32_t device_index, void* ptr);
/* Bytes currently held through gk_alloc on that device (what tests use to prove release). */
GK_API gk_status gk_bytes_in_use(int32_t device, int32_t device_index, int64_t* out);
/* Copies bytes between any two of host and device memory, ordered on stream (CUDA) or at once (CPU). */
GK_API gk_status gk_copy(void* dst, int32_t dst_device, const void* src, int32_t src_device,
                         int32_t device_index, size_t bytes, void* stream);
GK_API gk_status gk_fill(const gk_tensor* t, double value, void* stream);

/* ---- streams -------------------------------------------------------------------------------- */

GK_API gk_status gk_stream_create(int32_t device, int32_t device_index, void** out);
GK_API gk_status gk_stream_destroy(int32_t device, int32_t device_index, void* stream);
GK_API gk_status gk_stream_synchronize(int32_t device, int32_t device_index, void* stream);

#ifdef __cplusplus
}
#endif

#endif
