// TEMPORARY scalar implementation so the tree links; replaced by the blocked SIMD CPU kernel.
#include <cmath>
#include <vector>

#include "attention/attention_problem.h"
#include "core/error.h"
#include "genkern/float16.h"

namespace gk::attention {

static float load(const void* base, int32_t dtype, int64_t i) {
    if (dtype == GK_F32) return ((const float*)base)[i];
    if (dtype == GK_F16) return gk_f16_to_f32(((const uint16_t*)base)[i]);
    return gk_bf16_to_f32(((const uint16_t*)base)[i]);
}

void run_cpu(const Problem& p, int32_t) {
    std::vector<double> acc(p.dv);
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t h = 0; h < p.heads_q; ++h)
            for (int64_t i = 0; i < p.n; ++i) {
                int64_t hk = h / p.group();
                int64_t len = p.key_lengths ? p.key_lengths[b] : p.m;
                double mx = -INFINITY, sum = 0;
                std::fill(acc.begin(), acc.end(), 0.0);
                for (int s = 0; s < p.num_segments; ++s) {
                    const Segment& g = p.seg[s];
                    for (int64_t j = 0; j < g.m; ++j) {
                        int64_t jg = g.offset + j;
                        if (jg >= len || (p.causal && jg > i + (len - p.n))) continue;
                        double dot = 0;
                        for (int64_t d = 0; d < p.dk; ++d)
                            dot += (double)load(p.q, p.dtype, b * p.q_stride[0] + h * p.q_stride[1] + i * p.q_stride[2] + d) *
                                   load(g.k, p.dtype, b * g.k_stride[0] + hk * g.k_stride[1] + j * g.k_stride[2] + d);
                        double x = g.scale * dot + g.bias_const;
                        if (g.bias) x += g.bias[b * g.bias_stride[0] + hk * g.bias_stride[1] + j * g.bias_stride[2]];
                        if (p.mask) x += p.mask[b * p.mask_stride[0] + h * p.mask_stride[1] + i * p.mask_stride[2] + jg * p.mask_stride[3]];
                        if (x == -INFINITY) continue;
                        double nm = std::max(mx, x), c = std::exp(mx - nm), e = std::exp(x - nm);
                        sum = sum * c + e;
                        for (int64_t d = 0; d < p.dv; ++d)
                            acc[d] = acc[d] * c + e * load(g.v, p.dtype, b * g.v_stride[0] + hk * g.v_stride[1] + j * g.v_stride[2] + d);
                        mx = nm;
                    }
                }
                for (int64_t d = 0; d < p.dv; ++d) {
                    float o = sum > 0 ? (float)(acc[d] / sum) : 0.f;
                    int64_t idx = b * p.out_stride[0] + h * p.out_stride[1] + i * p.out_stride[2] + d;
                    if (p.dtype == GK_F32) ((float*)p.out)[idx] = o;
                    else if (p.dtype == GK_F16) ((uint16_t*)p.out)[idx] = gk_f32_to_f16(o);
                    else ((uint16_t*)p.out)[idx] = gk_f32_to_bf16(o);
                }
                if (p.lse) p.lse[b * p.lse_stride[0] + h * p.lse_stride[1] + i * p.lse_stride[2]] = sum > 0 ? (float)(mx + std::log(sum)) : -INFINITY;
            }
}

}  // namespace gk::attention
