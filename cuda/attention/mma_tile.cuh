// Shared-memory tiles of 16-bit elements for the tensor-core kernels: asynchronous row-tile loads
// (cp.async, zero-filled past the valid rows) and the ldmatrix fragment loads of the three operand
// shapes attention needs. A tile is row major with a pitch of D + 8 elements: the extra 16 bytes
// start consecutive rows 4 banks apart, so the eight row addresses of one ldmatrix 8×8 matrix fall
// in eight distinct 16-byte bank groups (for every D that is a multiple of 16).
#pragma once

#include <stdint.h>

#include "cuda/ptx.cuh"

namespace gk::attention::gpu {

template <int D>
struct SmemTile {
    static constexpr int kPitch = D + 8;      // elements per row in shared memory
    static constexpr int kChunks = D / 8;     // 16-byte chunks per row
};

// Copies rows [0, rows) of a global tile (row stride `stride` elements, contiguous rows) into a
// shared tile of kRows rows; rows >= valid_rows are zero-filled without touching global memory.
// All kThreads threads of the CTA take part; the copies join the caller's next cp.async group.
template <int kRows, int D, int kThreads>
__device__ __forceinline__ void load_tile_async(uint16_t* smem, const uint16_t* gmem, int64_t stride, int32_t valid_rows,
                                                int tid) {
    constexpr int kChunks = SmemTile<D>::kChunks, kTotal = kRows * kChunks;
#pragma unroll
    for (int it = 0; it < (kTotal + kThreads - 1) / kThreads; ++it) {
        int c = tid + it * kThreads;
        if (kTotal % kThreads != 0 && c >= kTotal) break;
        int r = c / kChunks, col = (c % kChunks) * 8;
        bool valid = r < valid_rows;
        ptx::cp_async_16(smem + r * SmemTile<D>::kPitch + col, valid ? gmem + r * stride + col : gmem, valid);
    }
}

// A operand of mma.m16n8k16 (16 rows × 16 k, row major) at (row0, k0): ldmatrix matrix i takes
// rows row0 + (i & 1)·8.., columns k0 + (i >> 1)·8.., giving registers a0..a3 in PTX order.
template <int D>
__device__ __forceinline__ void load_a_frag(uint32_t a[4], const uint16_t* tile, int row0, int k0, int lane) {
    int i = lane >> 3, r = lane & 7;
    ptx::ldmatrix_x4(a, tile + (row0 + (i & 1) * 8 + r) * SmemTile<D>::kPitch + k0 + (i >> 1) * 8);
}

// B operands of two adjacent n8 blocks (n0 and n0 + 8, k0..k0+15) from a tile stored [n][k] (keys
// × head dim, i.e. K for S = Q·Kᵀ): b[0..1] for block n0, b[2..3] for block n0 + 8.
template <int D>
__device__ __forceinline__ void load_b_frag_nk(uint32_t b[4], const uint16_t* tile, int n0, int k0, int lane) {
    int i = lane >> 3, r = lane & 7;
    ptx::ldmatrix_x4(b, tile + (n0 + (i >> 1) * 8 + r) * SmemTile<D>::kPitch + k0 + (i & 1) * 8);
}

// B operands of two adjacent n8 blocks from a tile stored [k][n] (keys × head dim, i.e. V for
// O = P·V), transposed by ldmatrix: b[0..1] for columns n0.., b[2..3] for n0 + 8...
template <int D>
__device__ __forceinline__ void load_b_frag_kn(uint32_t b[4], const uint16_t* tile, int k0, int n0, int lane) {
    int i = lane >> 3, r = lane & 7;
    ptx::ldmatrix_x4_trans(b, tile + (k0 + (i & 1) * 8 + r) * SmemTile<D>::kPitch + n0 + (i >> 1) * 8);
}

}  // namespace gk::attention::gpu
