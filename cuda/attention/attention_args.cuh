// What every CUDA attention kernel receives (AttentionArgs, built on the host by plan.h from the
// validated Problem) and the device helpers they share: which (batch, head, query tile, key chunk) a
// CTA owns, how its keys split into tiles that never straddle a segment, the base-2 logit of one
// (query, key) pair with every mask and bias applied, and the output stores.
// Kernel-side code only (no launches, no asm): the CPU emulation compiles it with the host compiler.
#pragma once

#include <stdint.h>

#include "genkern/attention.h"
#include "genkern/softmax_math.h"

namespace gk::attention::gpu {

struct SegmentArgs {
    const void* k;             // (b, h, m, d) at k + b·k_stride[0] + h·k_stride[1] + m·k_stride[2] + d
    const void* v;
    const float* bias;         // optional per-key bias, nullptr when absent
    int64_t k_stride[3], v_stride[3], bias_stride[3];
    int32_t begin, end;        // the segment's keys [begin, end) in the concatenation
    float scale_log2;          // logit scale · log2(e)
    float bias_const_log2;     // constant bias · log2(e)
};

struct AttentionArgs {
    const void* q;
    void* out;
    float* lse;                // optional, natural log
    int64_t q_stride[3], out_stride[3], lse_stride[3];
    int64_t batch, heads_q, n, m;  // m: keys over all segments
    int32_t group;             // query heads per key/value head
    int32_t dk, dv;
    int32_t num_segments;
    SegmentArgs seg[GK_ATTENTION_MAX_SEGMENTS];
    const float* mask;         // optional additive mask, (b, h, n, m) strides, 0 where broadcast
    int64_t mask_stride[4];
    const int32_t* key_lengths;  // optional, device memory
    int32_t causal;
    // Grid: blockIdx.x = (q_tiles − 1 − query tile) + q_tiles · split, blockIdx.y = query head,
    // blockIdx.z = batch.
    int32_t q_tiles;
    int32_t num_splits;        // 1 unless split-KV
    int64_t keys_per_split;    // split s visits keys [s · keys_per_split, (s + 1) · keys_per_split)
    // Split-KV: kernels write normalised partial outputs and base-2 LSEs here instead of out/lse,
    // and the combine kernel merges them. Layout [split, batch, head, query(, dv)], f32.
    float* partial_o;
    float* partial_lse;
    // General path: the running, unnormalised output in f32, same layout as partial_o (it IS
    // partial_o under split-KV; with one split it is a scratch [batch, head, query, dv] buffer).
    float* accumulator;
};

// A kernel as the host launcher sees it (the launcher is the only place with <<<>>>).
struct KernelConfig {
    void (*kernel)(AttentionArgs);
    const char* name;
    int32_t threads;
    int32_t block_m;           // query rows per CTA
    int32_t block_n;           // keys per tile
    size_t dynamic_smem;
    bool uses_accumulator;     // needs AttentionArgs::accumulator (the general kernel)
};

// The share of the problem one CTA owns, and the keys it visits. Query rows and key indices fit
// in 32 bits (plan.h checks N and M), which halves the registers positions take; only memory
// offsets are 64-bit.
struct CtaWork {
    int32_t b, h, hk;          // batch entry, query head, key/value head
    int32_t row0;              // first query row of the tile
    int32_t split;
    int32_t key_begin, key_end;  // visible keys of this split for at least one row of the tile
    int32_t causal_shift;      // key j is visible to row i iff j <= i + causal_shift (when causal)
};

__device__ __forceinline__ CtaWork cta_work(const AttentionArgs& a, int block_m) {
    CtaWork w;
    const int32_t n = (int32_t)a.n, m = (int32_t)a.m;
    w.split = (int32_t)(blockIdx.x / (uint32_t)a.q_tiles);
    // Last query tile first: under causal masking it has the most keys, and starting the longest
    // CTAs first keeps the tail of the grid short.
    w.row0 = (int32_t)(a.q_tiles - 1 - blockIdx.x % (uint32_t)a.q_tiles) * block_m;
    w.h = (int32_t)blockIdx.y;
    w.b = (int32_t)blockIdx.z;
    w.hk = w.h / a.group;
    // Key lengths come from device memory the host never validated: clamp them to [0, m].
    int32_t len = m;
    if (a.key_lengths) {
        int32_t l = a.key_lengths[w.b];
        len = l < 0 ? 0 : (l > m ? m : l);
    }
    w.causal_shift = len - n;
    // 64-bit: the last split's end may pass 2^31 before it is clamped to the key length.
    int64_t begin = (int64_t)w.split * a.keys_per_split, end = begin + a.keys_per_split;
    if (end > len) end = len;
    if (a.causal) {
        int32_t last_row = (w.row0 + block_m < n ? w.row0 + block_m : n) - 1;
        if (end > (int64_t)last_row + w.causal_shift + 1) end = (int64_t)last_row + w.causal_shift + 1;
    }
    if (begin > m) begin = m;
    if (end < begin) end = begin;
    w.key_begin = (int32_t)begin;
    w.key_end = (int32_t)end;
    return w;
}

// Up to block_n consecutive keys, all in one segment.
struct KeyTile {
    int32_t seg;
    int32_t begin, end;  // global key indices
};

// Keys [key_begin, key_end) cut into tiles of block_n, restarting at each segment boundary.
__device__ __forceinline__ int32_t count_key_tiles(const AttentionArgs& a, const CtaWork& w, int block_n) {
    int32_t tiles = 0;
    for (int s = 0; s < a.num_segments; ++s) {
        int32_t lo = w.key_begin > a.seg[s].begin ? w.key_begin : a.seg[s].begin;
        int32_t hi = w.key_end < a.seg[s].end ? w.key_end : a.seg[s].end;
        if (hi > lo) tiles += (hi - lo + block_n - 1) / block_n;
    }
    return tiles;
}

__device__ __forceinline__ KeyTile key_tile(const AttentionArgs& a, const CtaWork& w, int block_n, int32_t t) {
    KeyTile kt{0, 0, 0};
    for (int s = 0; s < a.num_segments; ++s) {
        int32_t lo = w.key_begin > a.seg[s].begin ? w.key_begin : a.seg[s].begin;
        int32_t hi = w.key_end < a.seg[s].end ? w.key_end : a.seg[s].end;
        int32_t count = hi > lo ? (hi - lo + block_n - 1) / block_n : 0;
        if (t < count) {
            kt.seg = s;
            kt.begin = lo + t * block_n;
            kt.end = kt.begin + block_n < hi ? kt.begin + block_n : hi;
            return kt;
        }
        t -= count;
    }
    return kt;
}

// True when every key of the tile is visible to every row of the CTA and no bias or mask applies:
// the logit is then scale · dot + constant, with no per-element test.
__device__ __forceinline__ bool tile_is_plain(const AttentionArgs& a, const CtaWork& w, const KeyTile& kt,
                                              int block_n) {
    return kt.end - kt.begin == block_n && !a.mask && !a.seg[kt.seg].bias &&
           (!a.causal || kt.end - 1 <= w.row0 + w.causal_shift);
}

// Base-2 logit of query row `row` against global key `key` of tile kt, from the raw dot product:
// −inf when the key lies past the tile, past the key length or the causal diagonal.
__device__ __forceinline__ float logit2(const AttentionArgs& a, const CtaWork& w, const KeyTile& kt, int32_t row,
                                        int32_t key, float dot) {
    if (key >= kt.end || (a.causal && key > row + w.causal_shift)) return -INFINITY;
    const SegmentArgs& s = a.seg[kt.seg];
    float extra = 0.f;  // natural-log units, converted once
    if (s.bias) extra += s.bias[w.b * s.bias_stride[0] + w.hk * s.bias_stride[1] + (key - s.begin) * s.bias_stride[2]];
    if (a.mask && row < a.n)
        extra += a.mask[w.b * a.mask_stride[0] + w.h * a.mask_stride[1] + (int64_t)row * a.mask_stride[2] +
                        (int64_t)key * a.mask_stride[3]];
    return fmaf(dot, s.scale_log2, fmaf(extra, GK_LOG2E, s.bias_const_log2));
}

// Element offsets of row `row` of the CTA's query head in q / out / lse, and in the f32 split-KV
// or accumulator buffers ([split, batch, head, row(, dv)]).
__device__ __forceinline__ int64_t q_row_offset(const AttentionArgs& a, const CtaWork& w, int32_t row) {
    return w.b * a.q_stride[0] + w.h * a.q_stride[1] + (int64_t)row * a.q_stride[2];
}
__device__ __forceinline__ int64_t out_row_offset(const AttentionArgs& a, const CtaWork& w, int32_t row) {
    return w.b * a.out_stride[0] + w.h * a.out_stride[1] + (int64_t)row * a.out_stride[2];
}
__device__ __forceinline__ int64_t lse_offset(const AttentionArgs& a, const CtaWork& w, int32_t row) {
    return w.b * a.lse_stride[0] + w.h * a.lse_stride[1] + (int64_t)row * a.lse_stride[2];
}
__device__ __forceinline__ int64_t partial_row(const AttentionArgs& a, const CtaWork& w, int32_t row) {
    return (((int64_t)w.split * a.batch + w.b) * a.heads_q + w.h) * a.n + row;
}

// Where a finished row's LSE goes: the base-2 partial under split-KV, else the natural-log output.
__device__ __forceinline__ void store_row_lse(const AttentionArgs& a, const CtaWork& w, int32_t row, float lse2) {
    if (a.partial_lse) a.partial_lse[partial_row(a, w, row)] = lse2;
    else if (a.lse) a.lse[lse_offset(a, w, row)] = lse2 * GK_LN2;
}

}  // namespace gk::attention::gpu
