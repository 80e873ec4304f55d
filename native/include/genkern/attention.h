/*
 * Fused attention: O = softmax(scale · Q Kᵀ + bias + mask) · V without materialising the N×M scores.
 *
 *   q    [B, Hq,  N, Dk]     any strides with a contiguous last dimension ([B,H,N,D] and [B,N,H,D]
 *   k_s  [B, Hkv, M_s, Dk]   layouts are both just strides); Hq is a multiple of Hkv (GQA / MQA).
 *   v_s  [B, Hkv, M_s, Dv]   Dk and Dv may differ.
 *   out  [B, Hq,  N, Dv]
 *
 * dtypes: q, k, v and out share one of f32, f16, bf16; softmax and accumulation run in f32.
 *
 * Keys and values come as 1..GK_ATTENTION_MAX_SEGMENTS segments attended as if concatenated along
 * M (M = Σ M_s), without copying; each segment has its own logit scale, an optional per-key bias
 * [B, Hkv, M_s] (f32) and a constant additive bias. The logit of query n and key m of segment s is
 *
 *   scale_s · q_n · k_m + bias_s[b, h_kv, m] + bias_const_s + mask[b, h, n, m_global]
 *
 * Options:
 *   causal       key m_global is visible to query n iff m_global <= n + (M_b − N) (bottom-right
 *                aligned, as flash-attention ≥ 2.1: the last query sees every key), where M_b is
 *                the batch entry's key length.
 *   key_lengths  i32 [B] (optional): batch entry b attends only to keys m_global < key_lengths[b].
 *   mask         f32, additive, rank 4, broadcastable to [B, Hq, N, M] through size-1 dims or
 *                zero strides (−inf hides a key).
 *   lse          f32 [B, Hq, N] (optional output): natural-log sum of exp of the final logits.
 *
 * A row whose keys are all hidden yields zeros (and lse = −inf), never NaN.
 *
 * path forces an implementation (tests, benchmarks); GK_ATTENTION_AUTO lets the dispatcher choose.
 * The property/env GENKERN_ATTENTION_PATH is read by the Java layer, not here.
 */
#ifndef GENKERN_ATTENTION_H
#define GENKERN_ATTENTION_H

#include "genkern/genkern.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GK_ATTENTION_MAX_SEGMENTS 4

typedef enum gk_attention_path {
    GK_ATTENTION_AUTO = 0,
    GK_ATTENTION_FLASH = 1,    /* tiled, one pass over keys per query tile (head-dim fast paths) */
    GK_ATTENTION_SPLIT_KV = 2, /* keys split across the machine, partials combined through LSE */
    GK_ATTENTION_GENERAL = 3   /* any head dim up to GK_ATTENTION_MAX_HEAD_DIM */
} gk_attention_path;

#define GK_ATTENTION_MAX_HEAD_DIM 4096

typedef struct gk_attention_segment {
    gk_tensor k;         /* [B, Hkv, M_s, Dk] */
    gk_tensor v;         /* [B, Hkv, M_s, Dv] */
    gk_tensor bias;      /* optional f32 [B, Hkv, M_s] */
    float scale;         /* logit scale (1/sqrt(Dk) is the transformer default; the caller decides) */
    float bias_const;    /* added to every logit of this segment */
} gk_attention_segment;

typedef struct gk_attention_args {
    gk_tensor q;
    gk_tensor out;
    int32_t num_segments;
    gk_attention_segment segments[GK_ATTENTION_MAX_SEGMENTS];
    gk_tensor mask;        /* optional */
    gk_tensor key_lengths; /* optional */
    gk_tensor lse;         /* optional output */
    int32_t causal;
    int32_t path;          /* gk_attention_path */
    int32_t num_splits;    /* split-KV: number of key chunks; 0 = choose */
} gk_attention_args;

GK_API gk_status gk_attention(const gk_attention_args* args, void* stream);

/* Which path AUTO would take for these arguments (after validation): for tests and benchmarks. */
GK_API gk_status gk_attention_choose_path(const gk_attention_args* args, int32_t* path_out);

#ifdef __cplusplus
}
#endif

#endif
