// The CUDA attention kernels through their own launcher (gk::attention::run_cuda) on the emulated
// device, against the float64 oracle, the tolerance rule and the CPU backend: the cases of the GPU
// test (attention_device_test.h) at shapes small enough for the emulation, still covering every
// specialisation the dispatcher can choose: the tensor-core FLASH kernel at each fast head dim in
// bf16 and f16, the f32 FLASH kernel at each, the general kernel per dtype (large and unequal head
// dims, the unaligned-rows fallback), split-KV with its merge per dtype, and AUTO's choices; with
// partial query and key tiles, GQA/MQA, both layouts, causal, key lengths, bias, masks with fully
// masked rows, segments, LSE and huge logits.
#include <cstdio>

#include "attention_device_test.h"
#include "emu_test.h"

namespace {

using namespace attention_device_test;

// Two query tiles at every tile height (128 or 64 rows), the last one partial; two or three key
// tiles (64 or 32 keys), the last one partial.
Case small(const char* name, gk_dtype dtype, int64_t d) {
    Case c;
    c.name = name;
    c.dtype = dtype;
    c.dk = c.dv = d;
    c.batch = 1, c.heads_q = 2, c.heads_kv = 1;
    c.n = 133;
    c.segment_keys = {70};
    return c;
}

void flash_every_dtype_and_head_dim() {
    for (gk_dtype dt : kDtypes)
        for (int64_t d : kFastDims) run_case(small("flash", dt, d));
}

void flash_options() {
    for (gk_dtype dt : kDtypes) {
        Case base = small("", dt, 64);
        base.batch = 2, base.n = 37;
        run_option_cases(base);
    }
}

void split_kv() {
    for (gk_dtype dt : kDtypes)
        for (int64_t d : {64, 256}) {
            Case c = small("split-KV chosen splits", dt, d);
            c.path = GK_ATTENTION_SPLIT_KV;
            c.n = 1, c.segment_keys = {700};
            run_case(c);
            c.name = "split-KV 7 splits, causal, key lengths, segments";
            c.n = 16, c.batch = 3, c.num_splits = 7, c.causal = true, c.key_lengths = true;
            c.segment_keys = {100, 7, 90};
            run_case(c);
            c.name = "split-KV more splits than key tiles, bias";
            c.n = 20, c.batch = 1, c.num_splits = 40, c.causal = false, c.key_lengths = false, c.bias = true;
            c.segment_keys = {150};
            run_case(c);
        }
}

void general_path() {
    struct Dims {
        int64_t dk, dv;
    };
    for (gk_dtype dt : kDtypes)
        for (Dims dims : {Dims{1, 1}, Dims{24, 48}, Dims{300, 300}, Dims{1000, 520}}) {
            Case c = small("general", dt, 0);
            c.path = GK_ATTENTION_GENERAL;
            c.dk = dims.dk, c.dv = dims.dv;
            c.n = dims.dk >= 300 ? 9 : 37, c.segment_keys = {dims.dk >= 300 ? 40 : 70};
            run_case(c);
            c.name = "general + causal, key lengths, bias, mask, segments";
            c.causal = true, c.key_lengths = true, c.bias = true, c.batch = 3;
            c.segment_keys = {25, 14};
            c.mask_shape = {1, 1, c.n, 39};
            run_case(c);
            c.name = "general split-KV";
            c.path = GK_ATTENTION_SPLIT_KV, c.num_splits = 3, c.mask_shape.clear();
            run_case(c);
        }
}

void auto_path() {
    for (gk_dtype dt : kDtypes) {
        Case c = small("auto: few queries, many keys (split-KV)", dt, 64);
        c.path = GK_ATTENTION_AUTO;
        c.n = 3, c.segment_keys = {2100};
        run_case(c);
        c.name = "auto: odd head dims (general)";
        c.n = 40, c.segment_keys = {50}, c.dk = 72, c.dv = 40;
        run_case(c);
    }
    run_case(motion_denoiser_case(5, 90));
    run_case(motion_denoiser_case(1, 700));
    Case two_tiles = motion_denoiser_case(70, 260);  // two query tiles: AUTO splits the wide keys
    two_tiles.auto_chooses = GK_ATTENTION_SPLIT_KV;
    run_case(two_tiles);
}

}  // namespace

int main() {
    gk_cuda_info info;
    CHECK_OK(gk_cuda_query(0, &info));
    rng.seed(check::seed());
    emu_test::use_schedule_of_seed();
    std::printf("device: %s, schedule %s\n", info.name, gk::emu::describe(gk::emu::schedule()).c_str());
    flash_every_dtype_and_head_dim();
    flash_options();
    split_kv();
    general_path();
    auto_path();
    return check::finish("test_emu_attention");
}
