// Functional models of the gk::ptx wrappers (cuda/ptx.cuh) for the CPU emulation: same names and
// signatures, semantics from the PTX ISA (fragment tables summarised at the top of cuda/ptx.cuh).
// Warp-collective instructions rendezvous all 32 lanes through gk::emu::detail::warp_collective,
// then one model call computes every lane's result. Tested element by element against the ISA's
// tables in cuda/emu/tests/test_emu_ptx_models.cpp.
#pragma once

#include <stdint.h>

#include <cfloat>
#include <cmath>

#include "cuda/emu/emulator.h"
#include "genkern/float16.h"

namespace gk::ptx {

namespace model {

enum class MmaType { kBf16, kF16 };

// One lane's mma.m16n8k16 operands.
struct MmaIn {
    uint32_t a[4], b[2];
    float c[4];
};

// ldmatrix.m8n8.b16 with `count` matrices (x1, x2, x4), optionally transposed.
void ldmatrix(int count, bool trans, uint32_t* r, const void* row);
void mma_m16n8k16(MmaType type, float d[4], const uint32_t a[4], const uint32_t b[2], const float c[4]);

}  // namespace model

// The emulation has no separate .shared window: the low 32 bits of the generic address stand in
// (good for alignment and swizzle arithmetic, not for converting back).
inline uint32_t smem_addr(const void* p) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p)); }

inline void mma_m16n8k16_bf16(float d[4], const uint32_t a[4], const uint32_t b[2], const float c[4]) {
    model::mma_m16n8k16(model::MmaType::kBf16, d, a, b, c);
}

inline void mma_m16n8k16_f16(float d[4], const uint32_t a[4], const uint32_t b[2], const float c[4]) {
    model::mma_m16n8k16(model::MmaType::kF16, d, a, b, c);
}

inline void ldmatrix_x4(uint32_t r[4], const void* row) { model::ldmatrix(4, false, r, row); }
inline void ldmatrix_x4_trans(uint32_t r[4], const void* row) { model::ldmatrix(4, true, r, row); }
inline void ldmatrix_x2(uint32_t r[2], const void* row) { model::ldmatrix(2, false, r, row); }
inline void ldmatrix_x2_trans(uint32_t r[2], const void* row) { model::ldmatrix(2, true, r, row); }

// Deferred copy: see gk::emu::detail::cp_async_issue.
inline void cp_async_16(void* smem_dst, const void* gmem_src, bool valid) {
    gk::emu::detail::cp_async_issue(smem_dst, gmem_src, valid);
}

inline void cp_async_commit() { gk::emu::detail::cp_async_commit(); }

template <int pending>
inline void cp_async_wait() {
    static_assert(pending >= 0, "cp.async.wait_group takes a non-negative count");
    gk::emu::detail::cp_async_wait(pending);
}

// ex2.approx.ftz.f32 as exact exp2f with the .ftz flushes (subnormal input counts as zero,
// subnormal result becomes +0); the hardware's ≤ 2 ulp error is not modelled.
inline float ex2_approx(float x) {
    if (std::fpclassify(x) == FP_SUBNORMAL) x = 0.0f;
    float y = std::exp2(x);
    return std::fpclassify(y) == FP_SUBNORMAL ? 0.0f : y;
}

// cvt.rn.bf16x2.f32 / cvt.rn.f16x2.f32: round to nearest even, `lo` in the low half.
inline uint32_t pack_bf16(float lo, float hi) {
    return (uint32_t)gk_f32_to_bf16(lo) | ((uint32_t)gk_f32_to_bf16(hi) << 16);
}

inline uint32_t pack_f16(float lo, float hi) {
    return (uint32_t)gk_f32_to_f16(lo) | ((uint32_t)gk_f32_to_f16(hi) << 16);
}

}  // namespace gk::ptx
