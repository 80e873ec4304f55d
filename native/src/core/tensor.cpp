#include "core/tensor.h"

namespace gk {

const char* dtype_name(int32_t dtype) {
    switch (dtype) {
        case GK_F32: return "f32";
        case GK_F16: return "f16";
        case GK_BF16: return "bf16";
        case GK_I32: return "i32";
        case GK_U8: return "u8";
        default: return "unknown-dtype";
    }
}

std::string device_name(int32_t device, int32_t index) {
    if (device == GK_CPU) return "cpu";
    if (device == GK_CUDA) return str("cuda:", index);
    return str("unknown-device(", device, ")");
}

std::string shape_str(const gk_tensor& t) {
    std::string s = "[";
    for (int i = 0; i < t.ndim; ++i) s += (i ? ", " : "") + std::to_string(t.shape[i]);
    return s + "]";
}

void check_tensor(const gk_tensor& t, const char* name, int ndim) {
    require(t.data != nullptr, name, " is missing (null data pointer)");
    require(t.ndim >= 0 && t.ndim <= GK_MAX_DIMS, name, " has ", t.ndim, " dimensions; at most ", GK_MAX_DIMS,
            " are supported");
    require(t.ndim == ndim, name, " must have ", ndim, " dimensions but has ", t.ndim, " (shape ",
            shape_str(t), ")");
    for (int i = 0; i < t.ndim; ++i)
        require(t.shape[i] >= 0, name, " has negative size ", t.shape[i], " in dimension ", i);
    require(t.dtype >= GK_F32 && t.dtype <= GK_U8, name, " has unknown dtype code ", t.dtype);
    require(t.device == GK_CPU || t.device == GK_CUDA, name, " has unknown device code ", t.device);
}

void check_dtype(const gk_tensor& t, const char* name, int32_t dtype) {
    require(t.dtype == dtype, name, " has dtype ", dtype_name(t.dtype), ", expected ", dtype_name(dtype));
}

void check_same_device(const gk_tensor& t, const char* name, const gk_tensor& ref, const char* ref_name) {
    require(t.device == ref.device && t.device_index == ref.device_index, name, " is on ",
            device_name(t.device, t.device_index), " but ", ref_name, " is on ",
            device_name(ref.device, ref.device_index));
}

void check_dim(const gk_tensor& t, const char* name, int dim, int64_t expected, const char* what) {
    require(t.shape[dim] == expected, name, " has ", what, " ", t.shape[dim], ", expected ", expected,
            " (shape ", shape_str(t), ")");
}

void check_last_dim_contiguous(const gk_tensor& t, const char* name) {
    require(t.ndim == 0 || t.shape[t.ndim - 1] <= 1 || t.strides[t.ndim - 1] == 1, name,
            " must have a contiguous last dimension (stride 1) but has stride ", t.strides[t.ndim - 1]);
}

}  // namespace gk

extern "C" size_t gk_dtype_size(int32_t dtype) {
    switch (dtype) {
        case GK_F32: case GK_I32: return 4;
        case GK_F16: case GK_BF16: return 2;
        case GK_U8: return 1;
        default: return 0;
    }
}
