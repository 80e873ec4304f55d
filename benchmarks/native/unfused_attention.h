// The CPU peer of the attention benchmark: a straightforward unfused f32 attention that
// materialises the scores, S = scale·QKᵀ (blocked GEMM), softmax over each row, O = S·V (blocked
// GEMM), as a framework without a fused kernel would run it.
#pragma once

#include <cstdint>

namespace bench {

struct UnfusedShape {
    int64_t batch, heads_q, heads_kv, n, m, dk, dv;
    bool causal;  // bottom-right aligned, as gk_attention
};

// q [B,Hq,N,Dk], k [B,Hkv,M,Dk], v [B,Hkv,M,Dv], out [B,Hq,N,Dv] contiguous f32; kt scratch of
// B·Hkv·Dk·M floats (Kᵀ), scores of B·Hq·N·M floats. Needs AVX2+FMA.
void unfused_attention(const UnfusedShape& s, const float* q, const float* k, const float* v, float* out, float* kt,
                       float* scores);

}  // namespace bench
