// The CPU sampler step, compiled once per instruction set (sampler_step_cpu.cpp: portable,
// sampler_step_cpu_avx2.cpp: AVX2+FMA) inside the namespace GK_SAMPLING_ISA names.
//
// Each worker walks its range in chunks of kChunk elements; a chunk is read from memory once into
// L1-resident scratch, every term of the update is one simple vectorisable loop over that scratch,
// and the outputs are written once at the end (so outputs may alias inputs). Results do not depend
// on the chunking: every element's arithmetic is the same sequence of float operations.
#pragma once

#include <algorithm>
#include <cstring>

#include "genkern/philox.h"
#include "sampling/sampler_step.h"
#include "sampling/step_math.h"

namespace gk::sampling::GK_SAMPLING_ISA {

constexpr int64_t kChunk = 1024;  // a multiple of 4, so chunks start on Philox block boundaries

// Standard normals for elements [begin, begin + len) of the (seed, step, subsequence) stream; begin
// is a multiple of 4 and len <= kChunk. The Philox blocks, then the Box–Muller pairs, each run as a
// plain loop over arrays so that the compiler vectorises the shared GK_HD functions.
inline void fill_normals(float* out, int64_t begin, int64_t len, uint64_t seed, uint32_t step, uint32_t subsequence) {
    constexpr int kGroups = kChunk / 4;
    alignas(64) uint32_t words[4][kGroups];
    alignas(64) float z[4][kGroups];
    const int groups = (int)((len + 3) / 4);
    const uint64_t first = (uint64_t)begin / 4;
    const uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int j = 0; j < groups; ++j) {
        uint64_t g = first + (uint64_t)j;
        rng::Philox4 r = rng::philox4x32_10({{(uint32_t)g, (uint32_t)(g >> 32), step, subsequence}}, k0, k1);
        for (int w = 0; w < 4; ++w) words[w][j] = r.v[w];
    }
    for (int j = 0; j < groups; ++j) rng::box_muller(words[0][j], words[1][j], &z[0][j], &z[1][j]);
    for (int j = 0; j < groups; ++j) rng::box_muller(words[2][j], words[3][j], &z[2][j], &z[3][j]);
    for (int j = 0; j < groups; ++j)
        for (int w = 0; w < 4; ++w)
            if (4 * j + w < len) out[4 * j + w] = z[w][j];
}

template <typename T>
inline void convert_model(const T* src, float* dst, int64_t len, int32_t dtype) {
    for (int64_t j = 0; j < len; ++j) dst[j] = load_model(src, dtype, j);
}

// g for a chunk: the (converted) model output, guided and rescaled.
inline void guided_chunk(const StepProblem& p, int64_t begin, int64_t len, float* g, float* scratch) {
    if (p.model_dtype == GK_F32) {
        std::memcpy(g, (const float*)p.cond + begin, len * sizeof(float));
    } else {
        convert_model((const uint16_t*)p.cond + begin, g, len, p.model_dtype);
    }
    if (p.uncond) {
        const float* u = (const float*)p.uncond + begin;
        if (p.model_dtype != GK_F32) {
            convert_model((const uint16_t*)p.uncond + begin, scratch, len, p.model_dtype);
            u = scratch;
        }
        const float w = p.guidance_scale;
        for (int64_t j = 0; j < len; ++j) g[j] = guide(g[j], u[j], w);
    }
    if (p.rescale_factors) {
        // The chunk may span samples: scale each sample's part by its own factor.
        for (int64_t j = 0; j < len;) {
            int64_t b = (begin + j) / p.per_sample;
            int64_t stop = std::min(len, (b + 1) * p.per_sample - begin);
            const float f = p.rescale_factors[b];
            for (; j < stop; ++j) g[j] *= f;
        }
    }
}

inline void add_scaled(float* acc, const float* src, float c, int64_t len) {
    for (int64_t j = 0; j < len; ++j) acc[j] += c * src[j];
}

inline void step_chunk(const StepProblem& p, int64_t begin, int64_t len) {
    alignas(64) float g[kChunk], d[kChunk], o[kChunk], a[kChunk], xi[kChunk];
    const float* x = p.x ? p.x + begin : nullptr;
    if (p.needs_denoised()) {
        guided_chunk(p, begin, len, g, xi);
        const float dm = p.denoise_model;
        for (int64_t j = 0; j < len; ++j) d[j] = dm * g[j];
        if (x && p.denoise_x != 0) add_scaled(d, x, p.denoise_x, len);
        if (p.clip > 0) {
            const float lo = -p.clip, hi = p.clip;
            for (int64_t j = 0; j < len; ++j) d[j] = std::min(std::max(d[j], lo), hi);
        }
    }

    std::fill(o, o + len, 0.0f);
    if (x && p.c_x != 0) add_scaled(o, x, p.c_x, len);
    if (p.c_denoised != 0) add_scaled(o, d, p.c_denoised, len);
    if (p.x_aux && p.c_aux != 0) add_scaled(o, p.x_aux + begin, p.c_aux, len);
    for (int k = 0; k < kMaxHistory; ++k)
        if (p.history[k] && p.c_history[k] != 0) add_scaled(o, p.history[k] + begin, p.c_history[k], len);
    if (p.c_noise != 0) {
        const float* noise = p.noise ? p.noise + begin : xi;
        if (!p.noise) fill_normals(xi, begin, len, p.seed, p.noise_step, kSamplerNoise);
        add_scaled(o, noise, p.c_noise, len);
    }
    if (p.mask) {
        const float* m = p.mask + begin;
        const float* k = p.known + begin;
        const float ks = p.known_scale, kn = p.known_noise;
        if (kn != 0) {
            fill_normals(xi, begin, len, p.seed, p.noise_step, kInpaintNoise);
            for (int64_t j = 0; j < len; ++j) o[j] = m[j] * (ks * k[j] + kn * xi[j]) + (1.0f - m[j]) * o[j];
        } else {
            for (int64_t j = 0; j < len; ++j) o[j] = m[j] * (ks * k[j]) + (1.0f - m[j]) * o[j];
        }
    }

    if (p.out_aux) {
        std::fill(a, a + len, 0.0f);
        if (x && p.aux_x != 0) add_scaled(a, x, p.aux_x, len);
        if (p.aux_denoised != 0) add_scaled(a, d, p.aux_denoised, len);
        if (p.x_aux && p.aux_aux != 0) add_scaled(a, p.x_aux + begin, p.aux_aux, len);
        for (int k = 0; k < kMaxHistory; ++k)
            if (p.history[k] && p.aux_history[k] != 0) add_scaled(a, p.history[k] + begin, p.aux_history[k], len);
    }

    // All reads of this chunk are done: outputs may now overwrite aliased inputs.
    std::memcpy(p.out + begin, o, len * sizeof(float));
    if (p.out_aux) std::memcpy(p.out_aux + begin, a, len * sizeof(float));
    if (p.denoised_out) std::memcpy(p.denoised_out + begin, d, len * sizeof(float));
}

// Elements [begin, end) in chunks; begin is a multiple of kChunk.
inline void step_range(const StepProblem& p, int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i += kChunk) step_chunk(p, i, std::min(kChunk, end - i));
}

inline void normals_range(float* out, int64_t begin, int64_t end, uint64_t seed, uint32_t step, uint32_t subsequence) {
    for (int64_t i = begin; i < end; i += kChunk)
        fill_normals(out + i, i, std::min(kChunk, end - i), seed, step, subsequence);
}

}  // namespace gk::sampling::GK_SAMPLING_ISA
