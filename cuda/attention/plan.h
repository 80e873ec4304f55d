// Host-side planning of a CUDA attention call, kept apart from the launches so the CPU emulation
// can run the very same plan: kernel arguments from the validated Problem, the kernel each path
// and architecture takes, the split-KV chunking, the grid and the f32 workspace layout.
// attention.cu turns a LaunchPlan into launches; nothing here touches the device.
#pragma once

#include <algorithm>
#include <cstdint>

#include "attention/attention_problem.h"
#include "core/error.h"
#include "cuda/attention/attention_args.cuh"

namespace gk::attention::gpu {

// The kernel tables, each defined in its own translation unit (compiled in parallel) and free of
// launches: flash_mma_bf16.cu, flash_mma_f16.cu, simt_kernels.cu.
KernelConfig flash_mma_bf16(int64_t head_dim);
KernelConfig flash_mma_f16(int64_t head_dim);
KernelConfig flash_f32(int64_t head_dim);
KernelConfig general(int32_t dtype);
KernelConfig split_kv_combine(int32_t dtype);

struct DeviceCaps {
    int32_t cc_major, cc_minor;
    int32_t sm_count;
};

struct LaunchPlan {
    KernelConfig main;           // the attention kernel
    KernelConfig combine;        // the split-KV merge; used when args.num_splits > 1
    int64_t grid[3];             // of main: query tiles × splits, query heads, batch
    int64_t combine_grid;        // of combine: one CTA per query row
    size_t combine_smem;
    // f32 workspace: partial outputs + partial LSEs under split-KV, else the general path's
    // accumulator; 0 when the kernel writes out directly.
    size_t workspace_floats;
    size_t partial_o_floats;     // the partial outputs' share of it (split-KV)
    AttentionArgs args;          // workspace pointers set by bind_workspace
};

constexpr int32_t kMaxSplits = 4096;  // the combine kernel keeps one weight per split in shared memory

inline AttentionArgs make_args(const Problem& p) {
    AttentionArgs a{};
    a.q = p.q;
    a.out = p.out;
    a.lse = p.lse;
    for (int i = 0; i < 3; ++i) {
        a.q_stride[i] = p.q_stride[i];
        a.out_stride[i] = p.out_stride[i];
        a.lse_stride[i] = p.lse_stride[i];
    }
    a.batch = p.batch;
    a.heads_q = p.heads_q;
    a.n = p.n;
    a.m = p.m;
    a.group = (int32_t)p.group();
    a.dk = (int32_t)p.dk;
    a.dv = (int32_t)p.dv;
    a.num_segments = p.num_segments;
    for (int s = 0; s < p.num_segments; ++s) {
        const Segment& in = p.seg[s];
        SegmentArgs& out = a.seg[s];
        out.k = in.k;
        out.v = in.v;
        out.bias = in.bias;
        for (int i = 0; i < 3; ++i) {
            out.k_stride[i] = in.k_stride[i];
            out.v_stride[i] = in.v_stride[i];
            out.bias_stride[i] = in.bias_stride[i];
        }
        out.begin = (int32_t)in.offset;
        out.end = (int32_t)(in.offset + in.m);
        out.scale_log2 = in.scale * GK_LOG2E;
        out.bias_const_log2 = in.bias_const * GK_LOG2E;
    }
    a.mask = p.mask;
    for (int i = 0; i < 4; ++i) a.mask_stride[i] = p.mask_stride[i];
    a.key_lengths = p.key_lengths;
    a.causal = p.causal ? 1 : 0;
    a.num_splits = 1;
    a.keys_per_split = p.m;
    return a;
}

// The tensor-core kernel moves 16-byte row chunks with cp.async and stores pairs of outputs: every
// row of q, k, v and out must start 16-byte aligned. Other layouts take the general kernel.
inline bool rows_are_16_byte_aligned(const Problem& p) {
    auto aligned = [](const void* base, const int64_t* strides) {
        return (uintptr_t)base % 16 == 0 && strides[0] % 8 == 0 && strides[1] % 8 == 0 && strides[2] % 8 == 0;
    };
    if (!aligned(p.q, p.q_stride) || !aligned(p.out, p.out_stride)) return false;
    for (int s = 0; s < p.num_segments; ++s)
        if (!aligned(p.seg[s].k, p.seg[s].k_stride) || !aligned(p.seg[s].v, p.seg[s].v_stride)) return false;
    return true;
}

// The FLASH kernel for this problem on this device. The per-architecture selection point: sm_80
// and newer run the mma.sync kernel; a Hopper kernel (wgmma + TMA, warp specialisation) is chosen
// here for cc 9.x once it exists. f32 runs on FMA units at every architecture.
inline KernelConfig flash_kernel(const Problem& p, const DeviceCaps& dev) {
    if (p.dtype == GK_F32) return flash_f32(p.dk);
    if (!rows_are_16_byte_aligned(p)) return general(p.dtype);
    return p.dtype == GK_BF16 ? flash_mma_bf16(p.dk) : flash_mma_f16(p.dk);
}

inline int32_t query_tiles(const Problem& p, const KernelConfig& k) {
    return (int32_t)((p.n + k.block_m - 1) / k.block_m);
}

// Key chunks under split-KV. A requested count is honoured (up to kMaxSplits; chunks past the last
// key are empty and weigh nothing). Otherwise: enough CTAs for two per SM, while every chunk keeps
// at least four key tiles (one for wide keys, whose tiles carry thousands of columns) so the merge
// stays cheap next to the attention itself.
inline int32_t choose_splits(const Problem& p, const KernelConfig& k, const DeviceCaps& dev) {
    if (p.num_splits > 0) return std::min(p.num_splits, kMaxSplits);
    int64_t ctas = p.batch * p.heads_q * query_tiles(p, k);
    int64_t wanted = (2 * (int64_t)dev.sm_count + ctas - 1) / ctas;
    int64_t tiles_per_chunk = p.dk + p.dv >= kWideKeyRow ? 1 : 4;
    int64_t useful = std::max<int64_t>(1, p.m / (tiles_per_chunk * (int64_t)k.block_n));
    return (int32_t)std::max<int64_t>(1, std::min<int64_t>({wanted, useful, 128}));
}

inline LaunchPlan plan_attention(const Problem& p, int32_t path, const DeviceCaps& dev) {
    // The kernels index query rows and keys in 32 bits.
    require(p.n <= INT32_MAX - 1024 && p.m <= INT32_MAX - 1024, "attention on CUDA supports fewer than 2^31 − 1024 ",
            "queries and keys; got N = ", p.n, ", M = ", p.m);
    LaunchPlan plan{};
    plan.args = make_args(p);
    bool fast = is_fast_head_dim(p.dk, p.dv);
    plan.main = path != GK_ATTENTION_GENERAL && fast ? flash_kernel(p, dev) : general(p.dtype);
    int32_t splits = path == GK_ATTENTION_SPLIT_KV ? choose_splits(p, plan.main, dev) : 1;
    AttentionArgs& a = plan.args;
    a.q_tiles = query_tiles(p, plan.main);
    a.num_splits = splits;
    a.keys_per_split = (p.m + splits - 1) / splits;
    plan.grid[0] = (int64_t)a.q_tiles * splits;
    plan.grid[1] = p.heads_q;
    plan.grid[2] = p.batch;
    require(plan.grid[0] <= INT32_MAX && plan.grid[1] <= 65535 && plan.grid[2] <= 65535,
            "attention on CUDA supports at most 65535 query heads and 65535 batch entries; got heads ",
            p.heads_q, ", batch ", p.batch, " (", plan.grid[0], " query tiles × splits)");
    const int64_t rows = p.batch * p.heads_q * p.n;
    if (splits > 1) {
        plan.combine = split_kv_combine(p.dtype);
        plan.combine_grid = rows;
        plan.combine_smem = (size_t)splits * sizeof(float);
        require(rows <= INT32_MAX, "split-KV attention supports at most 2^31 − 1 query rows; got ", rows);
        plan.partial_o_floats = (size_t)splits * rows * (size_t)p.dv;
        plan.workspace_floats = plan.partial_o_floats + (size_t)splits * rows;
    } else if (plan.main.uses_accumulator) {
        plan.workspace_floats = (size_t)rows * (size_t)p.dv;
    }
    return plan;
}

// Points the plan's arguments into a workspace of plan.workspace_floats floats.
inline void bind_workspace(LaunchPlan& plan, float* workspace) {
    AttentionArgs& a = plan.args;
    if (a.num_splits > 1) {
        a.partial_o = workspace;
        a.partial_lse = workspace + plan.partial_o_floats;
    }
    if (plan.main.uses_accumulator) a.accumulator = a.num_splits > 1 ? a.partial_o : workspace;
}

}  // namespace gk::attention::gpu
