// The AVX2+FMA build of the CPU sampler step (compiled with -mavx2 -mfma; strict ISO mode keeps
// the compiler from contracting a*b+c, so the noise stays bit-identical to the portable build).
#define GK_SAMPLING_ISA avx2
#include "sampling/sampler_step_cpu_impl.h"

namespace gk::sampling {

void step_range_avx2(const StepProblem& p, int64_t begin, int64_t end) { avx2::step_range(p, begin, end); }

void normals_range_avx2(float* out, int64_t begin, int64_t end, uint64_t seed, uint32_t step, uint32_t subsequence) {
    avx2::normals_range(out, begin, end, seed, step, subsequence);
}

}  // namespace gk::sampling
