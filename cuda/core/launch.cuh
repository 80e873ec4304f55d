// The one spelling of a kernel launch in the host launchers (*.cu): a real <<<>>> launch under
// nvcc, the CPU emulator (cuda/emu) under GENKERN_EMULATION, so the emulated tests run the
// launchers' own code. As after any launch, call gk::cuda::check_launch right after it: both
// forms report a refused or failed launch through cudaGetLastError.
//
//   GK_LAUNCH(kernel, grid, block, dynamic_smem, stream, args...);
//
// `kernel` is a function or a function pointer (bind a template instance first:
// auto* flash = &flash_kernel<64, T>;).
#pragma once

#if defined(GENKERN_EMULATION)
#include <cuda_runtime.h>
#define GK_LAUNCH(kernel, grid, block, smem, stream, ...) \
    ::gk::emu::cuda_launch(#kernel, kernel, grid, block, smem, stream, ##__VA_ARGS__)
#else
#define GK_LAUNCH(kernel, grid, block, smem, stream, ...) kernel<<<grid, block, smem, stream>>>(__VA_ARGS__)
#endif
