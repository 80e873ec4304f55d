// gk::attention::run_cuda: plans the call (plan.h), takes the f32 workspace it needs from the
// stream's memory pool, launches the attention kernel and, when the keys were split, the merge,
// and hands the workspace back stream-ordered. The only file with attention launches.
#include <string>

#include "attention/attention_problem.h"
#include "core/tensor.h"
#include "cuda/attention/plan.h"
#include "cuda/core/check.cuh"
#include "cuda/core/launch.cuh"

namespace gk::attention {

namespace {

gpu::DeviceCaps device_caps(int32_t device_index) {
    gpu::DeviceCaps caps{};
    cuda::check(cudaDeviceGetAttribute(&caps.cc_major, cudaDevAttrComputeCapabilityMajor, device_index),
                "cudaDeviceGetAttribute(compute capability)");
    cuda::check(cudaDeviceGetAttribute(&caps.cc_minor, cudaDevAttrComputeCapabilityMinor, device_index),
                "cudaDeviceGetAttribute(compute capability)");
    cuda::check(cudaDeviceGetAttribute(&caps.sm_count, cudaDevAttrMultiProcessorCount, device_index),
                "cudaDeviceGetAttribute(multiprocessor count)");
    return caps;
}

void launch(const gpu::KernelConfig& k, dim3 grid, size_t smem, cudaStream_t stream, const gpu::AttentionArgs& args,
            const Problem& p) {
    if (smem > 48 * 1024)
        cuda::check(cudaFuncSetAttribute((const void*)k.kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem),
                    "cudaFuncSetAttribute(max dynamic shared memory)");
    dim3 block(k.threads);
    std::string name = str(k.name, "<", dtype_name(p.dtype), ", Dk=", p.dk, ", Dv=", p.dv, ">");
    GK_LAUNCH_NAMED(name.c_str(), k.kernel, grid, block, smem, stream, args);
}

// The workspace lives from the first launch to the last; freed stream-ordered on every exit.
struct StreamWorkspace {
    float* data = nullptr;
    cudaStream_t stream;
    StreamWorkspace(size_t floats, cudaStream_t s) : stream(s) {
        if (floats == 0) return;
        cudaError_t err = cudaMallocAsync((void**)&data, floats * sizeof(float), stream);
        if (err == cudaErrorMemoryAllocation) {
            cudaGetLastError();
            fail(GK_OUT_OF_MEMORY, "out of device memory for the attention workspace (", floats * sizeof(float),
                 " bytes)");
        }
        cuda::check(err, "cudaMallocAsync (attention workspace)");
    }
    ~StreamWorkspace() {
        if (data) cudaFreeAsync(data, stream);
    }
};

}  // namespace

void run_cuda(const Problem& p, int32_t path, void* stream_handle) {
    cuda::set_device(p.device_index);
    cudaStream_t stream = (cudaStream_t)stream_handle;
    gpu::LaunchPlan plan = gpu::plan_attention(p, path, device_caps(p.device_index));
    StreamWorkspace workspace(plan.workspace_floats, stream);
    gpu::bind_workspace(plan, workspace.data);
    launch(plan.main, dim3((unsigned)plan.grid[0], (unsigned)plan.grid[1], (unsigned)plan.grid[2]),
           plan.main.dynamic_smem, stream, plan.args, p);
    if (plan.args.num_splits > 1)
        launch(plan.combine, dim3((unsigned)plan.combine_grid), plan.combine_smem, stream, plan.args, p);
}

}  // namespace gk::attention
