// Helpers for validating gk_tensor arguments at the C entry points. Messages name the tensor,
// its shape and what was expected, e.g. "k has head dim 64 but q has 80".
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace gk {

const char* dtype_name(int32_t dtype);
std::string device_name(int32_t device, int32_t index);
std::string shape_str(const gk_tensor& t);

inline bool present(const gk_tensor& t) { return t.data != nullptr; }

inline int64_t numel(const gk_tensor& t) {
    int64_t n = 1;
    for (int i = 0; i < t.ndim; ++i) n *= t.shape[i];
    return n;
}

// Checks that a tensor is well formed (rank, non-negative sizes, known dtype/device) and has the
// given rank; name is used in messages.
void check_tensor(const gk_tensor& t, const char* name, int ndim);
void check_dtype(const gk_tensor& t, const char* name, int32_t dtype);
void check_same_device(const gk_tensor& t, const char* name, const gk_tensor& ref, const char* ref_name);
void check_dim(const gk_tensor& t, const char* name, int dim, int64_t expected, const char* what);
// The last dimension must be contiguous (stride 1), as vectorised loads require.
void check_last_dim_contiguous(const gk_tensor& t, const char* name);

}  // namespace gk
