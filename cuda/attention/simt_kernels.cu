// The FMA-unit kernels: the f32 FLASH kernels, the general kernels and the split-KV merge.
// No launches here: attention.cu launches through the returned configurations.
#include "cuda/attention/plan.h"
#include "cuda/attention/simt_fwd.cuh"
#include "cuda/attention/split_kv.cuh"

namespace gk::attention::gpu {

KernelConfig flash_f32(int64_t head_dim) { return flash_f32_config_for(head_dim); }

KernelConfig general(int32_t dtype) {
    if (dtype == GK_F32) return general_config<F32>();
    return dtype == GK_F16 ? general_config<F16>() : general_config<Bf16>();
}

KernelConfig split_kv_combine(int32_t dtype) {
    if (dtype == GK_F32) return split_kv_combine_config<F32>();
    return dtype == GK_F16 ? split_kv_combine_config<F16>() : split_kv_combine_config<Bf16>();
}

}  // namespace gk::attention::gpu
