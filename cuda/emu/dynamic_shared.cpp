// Storage behind the kernels' `extern __shared__` arrays in the emulation: one arena per name per
// runner thread, poisoned at every block start (see GK_EMU_DYNAMIC_SHARED in emulator.h). A kernel
// declaring a new dynamic shared array name adds its line here.
#include "cuda/emu/emulator.h"

#include <stdint.h>

GK_EMU_DYNAMIC_SHARED(gk::attention::gpu, uint16_t, flash_smem);      // cuda/attention/flash_fwd.cuh
GK_EMU_DYNAMIC_SHARED(gk::attention::gpu, float, combine_weights);    // cuda/attention/split_kv.cuh
