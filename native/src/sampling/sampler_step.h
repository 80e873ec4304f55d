// The validated form of gk_sampler_step_args that both backends run: raw pointers into contiguous
// memory, scalars already rounded to the f32 the kernels compute in. Absent tensors are nullptr,
// and a term whose coefficient is zero is dropped here, so kernels never read what they do not use.
#pragma once

#include <cstdint>

#include "genkern/hd.h"
#include "genkern/sampling.h"

namespace gk::sampling {

constexpr int kMaxHistory = GK_SAMPLER_MAX_HISTORY;
// Philox subsequences: the sampler's noise and the inpainting noise are independent streams.
constexpr uint32_t kSamplerNoise = 0, kInpaintNoise = 1;

struct StepProblem {
    int64_t n = 0;           // elements in x
    int64_t per_sample = 0;  // elements per sample (n / B)
    int32_t model_dtype = GK_F32;
    int32_t device = GK_CPU, device_index = 0;

    const void* cond = nullptr;
    const void* uncond = nullptr;
    float guidance_scale = 1;
    float rescale_phi = 0;
    float* rescale_factors = nullptr;  // [B], written by the reduction pass when rescale_phi > 0
    float denoise_x = 0, denoise_model = 1, clip = 0;

    const float* x = nullptr;  // nullptr when no term reads it (x is still the shape reference)
    const float* x_aux = nullptr;
    const float* history[kMaxHistory] = {};
    float* out = nullptr;
    float* out_aux = nullptr;
    float* denoised_out = nullptr;

    float c_x = 0, c_aux = 0, c_denoised = 0, c_noise = 0, c_history[kMaxHistory] = {};
    float aux_x = 0, aux_aux = 0, aux_denoised = 0, aux_history[kMaxHistory] = {};

    const float* noise = nullptr;
    uint64_t seed = 0;
    uint32_t noise_step = 0;

    const float* mask = nullptr;
    const float* known = nullptr;
    float known_scale = 1, known_noise = 0;

    GK_HD bool needs_denoised() const { return c_denoised != 0 || aux_denoised != 0 || denoised_out != nullptr; }
};

// CPU: the reduction (when rescale_phi > 0) and the step, on the worker pool.
void run_cpu(const StepProblem& p);
void philox_normal_cpu(float* out, int64_t n, uint64_t seed, uint32_t step, uint32_t subsequence);

// CUDA (cuda/sampling/sampler_step.cu): the same two launches on a stream.
void run_cuda(const StepProblem& p, void* stream);
void philox_normal_cuda(float* out, int64_t n, uint64_t seed, uint32_t step, uint32_t subsequence,
                        int32_t device_index, void* stream);

}  // namespace gk::sampling
