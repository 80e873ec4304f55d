// gk_attention: validates the arguments once (every message names the offending shapes), builds
// the normalised Problem and dispatches to the CPU or CUDA implementation.
#include <cmath>

#include "attention/attention_problem.h"
#include "core/cuda_bridge.h"
#include "core/error.h"
#include "core/tensor.h"

namespace gk::attention {

bool is_fast_head_dim(int64_t dk, int64_t dv) {
    if (dk != dv) return false;
    for (int64_t d : {32, 64, 80, 96, 128, 256})
        if (dk == d) return true;
    return false;
}

namespace {

void copy_strides3(const gk_tensor& t, int64_t* out) {
    for (int i = 0; i < 3; ++i) out[i] = t.strides[i];
}

Problem validate(const gk_attention_args& a) {
    Problem p{};
    const gk_tensor& q = a.q;
    check_tensor(q, "q", 4);
    require(q.dtype == GK_F32 || q.dtype == GK_F16 || q.dtype == GK_BF16, "q has dtype ", dtype_name(q.dtype),
            "; attention supports f32, f16 and bf16");
    check_last_dim_contiguous(q, "q");
    p.dtype = q.dtype;
    p.device = q.device;
    p.device_index = q.device_index;
    p.batch = q.shape[0];
    p.heads_q = q.shape[1];
    p.n = q.shape[2];
    p.dk = q.shape[3];
    require(p.batch > 0 && p.heads_q > 0 && p.n > 0 && p.dk > 0, "q has an empty dimension (shape ", shape_str(q), ")");
    require(p.dk <= GK_ATTENTION_MAX_HEAD_DIM, "q has head dim ", p.dk, "; at most ", GK_ATTENTION_MAX_HEAD_DIM,
            " is supported");
    p.q = q.data;
    copy_strides3(q, p.q_stride);

    require(a.num_segments >= 1 && a.num_segments <= GK_ATTENTION_MAX_SEGMENTS, "num_segments is ", a.num_segments,
            "; expected 1 to ", GK_ATTENTION_MAX_SEGMENTS);
    p.num_segments = a.num_segments;
    int64_t offset = 0;
    for (int s = 0; s < a.num_segments; ++s) {
        const gk_attention_segment& in = a.segments[s];
        std::string kn = a.num_segments == 1 ? "k" : str("k (segment ", s, ")");
        std::string vn = a.num_segments == 1 ? "v" : str("v (segment ", s, ")");
        check_tensor(in.k, kn.c_str(), 4);
        check_tensor(in.v, vn.c_str(), 4);
        require(in.k.dtype == q.dtype && in.v.dtype == q.dtype, "expected q, ", kn, " and ", vn,
                " to have the same dtype, but got q: ", dtype_name(q.dtype), ", ", kn, ": ", dtype_name(in.k.dtype),
                ", ", vn, ": ", dtype_name(in.v.dtype));
        check_same_device(in.k, kn.c_str(), q, "q");
        check_same_device(in.v, vn.c_str(), q, "q");
        check_last_dim_contiguous(in.k, kn.c_str());
        check_last_dim_contiguous(in.v, vn.c_str());
        require(in.k.shape[0] == p.batch, kn, " has batch ", in.k.shape[0], " but q has ", p.batch);
        require(in.v.shape[0] == p.batch, vn, " has batch ", in.v.shape[0], " but q has ", p.batch);
        require(in.k.shape[3] == p.dk, kn, " has head dim ", in.k.shape[3], " but q has ", p.dk);
        require(in.v.shape[2] == in.k.shape[2], vn, " has ", in.v.shape[2], " keys but ", kn, " has ", in.k.shape[2]);
        require(in.k.shape[1] == in.v.shape[1], vn, " has ", in.v.shape[1], " heads but ", kn, " has ", in.k.shape[1]);
        if (s == 0) {
            p.heads_kv = in.k.shape[1];
            p.dv = in.v.shape[3];
            require(p.heads_kv > 0 && p.heads_q % p.heads_kv == 0, "number of heads in key/value (", p.heads_kv,
                    ") must divide number of heads in query (", p.heads_q, ")");
            require(p.dv > 0 && p.dv <= GK_ATTENTION_MAX_HEAD_DIM, vn, " has head dim ", p.dv, "; expected 1 to ",
                    GK_ATTENTION_MAX_HEAD_DIM);
        } else {
            require(in.k.shape[1] == p.heads_kv, kn, " has ", in.k.shape[1], " heads but segment 0 has ", p.heads_kv);
            require(in.v.shape[3] == p.dv, vn, " has head dim ", in.v.shape[3], " but segment 0 has ", p.dv);
        }
        Segment& seg = p.seg[s];
        seg.k = in.k.data;
        seg.v = in.v.data;
        copy_strides3(in.k, seg.k_stride);
        copy_strides3(in.v, seg.v_stride);
        seg.m = in.k.shape[2];
        seg.offset = offset;
        seg.scale = in.scale;
        seg.bias_const = in.bias_const;
        require(std::isfinite(in.scale), kn, " has a non-finite logit scale ", in.scale);
        if (present(in.bias)) {
            std::string bn = a.num_segments == 1 ? "bias" : str("bias (segment ", s, ")");
            check_tensor(in.bias, bn.c_str(), 3);
            check_dtype(in.bias, bn.c_str(), GK_F32);
            check_same_device(in.bias, bn.c_str(), q, "q");
            require(in.bias.shape[0] == p.batch && in.bias.shape[1] == p.heads_kv && in.bias.shape[2] == seg.m, bn,
                    " must have shape [", p.batch, ", ", p.heads_kv, ", ", seg.m, "] (batch, kv heads, keys) but has ",
                    shape_str(in.bias));
            seg.bias = (const float*)in.bias.data;
            copy_strides3(in.bias, seg.bias_stride);
        }
        offset += seg.m;
    }
    p.m = offset;
    require(p.m > 0, "k has no keys (M = 0 over all segments)");

    const gk_tensor& out = a.out;
    check_tensor(out, "out", 4);
    require(out.dtype == q.dtype, "out has dtype ", dtype_name(out.dtype), " but q has ", dtype_name(q.dtype));
    check_same_device(out, "out", q, "q");
    check_last_dim_contiguous(out, "out");
    require(out.shape[0] == p.batch && out.shape[1] == p.heads_q && out.shape[2] == p.n && out.shape[3] == p.dv,
            "out must have shape [", p.batch, ", ", p.heads_q, ", ", p.n, ", ", p.dv, "] but has ", shape_str(out));
    p.out = out.data;
    copy_strides3(out, p.out_stride);

    if (present(a.mask)) {
        const gk_tensor& mk = a.mask;
        check_tensor(mk, "mask", 4);
        check_dtype(mk, "mask", GK_F32);
        check_same_device(mk, "mask", q, "q");
        const int64_t full[4] = {p.batch, p.heads_q, p.n, p.m};
        for (int d = 0; d < 4; ++d) {
            require(mk.shape[d] == full[d] || mk.shape[d] == 1, "mask has shape ", shape_str(mk),
                    ", not broadcastable to [", full[0], ", ", full[1], ", ", full[2], ", ", full[3], "] (dimension ", d,
                    " is ", mk.shape[d], ")");
            p.mask_stride[d] = mk.shape[d] == 1 ? 0 : mk.strides[d];
        }
        p.mask = (const float*)mk.data;
    }
    if (present(a.key_lengths)) {
        const gk_tensor& kl = a.key_lengths;
        check_tensor(kl, "key_lengths", 1);
        check_dtype(kl, "key_lengths", GK_I32);
        check_same_device(kl, "key_lengths", q, "q");
        require(kl.shape[0] == p.batch, "key_lengths has ", kl.shape[0], " entries but q has batch ", p.batch);
        require(kl.strides[0] == 1 || kl.shape[0] == 1, "key_lengths must be contiguous");
        p.key_lengths = (const int32_t*)kl.data;
        if (kl.device == GK_CPU)
            for (int64_t b = 0; b < p.batch; ++b)
                require(p.key_lengths[b] >= 0 && p.key_lengths[b] <= p.m, "key_lengths[", b, "] is ", p.key_lengths[b],
                        "; expected 0 to ", p.m, " (the number of keys)");
    }
    if (present(a.lse)) {
        const gk_tensor& l = a.lse;
        check_tensor(l, "lse", 3);
        check_dtype(l, "lse", GK_F32);
        check_same_device(l, "lse", q, "q");
        require(l.shape[0] == p.batch && l.shape[1] == p.heads_q && l.shape[2] == p.n, "lse must have shape [", p.batch,
                ", ", p.heads_q, ", ", p.n, "] but has ", shape_str(l));
        p.lse = (float*)l.data;
        copy_strides3(l, p.lse_stride);
    }
    p.causal = a.causal != 0;
    require(a.num_splits >= 0, "num_splits is ", a.num_splits, "; expected 0 (choose) or more");
    p.num_splits = a.num_splits;
    require(a.path >= GK_ATTENTION_AUTO && a.path <= GK_ATTENTION_GENERAL, "unknown attention path code ", a.path);
    if (a.path == GK_ATTENTION_FLASH)
        require(is_fast_head_dim(p.dk, p.dv), "the flash path needs Dk == Dv in {32, 64, 80, 96, 128, 256}; got Dk = ",
                p.dk, ", Dv = ", p.dv);
    if (p.device == GK_CUDA) cuda::require_device(p.device_index);
    return p;
}

}  // namespace

int32_t choose_path(const Problem& p) {
    // Few query rows against many keys: the (batch, head, query tile) grid cannot fill the
    // machine, so split the keys and combine the partial results through their LSE.
    if (p.device == GK_CUDA) {
        const int64_t sms = 132, ctas = sms * 4;  // rough: SMs × CTAs per SM
        const int64_t query_ctas = p.batch * p.heads_q * ((p.n + 63) / 64);
        if (p.n <= 64 && p.m >= 2048 && query_ctas < 2 * ctas) return GK_ATTENTION_SPLIT_KV;
        // Wide keys run the general kernel, whose key tiles are expensive: with fewer query tiles
        // than SMs (the motion denoiser's 120 frames are two), split the keys from a few tiles on.
        if (p.dk + p.dv >= kWideKeyRow && p.m >= 256 && query_ctas < sms) return GK_ATTENTION_SPLIT_KV;
    } else {
        // CPU: a fixed notion of "the machine" (not num_threads()), so the path, and with it the
        // result, is the same on any thread count. The CPU tasks group a kv head's queries.
        const int64_t rows_per_kv_head = p.group() * p.n;
        if (p.n <= 64 && p.m >= 2048 && p.batch * p.heads_kv * ((rows_per_kv_head + 95) / 96) < 64)
            return GK_ATTENTION_SPLIT_KV;  // ~96 rows a task
        if (p.dk + p.dv >= kWideKeyRow && p.m >= 128 && rows_per_kv_head <= 128 && p.batch * p.heads_kv < 16)
            return GK_ATTENTION_SPLIT_KV;  // wide keys: each kv head's rows in one block, its keys split
    }
    return is_fast_head_dim(p.dk, p.dv) ? GK_ATTENTION_FLASH : GK_ATTENTION_GENERAL;
}

}  // namespace gk::attention

extern "C" gk_status gk_attention(const gk_attention_args* args, void* stream) {
    GK_API_BEGIN
    gk::require(args != nullptr, "gk_attention: args is null");
    gk::attention::Problem p = gk::attention::validate(*args);
    int32_t path = args->path == GK_ATTENTION_AUTO ? gk::attention::choose_path(p) : args->path;
    if (p.device == GK_CPU) {
        gk::attention::run_cpu(p, path);
    } else {
#ifdef GENKERN_WITH_CUDA
        gk::attention::run_cuda(p, path, stream);
#else
        gk::fail(GK_UNSUPPORTED, "q is on ", gk::device_name(p.device, p.device_index),
                 " but this genkern library was built without the CUDA backend");
#endif
    }
    GK_API_END
}

extern "C" gk_status gk_attention_choose_path(const gk_attention_args* args, int32_t* path_out) {
    GK_API_BEGIN
    gk::require(args != nullptr && path_out != nullptr, "gk_attention_choose_path: null argument");
    gk::attention::Problem p = gk::attention::validate(*args);
    *path_out = args->path == GK_ATTENTION_AUTO ? gk::attention::choose_path(p) : args->path;
    GK_API_END
}
