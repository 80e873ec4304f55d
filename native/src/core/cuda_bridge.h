// What the device-independent C API needs from the CUDA backend. Implemented in cuda/runtime.cu
// when the library is built with nvcc, and by cuda_absent.cpp otherwise (every call then reports
// that this build has no CUDA backend).
#pragma once

#include <cstddef>
#include <cstdint>

#include "genkern/genkern.h"

namespace gk::cuda {

bool compiled();
void query(int32_t device_index, gk_cuda_info* out);  // never throws because CUDA is absent
// Throws gk::Error unless device_index names a usable device (no driver, index out of range, ...).
void require_device(int32_t device_index);

void* alloc(int32_t device_index, size_t bytes);
void free(int32_t device_index, void* ptr);
int64_t bytes_in_use(int32_t device_index);
void copy(void* dst, bool dst_on_device, const void* src, bool src_on_device, int32_t device_index,
          size_t bytes, void* stream);
void* stream_create(int32_t device_index);
void stream_destroy(int32_t device_index, void* stream);
void stream_synchronize(int32_t device_index, void* stream);
void fill(const gk_tensor& t, double value, void* stream);

}  // namespace gk::cuda
