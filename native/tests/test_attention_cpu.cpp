// The CPU attention backend against the float64 oracle (attention_reference.h) on fresh random
// inputs: every feature, dtype, path and SIMD level, odd sizes, edge cases, determinism across
// thread counts, and the C entry point's error messages.
#include <cstring>
#include <algorithm>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "attention/attention_cpu_task.h"
#include "attention_reference.h"
#include "check.h"
#include "core/simd.h"
#include "core/threads.h"
#include "genkern/attention.h"

namespace {

std::mt19937_64& rng() {
    static std::mt19937_64 r(check::seed());
    return r;
}

float normal(float stddev = 1.f) { return std::normal_distribution<float>(0.f, stddev)(rng()); }

size_t dsize(gk_dtype dt) { return dt == GK_F32 ? 4 : 2; }

void put(void* base, gk_dtype dt, int64_t i, float x) {
    if (dt == GK_F32) ((float*)base)[i] = x;
    else if (dt == GK_F16) ((uint16_t*)base)[i] = gk_f32_to_f16(x);
    else ((uint16_t*)base)[i] = gk_f32_to_bf16(x);
}

float get(const void* base, gk_dtype dt, int64_t i) {
    if (dt == GK_F32) return ((const float*)base)[i];
    if (dt == GK_F16) return gk_f16_to_f32(((const uint16_t*)base)[i]);
    return gk_bf16_to_f32(((const uint16_t*)base)[i]);
}

// Host storage for a [B, H, L, D] tensor, laid out [B,H,L,D] or [B,L,H,D] with `pad` spare
// elements after each row (so row strides are not the head dim).
struct Array {
    std::vector<uint8_t> bytes;
    gk_tensor t{};

    Array() = default;
    Array(gk_dtype dt, int64_t B, int64_t H, int64_t L, int64_t D, bool bnhd, int64_t pad) {
        const int64_t row = D + pad;
        bytes.assign(B * H * L * row * dsize(dt), 0);
        t = check::tensor(bytes.data(), dt, {B, H, L, D});
        t.strides[3] = 1;
        if (bnhd) {
            t.strides[2] = H * row;
            t.strides[1] = row;
            t.strides[0] = L * H * row;
        } else {
            t.strides[2] = row;
            t.strides[1] = L * row;
            t.strides[0] = H * L * row;
        }
    }
    int64_t index(int64_t b, int64_t h, int64_t l, int64_t d) const {
        return b * t.strides[0] + h * t.strides[1] + l * t.strides[2] + d;
    }
    void randomize(float stddev) {
        for (int64_t b = 0; b < t.shape[0]; ++b)
            for (int64_t h = 0; h < t.shape[1]; ++h)
                for (int64_t l = 0; l < t.shape[2]; ++l)
                    for (int64_t d = 0; d < t.shape[3]; ++d) put(t.data, (gk_dtype)t.dtype, index(b, h, l, d), normal(stddev));
    }
    void poison() {
        for (int64_t b = 0; b < t.shape[0]; ++b)
            for (int64_t h = 0; h < t.shape[1]; ++h)
                for (int64_t l = 0; l < t.shape[2]; ++l)
                    for (int64_t d = 0; d < t.shape[3]; ++d) put(t.data, (gk_dtype)t.dtype, index(b, h, l, d), NAN);
    }
    std::vector<float> values() const {  // contiguous [B, H, L, D]
        std::vector<float> v;
        for (int64_t b = 0; b < t.shape[0]; ++b)
            for (int64_t h = 0; h < t.shape[1]; ++h)
                for (int64_t l = 0; l < t.shape[2]; ++l)
                    for (int64_t d = 0; d < t.shape[3]; ++d) v.push_back(get(t.data, (gk_dtype)t.dtype, index(b, h, l, d)));
        return v;
    }
};

struct Case {
    std::string name;
    gk_dtype dtype = GK_F32;
    int64_t B = 1, Hq = 1, Hkv = 1, N = 1, Dk = 64, Dv = 64;
    std::vector<int64_t> seg_m{17};
    std::vector<float> seg_scale;       // default 1/sqrt(Dk)
    std::vector<float> seg_bias_const;  // default 0
    std::vector<bool> seg_bias;         // per-key bias present
    bool causal = false, bnhd = false, lse = false;
    int64_t pad = 0;
    std::vector<int32_t> key_lengths;   // empty: none
    std::vector<int64_t> mask_shape;    // empty: none
    float mask_hidden = 0.2f;           // probability of a −inf mask entry
    std::vector<int64_t> hidden_rows;   // query rows whose mask is all −inf (mask [.., N, M] needed)
    int mask_zero_stride_dim = -1;      // broadcast by a zero stride (an expanded view) instead of size 1
    int32_t path = GK_ATTENTION_AUTO, num_splits = 0;
    bool separated_logits = false;      // see separate_logits()
};

// Inputs and outputs of one case, with the args that describe them.
struct Run {
    Array q, out;
    std::vector<Array> k, v;
    std::vector<std::vector<float>> bias;
    std::vector<float> mask, lse;
    std::vector<int32_t> key_lengths;
    gk_attention_args args{};

    explicit Run(const Case& c) {
        q = Array(c.dtype, c.B, c.Hq, c.N, c.Dk, c.bnhd, c.pad);
        q.randomize(1.f);
        out = Array(c.dtype, c.B, c.Hq, c.N, c.Dv, c.bnhd, c.pad);
        args.q = q.t;
        args.num_segments = (int32_t)c.seg_m.size();
        k.resize(c.seg_m.size());
        v.resize(c.seg_m.size());
        bias.resize(c.seg_m.size());
        int64_t M = 0;
        for (size_t s = 0; s < c.seg_m.size(); ++s) {
            k[s] = Array(c.dtype, c.B, c.Hkv, c.seg_m[s], c.Dk, c.bnhd, c.pad);
            v[s] = Array(c.dtype, c.B, c.Hkv, c.seg_m[s], c.Dv, c.bnhd, c.pad);
            k[s].randomize(1.f);
            v[s].randomize(1.f);
            gk_attention_segment& seg = args.segments[s];
            seg.k = k[s].t;
            seg.v = v[s].t;
            seg.scale = s < c.seg_scale.size() ? c.seg_scale[s] : 1.f / std::sqrt((float)c.Dk);
            seg.bias_const = s < c.seg_bias_const.size() ? c.seg_bias_const[s] : 0.f;
            if (s < c.seg_bias.size() && c.seg_bias[s]) {
                bias[s].resize(c.B * c.Hkv * c.seg_m[s]);
                for (float& x : bias[s]) x = normal();
                seg.bias = check::tensor(bias[s].data(), GK_F32, {c.B, c.Hkv, c.seg_m[s]});
            }
            M += c.seg_m[s];
        }
        if (!c.mask_shape.empty()) {
            int64_t count = 1;
            for (int64_t d : c.mask_shape) count *= d;
            mask.resize(count);
            std::uniform_real_distribution<float> u(0.f, 1.f);
            for (float& x : mask) x = u(rng()) < c.mask_hidden ? -INFINITY : normal();
            args.mask = check::tensor(mask.data(), GK_F32, c.mask_shape);
            if (c.mask_zero_stride_dim >= 0) args.mask.strides[c.mask_zero_stride_dim] = 0;
            for (int64_t row : c.hidden_rows)
                for (int64_t i = 0; i < count; ++i)
                    if ((i / c.mask_shape[3]) % c.mask_shape[2] == row) mask[i] = -INFINITY;
        }
        if (!c.key_lengths.empty()) {
            key_lengths = c.key_lengths;
            args.key_lengths = check::tensor(key_lengths.data(), GK_I32, {c.B});
        }
        if (c.lse) {
            lse.assign(c.B * c.Hq * c.N, NAN);
            args.lse = check::tensor(lse.data(), GK_F32, {c.B, c.Hq, c.N});
        }
        if (c.separated_logits) separate_logits();
        out.poison();
        args.out = out.t;
        args.causal = c.causal;
        args.path = c.path;
        args.num_splits = c.num_splits;
        (void)M;
    }

    // For huge logits: each query is ±e_d (d < 2) and column d of the keys holds distinct multiples
    // of 1/4, so every logit is exact and the top two of a row differ by ≥ scale/4. The oracle then
    // has a well-conditioned answer however large the scale (random logits near a tie at scale 1e4
    // would make any two f32 implementations disagree by chance).
    void separate_logits() {
        const gk_tensor& qt = q.t;
        std::uniform_int_distribution<int> pick(0, 1);
        for (int64_t b = 0; b < qt.shape[0]; ++b)
            for (int64_t h = 0; h < qt.shape[1]; ++h)
                for (int64_t n = 0; n < qt.shape[2]; ++n) {
                    int64_t hot = pick(rng());
                    float sign = pick(rng()) ? 1.f : -1.f;
                    for (int64_t d = 0; d < qt.shape[3]; ++d) put(qt.data, (gk_dtype)qt.dtype, q.index(b, h, n, d), d == hot ? sign : 0.f);
                }
        for (Array& ks : k) {
            const int64_t M = ks.t.shape[2];
            for (int64_t b = 0; b < ks.t.shape[0]; ++b)
                for (int64_t h = 0; h < ks.t.shape[1]; ++h)
                    for (int64_t d = 0; d < 2; ++d) {
                        std::vector<int64_t> order(M);
                        for (int64_t j = 0; j < M; ++j) order[j] = j;
                        std::shuffle(order.begin(), order.end(), rng());
                        for (int64_t j = 0; j < M; ++j)
                            put(ks.t.data, (gk_dtype)ks.t.dtype, ks.index(b, h, j, d), 0.25f * (float)(order[j] - M / 2));
                    }
        }
    }
};

// Runs a case and holds it to the oracle: output by the flash-attention rule (atol: one rounding
// step of the output dtype at the output's magnitude), LSE to f32 accuracy, −inf where hidden.
void check_case(const Case& c) {
    Run run(c);
    gk_status st = gk_attention(&run.args, nullptr);
    if (st != GK_OK) {
        check::fail_at(__FILE__, __LINE__, c.name + ": " + gk_last_error());
        return;
    }
    reference::Result ref = reference::attention(run.args);
    std::vector<float> unfused = reference::unfused_same_precision(run.args);
    std::vector<float> got = run.out.values();
    double err = reference::max_error(ref.out, got), unfused_err = reference::max_error(ref.out, unfused);
    double magnitude = 0;
    for (double x : ref.out) magnitude = std::max(magnitude, std::fabs(x));
    double ulp = c.dtype == GK_F32 ? std::ldexp(1.0, -22) : c.dtype == GK_F16 ? std::ldexp(1.0, -10) : std::ldexp(1.0, -7);
    double atol = 1e-5 + ulp * magnitude;
    CHECK(reference::within_tolerance(err, unfused_err, atol),
          c.name + ": error " + std::to_string(err) + " vs unfused " + std::to_string(unfused_err) + " + atol " +
              std::to_string(atol));
    if (c.lse) {
        double worst = 0;
        for (size_t i = 0; i < ref.lse.size(); ++i) {
            double r = ref.lse[i], x = run.lse[i];
            if (std::isinf(r) || std::isnan(x) || std::isinf(x)) {
                if (!(r == x)) worst = INFINITY;
                continue;
            }
            worst = std::max(worst, std::fabs(x - r) / (1e-4 + 1e-5 * std::fabs(r)));
        }
        CHECK(worst <= 1, c.name + ": lse error " + std::to_string(worst) + " × tolerance");
    }
}

int32_t chosen_path(const Case& c) {
    Run run(c);
    int32_t path = -1;
    CHECK_OK(gk_attention_choose_path(&run.args, &path));
    return path;
}

std::vector<Case> feature_cases() {
    std::vector<Case> cs;
    auto add = [&](const std::string& name, const std::function<void(Case&)>& f) {
        Case c;
        c.name = name;
        f(c);
        cs.push_back(c);
    };
    add("single query, single key", [](Case& c) { c.seg_m = {1}; c.Dk = c.Dv = 32; });
    add("odd sizes", [](Case& c) { c.B = 2; c.Hq = 3; c.Hkv = 3; c.N = 37; c.seg_m = {101}; });
    add("block-crossing sizes", [](Case& c) { c.N = 97; c.seg_m = {193}; c.lse = true; });
    for (int64_t d : {32, 64, 80, 96, 128, 256})
        add("fast head dim " + std::to_string(d), [d](Case& c) { c.N = 19; c.seg_m = {23}; c.Dk = c.Dv = d; c.lse = true; });
    add("GQA", [](Case& c) { c.Hq = 8; c.Hkv = 2; c.N = 13; c.seg_m = {41}; c.lse = true; });
    add("causal GQA, row blocks spanning heads", [](Case& c) {
        c.Hq = 6; c.Hkv = 2; c.N = 50; c.seg_m = {70}; c.causal = true; c.lse = true;
    });
    add("MQA", [](Case& c) { c.Hq = 5; c.Hkv = 1; c.N = 7; c.seg_m = {29}; });
    add("Dk != Dv", [](Case& c) { c.Dk = 48; c.Dv = 72; c.N = 11; c.seg_m = {31}; });
    add("odd head dims", [](Case& c) { c.Dk = 3; c.Dv = 13; c.N = 9; c.seg_m = {14}; c.lse = true; });
    add("head dim 300", [](Case& c) { c.Dk = c.Dv = 300; c.N = 7; c.seg_m = {19}; });
    add("head dim 1000 / 333", [](Case& c) { c.Dk = 1000; c.Dv = 333; c.N = 5; c.seg_m = {11}; c.lse = true; });
    add("head dim 4096", [](Case& c) { c.Dk = c.Dv = 4096; c.N = 3; c.seg_m = {21}; });
    add("causal N < M", [](Case& c) { c.causal = true; c.N = 23; c.seg_m = {61}; c.lse = true; });
    add("causal N > M (rows without keys)", [](Case& c) { c.causal = true; c.N = 40; c.seg_m = {17}; c.lse = true; });
    add("causal N = M", [](Case& c) { c.causal = true; c.N = 130; c.seg_m = {130}; });
    add("key lengths incl. 0", [](Case& c) {
        c.B = 3; c.N = 6; c.seg_m = {50}; c.key_lengths = {50, 0, 13}; c.lse = true;
    });
    add("causal with key lengths", [](Case& c) {
        c.B = 2; c.causal = true; c.N = 9; c.seg_m = {33}; c.key_lengths = {20, 5}; c.lse = true;
    });
    add("per-key bias", [](Case& c) { c.Hq = 4; c.Hkv = 2; c.N = 10; c.seg_m = {45}; c.seg_bias = {true}; });
    add("full mask", [](Case& c) { c.B = 2; c.Hq = 2; c.Hkv = 2; c.N = 12; c.seg_m = {30}; c.mask_shape = {2, 2, 12, 30}; });
    add("broadcast mask [1,1,N,M]", [](Case& c) { c.B = 2; c.Hq = 3; c.Hkv = 3; c.N = 10; c.seg_m = {20}; c.mask_shape = {1, 1, 10, 20}; });
    add("broadcast mask [B,1,1,M]", [](Case& c) { c.B = 2; c.N = 10; c.seg_m = {20}; c.mask_shape = {2, 1, 1, 20}; c.lse = true; });
    add("mask expanded by a zero stride", [](Case& c) {
        c.B = 2; c.Hq = 2; c.Hkv = 1; c.N = 9; c.seg_m = {26}; c.mask_shape = {2, 2, 9, 26}; c.mask_zero_stride_dim = 1;
    });
    add("fully masked rows", [](Case& c) {
        c.N = 8; c.seg_m = {25}; c.mask_shape = {1, 1, 8, 25}; c.hidden_rows = {0, 5}; c.lse = true;
    });
    add("segments with scales and biases", [](Case& c) {
        c.Hq = 4; c.Hkv = 2; c.N = 14; c.seg_m = {9, 30, 1, 17};
        c.seg_scale = {0.1f, 0.2f, 0.05f, 0.3f}; c.seg_bias_const = {0.f, -1.5f, 2.f, 0.25f};
        c.seg_bias = {true, false, true, true}; c.lse = true;
    });
    add("segments, causal, mask, key lengths", [](Case& c) {
        c.B = 2; c.N = 11; c.seg_m = {12, 20}; c.causal = true; c.key_lengths = {25, 32};
        c.mask_shape = {2, 1, 11, 32}; c.seg_bias = {false, true}; c.lse = true;
    });
    add("[B,N,H,D] layout", [](Case& c) { c.bnhd = true; c.B = 2; c.Hq = 4; c.Hkv = 2; c.N = 21; c.seg_m = {35}; });
    add("padded rows", [](Case& c) { c.pad = 5; c.Hq = 2; c.Hkv = 2; c.N = 15; c.seg_m = {16}; c.Dk = c.Dv = 80; });
    add("huge logits", [](Case& c) {
        c.Hq = 2; c.Hkv = 2; c.N = 16; c.seg_m = {40}; c.seg_scale = {1e4f}; c.separated_logits = true; c.lse = true;
    });
    add("split-KV forced", [](Case& c) {
        c.Hq = 4; c.Hkv = 2; c.N = 5; c.seg_m = {300, 77}; c.path = GK_ATTENTION_SPLIT_KV; c.num_splits = 7; c.lse = true;
        c.seg_bias = {true, false};
    });
    add("split-KV forced, more splits than keys", [](Case& c) {
        c.N = 3; c.seg_m = {5}; c.path = GK_ATTENTION_SPLIT_KV; c.num_splits = 9; c.lse = true;
    });
    add("split-KV forced, causal, key lengths", [](Case& c) {
        c.B = 3; c.N = 4; c.seg_m = {260}; c.causal = true; c.key_lengths = {260, 0, 100};
        c.path = GK_ATTENTION_SPLIT_KV; c.num_splits = 5; c.lse = true; c.mask_shape = {1, 1, 4, 260};
    });
    add("split-KV chosen", [](Case& c) { c.Hq = 2; c.Hkv = 1; c.N = 3; c.seg_m = {5000}; c.Dk = c.Dv = 32; c.lse = true; });
    add("general path forced", [](Case& c) { c.N = 20; c.seg_m = {30}; c.path = GK_ATTENTION_GENERAL; });
    // The motion denoiser's head dims: wide keys, all rows of a kv head in one block, keys split.
    add("wide keys chosen (Dk 469, Dv 2367)", [](Case& c) {
        c.N = 37; c.seg_m = {150}; c.Dk = 469; c.Dv = 2367; c.seg_bias = {true}; c.lse = true;
    });
    return cs;
}

void features_on_every_dtype_and_simd_level() {
    const gk::Simd detected = gk::simd_level();
    std::vector<gk::Simd> levels{gk::Simd::Scalar};
    if (detected == gk::Simd::Avx2) levels.push_back(gk::Simd::Avx2);
    for (gk::Simd level : levels) {
        gk::set_simd_level(level);
        for (gk_dtype dt : {GK_F32, GK_F16, GK_BF16})
            for (Case c : feature_cases()) {
                c.dtype = dt;
                c.name = c.name + " (" + (dt == GK_F32 ? "f32" : dt == GK_F16 ? "f16" : "bf16") + ", " + gk::simd_name(level) + ")";
                check_case(c);
            }
    }
    gk::set_simd_level(detected);
}

void paths_are_chosen() {
    Case big;
    big.N = 16;
    big.Hq = big.Hkv = 16;
    big.seg_m = {300000};
    // Only shapes are needed for the choice: point the keys at a dummy buffer (never read).
    auto path_of = [](Case c) {
        float dummy = 0;
        gk_attention_args a{};
        std::vector<float> qb(c.B * c.Hq * c.N * c.Dk), ob(c.B * c.Hq * c.N * c.Dv);
        a.q = check::tensor(qb.data(), GK_F32, {c.B, c.Hq, c.N, c.Dk});
        a.out = check::tensor(ob.data(), GK_F32, {c.B, c.Hq, c.N, c.Dv});
        a.num_segments = 1;
        a.segments[0].k = check::tensor(&dummy, GK_F32, {c.B, c.Hkv, c.seg_m[0], c.Dk});
        a.segments[0].v = check::tensor(&dummy, GK_F32, {c.B, c.Hkv, c.seg_m[0], c.Dv});
        a.segments[0].scale = 1;
        int32_t path = -1;
        CHECK_OK(gk_attention_choose_path(&a, &path));
        return path;
    };
    CHECK(path_of(big) == GK_ATTENTION_SPLIT_KV, "16 queries × 300000 keys take the split-KV path");
    Case square = big;
    square.N = 1024;
    square.seg_m = {1024};
    CHECK(path_of(square) == GK_ATTENTION_FLASH, "N = M = 1024, D = 64 takes the flash path");
    square.Dk = square.Dv = 100;
    CHECK(path_of(square) == GK_ATTENTION_GENERAL, "D = 100 takes the general path");
    Case small;
    small.Hq = 2;
    small.Hkv = 1;
    small.N = 3;
    small.seg_m = {5000};
    small.Dk = small.Dv = 32;
    CHECK(chosen_path(small) == GK_ATTENTION_SPLIT_KV, "the 'split-KV chosen' case really takes that path");
    Case wide;
    wide.N = 37;
    wide.seg_m = {150};
    wide.Dk = 469;
    wide.Dv = 2367;
    CHECK(chosen_path(wide) == GK_ATTENTION_SPLIT_KV, "the 'wide keys chosen' case really takes the split-KV path");
    wide.N = 400;
    CHECK(path_of(wide) == GK_ATTENTION_GENERAL, "wide keys with many rows per kv head take the general path");
}

void identical_on_any_thread_count() {
    Case flash;
    flash.name = "determinism";
    flash.B = 2;
    flash.Hq = 4;
    flash.Hkv = 2;
    flash.N = 150;
    flash.seg_m = {70, 90};
    flash.causal = true;
    flash.lse = true;
    Case split = flash;
    split.N = 7;
    split.seg_m = {3000};
    split.path = GK_ATTENTION_SPLIT_KV;
    Case wide = flash;  // AUTO's split of wide keys
    wide.B = 1, wide.Hq = wide.Hkv = 1, wide.N = 33, wide.seg_m = {500}, wide.causal = false;
    wide.Dk = 469, wide.Dv = 2367;
    for (const Case& c : {flash, split, wide}) {
        Run run(c);
        std::vector<uint8_t> outs[2];
        std::vector<float> lses[2];
        for (int t = 0; t < 2; ++t) {
            gk::set_num_threads(t + 1);
            run.out.poison();
            CHECK_OK(gk_attention(&run.args, nullptr));
            outs[t] = run.out.bytes;
            lses[t] = run.lse;
        }
        gk::set_num_threads(0);
        CHECK(outs[0] == outs[1], "output identical on 1 and 2 threads");
        CHECK(std::memcmp(lses[0].data(), lses[1].data(), lses[0].size() * 4) == 0, "lse identical on 1 and 2 threads");
    }
}

// Calls gk_attention on a modified valid problem and expects GK_INVALID_ARGUMENT with `message`.
void expect_error(const std::string& what, const std::function<void(Case&)>& shape,
                  const std::function<void(Run&)>& tamper, const std::string& message,
                  gk_status expected = GK_INVALID_ARGUMENT) {
    Case c;
    c.N = 4;
    c.seg_m = {6};
    shape(c);
    Run run(c);
    tamper(run);
    gk_status st = gk_attention(&run.args, nullptr);
    CHECK(st == expected, what + ": status " + std::to_string(st));
    CHECK(std::strstr(gk_last_error(), message.c_str()) != nullptr, what + ": got '" + gk_last_error() + "'");
}

// The kernels' branch-free f16 decoder against the library's reference conversion, all 2^16 inputs.
void f16_decoding_is_exact() {
    int wrong = 0;
    for (uint32_t h = 0; h < 65536; ++h) {
        float fast = gk::attention::cpu::f16_to_f32_fast((uint16_t)h), ref = gk_f16_to_f32((uint16_t)h);
        bool same = std::isnan(ref) ? std::isnan(fast) : std::memcmp(&fast, &ref, 4) == 0;
        wrong += !same;
    }
    CHECK(wrong == 0, std::to_string(wrong) + " f16 values decode differently");
}

void bad_inputs_are_named() {
    auto none = [](Case&) {};
    auto keep = [](Run&) {};
    expect_error("head dim mismatch", [](Case& c) { c.Dk = 80; }, [](Run& r) { r.args.segments[0].k.shape[3] = 64; },
                 "k has head dim 64 but q has 80");
    expect_error("heads do not divide", [](Case& c) { c.Hq = 8; c.Hkv = 8; },
                 [](Run& r) { r.args.segments[0].k.shape[1] = 3; r.args.segments[0].v.shape[1] = 3; },
                 "number of heads in key/value (3) must divide number of heads in query (8)");
    expect_error("dtype mismatch", none, [](Run& r) { r.args.segments[0].k.dtype = GK_F16; },
                 "expected q, k and v to have the same dtype, but got q: f32, k: f16, v: f32");
    expect_error("device mismatch", none, [](Run& r) { r.args.segments[0].v.device = GK_CUDA; },
                 "v is on cuda:0 but q is on cpu");
    expect_error("mask not broadcastable", [](Case& c) { c.mask_shape = {1, 1, 3, 6}; }, keep,
                 "mask has shape [1, 1, 3, 6], not broadcastable to [1, 1, 4, 6] (dimension 2 is 3)");
    expect_error("key length too large", [](Case& c) { c.key_lengths = {7}; }, keep,
                 "key_lengths[0] is 7; expected 0 to 6 (the number of keys)");
    expect_error("negative key length", [](Case& c) { c.B = 2; c.key_lengths = {3, -1}; }, keep, "key_lengths[1] is -1");
    expect_error("key lengths count", [](Case& c) { c.key_lengths = {3}; },
                 [](Run& r) { r.args.key_lengths.shape[0] = 2; }, "key_lengths has 2 entries but q has batch 1");
    expect_error("out shape", none, [](Run& r) { r.args.out.shape[2] = 5; }, "out must have shape [1, 1, 4, 64] but has [1, 1, 5, 64]");
    expect_error("out dtype", none, [](Run& r) { r.args.out.dtype = GK_BF16; }, "out has dtype bf16 but q has f32");
    expect_error("v keys", none, [](Run& r) { r.args.segments[0].v.shape[2] = 5; }, "v has 5 keys but k has 6");
    expect_error("batch", none, [](Run& r) { r.args.segments[0].k.shape[0] = 2; }, "k has batch 2 but q has 1");
    expect_error("segment head dim", [](Case& c) { c.seg_m = {3, 4}; }, [](Run& r) { r.args.segments[1].v.shape[3] = 32; },
                 "v (segment 1) has head dim 32 but segment 0 has 64");
    expect_error("segment count", none, [](Run& r) { r.args.num_segments = 5; }, "num_segments is 5; expected 1 to 4");
    expect_error("bias shape", [](Case& c) { c.seg_bias = {true}; }, [](Run& r) { r.args.segments[0].bias.shape[2] = 5; },
                 "bias must have shape [1, 1, 6] (batch, kv heads, keys) but has [1, 1, 5]");
    expect_error("lse shape", [](Case& c) { c.lse = true; }, [](Run& r) { r.args.lse.shape[2] = 3; },
                 "lse must have shape [1, 1, 4] but has [1, 1, 3]");
    expect_error("non-contiguous last dim", none, [](Run& r) { r.args.q.strides[3] = 2; }, "q");
    expect_error("empty q", none, [](Run& r) { r.args.q.shape[2] = 0; }, "q has an empty dimension");
    expect_error("head dim too large", none, [](Run& r) { r.args.q.shape[3] = 5000; }, "q has head dim 5000; at most 4096");
    expect_error("flash path needs a fast head dim", [](Case& c) { c.Dk = c.Dv = 100; },
                 [](Run& r) { r.args.path = GK_ATTENTION_FLASH; }, "the flash path needs Dk == Dv");
    expect_error("unknown path", none, [](Run& r) { r.args.path = 9; }, "unknown attention path code 9");
    expect_error("negative splits", none, [](Run& r) { r.args.num_splits = -2; }, "num_splits is -2");
    expect_error("non-finite scale", none, [](Run& r) { r.args.segments[0].scale = NAN; }, "non-finite logit scale");
}

}  // namespace

int main() {
    check::seed();
    f16_decoding_is_exact();
    features_on_every_dtype_and_simd_level();
    paths_are_chosen();
    identical_on_any_thread_count();
    bad_inputs_are_named();
    return check::finish("test_attention_cpu");
}
