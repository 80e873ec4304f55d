// The CPU backend of gk_sampler_step / gk_philox_normal: the guidance-rescale reduction, and the
// dispatch of the chunked step to the portable or the AVX2 build of sampler_step_cpu_impl.h.
#include <cstdint>
#include <vector>

#include "core/simd.h"
#include "core/threads.h"

#define GK_SAMPLING_ISA portable
#include "sampling/sampler_step_cpu_impl.h"
#undef GK_SAMPLING_ISA

namespace gk::sampling {

// Defined in sampler_step_cpu_avx2.cpp.
void step_range_avx2(const StepProblem& p, int64_t begin, int64_t end);
void normals_range_avx2(float* out, int64_t begin, int64_t end, uint64_t seed, uint32_t step, uint32_t subsequence);

namespace {

constexpr int64_t kChunk = portable::kChunk;
constexpr int64_t kReduceBlock = 8 * kChunk;

// Per-sample float64 sums of cond, cond², g, g² over fixed blocks (so the result does not depend on
// the thread count), then the factor for each sample.
void rescale_factors(const StepProblem& p) {
    int64_t batch = p.n / p.per_sample;
    int64_t blocks = (p.per_sample + kReduceBlock - 1) / kReduceBlock;
    std::vector<double> partial(batch * blocks * 4);
    parallel_for(batch * blocks, [&](int64_t begin, int64_t end, int) {
        for (int64_t item = begin; item < end; ++item) {
            int64_t b = item / blocks, first = b * p.per_sample + (item % blocks) * kReduceBlock;
            int64_t last = std::min(first + kReduceBlock, (b + 1) * p.per_sample);
            double sc = 0, qc = 0, sg = 0, qg = 0;
            for (int64_t i = first; i < last; ++i) {
                float c = load_model(p.cond, p.model_dtype, i);
                float g = p.uncond ? guide(c, load_model(p.uncond, p.model_dtype, i), p.guidance_scale) : c;
                sc += c;
                qc += (double)c * c;
                sg += g;
                qg += (double)g * g;
            }
            double* out = &partial[item * 4];
            out[0] = sc, out[1] = qc, out[2] = sg, out[3] = qg;
        }
    });
    for (int64_t b = 0; b < batch; ++b) {
        double s[4] = {0, 0, 0, 0};
        for (int64_t j = 0; j < blocks; ++j)
            for (int q = 0; q < 4; ++q) s[q] += partial[(b * blocks + j) * 4 + q];
        p.rescale_factors[b] = rescale_factor(s[0], s[1], s[2], s[3], p.per_sample, p.rescale_phi);
    }
}

// Splits [0, n) into whole chunks across the workers.
template <typename Fn>
void over_chunks(int64_t n, const Fn& fn) {
    int64_t chunks = (n + kChunk - 1) / kChunk;
    parallel_for(chunks, [&](int64_t c0, int64_t c1, int) { fn(c0 * kChunk, std::min(n, c1 * kChunk)); });
}

}  // namespace

void run_cpu(const StepProblem& p) {
    if (p.rescale_factors && p.needs_denoised()) rescale_factors(p);
    bool avx2 = simd_level() == Simd::Avx2;
    over_chunks(p.n, [&](int64_t begin, int64_t end) {
        if (avx2) step_range_avx2(p, begin, end);
        else portable::step_range(p, begin, end);
    });
}

void philox_normal_cpu(float* out, int64_t n, uint64_t seed, uint32_t step, uint32_t subsequence) {
    bool avx2 = simd_level() == Simd::Avx2;
    over_chunks(n, [&](int64_t begin, int64_t end) {
        if (avx2) normals_range_avx2(out, begin, end, seed, step, subsequence);
        else portable::normals_range(out, begin, end, seed, step, subsequence);
    });
}

}  // namespace gk::sampling
