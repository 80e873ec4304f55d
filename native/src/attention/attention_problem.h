// The validated, normalised form of gk_attention_args that every attention implementation reads.
// gk_attention (attention_api.cpp) checks shapes, dtypes and devices once, resolves broadcasting
// and segment offsets, and hands a Problem to the CPU or CUDA backend.
#pragma once

#include <cstdint>

#include "genkern/attention.h"

namespace gk::attention {

struct Segment {
    const void* k;            // element (b, h, m, d) at k + b*k_stride[0] + h*k_stride[1] + m*k_stride[2] + d
    const void* v;
    const float* bias;        // nullptr when absent; (b, h, m) at bias + b*bias_stride[0] + h*bias_stride[1] + m*bias_stride[2]
    int64_t k_stride[3], v_stride[3], bias_stride[3];
    int64_t m;                // keys in this segment
    int64_t offset;           // index of its first key in the concatenation
    float scale;
    float bias_const;
};

struct Problem {
    int32_t dtype;            // gk_dtype shared by q, k, v, out
    int32_t device, device_index;
    int64_t batch, heads_q, heads_kv, n, m, dk, dv;   // m = total keys over all segments
    const void* q;
    void* out;
    int64_t q_stride[3], out_stride[3];               // batch, head, row (last dim contiguous)
    int32_t num_segments;
    Segment seg[GK_ATTENTION_MAX_SEGMENTS];
    const float* mask;        // nullptr when absent
    int64_t mask_stride[4];   // b, h, n, m; 0 where broadcast
    const int32_t* key_lengths; // nullptr when absent (device pointer on CUDA)
    float* lse;               // nullptr when not requested
    int64_t lse_stride[3];
    bool causal;
    int32_t num_splits;       // requested split-KV chunks, 0 = choose

    int64_t group() const { return heads_q / heads_kv; }  // query heads per key/value head
    // Causal visibility offset: key j is visible to query i iff j <= i + (m_b - n).
};

// A key whose K and V rows together hold at least this many elements is "wide" (the analytic
// denoisers' Dk + Dv run into the thousands): on the CPU every row block streams all of K and V
// from memory, on CUDA the general kernel's key tiles are expensive, so wide problems with few
// row blocks (query tiles) split their keys.
constexpr int64_t kWideKeyRow = 1024;

// True for the head dims that have tuned fast paths (Dk == Dv in {32, 64, 80, 96, 128, 256}).
bool is_fast_head_dim(int64_t dk, int64_t dv);

// The path AUTO takes on the problem's device (never GK_ATTENTION_AUTO).
int32_t choose_path(const Problem& p);

// Backends. Each throws gk::Error on failure; path is resolved (not AUTO).
void run_cpu(const Problem& p, int32_t path);
#ifdef GENKERN_WITH_CUDA
void run_cuda(const Problem& p, int32_t path, void* stream);
#endif

}  // namespace gk::attention
