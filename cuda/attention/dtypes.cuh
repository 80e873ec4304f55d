// Element types of the attention kernels as tags: storage type, conversions to and from f32, and
// for the 16-bit types the tensor-core instruction and the register packing of the P operand.
// 16-bit values are stored as uint16_t and converted explicitly (genkern/float16.h), which keeps
// the CPU emulation's surface small.
#pragma once

#include <stdint.h>

#include "cuda/ptx.cuh"
#include "genkern/float16.h"

namespace gk::attention::gpu {

struct F32 {
    using storage = float;
    __device__ __forceinline__ static float to_float(float x) { return x; }
    __device__ __forceinline__ static float from_float(float x) { return x; }
};

struct F16 {
    using storage = uint16_t;
    __device__ __forceinline__ static float to_float(uint16_t x) { return gk_f16_to_f32(x); }
    __device__ __forceinline__ static uint16_t from_float(float x) { return gk_f32_to_f16(x); }
    __device__ __forceinline__ static uint32_t pack(float lo, float hi) { return ptx::pack_f16(lo, hi); }
    __device__ __forceinline__ static void mma(float d[4], const uint32_t a[4], const uint32_t b[2]) {
        ptx::mma_m16n8k16_f16(d, a, b, d);
    }
};

struct Bf16 {
    using storage = uint16_t;
    __device__ __forceinline__ static float to_float(uint16_t x) { return gk_bf16_to_f32(x); }
    __device__ __forceinline__ static uint16_t from_float(float x) { return gk_f32_to_bf16(x); }
    __device__ __forceinline__ static uint32_t pack(float lo, float hi) { return ptx::pack_bf16(lo, hi); }
    __device__ __forceinline__ static void mma(float d[4], const uint32_t a[4], const uint32_t b[2]) {
        ptx::mma_m16n8k16_bf16(d, a, b, d);
    }
};

}  // namespace gk::attention::gpu
