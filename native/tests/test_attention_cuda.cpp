// The CUDA attention backend against the float64 oracle and against the CPU backend: every path
// (FLASH, SPLIT_KV, GENERAL, AUTO), dtype, fast head dim and option, on fresh random inputs with
// poisoned outputs. Needs a usable CUDA device; without one it says why and exits 77 (ctest: skipped).
// GENKERN_TEST_SMALL=1 keeps one case per kernel specialisation at small shapes, for compute-sanitizer
// (every launch there is 10-100x slower).
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "attention_device_test.h"

namespace {

using namespace attention_device_test;

const bool kSmall = std::getenv("GENKERN_TEST_SMALL") != nullptr;

// bf16 and f16 share the tensor-core kernels' code; the small run keeps one of them and f32 (SIMT).
std::vector<gk_dtype> dtypes() {
    if (kSmall) return {GK_BF16, GK_F32};
    return std::vector<gk_dtype>(std::begin(kDtypes), std::end(kDtypes));
}

void flash_every_dtype_and_head_dim() {
    for (gk_dtype dt : dtypes())
        for (int64_t d : kFastDims) {
            Case c;
            c.name = "flash";
            c.dtype = dt;
            c.dk = c.dv = d;
            c.n = 150;  // two query tiles at every tile size, the second one partial
            c.segment_keys = {201};
            run_case(c);
        }
}

void flash_options() {
    for (gk_dtype dt : dtypes())
        for (int64_t d : kSmall ? std::vector<int64_t>{64} : std::vector<int64_t>{64, 128}) {
            Case base;
            base.dtype = dt;
            base.dk = base.dv = d;
            run_option_cases(base);
        }
}

void split_kv() {
    for (gk_dtype dt : dtypes())
        for (int64_t d : kSmall ? std::vector<int64_t>{64} : std::vector<int64_t>{64, 128, 256}) {
            Case c;
            c.dtype = dt;
            c.dk = c.dv = d;
            c.path = GK_ATTENTION_SPLIT_KV;
            c.batch = 1, c.heads_q = 4, c.heads_kv = 1;
            c.name = "split-KV chosen splits";
            c.n = 1, c.segment_keys = {3001};
            run_case(c);
            c.name = "split-KV 7 splits, causal, key lengths, segments";
            c.n = 16, c.batch = 3, c.num_splits = 7, c.causal = true, c.key_lengths = true;
            c.segment_keys = {1000, 33, 1200};
            run_case(c);
            c.name = "split-KV more splits than key tiles";
            c.n = 64, c.batch = 1, c.num_splits = 300, c.causal = false, c.key_lengths = false, c.bias = true;
            c.segment_keys = {700};
            run_case(c);
        }
}

void general_path() {
    struct Dims {
        int64_t dk, dv;
    };
    const std::vector<Dims> all = {Dims{64, 64}, Dims{1, 1}, Dims{24, 48}, Dims{300, 300}, Dims{1000, 520}, Dims{4096, 4096}};
    const std::vector<Dims> small = {Dims{1, 1}, Dims{24, 48}, Dims{300, 300}};
    for (gk_dtype dt : dtypes())
        for (Dims dims : kSmall ? small : all) {
            Case c;
            c.name = "general";
            c.dtype = dt;
            c.path = GK_ATTENTION_GENERAL;
            c.dk = dims.dk, c.dv = dims.dv;
            if (dims.dk >= 1000) c.batch = 1, c.heads_q = 2, c.heads_kv = 1, c.n = 9, c.segment_keys = {70};
            run_case(c);
            c.name = "general + causal, key lengths, bias, mask, segments";
            c.causal = true, c.key_lengths = true, c.bias = true, c.batch = 3;
            c.mask_shape = {1, 1, c.n, 0};
            int64_t m = 0;
            c.segment_keys = {50, 29};
            for (int64_t k : c.segment_keys) m += k;
            c.mask_shape[3] = m;
            run_case(c);
            c.name = "general split-KV";
            c.path = GK_ATTENTION_SPLIT_KV, c.num_splits = 3, c.mask_shape.clear();
            run_case(c);
        }
}

void auto_path() {
    for (gk_dtype dt : dtypes()) {
        Case c;
        c.name = "auto: few queries, many keys";
        c.dtype = dt;
        c.path = GK_ATTENTION_AUTO;
        c.batch = 1, c.heads_q = 2, c.heads_kv = 2, c.n = 3, c.segment_keys = {5000};
        run_case(c);
        c.name = "auto: odd head dim";
        c.n = 100, c.segment_keys = {100}, c.dk = 72, c.dv = 40;
        run_case(c);
    }
    if (kSmall) {
        run_case(motion_denoiser_case(3, 300));
        return;
    }
    run_case(motion_denoiser_case(40, 3000));
    run_case(motion_denoiser_case(2, 6000));
    Case two_tiles = motion_denoiser_case(120, 2000);  // two query tiles: AUTO splits the wide keys
    two_tiles.auto_chooses = GK_ATTENTION_SPLIT_KV;
    run_case(two_tiles);
}

// A problem the CUDA grid cannot hold is refused with the numbers, not launched.
void grid_limits_are_reported() {
    const int64_t heads = 65536;
    auto q = make_buffer(GK_BF16, {1, heads, 1, 32}), k = make_buffer(GK_BF16, {1, heads, 1, 32});
    auto v = make_buffer(GK_BF16, {1, heads, 1, 32}), out = make_buffer(GK_BF16, {1, heads, 1, 32});
    gk_attention_args args{};
    args.q = q->d, args.out = out->d, args.num_segments = 1;
    args.segments[0].k = k->d, args.segments[0].v = v->d, args.segments[0].scale = 1.f;
    CHECK(gk_attention(&args, nullptr) == GK_INVALID_ARGUMENT, "65536 query heads exceed the grid");
    CHECK(std::strstr(gk_last_error(), "65535") != nullptr && std::strstr(gk_last_error(), "65536") != nullptr,
          gk_last_error());
}

}  // namespace

int main() {
    gk_cuda_info info;
    if (gk_cuda_query(0, &info) != GK_OK || info.reason[0]) {
        std::printf("SKIPPED: %s\n", info.reason[0] ? info.reason : gk_last_error());
        return 77;
    }
    rng.seed(check::seed());
    std::printf("device: %s (sm_%d%d)%s\n", info.name, info.cc_major, info.cc_minor,
                kSmall ? ", GENKERN_TEST_SMALL: one small case per specialisation" : "");
    flash_every_dtype_and_head_dim();
    flash_options();
    split_kv();
    general_path();
    auto_path();
    grid_limits_are_reported();
    return check::finish("test_attention_cuda");
}
