// The f16 tensor-core FLASH kernels (one translation unit per element type, so they compile in
// parallel). No launches here: attention.cu launches through the returned configuration.
#include "cuda/attention/flash_fwd.cuh"
#include "cuda/attention/plan.h"

namespace gk::attention::gpu {
KernelConfig flash_mma_f16(int64_t head_dim) { return flash_mma_config_for<F16>(head_dim); }
}  // namespace gk::attention::gpu
