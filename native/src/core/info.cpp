// Capability queries, thread control, version, fill.
#include <cstring>
#include <thread>

#include "core/cuda_bridge.h"
#include "core/error.h"
#include "core/simd.h"
#include "core/tensor.h"
#include "core/threads.h"
#include "genkern/float16.h"

#ifndef GENKERN_VERSION
#define GENKERN_VERSION "dev"
#endif

extern "C" const char* gk_version(void) { return GENKERN_VERSION; }

extern "C" gk_status gk_cpu_query(gk_cpu_info* out) {
    GK_API_BEGIN
    gk::require(out != nullptr, "gk_cpu_query: out is null");
    std::memset(out, 0, sizeof(*out));
    std::strncpy(out->simd, gk::simd_name(gk::simd_level()), sizeof(out->simd) - 1);
    out->threads = gk::num_threads();
    out->hardware_threads = (int32_t)std::thread::hardware_concurrency();
    GK_API_END
}

extern "C" gk_status gk_cpu_set_threads(int32_t n) {
    GK_API_BEGIN
    gk::set_num_threads(n);
    GK_API_END
}

extern "C" gk_status gk_cuda_query(int32_t device_index, gk_cuda_info* out) {
    GK_API_BEGIN
    gk::require(out != nullptr, "gk_cuda_query: out is null");
    gk::cuda::query(device_index, out);
    GK_API_END
}

namespace {

void fill_cpu(const gk_tensor& t, double value) {
    int64_t n = gk::numel(t);
    if (n == 0) return;
    size_t elem = gk_dtype_size(t.dtype);
    unsigned char bits[8];
    switch (t.dtype) {
        case GK_F32: { float v = (float)value; std::memcpy(bits, &v, 4); break; }
        case GK_F16: { uint16_t v = gk_f32_to_f16((float)value); std::memcpy(bits, &v, 2); break; }
        case GK_BF16: { uint16_t v = gk_f32_to_bf16((float)value); std::memcpy(bits, &v, 2); break; }
        case GK_I32: { int32_t v = (int32_t)value; std::memcpy(bits, &v, 4); break; }
        default: { uint8_t v = (uint8_t)value; bits[0] = v; break; }
    }
    gk::parallel_for(n, [&](int64_t begin, int64_t end, int) {
        for (int64_t i = begin; i < end; ++i) {
            int64_t offset = 0, rest = i;
            for (int d = t.ndim - 1; d >= 0; --d) {
                offset += (rest % t.shape[d]) * t.strides[d];
                rest /= t.shape[d];
            }
            std::memcpy((char*)t.data + offset * (int64_t)elem, bits, elem);
        }
    });
}

}  // namespace

extern "C" gk_status gk_fill(const gk_tensor* t, double value, void* stream) {
    GK_API_BEGIN
    gk::require(t != nullptr, "gk_fill: tensor is null");
    gk::check_tensor(*t, "tensor", t->ndim);
    if (t->device == GK_CUDA) gk::cuda::fill(*t, value, stream);
    else fill_cpu(*t, value);
    GK_API_END
}
