// CUDA kernel bodies of the fused sampler step (launched from sampler_step.cu; no launches or asm
// here, so the CPU emulation compiles them with the host compiler).
//
// sampler_step_kernel: one thread per Philox block of 4 consecutive elements (grid-stride). It
// reads each input once (16-byte vector loads when every pointer allows), computes guidance,
// rescale, the denoised estimate, the linear update, noise and the inpainting blend in registers,
// and writes each output once. rescale_reduce_kernel: one block per sample, a fixed-shape tree
// reduction in float64 (deterministic), writing the sample's guidance-rescale factor.
#pragma once

#include <stdint.h>

#include "genkern/philox.h"
#include "sampling/sampler_step.h"
#include "sampling/step_math.h"

namespace gk::sampling {

constexpr int kStepThreads = 256;
constexpr int kReduceThreads = 256;

struct alignas(16) Float4 {
    float v[4];
};
struct alignas(8) Half4 {
    uint16_t v[4];
};

// Elements base..base+3 (zeros past n). vec: the group is whole and p is 16-byte aligned.
__device__ __forceinline__ void load4(const float* p, int64_t base, int64_t n, bool vec, float out[4]) {
    if (vec) {
        Float4 t = *reinterpret_cast<const Float4*>(p + base);
        for (int j = 0; j < 4; ++j) out[j] = t.v[j];
    } else {
        for (int j = 0; j < 4; ++j) out[j] = base + j < n ? p[base + j] : 0.0f;
    }
}

__device__ __forceinline__ void store4(float* p, int64_t base, int64_t n, bool vec, const float v[4]) {
    if (vec) {
        Float4 t;
        for (int j = 0; j < 4; ++j) t.v[j] = v[j];
        *reinterpret_cast<Float4*>(p + base) = t;
    } else {
        for (int j = 0; j < 4; ++j)
            if (base + j < n) p[base + j] = v[j];
    }
}

__device__ __forceinline__ void load_model4(const void* p, int32_t dtype, int64_t base, int64_t n, bool vec,
                                            float out[4]) {
    if (dtype == GK_F32) {
        load4((const float*)p, base, n, vec, out);
    } else if (vec) {
        Half4 t = *reinterpret_cast<const Half4*>((const uint16_t*)p + base);
        for (int j = 0; j < 4; ++j) out[j] = dtype == GK_F16 ? gk_f16_to_f32(t.v[j]) : gk_bf16_to_f32(t.v[j]);
    } else {
        for (int j = 0; j < 4; ++j) out[j] = base + j < n ? load_model(p, dtype, base + j) : 0.0f;
    }
}

__device__ __forceinline__ void axpy4(float acc[4], float c, const float v[4]) {
    for (int j = 0; j < 4; ++j) acc[j] += c * v[j];
}

__global__ void __launch_bounds__(kStepThreads) sampler_step_kernel(StepProblem p, bool vec) {
    const int64_t groups = (p.n + 3) / 4;
    for (int64_t g = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; g < groups; g += (int64_t)gridDim.x * blockDim.x) {
        const int64_t base = g * 4;
        float x[4] = {0, 0, 0, 0}, d[4] = {0, 0, 0, 0}, t[4];
        if (p.x) load4(p.x, base, p.n, vec, x);
        if (p.needs_denoised()) {
            float c[4];
            load_model4(p.cond, p.model_dtype, base, p.n, vec, c);
            if (p.uncond) {
                load_model4(p.uncond, p.model_dtype, base, p.n, vec, t);
                for (int j = 0; j < 4; ++j) c[j] = guide(c[j], t[j], p.guidance_scale);
            }
            if (p.rescale_factors) {
                for (int j = 0; j < 4; ++j)
                    if (base + j < p.n) c[j] *= p.rescale_factors[(base + j) / p.per_sample];
            }
            for (int j = 0; j < 4; ++j) {
                d[j] = p.denoise_x * x[j] + p.denoise_model * c[j];
                if (p.clip > 0) d[j] = fminf(fmaxf(d[j], -p.clip), p.clip);
            }
        }

        float o[4], a[4];
        for (int j = 0; j < 4; ++j) {
            o[j] = p.c_x * x[j] + p.c_denoised * d[j];
            a[j] = p.aux_x * x[j] + p.aux_denoised * d[j];
        }
        if (p.x_aux) {
            load4(p.x_aux, base, p.n, vec, t);
            axpy4(o, p.c_aux, t);
            axpy4(a, p.aux_aux, t);
        }
        for (int k = 0; k < kMaxHistory; ++k) {
            if (p.history[k]) {
                load4(p.history[k], base, p.n, vec, t);
                axpy4(o, p.c_history[k], t);
                axpy4(a, p.aux_history[k], t);
            }
        }
        if (p.c_noise != 0) {
            if (p.noise) load4(p.noise, base, p.n, vec, t);
            else rng::normal4(p.seed, p.noise_step, kSamplerNoise, (uint64_t)g, t);
            axpy4(o, p.c_noise, t);
        }
        if (p.mask) {
            float m[4], k[4], xi[4] = {0, 0, 0, 0};
            load4(p.mask, base, p.n, vec, m);
            load4(p.known, base, p.n, vec, k);
            if (p.known_noise != 0) rng::normal4(p.seed, p.noise_step, kInpaintNoise, (uint64_t)g, xi);
            for (int j = 0; j < 4; ++j)
                o[j] = m[j] * (p.known_scale * k[j] + p.known_noise * xi[j]) + (1.0f - m[j]) * o[j];
        }

        store4(p.out, base, p.n, vec, o);
        if (p.out_aux) store4(p.out_aux, base, p.n, vec, a);
        if (p.denoised_out) store4(p.denoised_out, base, p.n, vec, d);
    }
}

// grid = B blocks of kReduceThreads threads.
__global__ void __launch_bounds__(kReduceThreads) rescale_reduce_kernel(StepProblem p) {
    __shared__ double sums[4][kReduceThreads];
    const int64_t first = blockIdx.x * p.per_sample;
    double s[4] = {0, 0, 0, 0};
    for (int64_t i = threadIdx.x; i < p.per_sample; i += kReduceThreads) {
        float c = load_model(p.cond, p.model_dtype, first + i);
        float g = p.uncond ? guide(c, load_model(p.uncond, p.model_dtype, first + i), p.guidance_scale) : c;
        s[0] += c;
        s[1] += (double)c * c;
        s[2] += g;
        s[3] += (double)g * g;
    }
    for (int q = 0; q < 4; ++q) sums[q][threadIdx.x] = s[q];
    __syncthreads();
    for (int stride = kReduceThreads / 2; stride > 0; stride /= 2) {
        if ((int)threadIdx.x < stride)
            for (int q = 0; q < 4; ++q) sums[q][threadIdx.x] += sums[q][threadIdx.x + stride];
        __syncthreads();
    }
    if (threadIdx.x == 0)
        p.rescale_factors[blockIdx.x] =
            rescale_factor(sums[0][0], sums[1][0], sums[2][0], sums[3][0], p.per_sample, p.rescale_phi);
}

__global__ void __launch_bounds__(kStepThreads) philox_normal_kernel(float* out, int64_t n, uint64_t seed,
                                                                    uint32_t step, uint32_t subsequence, bool vec) {
    const int64_t groups = (n + 3) / 4;
    for (int64_t g = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; g < groups; g += (int64_t)gridDim.x * blockDim.x) {
        float z[4];
        rng::normal4(seed, step, subsequence, (uint64_t)g, z);
        store4(out, g * 4, n, vec, z);
    }
}

}  // namespace gk::sampling
