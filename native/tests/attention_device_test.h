// The device side of the attention tests, shared by the CUDA test on a GPU
// (native/tests/test_attention_cuda.cpp) and by the same kinds of cases, at smaller shapes, on the
// CPU emulation of the CUDA backend (cuda/emu/tests/test_emu_attention.cpp): a Case describes one
// gk_attention call; run_case builds fresh random inputs in host memory and on the device (same
// strides), poisons the device outputs, runs the device and holds it to the float64 oracle, the
// unfused same-precision tolerance rule and the CPU backend.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "attention_reference.h"
#include "check.h"
#include "genkern/attention.h"
#include "genkern/float16.h"

namespace attention_device_test {


inline std::mt19937_64 rng;

inline float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); }

enum class Layout {
    BHND,    // contiguous [B, H, N, D]
    BNHD,    // [B, N, H, D] in memory: heads interleaved, as after a projection
    Padded,  // rows padded and the base shifted by one element: not 16-byte aligned
};

// A tensor in host memory and its copy on the device, same strides.
struct Buffer {
    std::vector<uint8_t> host;
    void* dev = nullptr;
    int64_t offset = 0;  // elements before the first one (Padded layout)
    gk_tensor h{}, d{};
    Buffer() = default;
    Buffer(const Buffer&) = delete;
    ~Buffer() {
        if (dev) gk_free(GK_CUDA, 0, dev);
    }
    void to_device() { CHECK_OK(gk_copy(dev, GK_CUDA, host.data(), GK_CPU, 0, host.size(), nullptr)); }
    void to_host() { CHECK_OK(gk_copy(host.data(), GK_CPU, dev, GK_CUDA, 0, host.size(), nullptr)); }
};

inline std::unique_ptr<Buffer> make_buffer(gk_dtype dtype, std::vector<int64_t> shape, Layout layout = Layout::BHND) {
    auto b = std::make_unique<Buffer>();
    const int nd = (int)shape.size();
    gk_tensor t{};
    t.dtype = dtype;
    t.ndim = nd;
    for (int i = 0; i < nd; ++i) t.shape[i] = shape[i];
    // Memory order, outermost first; the last dim is always innermost.
    std::vector<int> order(nd);
    for (int i = 0; i < nd; ++i) order[i] = i;
    if (layout == Layout::BNHD && nd == 4) std::swap(order[1], order[2]);
    int64_t stride = 1;
    for (int k = nd - 1; k >= 0; --k) {
        int dim = order[k];
        t.strides[dim] = stride;
        stride *= shape[dim];
        if (layout == Layout::Padded && k == nd - 1) stride += 3;  // odd row pitch
    }
    b->offset = layout == Layout::Padded ? 1 : 0;
    int64_t elems = b->offset + stride;
    size_t bytes = (size_t)elems * gk_dtype_size(dtype);
    b->host.assign(bytes, 0);
    b->h = t;
    b->h.device = GK_CPU;
    b->h.data = b->host.data() + b->offset * gk_dtype_size(dtype);
    CHECK_OK(gk_alloc(GK_CUDA, 0, bytes, &b->dev));
    b->d = t;
    b->d.device = GK_CUDA;
    b->d.data = (uint8_t*)b->dev + b->offset * gk_dtype_size(dtype);
    return b;
}

inline void store(Buffer& b, int64_t element, float value) {
    uint8_t* base = b.host.data();
    switch (b.h.dtype) {
        case GK_F32: ((float*)base)[element] = value; break;
        case GK_F16: ((uint16_t*)base)[element] = gk_f32_to_f16(value); break;
        case GK_BF16: ((uint16_t*)base)[element] = gk_f32_to_bf16(value); break;
        case GK_I32: ((int32_t*)base)[element] = (int32_t)value; break;
        default: break;
    }
}

// Fills every element of the backing store (padding too) with uniform values in [lo, hi].
inline std::unique_ptr<Buffer> random_buffer(gk_dtype dtype, std::vector<int64_t> shape, Layout layout, float lo, float hi) {
    auto b = make_buffer(dtype, shape, layout);
    int64_t elems = (int64_t)(b->host.size() / gk_dtype_size(dtype));
    for (int64_t i = 0; i < elems; ++i) store(*b, i, uniform(lo, hi));
    b->to_device();
    return b;
}

struct Case {
    std::string name;
    gk_dtype dtype = GK_BF16;
    int64_t batch = 2, heads_q = 4, heads_kv = 2, n = 37, dk = 64, dv = 64;
    std::vector<int64_t> segment_keys = {131};
    int32_t path = GK_ATTENTION_FLASH;
    int32_t num_splits = 0;
    Layout layout = Layout::BHND;
    bool causal = false, key_lengths = false, bias = false, lse = true;
    std::vector<int64_t> mask_shape;  // empty: no mask; else broadcastable to [B, Hq, N, M]
    bool masked_rows = false;         // some query rows fully hidden by the mask
    float input_range = 1.f;          // |q|, |k|, |v| bound (large: huge logits)
    int32_t auto_chooses = -1;        // when set: the path AUTO must choose for this problem
};

inline double atol_for(gk_dtype dtype) { return dtype == GK_F32 ? 2e-5 : dtype == GK_F16 ? 5e-4 : 4e-3; }

inline std::string label(const Case& c) {
    const char* dt = c.dtype == GK_F32 ? "f32" : c.dtype == GK_F16 ? "f16" : "bf16";
    std::string s = c.name + " [" + dt + " B=" + std::to_string(c.batch) + " Hq=" + std::to_string(c.heads_q) +
                    " Hkv=" + std::to_string(c.heads_kv) + " N=" + std::to_string(c.n) + " M=";
    for (size_t i = 0; i < c.segment_keys.size(); ++i) s += (i ? "+" : "") + std::to_string(c.segment_keys[i]);
    return s + " Dk=" + std::to_string(c.dk) + " Dv=" + std::to_string(c.dv) + " path=" + std::to_string(c.path) +
           " splits=" + std::to_string(c.num_splits) + "]";
}

// Logical [B, Hq, N, Dv] (or [B, Hq, N]) contents of a host tensor, as floats.
inline std::vector<float> read(const gk_tensor& t) {
    std::vector<float> v;
    int64_t d3 = t.ndim > 3 ? t.shape[3] : 1;
    for (int64_t i0 = 0; i0 < t.shape[0]; ++i0)
        for (int64_t i1 = 0; i1 < t.shape[1]; ++i1)
            for (int64_t i2 = 0; i2 < t.shape[2]; ++i2)
                for (int64_t i3 = 0; i3 < d3; ++i3) v.push_back((float)reference::load(t, i0, i1, i2, i3));
    return v;
}

inline void run_case(const Case& c) {
    const std::string what = label(c);
    int64_t m_total = 0;
    for (int64_t m : c.segment_keys) m_total += m;
    const float r = c.input_range;

    auto q = random_buffer(c.dtype, {c.batch, c.heads_q, c.n, c.dk}, c.layout, -r, r);
    std::vector<std::unique_ptr<Buffer>> ks, vs, biases;
    gk_attention_args host{}, dev{};
    host.num_segments = dev.num_segments = (int32_t)c.segment_keys.size();
    for (size_t s = 0; s < c.segment_keys.size(); ++s) {
        ks.push_back(random_buffer(c.dtype, {c.batch, c.heads_kv, c.segment_keys[s], c.dk}, c.layout, -r, r));
        vs.push_back(random_buffer(c.dtype, {c.batch, c.heads_kv, c.segment_keys[s], c.dv}, c.layout, -1.f, 1.f));
        gk_attention_segment hs{}, ds{};
        hs.k = ks.back()->h, ds.k = ks.back()->d;
        hs.v = vs.back()->h, ds.v = vs.back()->d;
        hs.scale = ds.scale = (float)(1.0 / std::sqrt((double)c.dk)) * (s == 0 ? 1.f : uniform(0.5f, 2.f));
        hs.bias_const = ds.bias_const = s == 0 ? 0.f : uniform(-1.f, 1.f);
        if (c.bias) {
            biases.push_back(random_buffer(GK_F32, {c.batch, c.heads_kv, c.segment_keys[s]}, Layout::BHND, -2.f, 1.f));
            hs.bias = biases.back()->h, ds.bias = biases.back()->d;
        }
        host.segments[s] = hs;
        dev.segments[s] = ds;
    }
    host.q = q->h, dev.q = q->d;

    std::unique_ptr<Buffer> mask, lengths;
    if (!c.mask_shape.empty()) {
        mask = make_buffer(GK_F32, c.mask_shape, Layout::BHND);
        int64_t elems = (int64_t)(mask->host.size() / 4);
        int64_t row_len = c.mask_shape[3];
        for (int64_t i = 0; i < elems; ++i) store(*mask, i, uniform(0.f, 1.f) < 0.1f ? -INFINITY : uniform(-1.f, 1.f));
        if (c.masked_rows)  // every third mask row hides all its keys
            for (int64_t row = 0; row * row_len < elems; row += 3)
                for (int64_t j = 0; j < row_len; ++j) store(*mask, row * row_len + j, -INFINITY);
        mask->to_device();
        host.mask = mask->h, dev.mask = mask->d;
    }
    if (c.key_lengths) {
        lengths = make_buffer(GK_I32, {c.batch});
        for (int64_t b = 0; b < c.batch; ++b)  // entry 0 has no keys at all, entry 1 all of them
            store(*lengths, b, b == 0 ? 0.f : b == 1 ? (float)m_total : (float)(rng() % (m_total + 1)));
        lengths->to_device();
        host.key_lengths = lengths->h, dev.key_lengths = lengths->d;
    }

    // Outputs: poisoned on the device so that unwritten elements show as NaN.
    auto out = make_buffer(c.dtype, {c.batch, c.heads_q, c.n, c.dv}, c.layout);
    CHECK_OK(gk_fill(&out->d, NAN, nullptr));
    std::unique_ptr<Buffer> lse, cpu_out = make_buffer(c.dtype, {c.batch, c.heads_q, c.n, c.dv}, Layout::BHND);
    if (c.lse) {
        lse = make_buffer(GK_F32, {c.batch, c.heads_q, c.n});
        CHECK_OK(gk_fill(&lse->d, NAN, nullptr));
        dev.lse = lse->d;
    }
    dev.out = out->d;
    host.out = cpu_out->h;
    host.causal = dev.causal = c.causal;
    host.path = dev.path = c.path;
    host.num_splits = dev.num_splits = c.num_splits;
    if (c.auto_chooses >= 0) {
        int32_t chosen = -1;
        CHECK_OK(gk_attention_choose_path(&dev, &chosen));
        CHECK(chosen == c.auto_chooses, what + ": AUTO chose path " + std::to_string(chosen) + ", expected " + std::to_string(c.auto_chooses));
    }

    gk_status status = gk_attention(&dev, nullptr);
    CHECK(status == GK_OK, what + ": " + gk_last_error());
    if (status != GK_OK) return;
    CHECK_OK(gk_stream_synchronize(GK_CUDA, 0, nullptr));
    out->to_host();

    reference::Result ref = reference::attention(host);
    std::vector<float> unfused = reference::unfused_same_precision(host);
    double unfused_err = reference::max_error(ref.out, unfused);
    // Logits grow with the inputs' range and so do the f32 rounding errors of their dot products,
    // in the unfused implementation and the kernels alike but not in the same elements.
    double atol = atol_for(c.dtype) * std::max(1.f, c.input_range);
    double err = reference::max_error(ref.out, read(out->h));
    CHECK(reference::within_tolerance(err, unfused_err, atol),
          what + ": max error " + std::to_string(err) + " vs unfused " + std::to_string(unfused_err));

    if (c.lse) {
        lse->to_host();
        std::vector<float> got = read(lse->h);
        double worst = 0;
        bool bad = false;
        for (size_t i = 0; i < got.size(); ++i) {
            if (std::isinf(ref.lse[i]) || std::isnan(got[i])) {
                bad |= !(std::isinf(got[i]) && got[i] < 0 && std::isinf(ref.lse[i]));
                continue;
            }
            worst = std::max(worst, std::fabs(got[i] - ref.lse[i]) / (1.0 + std::fabs(ref.lse[i])));
        }
        CHECK(!bad && worst <= 1e-4, what + ": lse relative error " + std::to_string(worst) + (bad ? " (inf/NaN mismatch)" : ""));
    }

    // The CPU backend on the same inputs: both answers lie within the tolerance of the oracle.
    CHECK_OK(gk_attention(&host, nullptr));
    std::vector<float> cpu = read(cpu_out->h), gpu = read(out->h);
    double cpu_vs_gpu = 0;
    for (size_t i = 0; i < cpu.size(); ++i)
        cpu_vs_gpu = std::isnan(cpu[i]) || std::isnan(gpu[i]) ? INFINITY
                                                              : std::max(cpu_vs_gpu, (double)std::fabs(cpu[i] - gpu[i]));
    CHECK(cpu_vs_gpu <= 4 * unfused_err + 2 * atol,
          what + ": CPU and CUDA backends differ by " + std::to_string(cpu_vs_gpu));
}

// Every option of the fast path, relative to `base` (its dtype, head dim, batch, N and key count
// M = base.segment_keys[0]): causal with N < M and N > M, key lengths (one entry empty), bias and
// broadcast masks with fully masked rows, three segments, [B,N,H,D] with MQA and GQA, rows not
// 16-byte aligned (the general fallback), huge logits, one query against one key.
inline void run_option_cases(const Case& base) {
    const int64_t m = base.segment_keys[0];
    Case c = base;
    c.name = "causal N<M";
    c.causal = true, c.n = 45, c.segment_keys = {77};
    run_case(c);
    c.name = "causal N>M (early rows see nothing)";
    c.n = 77, c.segment_keys = {45};
    run_case(c);
    c = base;
    c.name = "key lengths (one entry empty)";
    c.key_lengths = true, c.batch = 3;
    run_case(c);
    c.name = "causal + key lengths";
    c.causal = true;
    run_case(c);
    c = base;
    c.name = "bias + broadcast mask [1,Hq,1,M]";
    c.bias = true, c.mask_shape = {1, c.heads_q, 1, m};
    run_case(c);
    c = base;
    c.name = "mask [B,1,N,M] with fully masked rows";
    c.mask_shape = {c.batch, 1, c.n, m}, c.masked_rows = true;
    run_case(c);
    c = base;
    c.name = "three segments with scales, biases, constants";
    c.segment_keys = {40, 1, 70}, c.bias = true, c.causal = true, c.n = 20;
    run_case(c);
    c = base;
    c.name = "[B,N,H,D] layout, MQA";
    c.layout = Layout::BNHD, c.heads_kv = 1;
    run_case(c);
    c.name = "[B,N,H,D] layout, GQA";
    c.heads_q = 4, c.heads_kv = 2;
    run_case(c);
    c = base;
    c.name = "unaligned rows (general kernel fallback)";
    c.layout = Layout::Padded;
    run_case(c);
    c = base;
    c.name = "huge logits";
    c.input_range = 30.f;
    run_case(c);
    c = base;
    c.name = "single query, single key";
    c.n = 1, c.segment_keys = {1};
    run_case(c);
}

// The text-to-motion window denoiser's call (java WindowDenoiser): f32, one head, head dims
// Dk = 7 taps × 67 match features and Dv = 9 frames × 263 features, a per-key bias, the path AUTO picks.
inline Case motion_denoiser_case(int64_t n, int64_t keys) {
    Case c;
    c.name = "auto: the motion denoiser's call (Dk 469, Dv 2367, bias)";
    c.dtype = GK_F32;
    c.path = GK_ATTENTION_AUTO;
    c.batch = 1, c.heads_q = 1, c.heads_kv = 1, c.n = n, c.dk = 469, c.dv = 2367;
    c.segment_keys = {keys};
    c.bias = true;
    return c;
}

const int64_t kFastDims[] = {32, 64, 80, 96, 128, 256};
const gk_dtype kDtypes[] = {GK_BF16, GK_F16, GK_F32};

}  // namespace attention_device_test
