// The contract between the CPU attention driver (attention_cpu.cpp: task list, threads, scratch,
// split-KV combine) and the SIMD-compiled task kernel (attention_cpu_task.h, built once portable
// and once for AVX2+FMA).
#pragma once

#include <cstdint>

#include "attention/attention_problem.h"

namespace gk::attention::cpu {

// Tile sizes, chosen from the problem's head dims only (never from the thread count), so every
// task computes the same thing on any machine load or thread count.
struct Blocking {
    int64_t rows;  // query rows per task, a multiple of 16 (the QKᵀ micro-kernel's vector width)
    int64_t keys;  // keys per tile (one QKᵀ / softmax / PV step)
};

// One unit of work: rows [row_begin, row_begin + row_count) of one (batch, kv head), where row
// r stands for query n = r % N of head hkv·group + r / N (GQA heads share their K/V tiles), against
// the keys [key_begin, key_end) of the concatenated segments.
struct Task {
    int64_t b, hkv, row_begin, row_count, key_begin, key_end;
    // nullptr: write the final output (and lse). Otherwise a split-KV partial: the normalised
    // output rows [row_count][dv] and their natural-log LSE [row_count].
    float* partial_out;
    float* partial_lse;
};

// Per-worker scratch (f32), sized by workspace_floats() and carved by the driver.
struct Workspace {
    float* qt;        // [dk][rows]   Qᵀ of the row block, times scale·log2(e)
    float* o;         // [rows][dv]   unnormalised output accumulator
    float* s;         // [keys][rows] log2-domain logits of a tile, then its probabilities
    float* k;         // [keys][dk]   K tile converted to f32 (16-bit inputs)
    float* v;         // [keys][dv]   V tile converted to f32 (16-bit inputs)
    float* m;         // [rows] running max (log2 domain)
    float* l;         // [rows] running sum
    float* alpha;     // [rows] rescale factor of the current tile
    float* limit;     // [rows] per row: first invisible key, relative to the current tile
    int64_t* row_limit;      // [rows] per row: first invisible global key index
    const float** mask_row;  // [rows] per row: its mask row, or nullptr
};

// out[base + c] = row[c] · scale for c < dv, converted to the problem's dtype (defined in the
// portable translation unit, so both kernels share one rounding implementation).
void store_output_row(const Problem& p, int64_t base, const float* row, float scale);

int64_t workspace_floats(const Problem& p, const Blocking& bl);
void carve_workspace(const Problem& p, const Blocking& bl, float* base, Workspace& w);

void run_task_portable(const Problem& p, const Blocking& bl, const Task& t, Workspace& w);
void run_task_avx2(const Problem& p, const Blocking& bl, const Task& t, Workspace& w);

}  // namespace gk::attention::cpu
