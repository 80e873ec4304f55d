// FLASH path for f16/bf16 on sm_80+: FlashAttention-2 forward with mma.sync tensor cores.
//
// One CTA per (query tile, query head, batch entry[, key chunk under split-KV]). Its warps split the
// query tile, 16 rows each ("split-Q": no inter-warp reduction), and share K/V tiles that cp.async
// streams through a two-stage shared-memory ring. Per key tile a warp computes S = Q·Kᵀ (16 × BN)
// with m16n8k16 MMAs from ldmatrix fragments, turns it into base-2 logits (scale folded into the
// exp2 argument, masks applied), updates the online softmax in registers and feeds P straight from
// its accumulator registers back as the A operand of O += P·V (ldmatrix.trans on V). O is
// normalised once, at the end.
//
// Register layout of one warp's 16 rows (mma C fragment): lane holds rows g = lane/4 and g + 8,
// columns 2·(lane%4)..+1 of every n8 block: s[j][0..1] row g, s[j][2..3] row g + 8 of keys
// 8j + 2·(lane%4)..; o[j][..] likewise for output columns 8j...
#pragma once

#include "cuda/attention/attention_args.cuh"
#include "cuda/attention/dtypes.cuh"
#include "cuda/attention/mma_tile.cuh"

namespace gk::attention::gpu {

// Tile sizes per head dim. D <= 128: 128 query rows (8 warps) × 64 keys, O uses D/2 registers a
// thread. D = 256: 64 rows (4 warps) × 32 keys, so O (128 registers) and S fit without spilling
// and the three padded tiles (Q, two stages of K and V) stay under the 163 KB of an sm_80 CTA.
template <int D>
struct FlashTile {
    static constexpr int kBlockM = D == 256 ? 64 : 128;
    static constexpr int kBlockN = D == 256 ? 32 : 64;
    static constexpr int kWarps = kBlockM / 16;
    static constexpr int kThreads = kWarps * 32;
    static constexpr int kStages = 2;
    static constexpr int kTileElems = SmemTile<D>::kPitch;  // per row
    static constexpr size_t kSmemBytes = (size_t)(kBlockM + 2 * kStages * kBlockN) * kTileElems * sizeof(uint16_t);
};

template <int D>
__device__ __forceinline__ void flash_load_kv(const AttentionArgs& a, const CtaWork& w, const KeyTile& kt,
                                              uint16_t* k_smem, uint16_t* v_smem, int tid) {
    using Tile = FlashTile<D>;
    const SegmentArgs& s = a.seg[kt.seg];
    int64_t local = kt.begin - s.begin;
    const uint16_t* k = (const uint16_t*)s.k + w.b * s.k_stride[0] + w.hk * s.k_stride[1] + local * s.k_stride[2];
    const uint16_t* v = (const uint16_t*)s.v + w.b * s.v_stride[0] + w.hk * s.v_stride[1] + local * s.v_stride[2];
    load_tile_async<Tile::kBlockN, D, Tile::kThreads>(k_smem, k, s.k_stride[2], kt.end - kt.begin, tid);
    load_tile_async<Tile::kBlockN, D, Tile::kThreads>(v_smem, v, s.v_stride[2], kt.end - kt.begin, tid);
}

// Online-softmax step for one row of this lane (r = 0: row g, r = 1: row g + 8): turns the row's
// base-2 logits in s into unnormalised probabilities and rescales the row's O and running sum.
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
    constexpr int kBM = Tile::kBlockM, kBN = Tile::kBlockN, kPitch = SmemTile<D>::kPitch;
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
                                            a.n - w.row0, tid);
    KeyTile kt = key_tile(a, w, kBN, 0);
    if (tiles > 0) flash_load_kv<D>(a, w, kt, k_smem, v_smem, tid);
    ptx::cp_async_commit();

    float o[kFragsD][4];
#pragma unroll
    for (int j = 0; j < kFragsD; ++j) o[j][0] = o[j][1] = o[j][2] = o[j][3] = 0.f;
    float row_max[2] = {-INFINITY, -INFINITY}, row_sum[2] = {0.f, 0.f};
    const int warp_row = warp * 16;
    const int64_t row_g = w.row0 + warp_row + (lane >> 2);  // this lane's rows: row_g and row_g + 8
    // Warps whose 16 rows all lie past the last query (short tails, few-query decoding) only help load.
    const bool warp_has_rows = w.row0 + warp_row < a.n;

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

        if (warp_has_rows) {
            // S = Q·Kᵀ for this warp's 16 rows × kBN keys.
            float s[kFragsN][4];
#pragma unroll
            for (int j = 0; j < kFragsN; ++j) s[j][0] = s[j][1] = s[j][2] = s[j][3] = 0.f;
#pragma unroll
            for (int k0 = 0; k0 < D; k0 += 16) {
                uint32_t qa[4];
                load_a_frag<D>(qa, q_smem, warp_row, k0, lane);
#pragma unroll
                for (int n0 = 0; n0 < kBN; n0 += 16) {
                    uint32_t kb[4];
                    load_b_frag_nk<D>(kb, ks, n0, k0, lane);
                    T::mma(s[n0 / 8], qa, kb);
                    T::mma(s[n0 / 8 + 1], qa, kb + 2);
                }
            }

            // Base-2 logits.
            const SegmentArgs& seg = a.seg[kt.seg];
            if (tile_is_plain(a, w, kt, kBN)) {
#pragma unroll
                for (int j = 0; j < kFragsN; ++j)
#pragma unroll
                    for (int e = 0; e < 4; ++e) s[j][e] = fmaf(s[j][e], seg.scale_log2, seg.bias_const_log2);
            } else {
#pragma unroll
                for (int j = 0; j < kFragsN; ++j)
#pragma unroll
                    for (int e = 0; e < 4; ++e)
                        s[j][e] = logit2(a, w, kt, row_g + (e >> 1) * 8, kt.begin + j * 8 + 2 * (lane & 3) + (e & 1),
                                         s[j][e]);
            }

            flash_softmax_row(s, o, row_max[0], row_sum[0], 0);
            flash_softmax_row(s, o, row_max[1], row_sum[1], 1);

            // O += P·V, P taken from the S accumulators: the C fragments of n8 blocks 2k and 2k + 1
            // are exactly the A fragment of the k-th 16-key slice.
#pragma unroll
            for (int kk = 0; kk < kBN / 16; ++kk) {
                uint32_t pa[4] = {T::pack(s[2 * kk][0], s[2 * kk][1]), T::pack(s[2 * kk][2], s[2 * kk][3]),
                                  T::pack(s[2 * kk + 1][0], s[2 * kk + 1][1]),
                                  T::pack(s[2 * kk + 1][2], s[2 * kk + 1][3])};
#pragma unroll
                for (int n0 = 0; n0 < D; n0 += 16) {
                    uint32_t vb[4];
                    load_b_frag_kn<D>(vb, vs, kk * 16, n0, lane);
                    T::mma(o[n0 / 8], pa, vb);
                    T::mma(o[n0 / 8 + 1], pa, vb + 2);
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
    for (int r = 0; r < 2; ++r) {
        float sum = row_sum[r];
        sum += __shfl_xor_sync(0xffffffffu, sum, 1);
        sum += __shfl_xor_sync(0xffffffffu, sum, 2);
        const int64_t row = row_g + r * 8;
        if (row >= a.n) continue;
        const float inv = gk_softmax_inv_sum(sum);
        const int col = 2 * (lane & 3);
        if (a.partial_o) {
            float* po = a.partial_o + partial_row(a, w, row) * D;
#pragma unroll
            for (int j = 0; j < kFragsD; ++j) {
                po[j * 8 + col] = o[j][2 * r] * inv;
                po[j * 8 + col + 1] = o[j][2 * r + 1] * inv;
            }
        } else {
            // Two adjacent 16-bit outputs per 32-bit store (rows are 16-byte aligned on this path).
            uint32_t* po = (uint32_t*)((uint16_t*)a.out + out_row_offset(a, w, row) + col);
#pragma unroll
            for (int j = 0; j < kFragsD; ++j) po[j * 4] = T::pack(o[j][2 * r] * inv, o[j][2 * r + 1] * inv);
        }
        if ((lane & 3) == 0) store_row_lse(a, w, row, gk_softmax_lse2(row_max[r], sum));
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
