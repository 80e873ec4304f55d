// SPLIT_KV path ("flash-decoding"), second step. The attention kernels ran once per key chunk
// (blockIdx.x carries the split) and wrote each chunk's normalised output O_s and base-2 LSE lse_s
// to AttentionArgs::partial_o / partial_lse. This kernel merges them per query row through their
// LSEs: lse = log2 Σ 2^lse_s and O = Σ 2^(lse_s − lse) · O_s. Splits that saw no visible key hold
// lse_s = −inf and O_s = 0 and weigh nothing; a row without any visible key ends as zeros.
//
// One CTA per query row (b, h, i): every thread derives the merged LSE (the split count is small),
// the weights go to shared memory, then the threads stride over the Dv columns.
#pragma once

#include "cuda/attention/attention_args.cuh"
#include "cuda/attention/dtypes.cuh"

namespace gk::attention::gpu {

struct CombineTile {
    static constexpr int kThreads = 128;
    static constexpr int kMaxSplits = 4096;  // the weights' shared memory: 16 KB
};

template <class T>
__global__ void __launch_bounds__(CombineTile::kThreads) split_kv_combine_kernel(const AttentionArgs a) {
    extern __shared__ float combine_weights[];  // [num_splits]
    const int64_t rows = a.batch * a.heads_q * a.n;
    const int64_t lin = blockIdx.x;  // (b · Hq + h) · N + i
    const int64_t i = lin % a.n, h = (lin / a.n) % a.heads_q, b = lin / (a.n * a.heads_q);

    float lse_max = -INFINITY;
    for (int s = 0; s < a.num_splits; ++s) lse_max = fmaxf(lse_max, a.partial_lse[s * rows + lin]);
    float scaled_sum = 0.f;
    for (int s = 0; s < a.num_splits; ++s)
        scaled_sum += exp2f(gk_lse2_merge_exponent(a.partial_lse[s * rows + lin], lse_max));
    const float lse = gk_lse2_merged(lse_max, scaled_sum);
    for (int s = threadIdx.x; s < a.num_splits; s += blockDim.x)
        combine_weights[s] = exp2f(gk_lse2_weight_exponent(a.partial_lse[s * rows + lin], lse));
    __syncthreads();

    typename T::storage* out = (typename T::storage*)a.out + b * a.out_stride[0] + h * a.out_stride[1] + i * a.out_stride[2];
    for (int d = threadIdx.x; d < a.dv; d += blockDim.x) {
        float acc = 0.f;
        for (int s = 0; s < a.num_splits; ++s) acc = fmaf(combine_weights[s], a.partial_o[(s * rows + lin) * a.dv + d], acc);
        out[d] = T::from_float(acc);
    }
    if (threadIdx.x == 0 && a.lse) a.lse[b * a.lse_stride[0] + h * a.lse_stride[1] + i * a.lse_stride[2]] = lse * GK_LN2;
}

template <class T>
KernelConfig split_kv_combine_config() {
    return {split_kv_combine_kernel<T>, "split_kv_combine_kernel", CombineTile::kThreads, 1, 0, 0, false};
}

}  // namespace gk::attention::gpu
