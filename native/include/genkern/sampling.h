/*
 * genkern: the fused diffusion sampler step and the shared noise generator.
 *
 * Every sampler (DDPM, DDIM, Euler, Euler ancestral, Heun, DPM-Solver++(2M) and its SDE variant,
 * UniPC) is, per step and per element, a linear combination of a few tensors with scalars the
 * caller computes on the host (in float64). gk_sampler_step does the whole element-wise update in
 * one pass over memory: for each element i of sample b,
 *
 *   g  = uncond + guidance_scale·(cond − uncond)         (g = cond when uncond is absent)
 *   g *= 1 − φ + φ·std_b(cond)/std_b(g)                  (guidance rescale, when rescale_phi = φ > 0)
 *   D  = denoise_x·x + denoise_model·g                   (parametrisation → denoised x0 estimate)
 *   D  = clamp(D, −clip_denoised, clip_denoised)         (when clip_denoised > 0)
 *   ξ  = noise[i], or Philox(seed, noise_step, subsequence 0, i)
 *   out     = c_x·x + c_aux·x_aux + c_denoised·D + Σ_k c_history[k]·history[k] + c_noise·ξ
 *   out     = m·(known_scale·known + known_noise·ξ') + (1 − m)·out   (inpainting, m = mask[i],
 *             ξ' = Philox(seed, noise_step, subsequence 1, i))
 *   out_aux = aux_x·x + aux_aux·x_aux + aux_denoised·D + Σ_k aux_history[k]·history[k]
 *   denoised_out = D
 *
 * Launches per call: 1, or 2 when rescale_phi > 0 (a per-sample reduction of std(cond) and std(g)
 * into rescale_factors, then the step). Both backends.
 *
 * Tensors: x, out and every present optional tensor have the same shape [B, ...] (B = shape[0],
 * rank 1..8) and are contiguous. cond/uncond may be f32, f16 or bf16 (both the same dtype); the
 * sampler state (x, x_aux, history, out, out_aux, denoised_out, noise, known, mask) is f32.
 * Absent optional tensors have data == NULL. Outputs may alias inputs exactly (same pointer: each
 * element is read before it is written) but must not partially overlap them. cond may be absent
 * only when nothing reads D (c_denoised = aux_denoised = 0, no denoised_out): a pure noise step.
 */
#ifndef GENKERN_SAMPLING_H
#define GENKERN_SAMPLING_H

#include "genkern/genkern.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GK_SAMPLER_MAX_HISTORY 3

typedef struct gk_sampler_step_args {
    gk_tensor cond;             /* model output (conditional), [B, ...], f32/f16/bf16 */
    gk_tensor uncond;           /* optional: unconditional model output, same shape and dtype */
    double guidance_scale;      /* used when uncond is present */
    double rescale_phi;         /* 0 = off; in (0, 1] needs rescale_factors */
    gk_tensor rescale_factors;  /* f32 [B] scratch written by the reduction pass when rescale_phi > 0 */
    double denoise_x;           /* D = denoise_x·x + denoise_model·g */
    double denoise_model;
    double clip_denoised;       /* > 0: clamp D to ±clip_denoised; 0: no clamp */

    gk_tensor x;                /* f32 current sample */
    gk_tensor x_aux;            /* optional f32 second sample input (Heun's start point, UniPC's last sample) */
    gk_tensor history[GK_SAMPLER_MAX_HISTORY]; /* optional f32 earlier denoised outputs */

    gk_tensor out;              /* f32 next sample */
    gk_tensor out_aux;          /* optional f32 second output */
    gk_tensor denoised_out;     /* optional f32: D (the new history entry, the x0 preview) */

    double c_x, c_aux, c_denoised, c_noise;
    double c_history[GK_SAMPLER_MAX_HISTORY];
    double aux_x, aux_aux, aux_denoised;
    double aux_history[GK_SAMPLER_MAX_HISTORY];

    gk_tensor noise;            /* optional f32 externally supplied ξ; absent: Philox noise */
    uint64_t seed;
    uint32_t noise_step;        /* the Philox counter's step word: use a distinct value per call */

    gk_tensor mask;             /* optional f32 soft inpainting mask in [0, 1] (1 = known); needs known */
    gk_tensor known;            /* optional f32 known clean values (x0 space) */
    double known_scale;         /* known values noised to the output's level: */
    double known_noise;         /*   known_scale·known + known_noise·ξ' */
} gk_sampler_step_args;

GK_API gk_status gk_sampler_step(const gk_sampler_step_args* args, void* stream);

/* Fills a contiguous f32 tensor with standard normals: element i = Philox(seed, step, subsequence, i)
 * through the shared Box–Muller transform. Bit-identical on every backend and thread count. */
GK_API gk_status gk_philox_normal(const gk_tensor* out, uint64_t seed, uint32_t step, uint32_t subsequence,
                                  void* stream);

#ifdef __cplusplus
}
#endif

#endif
