// The float64 oracle for every attention implementation (CPU kernels, CUDA kernels, emulated CUDA
// kernels): a direct evaluation of softmax(logits) · V in double precision from host memory,
// following the semantics documented in genkern/attention.h, plus the flash-attention tolerance rule.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "genkern/attention.h"
#include "genkern/float16.h"

namespace reference {

inline double load(const gk_tensor& t, int64_t i0, int64_t i1, int64_t i2, int64_t i3) {
    int64_t idx = i0 * t.strides[0] + i1 * t.strides[1] + i2 * t.strides[2] + (t.ndim > 3 ? i3 * t.strides[3] : 0);
    switch (t.dtype) {
        case GK_F32: return ((const float*)t.data)[idx];
        case GK_F16: return gk_f16_to_f32(((const uint16_t*)t.data)[idx]);
        case GK_BF16: return gk_bf16_to_f32(((const uint16_t*)t.data)[idx]);
        case GK_I32: return ((const int32_t*)t.data)[idx];
        default: return ((const uint8_t*)t.data)[idx];
    }
}

struct Result {
    std::vector<double> out;  // [B, Hq, N, Dv] contiguous
    std::vector<double> lse;  // [B, Hq, N]
};

// All tensors of args must be in host memory. Rows with no visible key give 0 and lse = -inf.
inline Result attention(const gk_attention_args& a) {
    const gk_tensor& q = a.q;
    int64_t B = q.shape[0], Hq = q.shape[1], N = q.shape[2], Dk = q.shape[3];
    int64_t Hkv = a.segments[0].k.shape[1], Dv = a.segments[0].v.shape[3];
    int64_t M = 0;
    for (int s = 0; s < a.num_segments; ++s) M += a.segments[s].k.shape[2];
    Result r;
    r.out.assign(B * Hq * N * Dv, 0.0);
    r.lse.assign(B * Hq * N, -INFINITY);
    std::vector<double> logits(M), acc(Dv);
    for (int64_t b = 0; b < B; ++b) {
        int64_t len = a.key_lengths.data ? ((const int32_t*)a.key_lengths.data)[b * a.key_lengths.strides[0]] : M;
        for (int64_t h = 0; h < Hq; ++h) {
            int64_t hk = h / (Hq / Hkv);
            for (int64_t i = 0; i < N; ++i) {
                double mx = -INFINITY;
                int64_t base = 0;
                for (int s = 0; s < a.num_segments; ++s) {
                    const gk_attention_segment& seg = a.segments[s];
                    for (int64_t j = 0; j < seg.k.shape[2]; ++j) {
                        int64_t jg = base + j;
                        double x = -INFINITY;
                        if (jg < len && !(a.causal && jg > i + (len - N))) {
                            double dot = 0;
                            for (int64_t d = 0; d < Dk; ++d) dot += load(q, b, h, i, d) * load(seg.k, b, hk, j, d);
                            x = (double)seg.scale * dot + seg.bias_const;
                            if (seg.bias.data) x += load(seg.bias, b, hk, j, 0);
                            if (a.mask.data) {
                                const gk_tensor& mk = a.mask;
                                x += load(mk, mk.shape[0] == 1 ? 0 : b, mk.shape[1] == 1 ? 0 : h, mk.shape[2] == 1 ? 0 : i,
                                          mk.shape[3] == 1 ? 0 : jg);
                            }
                        }
                        logits[jg] = x;
                        mx = std::max(mx, x);
                    }
                    base += seg.k.shape[2];
                }
                if (mx == -INFINITY) continue;
                double sum = 0;
                std::fill(acc.begin(), acc.end(), 0.0);
                base = 0;
                for (int s = 0; s < a.num_segments; ++s) {
                    const gk_attention_segment& seg = a.segments[s];
                    for (int64_t j = 0; j < seg.k.shape[2]; ++j) {
                        double w = std::exp(logits[base + j] - mx);
                        sum += w;
                        if (w != 0)
                            for (int64_t d = 0; d < Dv; ++d) acc[d] += w * load(seg.v, b, hk, j, d);
                    }
                    base += seg.k.shape[2];
                }
                for (int64_t d = 0; d < Dv; ++d) r.out[((b * Hq + h) * N + i) * Dv + d] = acc[d] / sum;
                r.lse[(b * Hq + h) * N + i] = mx + std::log(sum);
            }
        }
    }
    return r;
}

inline float round_to(int32_t dtype, float x) {
    if (dtype == GK_F16) return gk_f16_to_f32(gk_f32_to_f16(x));
    if (dtype == GK_BF16) return gk_bf16_to_f32(gk_f32_to_bf16(x));
    return x;
}

// The unfused implementation in the kernels' own precision, for the tolerance rule: f32 logits
// from the stored inputs, f32 softmax, probabilities rounded to the input dtype (as a tensor-core
// PV product sees them), f32 PV accumulation, output rounded to the dtype.
inline std::vector<float> unfused_same_precision(const gk_attention_args& a) {
    const gk_tensor& q = a.q;
    int64_t B = q.shape[0], Hq = q.shape[1], N = q.shape[2], Dk = q.shape[3];
    int64_t Hkv = a.segments[0].k.shape[1], Dv = a.segments[0].v.shape[3];
    int64_t M = 0;
    for (int s = 0; s < a.num_segments; ++s) M += a.segments[s].k.shape[2];
    std::vector<float> out(B * Hq * N * Dv, 0.f), logits(M), acc(Dv);
    for (int64_t b = 0; b < B; ++b) {
        int64_t len = a.key_lengths.data ? ((const int32_t*)a.key_lengths.data)[b * a.key_lengths.strides[0]] : M;
        for (int64_t h = 0; h < Hq; ++h) {
            int64_t hk = h / (Hq / Hkv);
            for (int64_t i = 0; i < N; ++i) {
                float mx = -INFINITY;
                int64_t base = 0;
                for (int s = 0; s < a.num_segments; ++s) {
                    const gk_attention_segment& seg = a.segments[s];
                    for (int64_t j = 0; j < seg.k.shape[2]; ++j) {
                        int64_t jg = base + j;
                        float x = -INFINITY;
                        if (jg < len && !(a.causal && jg > i + (len - N))) {
                            float dot = 0;
                            for (int64_t d = 0; d < Dk; ++d) dot += (float)load(q, b, h, i, d) * (float)load(seg.k, b, hk, j, d);
                            x = seg.scale * dot + seg.bias_const;
                            if (seg.bias.data) x += (float)load(seg.bias, b, hk, j, 0);
                            if (a.mask.data) {
                                const gk_tensor& mk = a.mask;
                                x += (float)load(mk, mk.shape[0] == 1 ? 0 : b, mk.shape[1] == 1 ? 0 : h,
                                                 mk.shape[2] == 1 ? 0 : i, mk.shape[3] == 1 ? 0 : jg);
                            }
                        }
                        logits[jg] = x;
                        mx = std::max(mx, x);
                    }
                    base += seg.k.shape[2];
                }
                if (mx == -INFINITY) continue;
                float sum = 0;
                for (int64_t j = 0; j < M; ++j) sum += logits[j] = std::exp(logits[j] - mx);
                std::fill(acc.begin(), acc.end(), 0.f);
                base = 0;
                for (int s = 0; s < a.num_segments; ++s) {
                    const gk_attention_segment& seg = a.segments[s];
                    for (int64_t j = 0; j < seg.k.shape[2]; ++j) {
                        float p = round_to(q.dtype, logits[base + j] / sum);
                        for (int64_t d = 0; d < Dv; ++d) acc[d] += p * (float)load(seg.v, b, hk, j, d);
                    }
                    base += seg.k.shape[2];
                }
                for (int64_t d = 0; d < Dv; ++d) out[((b * Hq + h) * N + i) * Dv + d] = round_to(q.dtype, acc[d]);
            }
        }
    }
    return out;
}

// Largest |x - ref| over all elements; NaN anywhere makes it infinite (NaN never passes).
inline double max_error(const std::vector<double>& ref, const std::vector<float>& x) {
    double e = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
        if (std::isnan(x[i]) || std::isnan(ref[i])) return INFINITY;
        if (std::isinf(ref[i]) || std::isinf(x[i])) {
            if (ref[i] != x[i]) return INFINITY;
            continue;
        }
        e = std::max(e, std::fabs((double)x[i] - ref[i]));
    }
    return e;
}

// The flash-attention rule: an implementation passes when its error is at most twice that of an
// unfused implementation in the same precision, plus a small absolute tolerance.
inline bool within_tolerance(double err, double unfused_err, double atol) { return err <= 2 * unfused_err + atol; }

}  // namespace reference
