// gk_sampler_step and gk_philox_normal: validation at the C boundary (every message names the
// offending values), conversion to gk::sampling::StepProblem, dispatch to a backend.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/cuda_bridge.h"
#include "core/tensor.h"
#include "sampling/sampler_step.h"

namespace gk::sampling {

namespace {

bool contiguous(const gk_tensor& t) {
    int64_t expected = 1;
    for (int d = t.ndim - 1; d >= 0; --d) {
        if (t.shape[d] > 1 && t.strides[d] != expected) return false;
        expected *= t.shape[d];
    }
    return true;
}

void check_contiguous(const gk_tensor& t, const char* name) {
    std::string strides;
    for (int d = 0; d < t.ndim; ++d) strides += (d ? ", " : "") + std::to_string(t.strides[d]);
    require(contiguous(t), name, " must be contiguous but has shape ", shape_str(t), " and strides [", strides, "]");
}

// A tensor that must match x exactly: same shape, device, contiguous, the given dtype.
void check_like_x(const gk_tensor& t, const char* name, const gk_tensor& x, int32_t dtype) {
    check_tensor(t, name, x.ndim);
    for (int d = 0; d < x.ndim; ++d)
        require(t.shape[d] == x.shape[d], name, " has shape ", shape_str(t), " but x has shape ", shape_str(x));
    check_same_device(t, name, x, "x");
    check_contiguous(t, name);
    if (dtype >= 0) check_dtype(t, name, dtype);
}

float finite(double v, const char* name) {
    require(std::isfinite(v), name, " is ", v, "; it must be finite");
    return (float)v;
}

struct Span {
    const char* name;
    const char* begin;
    const char* end;
};

Span span_of(const gk_tensor& t, const char* name) {
    const char* b = (const char*)t.data;
    return {name, b, b + numel(t) * (int64_t)gk_dtype_size(t.dtype)};
}

// Outputs may alias an input exactly (elementwise read-before-write) but never overlap it partially.
void check_overlaps(const std::vector<Span>& inputs, const std::vector<Span>& outputs) {
    for (size_t i = 0; i < outputs.size(); ++i) {
        const Span& o = outputs[i];
        for (const Span& in : inputs) {
            bool disjoint = o.end <= in.begin || in.end <= o.begin;
            require(disjoint || (o.begin == in.begin && o.end == in.end), o.name, " partially overlaps ", in.name,
                    "; an output may only alias an input exactly");
        }
        for (size_t j = 0; j < i; ++j) {
            const Span& other = outputs[j];
            require(o.end <= other.begin || other.end <= o.begin, o.name, " overlaps ", other.name,
                    "; outputs must be distinct");
        }
    }
}

StepProblem validate(const gk_sampler_step_args& a) {
    StepProblem p;
    const gk_tensor& x = a.x;
    require(x.data != nullptr, "x is missing (null data pointer)");
    require(x.ndim >= 1 && x.ndim <= GK_MAX_DIMS, "x has ", x.ndim, " dimensions; expected 1 to ", GK_MAX_DIMS,
            " ([B, ...])");
    check_like_x(x, "x", x, GK_F32);
    check_like_x(a.out, "out", x, GK_F32);
    p.n = numel(x);
    int64_t batch = x.shape[0];
    p.per_sample = batch > 0 ? p.n / batch : 0;
    p.device = x.device;
    p.device_index = x.device_index;
    p.x = (const float*)x.data;
    p.out = (float*)a.out.data;
    std::vector<Span> inputs{span_of(x, "x")}, outputs{span_of(a.out, "out")};

    p.c_x = finite(a.c_x, "c_x");
    p.c_aux = finite(a.c_aux, "c_aux");
    p.c_denoised = finite(a.c_denoised, "c_denoised");
    p.c_noise = finite(a.c_noise, "c_noise");
    p.denoise_x = finite(a.denoise_x, "denoise_x");
    p.denoise_model = finite(a.denoise_model, "denoise_model");
    p.clip = finite(a.clip_denoised, "clip_denoised");
    require(a.clip_denoised >= 0, "clip_denoised is ", a.clip_denoised, "; expected 0 (off) or a positive bound");
    static const char* c_history_names[kMaxHistory] = {"c_history[0]", "c_history[1]", "c_history[2]"};
    static const char* aux_history_names[kMaxHistory] = {"aux_history[0]", "aux_history[1]", "aux_history[2]"};
    static const char* history_names[kMaxHistory] = {"history[0]", "history[1]", "history[2]"};
    for (int k = 0; k < kMaxHistory; ++k) p.c_history[k] = finite(a.c_history[k], c_history_names[k]);

    if (present(a.out_aux)) {
        check_like_x(a.out_aux, "out_aux", x, GK_F32);
        p.out_aux = (float*)a.out_aux.data;
        outputs.push_back(span_of(a.out_aux, "out_aux"));
        p.aux_x = finite(a.aux_x, "aux_x");
        p.aux_aux = finite(a.aux_aux, "aux_aux");
        p.aux_denoised = finite(a.aux_denoised, "aux_denoised");
        for (int k = 0; k < kMaxHistory; ++k) p.aux_history[k] = finite(a.aux_history[k], aux_history_names[k]);
    }
    if (present(a.denoised_out)) {
        check_like_x(a.denoised_out, "denoised_out", x, GK_F32);
        p.denoised_out = (float*)a.denoised_out.data;
        outputs.push_back(span_of(a.denoised_out, "denoised_out"));
    }

    if (present(a.x_aux)) {
        check_like_x(a.x_aux, "x_aux", x, GK_F32);
        p.x_aux = (const float*)a.x_aux.data;
        inputs.push_back(span_of(a.x_aux, "x_aux"));
    } else {
        require(p.c_aux == 0 && p.aux_aux == 0, "x_aux is absent but c_aux = ", a.c_aux, " and aux_aux = ",
                p.aux_aux, " read it");
    }
    for (int k = 0; k < kMaxHistory; ++k) {
        if (present(a.history[k])) {
            check_like_x(a.history[k], history_names[k], x, GK_F32);
            p.history[k] = (const float*)a.history[k].data;
            inputs.push_back(span_of(a.history[k], history_names[k]));
        } else {
            require(p.c_history[k] == 0 && p.aux_history[k] == 0, history_names[k], " is absent but ",
                    c_history_names[k], " = ", p.c_history[k], " and ", aux_history_names[k], " = ",
                    p.aux_history[k], " read it");
        }
    }

    if (present(a.cond)) {
        check_like_x(a.cond, "cond", x, -1);
        require(a.cond.dtype == GK_F32 || a.cond.dtype == GK_F16 || a.cond.dtype == GK_BF16, "cond has dtype ",
                dtype_name(a.cond.dtype), "; expected f32, f16 or bf16");
        p.cond = a.cond.data;
        p.model_dtype = a.cond.dtype;
        inputs.push_back(span_of(a.cond, "cond"));
        if (present(a.uncond)) {
            check_like_x(a.uncond, "uncond", x, a.cond.dtype);
            p.uncond = a.uncond.data;
            inputs.push_back(span_of(a.uncond, "uncond"));
            p.guidance_scale = finite(a.guidance_scale, "guidance_scale");
        }
    } else {
        require(!present(a.uncond), "uncond is given but cond is absent");
        require(!p.needs_denoised(), "cond is absent but the step needs the denoised estimate (c_denoised = ",
                p.c_denoised, ", aux_denoised = ", p.aux_denoised, ", denoised_out ",
                p.denoised_out ? "given" : "absent", ")");
    }
    if (p.cond) {
        p.rescale_phi = finite(a.rescale_phi, "rescale_phi");
        require(a.rescale_phi >= 0 && a.rescale_phi <= 1, "rescale_phi is ", a.rescale_phi, "; expected 0 to 1");
        if (a.rescale_phi > 0) {
            require(p.per_sample >= 2, "rescale_phi = ", a.rescale_phi, " needs at least 2 elements per sample for a std, got ",
                    p.per_sample, " (x shape ", shape_str(x), ")");
            check_tensor(a.rescale_factors, "rescale_factors", 1);
            check_dtype(a.rescale_factors, "rescale_factors", GK_F32);
            check_same_device(a.rescale_factors, "rescale_factors", x, "x");
            check_dim(a.rescale_factors, "rescale_factors", 0, batch, "length (the batch size B)");
            check_contiguous(a.rescale_factors, "rescale_factors");
            p.rescale_factors = (float*)a.rescale_factors.data;
            outputs.push_back(span_of(a.rescale_factors, "rescale_factors"));
        }
    }

    if (present(a.noise)) {
        check_like_x(a.noise, "noise", x, GK_F32);
        p.noise = (const float*)a.noise.data;
        inputs.push_back(span_of(a.noise, "noise"));
    }
    p.seed = a.seed;
    p.noise_step = a.noise_step;

    require(present(a.mask) == present(a.known), "inpainting needs both mask and known; mask is ",
            present(a.mask) ? "given" : "absent", ", known is ", present(a.known) ? "given" : "absent");
    if (present(a.mask)) {
        check_like_x(a.mask, "mask", x, GK_F32);
        check_like_x(a.known, "known", x, GK_F32);
        p.mask = (const float*)a.mask.data;
        p.known = (const float*)a.known.data;
        p.known_scale = finite(a.known_scale, "known_scale");
        p.known_noise = finite(a.known_noise, "known_noise");
        inputs.push_back(span_of(a.mask, "mask"));
        inputs.push_back(span_of(a.known, "known"));
    }
    check_overlaps(inputs, outputs);

    // Drop the terms that contribute nothing, so no backend reads their memory.
    if (p.c_aux == 0 && p.aux_aux == 0) p.x_aux = nullptr;
    for (int k = 0; k < kMaxHistory; ++k)
        if (p.c_history[k] == 0 && p.aux_history[k] == 0) p.history[k] = nullptr;
    if (!p.needs_denoised()) p.cond = p.uncond = nullptr;
    if (p.c_noise == 0) p.noise = nullptr;
    if (p.c_x == 0 && p.aux_x == 0 && !(p.needs_denoised() && p.denoise_x != 0)) p.x = nullptr;
    if (p.device == GK_CUDA) cuda::require_device(p.device_index);
    return p;
}

}  // namespace

}  // namespace gk::sampling

extern "C" gk_status gk_sampler_step(const gk_sampler_step_args* args, void* stream) {
    GK_API_BEGIN
    gk::require(args != nullptr, "gk_sampler_step: args is null");
    gk::sampling::StepProblem p = gk::sampling::validate(*args);
    if (p.n == 0) return GK_OK;
    if (p.device == GK_CPU) {
        gk::sampling::run_cpu(p);
    } else {
#ifdef GENKERN_WITH_CUDA
        gk::sampling::run_cuda(p, stream);
#else
        gk::fail(GK_UNSUPPORTED, "x is on ", gk::device_name(p.device, p.device_index),
                 " but this genkern library was built without the CUDA backend");
#endif
    }
    GK_API_END
}

extern "C" gk_status gk_philox_normal(const gk_tensor* out, uint64_t seed, uint32_t step, uint32_t subsequence,
                                      void* stream) {
    GK_API_BEGIN
    gk::require(out != nullptr, "gk_philox_normal: out is null");
    gk::require(out->ndim >= 0 && out->ndim <= GK_MAX_DIMS, "out has ", out->ndim, " dimensions; at most ",
                GK_MAX_DIMS, " are supported");
    gk::check_tensor(*out, "out", out->ndim);
    gk::check_dtype(*out, "out", GK_F32);
    gk::sampling::check_contiguous(*out, "out");
    int64_t n = gk::numel(*out);
    if (n == 0) return GK_OK;
    if (out->device == GK_CPU) {
        gk::sampling::philox_normal_cpu((float*)out->data, n, seed, step, subsequence);
    } else {
#ifdef GENKERN_WITH_CUDA
        gk::cuda::require_device(out->device_index);
        gk::sampling::philox_normal_cuda((float*)out->data, n, seed, step, subsequence, out->device_index, stream);
#else
        gk::fail(GK_UNSUPPORTED, "out is on ", gk::device_name(out->device, out->device_index),
                 " but this genkern library was built without the CUDA backend");
#endif
    }
    GK_API_END
}
