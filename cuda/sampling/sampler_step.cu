// Host launchers of the fused sampler step and the noise fill (kernel bodies: sampler_step.cuh).
// Launches per gk_sampler_step: 1, plus 1 reduction when guidance rescale is on.
#include <algorithm>

#include "cuda/core/check.cuh"
#include "cuda/core/launch.cuh"
#include "cuda/sampling/sampler_step.cuh"

namespace gk::sampling {

namespace {

bool aligned(const void* ptr, uintptr_t bytes) { return ptr == nullptr || (uintptr_t)ptr % bytes == 0; }

// Vector loads need whole groups of 4 and 16-byte (f32) / 8-byte (16-bit model output) alignment.
bool can_vectorise(const StepProblem& p) {
    if (p.n % 4 != 0) return false;
    const void* f32[] = {p.x, p.x_aux, p.history[0], p.history[1], p.history[2], p.out, p.out_aux,
                         p.denoised_out, p.noise, p.mask, p.known};
    for (const void* ptr : f32)
        if (!aligned(ptr, 16)) return false;
    uintptr_t model_align = p.model_dtype == GK_F32 ? 16 : 8;
    return aligned(p.cond, model_align) && aligned(p.uncond, model_align);
}

dim3 grid_for(int64_t n) {
    int64_t groups = (n + 3) / 4;
    return dim3((unsigned)std::min<int64_t>((groups + kStepThreads - 1) / kStepThreads, 1 << 20));
}

}  // namespace

void run_cuda(const StepProblem& p, void* stream) {
    cuda::set_device(p.device_index);
    cudaStream_t s = (cudaStream_t)stream;
    if (p.rescale_factors && p.needs_denoised()) {
        dim3 grid((unsigned)(p.n / p.per_sample)), block(kReduceThreads);
        GK_LAUNCH(rescale_reduce_kernel, grid, block, 0, s, p);
    }
    dim3 grid = grid_for(p.n), block(kStepThreads);
    GK_LAUNCH(sampler_step_kernel, grid, block, 0, s, p, can_vectorise(p));
}

void philox_normal_cuda(float* out, int64_t n, uint64_t seed, uint32_t step, uint32_t subsequence,
                        int32_t device_index, void* stream) {
    cuda::set_device(device_index);
    dim3 grid = grid_for(n), block(kStepThreads);
    bool vec = n % 4 == 0 && aligned(out, 16);
    GK_LAUNCH(philox_normal_kernel, grid, block, 0, (cudaStream_t)stream, out, n, seed, step, subsequence, vec);
}

}  // namespace gk::sampling
