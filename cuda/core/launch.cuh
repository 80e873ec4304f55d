// The one spelling of a kernel launch in the host launchers (*.cu): a real <<<>>> launch under
// nvcc, the CPU emulator (cuda/emu) under GENKERN_EMULATION, so the emulated tests run the
// launchers' own code. Either way the launch is checked right after (gk::cuda::check_launch), so a
// failure names the kernel and its configuration.
//
//   GK_LAUNCH(kernel, grid, block, dynamic_smem, stream, args...);
//   GK_LAUNCH_NAMED(name, kernel, grid, block, dynamic_smem, stream, args...);  // name: const char*
//
// `kernel` is a function or a function pointer (bind a template instance first:
// auto* flash = &flash_kernel<64, T>;); GK_LAUNCH names it by its spelling.
#pragma once

#include "cuda/core/check.cuh"

#if defined(GENKERN_EMULATION)
#define GK_LAUNCH_NAMED(name, kernel, grid, block, smem, stream, ...)                    \
    do {                                                                                \
        ::gk::emu::cuda_launch(name, kernel, grid, block, smem, stream, __VA_ARGS__);   \
        ::gk::cuda::check_launch(name, grid, block, smem);                              \
    } while (0)
#else
#define GK_LAUNCH_NAMED(name, kernel, grid, block, smem, stream, ...) \
    do {                                                            \
        kernel<<<grid, block, smem, stream>>>(__VA_ARGS__);         \
        ::gk::cuda::check_launch(name, grid, block, smem);          \
    } while (0)
#endif

#define GK_LAUNCH(kernel, grid, block, smem, stream, ...) \
    GK_LAUNCH_NAMED(#kernel, kernel, grid, block, smem, stream, __VA_ARGS__)
