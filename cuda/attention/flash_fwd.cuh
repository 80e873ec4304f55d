// FLASH path for f16/bf16 on sm_80+: FlashAttention-2 forward with mma.sync tensor cores.
//
// One CTA per (query tile, query head, batch entry[, key chunk under split-KV]). Its warps split the
// query tile ("split-Q": no inter-warp reduction) and share K/V tiles that cp.async streams through
// a two-stage shared-memory ring. Per key tile a warp computes S = Q·Kᵀ for its rows with
// m16n8k16 MMAs from ldmatrix fragments, turns S into base-2 logits (scale folded into the exp2
// argument, masks applied), updates the online softmax in registers and feeds P straight from its
// accumulator registers back as the A operand of O += P·V (ldmatrix.trans on V). O is normalised
// once, at the end.
//
// A warp owns kMTiles consecutive 16-row MMA tiles, so every K/V fragment it loads from shared
// memory feeds kMTiles MMAs. Register layout of one 16-row tile (mma C fragment): lane holds rows
// g = lane/4 and g + 8, columns 2·(lane%4)..+1 of every n8 block: s[mt][j][0..1] row g,
// s[mt][j][2..3] row g + 8 of keys 8j + 2·(lane%4)..; o[mt][j][..] likewise for output columns 8j...
#pragma once

#include "cuda/attention/attention_args.cuh"
#include "cuda/attention/dtypes.cuh"
#include "cuda/attention/mma_tile.cuh"

namespace gk::attention::gpu {

// Tile sizes per head dim, within 255 registers a thread and no spills (the spill ctest guards it):
// D <= 64:  128 query rows × 64 keys, 4 warps of 32 rows (two MMA tiles).
// D 80–128: 128 rows × 32 keys, 4 warps of 32 rows: O takes D registers a thread, S 32.
// D = 256:  64 rows × 32 keys, 4 warps of 16 rows: O takes 128 registers, and the three padded
//           tiles (Q, two stages of K and V) stay under the 163 KB of an sm_80 CTA.
// Two MMA tiles per warp make every K/V fragment loaded from shared memory feed two MMAs, which
// keeps ldmatrix traffic under the shared-memory bandwidth at FA2-class MMA rates.
template <int D>
struct FlashTile {
    static constexpr int kBlockM = D == 256 ? 64 : 128;
    static constexpr int kBlockN = D <= 64 ? 64 : 32;
    static constexpr int kMTiles = D == 256 ? 1 : 2;  // 16-row MMA tiles per warp
    static constexpr int kWarpRows = 16 * kMTiles;
    static constexpr int kWarps = kBlockM / kWarpRows;
    static constexpr int kThreads = kWarps * 32;
    static constexpr int kStages = 2;
    static constexpr size_t kSmemBytes =
        (size_t)(kBlockM + 2 * kStages * kBlockN) * SmemTile<D>::kPitch * sizeof(uint16_t);
};

template <int D>
__device__ __forceinline__ void flash_load_kv(const AttentionArgs& a, const CtaWork& w, const KeyTile& kt,
                                              uint16_t* k_smem, uint16_t* v_smem, int tid) {
    using Tile = FlashTile<D>;
    const SegmentArgs& s = a.seg[kt.seg];
    const int32_t local = kt.begin - s.begin;
    const uint16_t* k = (const uint16_t*)s.k + w.b * s.k_stride[0] + w.hk * s.k_stride[1] + local * s.k_stride[2];
    const uint16_t* v = (const uint16_t*)s.v + w.b * s.v_stride[0] + w.hk * s.v_stride[1] + local * s.v_stride[2];
    load_tile_async<Tile::kBlockN, D, Tile::kThreads>(k_smem, k, s.k_stride[2], kt.end - kt.begin, tid);
    load_tile_async<Tile::kBlockN, D, Tile::kThreads>(v_smem, v, s.v_stride[2], kt.end - kt.begin, tid);
}

// Online-softmax step for one row of this lane (r = 0: row g, r = 1: row g + 8 of one MMA tile):
// turns the row's base-2 logits in s into unnormalised probabilities and rescales the row's O and
// running sum.
template <int kFragsN, int kFragsD>
__device__ __forceinline__ void flash_softmax_row(float (&s)[kFragsN][4], float (&o)[kFragsD][4], float& row_max,
                                                  float& row_sum, int r) {
    float mx = -INFINITY;
#pragma unroll
    for (int j = 0; j < kFragsN; ++j) mx = fmaxf(mx, fmaxf(s[j][2 * r], s[j][2 * r + 1]));
    // The four lanes of a quad hold the same two rows.
    mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
    mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
    float m_new = fmaxf(row_max, mx);
    float alpha = ptx::ex2_approx(gk_softmax_rescale_exponent(row_max, m_new));
    float base = gk_softmax_exp_base(m_new);
    row_max = m_new;
    float sum = 0.f;  // this lane's share; the quad's shares are added once, at the end
#pragma unroll
    for (int j = 0; j < kFragsN; ++j) {
        s[j][2 * r] = ptx::ex2_approx(s[j][2 * r] - base);
        s[j][2 * r + 1] = ptx::ex2_approx(s[j][2 * r + 1] - base);
        sum += s[j][2 * r] + s[j][2 * r + 1];
    }
    row_sum = row_sum * alpha + sum;
#pragma unroll
    for (int j = 0; j < kFragsD; ++j) {
        o[j][2 * r] *= alpha;
        o[j][2 * r + 1] *= alpha;
    }
}

template <class T, int D>
__global__ void __launch_bounds__(FlashTile<D>::kThreads, 1) flash_mma_kernel(const AttentionArgs a) {
    using Tile = FlashTile<D>;
    constexpr int kBM = Tile::kBlockM, kBN = Tile::kBlockN, kMT = Tile::kMTiles, kPitch = SmemTile<D>::kPitch;
    constexpr int kFragsN = kBN / 8, kFragsD = D / 8;
    extern __shared__ __align__(16) uint16_t flash_smem[];
    uint16_t* q_smem = flash_smem;                           // [kBM][kPitch]
    uint16_t* k_smem = q_smem + kBM * kPitch;                // [stage][kBN][kPitch]
    uint16_t* v_smem = k_smem + Tile::kStages * kBN * kPitch;

    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const CtaWork w = cta_work(a, kBM);
    const int32_t tiles = count_key_tiles(a, w, kBN);

    // Prologue: the Q tile and the first K/V tile form the first cp.async group.
    load_tile_async<kBM, D, Tile::kThreads>(q_smem, (const uint16_t*)a.q + q_row_offset(a, w, w.row0), a.q_stride[2],
                                            (int32_t)(a.n - w.row0), tid);
    KeyTile kt = key_tile(a, w, kBN, 0);
    if (tiles > 0) flash_load_kv<D>(a, w, kt, k_smem, v_smem, tid);
    ptx::cp_async_commit();

    float o[kMT][kFragsD][4];
#pragma unroll
    for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
        for (int j = 0; j < kFragsD; ++j) o[mt][j][0] = o[mt][j][1] = o[mt][j][2] = o[mt][j][3] = 0.f;
    float row_max[kMT][2], row_sum[kMT][2];
#pragma unroll
    for (int mt = 0; mt < kMT; ++mt)
        row_max[mt][0] = row_max[mt][1] = -INFINITY, row_sum[mt][0] = row_sum[mt][1] = 0.f;
    const int warp_row = warp * Tile::kWarpRows;
    const int32_t row_g = w.row0 + warp_row + (lane >> 2);  // row of s[0][.][0]; + 16·mt + 8·(e >> 1)

    for (int32_t t = 0; t < tiles; ++t) {
        const int stage = t & 1;
        if (t + 1 < tiles) {
            KeyTile next = key_tile(a, w, kBN, t + 1);
            flash_load_kv<D>(a, w, next, k_smem + (stage ^ 1) * kBN * kPitch, v_smem + (stage ^ 1) * kBN * kPitch, tid);
            ptx::cp_async_commit();
            ptx::cp_async_wait<1>();
        } else {
            ptx::cp_async_wait<0>();
        }
        __syncthreads();
        const uint16_t* ks = k_smem + stage * kBN * kPitch;
        const uint16_t* vs = v_smem + stage * kBN * kPitch;

        // S = Q·Kᵀ for this warp's rows × kBN keys; each K fragment serves all kMT row tiles.
        float s[kMT][kFragsN][4];
#pragma unroll
        for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
            for (int j = 0; j < kFragsN; ++j) s[mt][j][0] = s[mt][j][1] = s[mt][j][2] = s[mt][j][3] = 0.f;
#pragma unroll
        for (int k0 = 0; k0 < D; k0 += 16) {
            uint32_t qa[kMT][4];
#pragma unroll
            for (int mt = 0; mt < kMT; ++mt) load_a_frag<D>(qa[mt], q_smem, warp_row + 16 * mt, k0, lane);
#pragma unroll
            for (int n0 = 0; n0 < kBN; n0 += 16) {
                uint32_t kb[4];
                load_b_frag_nk<D>(kb, ks, n0, k0, lane);
#pragma unroll
                for (int mt = 0; mt < kMT; ++mt) {
                    T::mma(s[mt][n0 / 8], qa[mt], kb);
                    T::mma(s[mt][n0 / 8 + 1], qa[mt], kb + 2);
                }
            }
        }

        // Base-2 logits.
        const SegmentArgs& seg = a.seg[kt.seg];
        if (tile_is_plain(a, w, kt, kBN)) {
#pragma unroll
            for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
                for (int j = 0; j < kFragsN; ++j)
#pragma unroll
                    for (int e = 0; e < 4; ++e) s[mt][j][e] = fmaf(s[mt][j][e], seg.scale_log2, seg.bias_const_log2);
        } else {
#pragma unroll
            for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
                for (int j = 0; j < kFragsN; ++j)
#pragma unroll
                    for (int e = 0; e < 4; ++e)
                        s[mt][j][e] = logit2(a, w, kt, row_g + 16 * mt + (e >> 1) * 8,
                                             kt.begin + j * 8 + 2 * (lane & 3) + (e & 1), s[mt][j][e]);
        }

#pragma unroll
        for (int mt = 0; mt < kMT; ++mt) {
            flash_softmax_row(s[mt], o[mt], row_max[mt][0], row_sum[mt][0], 0);
            flash_softmax_row(s[mt], o[mt], row_max[mt][1], row_sum[mt][1], 1);
        }

        // O += P·V, P taken from the S accumulators: the C fragments of n8 blocks 2k and 2k + 1
        // are exactly the A fragment of the k-th 16-key slice. Each V fragment serves all row tiles.
#pragma unroll
        for (int kk = 0; kk < kBN / 16; ++kk) {
            uint32_t pa[kMT][4];
#pragma unroll
            for (int mt = 0; mt < kMT; ++mt) {
                pa[mt][0] = T::pack(s[mt][2 * kk][0], s[mt][2 * kk][1]);
                pa[mt][1] = T::pack(s[mt][2 * kk][2], s[mt][2 * kk][3]);
                pa[mt][2] = T::pack(s[mt][2 * kk + 1][0], s[mt][2 * kk + 1][1]);
                pa[mt][3] = T::pack(s[mt][2 * kk + 1][2], s[mt][2 * kk + 1][3]);
            }
#pragma unroll
            for (int n0 = 0; n0 < D; n0 += 16) {
                uint32_t vb[4];
                load_b_frag_kn<D>(vb, vs, kk * 16, n0, lane);
#pragma unroll
                for (int mt = 0; mt < kMT; ++mt) {
                    T::mma(o[mt][n0 / 8], pa[mt], vb);
                    T::mma(o[mt][n0 / 8 + 1], pa[mt], vb + 2);
                }
            }
        }
        // The next iteration's prefetch overwrites the stage this one read.
        __syncthreads();
        if (t + 1 < tiles) kt = key_tile(a, w, kBN, t + 1);
    }
    ptx::cp_async_wait<0>();  // a CTA without key tiles still has its Q copy in flight

    // Epilogue: finish the quad's row sums, normalise, store O (or the split's partial) and LSE.
#pragma unroll
    for (int mt = 0; mt < kMT; ++mt)
#pragma unroll
        for (int r = 0; r < 2; ++r) {
            float sum = row_sum[mt][r];
            sum += __shfl_xor_sync(0xffffffffu, sum, 1);
            sum += __shfl_xor_sync(0xffffffffu, sum, 2);
            const int32_t row = row_g + 16 * mt + 8 * r;
            if (row >= a.n) continue;
            const float inv = gk_softmax_inv_sum(sum);
            const int col = 2 * (lane & 3);
            if (a.partial_o) {
                float* po = a.partial_o + partial_row(a, w, row) * D;
#pragma unroll
                for (int j = 0; j < kFragsD; ++j) {
                    po[j * 8 + col] = o[mt][j][2 * r] * inv;
                    po[j * 8 + col + 1] = o[mt][j][2 * r + 1] * inv;
                }
            } else {
                // Two adjacent 16-bit outputs per 32-bit store (rows are 16-byte aligned on this path).
                uint32_t* po = (uint32_t*)((uint16_t*)a.out + out_row_offset(a, w, row) + col);
#pragma unroll
                for (int j = 0; j < kFragsD; ++j) po[j * 4] = T::pack(o[mt][j][2 * r] * inv, o[mt][j][2 * r + 1] * inv);
            }
            if ((lane & 3) == 0) store_row_lse(a, w, row, gk_softmax_lse2(row_max[mt][r], sum));
        }
}

// The six head-dim specialisations of one element type, for the host launcher.
template <class T, int D>
KernelConfig flash_mma_config() {
    using Tile = FlashTile<D>;
    return {flash_mma_kernel<T, D>, "flash_mma_kernel", Tile::kThreads, Tile::kBlockM, Tile::kBlockN,
            Tile::kSmemBytes, false};
}

template <class T>
KernelConfig flash_mma_config_for(int64_t d) {
    switch (d) {
        case 32: return flash_mma_config<T, 32>();
        case 64: return flash_mma_config<T, 64>();
        case 80: return flash_mma_config<T, 80>();
        case 96: return flash_mma_config<T, 96>();
        case 128: return flash_mma_config<T, 128>();
        default: return flash_mma_config<T, 256>();
    }
}

}  // namespace gk::attention::gpu
