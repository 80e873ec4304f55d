// Every inline-PTX instruction genkern uses, each in one small named device function. Kernels call
// these and never contain asm themselves. Under GENKERN_EMULATION (the CPU emulation that runs the
// kernels in CI) the same names come from functional models that follow the PTX ISA's tables.
//
// Fragment conventions (PTX ISA, "Matrix Fragments for mma.m16n8k16 with floating point type"):
// groupID = lane >> 2, tig = lane & 3.
//   A (16×16, row major), 4 × .b32 regs of two 16-bit values:
//     a0: (groupID,     2·tig..+1)   a1: (groupID + 8, 2·tig..+1)
//     a2: (groupID,     2·tig+8..+9) a3: (groupID + 8, 2·tig+8..+9)
//   B (16×8, "col": element (k, n)), 2 regs: b0: (k = 2·tig..+1, n = groupID), b1: (k = 2·tig+8..+9, n = groupID)
//   C/D (16×8, f32), 4 floats: c0,c1: (groupID, 2·tig..+1)  c2,c3: (groupID + 8, 2·tig..+1)
// In each 32-bit register the lower-indexed element sits in the low 16 bits.
#pragma once

#include <stdint.h>

#if defined(GENKERN_EMULATION)
#include "cuda/emu/ptx_models.h"
#else

namespace gk::ptx {

// Shared-memory address in the .shared window, as ldmatrix and cp.async expect.
__device__ __forceinline__ uint32_t smem_addr(const void* p) {
    return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

// D = A·B + C with bf16 inputs and f32 accumulation (sm_80+).
__device__ __forceinline__ void mma_m16n8k16_bf16(float d[4], const uint32_t a[4], const uint32_t b[2],
                                                  const float c[4]) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%10,%11,%12,%13};\n"
        : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(c[0]), "f"(c[1]), "f"(c[2]),
          "f"(c[3]));
}

// D = A·B + C with f16 inputs and f32 accumulation (sm_80+).
__device__ __forceinline__ void mma_m16n8k16_f16(float d[4], const uint32_t a[4], const uint32_t b[2],
                                                 const float c[4]) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%10,%11,%12,%13};\n"
        : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(c[0]), "f"(c[1]), "f"(c[2]),
          "f"(c[3]));
}

// Four 8×8 b16 matrices from shared memory: lanes 8i..8i+7 supply the row addresses of matrix i;
// register i of each lane receives its two elements of matrix i (row lane/4, columns 2·(lane%4)..+1).
__device__ __forceinline__ void ldmatrix_x4(uint32_t r[4], const void* row) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(smem_addr(row)));
}

// As ldmatrix_x4, each 8×8 matrix transposed on the way (for B operands stored row major).
__device__ __forceinline__ void ldmatrix_x4_trans(uint32_t r[4], const void* row) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(smem_addr(row)));
}

// Two 8×8 matrices: lanes 0..15 supply row addresses (the others' are ignored).
__device__ __forceinline__ void ldmatrix_x2(uint32_t r[2], const void* row) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0,%1}, [%2];\n"
                 : "=r"(r[0]), "=r"(r[1])
                 : "r"(smem_addr(row)));
}

__device__ __forceinline__ void ldmatrix_x2_trans(uint32_t r[2], const void* row) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0,%1}, [%2];\n"
                 : "=r"(r[0]), "=r"(r[1])
                 : "r"(smem_addr(row)));
}

// Asynchronous 16-byte global → shared copy; when !valid the destination is zero-filled and the
// source is not read (src-size 0), which is how tiles past the end of a tensor are padded.
__device__ __forceinline__ void cp_async_16(void* smem_dst, const void* gmem_src, bool valid) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(smem_addr(smem_dst)), "l"(gmem_src),
                 "r"(valid ? 16 : 0));
}

__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }

// Waits until at most `pending` committed groups are still in flight.
template <int pending>
__device__ __forceinline__ void cp_async_wait() {
    asm volatile("cp.async.wait_group %0;\n" ::"n"(pending));
}

// 2^x, approximate (max 2 ulp), flushing subnormals: the softmax exponent.
__device__ __forceinline__ float ex2_approx(float x) {
    float y;
    asm volatile("ex2.approx.ftz.f32 %0, %1;\n" : "=f"(y) : "f"(x));
    return y;
}

// Two floats → one register of two bf16 / f16 (lo = first), round to nearest even.
__device__ __forceinline__ uint32_t pack_bf16(float lo, float hi) {
    uint32_t r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;\n" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

__device__ __forceinline__ uint32_t pack_f16(float lo, float hi) {
    uint32_t r;
    asm("cvt.rn.f16x2.f32 %0, %1, %2;\n" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

}  // namespace gk::ptx

#endif
