// The CUDA C++ dialect for the host compiler, so that the kernel headers in cuda/ compile unchanged
// and run on the CPU emulator (emulator.h). Force-included (-include) into every emulated test
// together with -DGENKERN_EMULATION; never part of libgenkern.so.
#pragma once

#include <stdint.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "cuda/emu/emulator.h"

// ---- qualifiers ---------------------------------------------------------------------------------
// Kernels and device functions live in headers: `inline` keeps them one definition per program.
#define __global__ inline
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))
// A block's threads all run on one runner OS thread, one block at a time, so thread_local storage
// is per-block storage. The same spelling serves `__shared__ T s[N];` and `extern __shared__ T s[];`
// (whose storage GK_EMU_DYNAMIC_SHARED defines).
#define __shared__ thread_local
#define __constant__

// Kernels are written for sm_80+; emulation takes their Ampere paths.
#ifndef __CUDA_ARCH__
#define __CUDA_ARCH__ 800
#endif

// ---- built-in variables -------------------------------------------------------------------------
#define threadIdx (::gk::emu::detail::thread_index())
#define blockIdx (::gk::emu::detail::block_index())
#define blockDim (::gk::emu::detail::block_dims())
#define gridDim (::gk::emu::detail::grid_dims())
constexpr int warpSize = 32;

// ---- vector types (alignment as in CUDA's vector_types.h) ---------------------------------------
struct alignas(8) float2 { float x, y; };
struct alignas(16) float4 { float x, y, z, w; };
struct alignas(8) int2 { int x, y; };
struct alignas(16) int4 { int x, y, z, w; };
struct alignas(8) uint2 { unsigned x, y; };
struct alignas(16) uint4 { unsigned x, y, z, w; };
inline float2 make_float2(float x, float y) { return {x, y}; }
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
inline int2 make_int2(int x, int y) { return {x, y}; }
inline int4 make_int4(int x, int y, int z, int w) { return {x, y, z, w}; }
inline uint2 make_uint2(unsigned x, unsigned y) { return {x, y}; }
inline uint4 make_uint4(unsigned x, unsigned y, unsigned z, unsigned w) { return {x, y, z, w}; }
inline uint3 make_uint3(unsigned x, unsigned y, unsigned z) { return {x, y, z}; }

// ---- warp-collective models -------------------------------------------------------------------
namespace gk::emu::detail {

inline void syncwarp_op(unsigned, const void* const*, void* const*) {}

// PTX shfl.sync with its mode, lane operand b and clamp/segment operand c exactly as the ISA
// defines them; CUDA's __shfl_*_sync(..., width) pass c = ((32 - width) << 8) | (up ? 0 : 31).
enum class ShflMode { kUp, kDown, kBfly, kIdx };

struct ShflIn {
    uint64_t bits;
    unsigned b, c;
};

template <ShflMode mode>
void shfl_op(unsigned mask, const void* const in[32], void* const out[32]) {
    for (unsigned lane = 0; lane < 32; ++lane) {
        if (!(mask >> lane & 1u)) continue;
        const ShflIn& x = *static_cast<const ShflIn*>(in[lane]);
        unsigned bval = x.b & 31u, cval = x.c & 31u, segmask = (x.c >> 8) & 31u;
        int max_lane = (int)((lane & segmask) | (cval & ~segmask)), min_lane = (int)(lane & segmask);
        int j = (int)lane;
        bool in_range = false;
        switch (mode) {
            case ShflMode::kUp: j = (int)lane - (int)bval; in_range = j >= max_lane; break;
            case ShflMode::kDown: j = (int)lane + (int)bval; in_range = j <= max_lane; break;
            case ShflMode::kBfly: j = (int)(lane ^ bval); in_range = j <= max_lane; break;
            case ShflMode::kIdx: j = min_lane | (int)(bval & ~segmask); in_range = j <= max_lane; break;
        }
        if (!in_range) j = (int)lane;
        // Reading a lane outside the mask is undefined: the model hands back all-ones bits (NaN, -1).
        *static_cast<uint64_t*>(out[lane]) =
            (mask >> j & 1u) ? static_cast<const ShflIn*>(in[j])->bits : ~uint64_t{0};
    }
}

template <ShflMode mode, class T>
T shfl(unsigned mask, T var, unsigned b, unsigned c, const char* what) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8, "shuffles move values of at most 8 bytes");
    ShflIn x{0, b, c};
    std::memcpy(&x.bits, &var, sizeof(T));
    uint64_t r = 0;
    warp_collective(mask, shfl_op<mode>, &x, &r, what);
    T out;
    std::memcpy(&out, &r, sizeof(T));
    return out;
}

inline unsigned shfl_c(int width, bool up) {
    if (width < 1 || width > 32 || (width & (width - 1)))
        fail("shuffle width " + std::to_string(width) + " is not a power of two in [1, 32]");
    return ((32u - (unsigned)width) << 8) | (up ? 0u : 31u);
}

inline void ballot_op(unsigned mask, const void* const in[32], void* const out[32]) {
    unsigned bits = 0;
    for (unsigned lane = 0; lane < 32; ++lane)
        if ((mask >> lane & 1u) && *static_cast<const int*>(in[lane])) bits |= 1u << lane;
    for (unsigned lane = 0; lane < 32; ++lane)
        if (mask >> lane & 1u) *static_cast<unsigned*>(out[lane]) = bits;
}

inline unsigned ballot(unsigned mask, int predicate, const char* what) {
    int p = predicate != 0;
    unsigned bits = 0;
    warp_collective(mask, ballot_op, &p, &bits, what);
    return bits;
}

}  // namespace gk::emu::detail

inline void __syncthreads() { ::gk::emu::detail::sync_block(); }
inline void __syncwarp(unsigned mask = 0xffffffffu) {
    ::gk::emu::detail::warp_collective(mask, ::gk::emu::detail::syncwarp_op, nullptr, nullptr, "__syncwarp");
}

template <class T>
T __shfl_sync(unsigned mask, T var, int src_lane, int width = warpSize) {
    using namespace ::gk::emu::detail;
    return shfl<ShflMode::kIdx>(mask, var, (unsigned)src_lane, shfl_c(width, false), "__shfl_sync");
}
template <class T>
T __shfl_xor_sync(unsigned mask, T var, int lane_mask, int width = warpSize) {
    using namespace ::gk::emu::detail;
    return shfl<ShflMode::kBfly>(mask, var, (unsigned)lane_mask, shfl_c(width, false), "__shfl_xor_sync");
}
template <class T>
T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = warpSize) {
    using namespace ::gk::emu::detail;
    return shfl<ShflMode::kDown>(mask, var, delta, shfl_c(width, false), "__shfl_down_sync");
}
template <class T>
T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = warpSize) {
    using namespace ::gk::emu::detail;
    return shfl<ShflMode::kUp>(mask, var, delta, shfl_c(width, true), "__shfl_up_sync");
}

inline unsigned __ballot_sync(unsigned mask, int predicate) {
    return ::gk::emu::detail::ballot(mask, predicate, "__ballot_sync");
}
inline int __any_sync(unsigned mask, int predicate) {
    return ::gk::emu::detail::ballot(mask, predicate, "__any_sync") != 0;
}
inline int __all_sync(unsigned mask, int predicate) {
    return ::gk::emu::detail::ballot(mask, predicate, "__all_sync") == mask;
}
// Independent thread scheduling: every lane that has not exited counts as active.
inline unsigned __activemask() { return ::gk::emu::detail::exited_lanes_complement(); }

// ---- atomics: real atomics (blocks of a launch may run on several runners), each followed by an
// interleaving point so that orderings between a block's threads vary with the schedule ----------
namespace gk::emu::detail {
template <class T, class F>
T atomic_update(T* address, F f) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8, "atomics on 4- or 8-byte words");
    using Word = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    Word* w = reinterpret_cast<Word*>(address);
    Word old_bits = __atomic_load_n(w, __ATOMIC_RELAXED), new_bits;
    T old;
    do {
        std::memcpy(&old, &old_bits, sizeof(T));
        T next = f(old);
        std::memcpy(&new_bits, &next, sizeof(T));
    } while (!__atomic_compare_exchange_n(w, &old_bits, new_bits, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    interleave();
    return old;
}
}  // namespace gk::emu::detail

template <class T>
T atomicAdd(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return (T)(old + val); });
}
template <class T>
T atomicSub(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return (T)(old - val); });
}
template <class T>
T atomicMax(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return old < val ? val : old; });
}
template <class T>
T atomicMin(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return val < old ? val : old; });
}
template <class T>
T atomicExch(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T) { return val; });
}
template <class T>
T atomicCAS(T* address, T compare, T val) {
    return ::gk::emu::detail::atomic_update(address, [compare, val](T old) { return old == compare ? val : old; });
}
template <class T>
T atomicAnd(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return (T)(old & val); });
}
template <class T>
T atomicOr(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return (T)(old | val); });
}
template <class T>
T atomicXor(T* address, T val) {
    return ::gk::emu::detail::atomic_update(address, [val](T old) { return (T)(old ^ val); });
}
inline unsigned atomicInc(unsigned* address, unsigned val) {
    return ::gk::emu::detail::atomic_update(address, [val](unsigned old) { return old >= val ? 0u : old + 1; });
}
inline unsigned atomicDec(unsigned* address, unsigned val) {
    return ::gk::emu::detail::atomic_update(address,
                                            [val](unsigned old) { return (old == 0 || old > val) ? val : old - 1; });
}
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_thread_fence(std::memory_order_seq_cst); }

// ---- math and bit casts (float, as the device library computes them; fast variants exact) -------
// expf, exp2f, logf, fmaxf, fminf, sqrtf, fmaf come from <cmath> (glibc's, in the global namespace).
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline float __fdividef(float a, float b) { return a / b; }
inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float __saturatef(float x) { return x < 0.f ? 0.f : (x > 1.f ? 1.f : x); }
inline int __float_as_int(float x) { int i; std::memcpy(&i, &x, 4); return i; }
inline unsigned __float_as_uint(float x) { unsigned u; std::memcpy(&u, &x, 4); return u; }
inline float __int_as_float(int i) { float x; std::memcpy(&x, &i, 4); return x; }
inline float __uint_as_float(unsigned u) { float x; std::memcpy(&x, &u, 4); return x; }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned)x); }
template <class T>
T __ldg(const T* p) { return *p; }
// CUDA's device library overloads min/max for integer and floating types.
inline int max(int a, int b) { return a < b ? b : a; }
inline int min(int a, int b) { return b < a ? b : a; }
inline unsigned max(unsigned a, unsigned b) { return a < b ? b : a; }
inline unsigned min(unsigned a, unsigned b) { return b < a ? b : a; }
inline long long max(long long a, long long b) { return a < b ? b : a; }
inline long long min(long long a, long long b) { return b < a ? b : a; }
inline long max(long a, long b) { return a < b ? b : a; }
inline long min(long a, long b) { return b < a ? b : a; }
inline float max(float a, float b) { return std::fmax(a, b); }
inline float min(float a, float b) { return std::fmin(a, b); }
[[noreturn]] inline void __trap() { ::gk::emu::detail::fail("__trap() called"); }
