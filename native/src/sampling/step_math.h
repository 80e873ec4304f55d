// Per-element math of the fused sampler step that both backends share (GK_HD): model-output
// loads with dtype conversion, the guidance combine, and the guidance-rescale factor.
#pragma once

#include <math.h>
#include <stdint.h>

#include "genkern/float16.h"
#include "genkern/genkern.h"
#include "genkern/hd.h"

namespace gk::sampling {

GK_HD float load_model(const void* p, int32_t dtype, int64_t i) {
    if (dtype == GK_F32) return ((const float*)p)[i];
    uint16_t h = ((const uint16_t*)p)[i];
    return dtype == GK_F16 ? gk_f16_to_f32(h) : gk_bf16_to_f32(h);
}

// Classifier-free guidance: uncond + w·(cond − uncond).
GK_HD float guide(float cond, float uncond, float w) { return uncond + w * (cond - uncond); }

// diffusers' rescale_noise_cfg per sample: g·(φ·std(cond)/std(g) + 1 − φ), with the unbiased std
// (torch.std) from float64 sums of n elements. A constant g (std 0) is left as it is.
GK_HD float rescale_factor(double sum_c, double sumsq_c, double sum_g, double sumsq_g, int64_t n, float phi) {
    double var_c = (sumsq_c - sum_c * sum_c / (double)n) / (double)(n - 1);
    double var_g = (sumsq_g - sum_g * sum_g / (double)n) / (double)(n - 1);
    if (!(var_g > 0)) return 1.0f;
    double ratio = sqrt(fmax(var_c, 0.0) / var_g);
    return (float)(1.0 - (double)phi + (double)phi * ratio);
}

}  // namespace gk::sampling
