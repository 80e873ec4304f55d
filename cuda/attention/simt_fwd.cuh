// Attention on plain FMA units (no tensor cores), with the same tiling and online softmax as the
// tensor-core kernel. Two kernels share the body:
//   flash_f32_kernel<D>  FLASH path for f32 at the fast head dims: Dk = Dv = D known at compile
//                        time, the output tile lives in registers.
//   general_kernel<T>    GENERAL path: any Dk, Dv (up to 4096) and any dtype or alignment. Dk is
//                        streamed in chunks while S accumulates, and the running output goes to an
//                        f32 accumulator in global memory (AttentionArgs::accumulator), Dv chunk by
//                        Dv chunk, so no tile grows with the head dims.
//
// CTA: 64 query rows × 64-key tiles, 256 threads as a 16 × 16 grid (ty, tx). Thread (ty, tx) owns
// rows 4·ty..4·ty+3 and, of S, keys tx + 16·j; of O, columns tx + 16·c. The 16 threads of a row
// group are one half-warp, so row reductions are four xor-shuffles. Q and K chunks, then V chunks,
// pass through one shared region; P goes through shared memory to reach every column's thread.
#pragma once

#include "cuda/attention/attention_args.cuh"
#include "cuda/attention/dtypes.cuh"

namespace gk::attention::gpu {

struct SimtTile {
    static constexpr int kBlockM = 64, kBlockN = 64, kThreads = 256;
    static constexpr int kDkChunk = 32;   // head-dim slice of Q and K per step of S
    static constexpr int kDvChunk = 64;   // output columns per step of P·V
    static constexpr int kQkPitch = kDkChunk + 1;  // odd pitch: the 16 key rows read together hit 16 banks
    static constexpr int kPPitch = kBlockN + 4;    // the two row groups of a warp write 16 banks apart
    static constexpr int kQkFloats = 2 * kBlockM * kQkPitch;
    static constexpr int kVFloats = kBlockN * kDvChunk;
    static constexpr int kRegionFloats = kQkFloats > kVFloats ? kQkFloats : kVFloats;
    static constexpr int kSmemFloats = kRegionFloats + kBlockM * kPPitch;
};

template <class T, int kD>
__device__ __forceinline__ void simt_attention(const AttentionArgs& a, float* smem) {
    using S = typename T::storage;
    using Tile = SimtTile;
    constexpr int kBM = Tile::kBlockM, kBN = Tile::kBlockN, kDkC = Tile::kDkChunk, kDvC = Tile::kDvChunk;
    constexpr int kCols = kD > 0 ? kD / 16 : 1;  // register-resident output columns per thread
    float* q_s = smem;                            // [kBM][kQkPitch]
    float* k_s = smem + kBM * Tile::kQkPitch;     // [kBN][kQkPitch]
    float* v_s = smem;                            // [kBN][kDvC], reuses the Q/K region after S is done
    float* p_s = smem + Tile::kRegionFloats;      // [kBM][kPPitch]

    const int tid = threadIdx.x, ty = tid >> 4, tx = tid & 15;
    const CtaWork w = cta_work(a, kBM);
    const int32_t tiles = count_key_tiles(a, w, kBN);
    const int dk = kD > 0 ? kD : a.dk, dv = kD > 0 ? kD : a.dv;
    const S* q = (const S*)a.q + q_row_offset(a, w, w.row0);
    const int32_t rows_left = (int32_t)a.n - w.row0;

    float o[4][kCols];
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int c = 0; c < kCols; ++c) o[i][c] = 0.f;
    float row_max[4], row_sum[4];
#pragma unroll
    for (int i = 0; i < 4; ++i) row_max[i] = -INFINITY, row_sum[i] = 0.f;

    for (int32_t t = 0; t < tiles; ++t) {
        const KeyTile kt = key_tile(a, w, kBN, t);
        const SegmentArgs& seg = a.seg[kt.seg];
        const int32_t keys = kt.end - kt.begin, local = kt.begin - seg.begin;
        const S* k = (const S*)seg.k + w.b * seg.k_stride[0] + w.hk * seg.k_stride[1] + local * seg.k_stride[2];
        const S* v = (const S*)seg.v + w.b * seg.v_stride[0] + w.hk * seg.v_stride[1] + local * seg.v_stride[2];

        // S = Q·Kᵀ over head-dim chunks; rows and dims past the ends read as zero.
        float s[4][4];
#pragma unroll
        for (int i = 0; i < 4; ++i) s[i][0] = s[i][1] = s[i][2] = s[i][3] = 0.f;
        for (int d0 = 0; d0 < dk; d0 += kDkC) {
#pragma unroll
            for (int it = 0; it < kBM * kDkC / Tile::kThreads; ++it) {
                int e = tid + it * Tile::kThreads, r = e / kDkC, c = e % kDkC, d = d0 + c;
                q_s[r * Tile::kQkPitch + c] = r < rows_left && d < dk ? T::to_float(q[r * a.q_stride[2] + d]) : 0.f;
                k_s[r * Tile::kQkPitch + c] = r < keys && d < dk ? T::to_float(k[r * seg.k_stride[2] + d]) : 0.f;
            }
            __syncthreads();
#pragma unroll 8
            for (int c = 0; c < kDkC; ++c) {
                float qa[4], kb[4];
#pragma unroll
                for (int i = 0; i < 4; ++i) qa[i] = q_s[(ty * 4 + i) * Tile::kQkPitch + c];
#pragma unroll
                for (int j = 0; j < 4; ++j) kb[j] = k_s[(tx + 16 * j) * Tile::kQkPitch + c];
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int j = 0; j < 4; ++j) s[i][j] = fmaf(qa[i], kb[j], s[i][j]);
            }
            __syncthreads();
        }

        // Base-2 logits and the online-softmax step; P goes to shared memory.
        const bool plain = tile_is_plain(a, w, kt, kBN);
        float alpha[4];
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            const int32_t row = w.row0 + ty * 4 + i;
            float mx = -INFINITY;
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                s[i][j] = plain ? fmaf(s[i][j], seg.scale_log2, seg.bias_const_log2)
                                : logit2(a, w, kt, row, kt.begin + tx + 16 * j, s[i][j]);
                mx = fmaxf(mx, s[i][j]);
            }
#pragma unroll
            for (int lane_bit = 8; lane_bit >= 1; lane_bit >>= 1)
                mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, lane_bit));
            const float m_new = fmaxf(row_max[i], mx);
            alpha[i] = exp2f(gk_softmax_rescale_exponent(row_max[i], m_new));
            const float base = gk_softmax_exp_base(m_new);
            row_max[i] = m_new;
            float sum = 0.f;
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                float p = exp2f(s[i][j] - base);
                sum += p;
                p_s[(ty * 4 + i) * Tile::kPPitch + tx + 16 * j] = p;
            }
            row_sum[i] = row_sum[i] * alpha[i] + sum;
        }

        // O = alpha · O + P·V, one chunk of output columns at a time.
        if constexpr (kD > 0) {
#pragma unroll
            for (int i = 0; i < 4; ++i)
#pragma unroll
                for (int c = 0; c < kCols; ++c) o[i][c] *= alpha[i];
        }
#pragma unroll(kD > 0 ? (kD + kDvC - 1) / kDvC : 1)
        for (int c0 = 0; c0 < dv; c0 += kDvC) {
#pragma unroll
            for (int it = 0; it < kBN * kDvC / Tile::kThreads; ++it) {
                int e = tid + it * Tile::kThreads, r = e / kDvC, c = e % kDvC;
                v_s[r * kDvC + c] = r < keys && c0 + c < dv ? T::to_float(v[r * seg.v_stride[2] + c0 + c]) : 0.f;
            }
            __syncthreads();
            float acc[4][4];
            if constexpr (kD > 0) {
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int jj = 0; jj < 4; ++jj) acc[i][jj] = 0.f;
            } else {
                // The accumulator holds O unnormalised; the first tile starts it (alpha = 0 would
                // not clear whatever the scratch memory held).
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int jj = 0; jj < 4; ++jj) {
                        int32_t row = w.row0 + ty * 4 + i;
                        int col = c0 + tx + 16 * jj;
                        acc[i][jj] = t > 0 && row < a.n && col < dv
                                         ? alpha[i] * a.accumulator[partial_row(a, w, row) * dv + col]
                                         : 0.f;
                    }
            }
#pragma unroll 4
            for (int kk = 0; kk < kBN; ++kk) {
                float p[4], vv[4];
#pragma unroll
                for (int i = 0; i < 4; ++i) p[i] = p_s[(ty * 4 + i) * Tile::kPPitch + kk];
#pragma unroll
                for (int jj = 0; jj < 4; ++jj) vv[jj] = v_s[kk * kDvC + tx + 16 * jj];
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int jj = 0; jj < 4; ++jj) acc[i][jj] = fmaf(p[i], vv[jj], acc[i][jj]);
            }
            if constexpr (kD > 0) {
                // Fully unrolled (dv is the constant kD), so every o index is a compile-time constant.
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int jj = 0; jj < 4; ++jj)
                        if (c0 / 16 + jj < kCols) o[i][c0 / 16 + jj] += acc[i][jj];
            } else {
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int jj = 0; jj < 4; ++jj) {
                        int32_t row = w.row0 + ty * 4 + i;
                        int col = c0 + tx + 16 * jj;
                        if (row < a.n && col < dv) a.accumulator[partial_row(a, w, row) * dv + col] = acc[i][jj];
                    }
            }
            __syncthreads();
        }
    }

    // Epilogue: finish the row sums over the half-warp, normalise, store.
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        float sum = row_sum[i];
#pragma unroll
        for (int lane_bit = 8; lane_bit >= 1; lane_bit >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, lane_bit);
        const int32_t row = w.row0 + ty * 4 + i;
        if (row >= a.n) continue;
        const float inv = gk_softmax_inv_sum(sum);
        float* po = a.partial_o ? a.partial_o + partial_row(a, w, row) * dv : nullptr;
        S* out = (S*)a.out + out_row_offset(a, w, row);
        if constexpr (kD > 0) {
#pragma unroll
            for (int c = 0; c < kCols; ++c) {
                const int col = tx + 16 * c;
                if (po) po[col] = o[i][c] * inv;
                else out[col] = T::from_float(o[i][c] * inv);
            }
        } else {
            const float* acc_row = a.accumulator + partial_row(a, w, row) * dv;
            for (int col = tx; col < dv; col += 16) {
                const float value = tiles > 0 ? acc_row[col] * inv : 0.f;
                if (po) po[col] = value;
                else out[col] = T::from_float(value);
            }
        }
        if (tx == 0) store_row_lse(a, w, row, gk_softmax_lse2(row_max[i], sum));
    }
}

template <int D>
__global__ void __launch_bounds__(SimtTile::kThreads, 1) flash_f32_kernel(const AttentionArgs a) {
    __shared__ float flash_f32_smem[SimtTile::kSmemFloats];
    simt_attention<F32, D>(a, flash_f32_smem);
}

template <class T>
__global__ void __launch_bounds__(SimtTile::kThreads, 1) general_kernel(const AttentionArgs a) {
    __shared__ float general_smem[SimtTile::kSmemFloats];
    simt_attention<T, 0>(a, general_smem);
}

template <int D>
KernelConfig flash_f32_config() {
    return {flash_f32_kernel<D>, "flash_f32_kernel", SimtTile::kThreads, SimtTile::kBlockM, SimtTile::kBlockN, 0, false};
}

inline KernelConfig flash_f32_config_for(int64_t d) {
    switch (d) {
        case 32: return flash_f32_config<32>();
        case 64: return flash_f32_config<64>();
        case 80: return flash_f32_config<80>();
        case 96: return flash_f32_config<96>();
        case 128: return flash_f32_config<128>();
        default: return flash_f32_config<256>();
    }
}

template <class T>
KernelConfig general_config() {
    return {general_kernel<T>, "general_kernel", SimtTile::kThreads, SimtTile::kBlockM, SimtTile::kBlockN, 0, true};
}

}  // namespace gk::attention::gpu
