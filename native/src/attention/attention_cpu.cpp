// The CPU attention backend's driver: cuts the problem into tasks (row block × key chunk of one
// batch entry and kv head), runs them on the worker pool with per-worker scratch, and for the
// split-KV path combines the per-chunk partial results through their LSE. The arithmetic lives in
// attention_cpu_task.h (portable and AVX2+FMA builds, picked by gk::simd_level()).
//
// Paths: FLASH and GENERAL run the same blocked kernel on the CPU (the micro-kernels take any head
// dim; the tile sizes shrink with it, so scratch stays bounded up to D = 4096); SPLIT_KV adds key
// chunks per row block and the LSE combine.
//
// Determinism: block sizes and split counts depend on the problem only, every task is computed
// by one worker in a fixed order, and the combine order is fixed, so any thread count gives
// bit-identical results.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <vector>

#include "attention/attention_cpu_kernels.h"
#include "core/simd.h"
#include "core/threads.h"
#include "genkern/float16.h"

namespace gk::attention {

namespace cpu {

namespace {

constexpr int64_t kAlign = 16;  // floats: 64-byte aligned sub-arrays

int64_t aligned(int64_t floats) { return (floats + kAlign - 1) / kAlign * kAlign; }

}  // namespace

void store_output_row(const Problem& p, int64_t base, const float* row, float scale) {
    if (p.dtype == GK_F32) {
        float* out = (float*)p.out + base;
        for (int64_t c = 0; c < p.dv; ++c) out[c] = row[c] * scale;
    } else if (p.dtype == GK_F16) {
        uint16_t* out = (uint16_t*)p.out + base;
        for (int64_t c = 0; c < p.dv; ++c) out[c] = gk_f32_to_f16(row[c] * scale);
    } else {
        uint16_t* out = (uint16_t*)p.out + base;
        for (int64_t c = 0; c < p.dv; ++c) out[c] = gk_f32_to_bf16(row[c] * scale);
    }
}

int64_t workspace_floats(const Problem& p, const Blocking& bl) {
    const int64_t r = bl.rows, k = bl.keys;
    return aligned(p.dk * r) + aligned(r * p.dv) + aligned(k * r) + aligned(k * p.dk) + aligned(k * p.dv) +
           4 * aligned(r) + 2 * aligned(2 * r);  // m, l, alpha, limit; row_limit (int64), mask_row (pointers)
}

void carve_workspace(const Problem& p, const Blocking& bl, float* base, Workspace& w) {
    const int64_t r = bl.rows, k = bl.keys;
    auto take = [&](int64_t floats) {
        float* at = base;
        base += aligned(floats);
        return at;
    };
    w.qt = take(p.dk * r);
    w.o = take(r * p.dv);
    w.s = take(k * r);
    w.k = take(k * p.dk);
    w.v = take(k * p.dv);
    w.m = take(r);
    w.l = take(r);
    w.alpha = take(r);
    w.limit = take(r);
    w.row_limit = (int64_t*)take(2 * r);
    w.mask_row = (const float**)take(2 * r);
}

}  // namespace cpu

namespace {

using cpu::Blocking;
using cpu::Task;

// Tiles sized so that a K+V tile stays around 64 KB and the Qᵀ and O blocks around 200 KB
// (L2-resident, streamed through L1 by the micro-kernels); at large head dims both shrink. Wide
// keys (kWideKeyRow) are the exception: there every row block streams all of K and V from
// memory, which costs more than an O block spilling from L2, so row blocks are large: 64 rows, or
// with the keys split, all of a kv head's rows up to 128 (measured at Dk 469, Dv 2367: about
// 200 GFLOP/s against 130–186 with 16-row blocks). Row blocks do not change any row's arithmetic,
// only which rows share a K/V tile.
Blocking choose_blocking(const Problem& p, bool split_keys) {
    const int64_t width = p.dk + p.dv;
    Blocking bl;
    bl.keys = std::clamp<int64_t>(16384 / width / 6 * 6, 16, 96);
    if (width < kWideKeyRow) bl.rows = std::clamp<int64_t>(49152 / width / 16 * 16, 16, 96);
    else bl.rows = split_keys ? std::clamp<int64_t>((p.group() * p.n + 15) / 16 * 16, 16, 128) : 64;
    return bl;
}

// Key chunks of the split-KV path, from the problem alone: enough tasks for a large machine,
// chunks of at least 2048 keys or 8 MB of K/V rows, whichever is fewer keys, and at most ~256 MB
// of partial results. Wide keys always split, into an even count so that two workers share the
// chunks evenly (their single row block is one task otherwise).
int64_t choose_splits(const Problem& p, int64_t base_tasks, int64_t rows_per_kv_head) {
    const bool wide = p.dk + p.dv >= kWideKeyRow;
    const int64_t min_chunk = std::clamp<int64_t>(2097152 / (p.dk + p.dv), 64, 2048);
    int64_t splits = p.num_splits > 0 ? p.num_splits
                                      : std::min((p.m + min_chunk - 1) / min_chunk,
                                                 std::max<int64_t>(1, (256 + base_tasks - 1) / base_tasks));
    if (wide && p.num_splits == 0) splits = std::max<int64_t>(2, splits + splits % 2);
    const int64_t partial_floats_per_split = p.batch * p.heads_kv * rows_per_kv_head * (p.dv + 1);
    splits = std::min(splits, std::max<int64_t>(1, ((int64_t)64 << 20) / partial_floats_per_split));
    return std::clamp<int64_t>(splits, 1, p.m);
}

// Runs fn(task, worker) for every task; workers take tasks in order from a shared counter, so a
// busy core does not hold the others up (results do not depend on who runs what).
template <class Fn>
void run_tasks(int64_t count, int workers, Fn&& fn) {
    std::atomic<int64_t> next{0};
    parallel_for(workers, [&](int64_t, int64_t, int worker) {
        for (int64_t t; (t = next.fetch_add(1, std::memory_order_relaxed)) < count;) fn(t, worker);
    });
}

// O = Σ_s e^(lse_s − LSE) · O_s with LSE = logsumexp_s lse_s, per row, in split order.
void combine_splits(const Problem& p, int64_t splits, int64_t rows_per_kv_head, const float* partial_out,
                    const float* partial_lse) {
    const int64_t dv = p.dv, rows = rows_per_kv_head, group = p.group();
    const int64_t total = p.batch * p.heads_kv * rows;
    parallel_for(total, [&](int64_t begin, int64_t end, int) {
        std::vector<float> acc(dv);
        for (int64_t x = begin; x < end; ++x) {
            const int64_t bh = x / rows, row = x % rows, b = bh / p.heads_kv, hkv = bh % p.heads_kv;
            const int64_t h = hkv * group + row / p.n, n = row % p.n;
            auto lse_of = [&](int64_t s) { return partial_lse[(bh * splits + s) * rows + row]; };
            float mx = -INFINITY;
            for (int64_t s = 0; s < splits; ++s) mx = std::max(mx, lse_of(s));
            std::fill(acc.begin(), acc.end(), 0.f);
            float sum = 0;
            if (mx != -INFINITY)
                for (int64_t s = 0; s < splits; ++s) {
                    const float w = std::exp(lse_of(s) - mx);
                    if (w == 0) continue;
                    const float* o = partial_out + ((bh * splits + s) * rows + row) * dv;
                    for (int64_t c = 0; c < dv; ++c) acc[c] += w * o[c];
                    sum += w;
                }
            cpu::store_output_row(p, b * p.out_stride[0] + h * p.out_stride[1] + n * p.out_stride[2], acc.data(),
                                  sum > 0 ? 1.f / sum : 0.f);
            if (p.lse)
                p.lse[b * p.lse_stride[0] + h * p.lse_stride[1] + n * p.lse_stride[2]] =
                    sum > 0 ? mx + std::log(sum) : -INFINITY;
        }
    });
}

}  // namespace

void run_cpu(const Problem& p, int32_t path) {
    const Blocking bl = choose_blocking(p, path == GK_ATTENTION_SPLIT_KV);
    const auto run_task = simd_level() == Simd::Avx2 ? cpu::run_task_avx2 : cpu::run_task_portable;

    // Row r of a (batch, kv head) is query r % N of head hkv·group + r / N: GQA heads share K/V tiles.
    const int64_t rows_per_kv_head = p.group() * p.n;
    const int64_t row_blocks = (rows_per_kv_head + bl.rows - 1) / bl.rows;
    const int64_t base_tasks = p.batch * p.heads_kv * row_blocks;
    const int64_t splits = path == GK_ATTENTION_SPLIT_KV ? choose_splits(p, base_tasks, rows_per_kv_head) : 1;
    const int64_t chunk = (p.m + splits - 1) / splits;

    // Every element of these is written before it is read: no need to zero them.
    std::unique_ptr<float[]> partial_out, partial_lse;
    if (splits > 1) {
        partial_out.reset(new float[p.batch * p.heads_kv * splits * rows_per_kv_head * p.dv]);
        partial_lse.reset(new float[p.batch * p.heads_kv * splits * rows_per_kv_head]);
    }

    const int64_t ws_floats = cpu::workspace_floats(p, bl);
    const int workers = (int)std::min<int64_t>(num_threads(), base_tasks * splits);
    std::unique_ptr<float[]> scratch(new float[workers * ws_floats + 16]);
    float* scratch_base = scratch.get() + (16 - ((uintptr_t)scratch.get() / sizeof(float)) % 16) % 16;

    run_tasks(base_tasks * splits, workers, [&](int64_t index, int worker) {
        cpu::Workspace w;
        cpu::carve_workspace(p, bl, scratch_base + worker * ws_floats, w);
        const int64_t split = index % splits, block = index / splits;
        const int64_t rb = block % row_blocks, bh = block / row_blocks;
        Task t;
        t.b = bh / p.heads_kv;
        t.hkv = bh % p.heads_kv;
        t.row_begin = rb * bl.rows;
        t.row_count = std::min(bl.rows, rows_per_kv_head - t.row_begin);
        t.key_begin = split * chunk;
        t.key_end = std::min(p.m, t.key_begin + chunk);
        t.partial_out = nullptr;
        t.partial_lse = nullptr;
        if (splits > 1) {
            const int64_t at = (bh * splits + split) * rows_per_kv_head + t.row_begin;
            t.partial_out = partial_out.get() + at * p.dv;
            t.partial_lse = partial_lse.get() + at;
        }
        run_task(p, bl, t, w);
    });
    if (splits > 1) combine_splits(p, splits, rows_per_kv_head, partial_out.get(), partial_lse.get());
}

}  // namespace gk::attention
