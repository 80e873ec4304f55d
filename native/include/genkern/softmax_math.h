/* Online-softmax bookkeeping shared by every attention implementation (CUDA kernels, CPU kernels).
 *
 * Logits are kept in base-2 units (natural logit · log2(e)) so that the hot loop needs one exp2 per
 * element; each caller applies its own exp2 (ex2.approx on the GPU, exp2f on the CPU) to the
 * exponents computed here. The state of one query row is a running max m and a running sum l of
 * 2^(x − m); a row that has seen no visible key yet has m = −inf and l = 0, and every function here
 * keeps that case free of (−inf) − (−inf) = NaN, so fully masked rows end as zeros. */
#ifndef GENKERN_SOFTMAX_MATH_H
#define GENKERN_SOFTMAX_MATH_H

#include <math.h>

#include "hd.h"

#define GK_LOG2E 1.4426950408889634f
#define GK_LN2 0.6931471805599453f

/* The value exponents are taken against: a running max of −inf (no visible key yet, or a fully
 * masked tile) becomes 0, so 2^(−inf − 0) = 0 instead of 2^(−inf + inf) = NaN. */
GK_HD float gk_softmax_exp_base(float running_max) { return running_max == -INFINITY ? 0.f : running_max; }

/* Exponent of the factor that rescales the accumulated sum and output when the running max moves
 * from m_old to m_new (m_new >= m_old): −inf (factor 0) while nothing has been accumulated. */
GK_HD float gk_softmax_rescale_exponent(float m_old, float m_new) {
    return m_old == -INFINITY ? -INFINITY : m_old - m_new;
}

/* 1 / l for the final normalisation; 0 for a row without any visible key (its output is zero). */
GK_HD float gk_softmax_inv_sum(float sum) { return sum > 0.f ? 1.f / sum : 0.f; }

/* Log-sum-exp of a finished row in base-2 units: m + log2(l), −inf when no key was visible. */
GK_HD float gk_softmax_lse2(float running_max, float sum) {
    return sum > 0.f ? running_max + log2f(sum) : -INFINITY;
}

/* Merging partial results (split-KV): partial s holds a normalised output O_s and its base-2 LSE
 * lse_s; with lse = log2 Σ 2^lse_s the result is O = Σ 2^(lse_s − lse) · O_s. Start the merged LSE
 * from the largest partial LSE (lse_max), add 2^(lse_s − lse_max) for each, then take the weights. */
GK_HD float gk_lse2_merge_exponent(float lse_s, float lse_max) {
    return lse_max == -INFINITY ? -INFINITY : lse_s - lse_max;
}

GK_HD float gk_lse2_merged(float lse_max, float sum_of_scaled) {
    return sum_of_scaled > 0.f ? lse_max + log2f(sum_of_scaled) : -INFINITY;
}

/* Exponent of the weight of partial s in the merged output (−inf, weight 0, for empty partials). */
GK_HD float gk_lse2_weight_exponent(float lse_s, float lse_merged) {
    return lse_merged == -INFINITY ? -INFINITY : lse_s - lse_merged;
}

#endif
