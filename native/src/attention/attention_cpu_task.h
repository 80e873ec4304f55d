// The CPU attention task kernel, written once over a small 8-lane vector interface `Ops` and
// compiled twice: attention_cpu_portable.cpp (pairs of 4-lane GCC/Clang vectors) and
// attention_cpu_avx2.cpp (AVX2+FMA intrinsics). One task = a block of query rows against a range of keys, tile by tile:
//
//   S  = Kᵀ-tile · Qᵀ   register-blocked 6 keys × 16 queries micro-kernel, queries along the
//                       vector lanes, so the softmax over keys is a lane-wise (vertical) max/sum
//   S += bias, mask; hidden keys → −inf
//   online softmax in the log2 domain (scale·log2e folded into Qᵀ), vectorised exp2
//   O  = O·α + P·V      register-blocked 6 queries × 16 columns micro-kernel, P broadcast
//
// Only this header contains the arithmetic; the two .cpp files only supply `Ops`.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "attention/attention_cpu_kernels.h"

namespace gk::attention::cpu {
// Internal linkage on purpose: this header is compiled once per instruction set, and an inline
// function merged at link time could hand the AVX2 build's copy to the portable path.
namespace {

constexpr float kLog2e = 1.4426950408889634f;
constexpr float kLn2 = 0.6931471805599453f;

inline float bits_to_float(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

inline uint32_t float_to_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}

// Exact f16 → f32 for every input (normals, subnormals, inf, NaN): rebias by one exact multiply
// by 2^112 (F. Giesen's method); branch-free, so the loops below vectorise.
inline float f16_to_f32_fast(uint16_t h) {
    uint32_t em = (uint32_t)(h & 0x7fffu) << 13;
    uint32_t u = float_to_bits(bits_to_float(em) * 5.192296858534828e33f);  // × 2^112
    if (em >= 0x0f800000u) u |= 0x7f800000u;                                // was inf / NaN
    return bits_to_float(u | ((uint32_t)(h & 0x8000u) << 16));
}

// Rows of a K or V tile as contiguous f32 for the micro-kernels: a contiguous f32 tile is read in
// place (packing it would be a plain copy), anything else (16-bit inputs, row strides beyond the
// head dim as in [B,N,H,D]) is converted / packed into `buf`.
inline const float* tile_rows(const void* base, int32_t dtype, int64_t row_stride, int64_t rows, int64_t cols,
                              float* buf, int64_t& ld) {
    ld = cols;
    if (dtype == GK_F32) {
        const float* src = (const float*)base;
        if (row_stride == cols) return src;
        for (int64_t r = 0; r < rows; ++r) std::memcpy(buf + r * cols, src + r * row_stride, cols * sizeof(float));
        return buf;
    }
    const uint16_t* src = (const uint16_t*)base;
    for (int64_t r = 0; r < rows; ++r) {
        const uint16_t* in = src + r * row_stride;
        float* out = buf + r * cols;
        if (dtype == GK_F16)
            for (int64_t c = 0; c < cols; ++c) out[c] = f16_to_f32_fast(in[c]);
        else
            for (int64_t c = 0; c < cols; ++c) out[c] = bits_to_float((uint32_t)in[c] << 16);
    }
    return buf;
}

inline float load_element(const void* base, int32_t dtype, int64_t i) {
    if (dtype == GK_F32) return ((const float*)base)[i];
    if (dtype == GK_F16) return f16_to_f32_fast(((const uint16_t*)base)[i]);
    return bits_to_float((uint32_t)((const uint16_t*)base)[i] << 16);
}

// S[r][0..16) (r < R keys) = Σ_d k[r][d] · qt[d][0..16): R keys × 16 queries in 2R accumulators.
template <class Ops, int R>
inline void qk_micro(const float* qt, int64_t ldq, const float* k, int64_t ldk, int64_t depth, float* s,
                     int64_t lds) {
    using V = typename Ops::V;
    V a0[R], a1[R];
#pragma GCC unroll 6
    for (int r = 0; r < R; ++r) a0[r] = a1[r] = Ops::zero();
    for (int64_t d = 0; d < depth; ++d) {
        V q0 = Ops::load(qt + d * ldq), q1 = Ops::load(qt + d * ldq + 8);
#pragma GCC unroll 6
        for (int r = 0; r < R; ++r) {
            V kb = Ops::bcast(k + r * ldk + d);
            a0[r] = Ops::fma(kb, q0, a0[r]);
            a1[r] = Ops::fma(kb, q1, a1[r]);
        }
    }
#pragma GCC unroll 6
    for (int r = 0; r < R; ++r) {
        Ops::store(s + r * lds, a0[r]);
        Ops::store(s + r * lds + 8, a1[r]);
    }
}

// o[r][0..8C) = o[r]·alpha[r] + Σ_j p[j][r] · v[j][0..8C)   (r < R queries, C vectors of columns).
template <class Ops, int R, int C>
inline void pv_micro(const float* pt, int64_t ldp, const float* v, int64_t ldv, int64_t keys, float* o, int64_t ldo,
                     const float* alpha) {
    using V = typename Ops::V;
    V acc[R][C];
#pragma GCC unroll 6
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 2
        for (int c = 0; c < C; ++c) acc[r][c] = Ops::zero();
    for (int64_t j = 0; j < keys; ++j) {
        V vv[C];
#pragma GCC unroll 2
        for (int c = 0; c < C; ++c) vv[c] = Ops::load(v + j * ldv + 8 * c);
#pragma GCC unroll 6
        for (int r = 0; r < R; ++r) {
            V pb = Ops::bcast(pt + j * ldp + r);
#pragma GCC unroll 2
            for (int c = 0; c < C; ++c) acc[r][c] = Ops::fma(pb, vv[c], acc[r][c]);
        }
    }
#pragma GCC unroll 6
    for (int r = 0; r < R; ++r) {
        V a = Ops::set1(alpha[r]);
#pragma GCC unroll 2
        for (int c = 0; c < C; ++c) Ops::store(o + r * ldo + 8 * c, Ops::fma(Ops::load(o + r * ldo + 8 * c), a, acc[r][c]));
    }
}

// The last dv % 8 columns, scalar.
template <int R>
inline void pv_tail(const float* pt, int64_t ldp, const float* v, int64_t ldv, int64_t keys, float* o, int64_t ldo,
                    const float* alpha, int64_t cols) {
    for (int r = 0; r < R; ++r)
        for (int64_t c = 0; c < cols; ++c) {
            float acc = 0;
            for (int64_t j = 0; j < keys; ++j) acc += pt[j * ldp + r] * v[j * ldv + c];
            o[r * ldo + c] = o[r * ldo + c] * alpha[r] + acc;
        }
}

template <class Ops, int R>
inline void pv_rows(const float* pt, int64_t ldp, const float* v, int64_t ldv, int64_t keys, float* o, int64_t dv,
                    const float* alpha) {
    int64_t c = 0;
    for (; c + 16 <= dv; c += 16) pv_micro<Ops, R, 2>(pt, ldp, v + c, ldv, keys, o + c, dv, alpha);
    if (c + 8 <= dv) {
        pv_micro<Ops, R, 1>(pt, ldp, v + c, ldv, keys, o + c, dv, alpha);
        c += 8;
    }
    if (c < dv) pv_tail<R>(pt, ldp, v + c, ldv, keys, o + c, dv, alpha, dv - c);
}

// The source rows of the next K (or V) tile. The tile loops prefetch them a few rows per
// micro-kernel call (K during QKᵀ, V during PV), so when K/V stream from memory (few queries, many
// keys) the loads overlap the arithmetic instead of following it; evenly spread, not in one burst,
// as a core has only so many outstanding misses.
struct NextRows {
    const char* base = nullptr;
    int64_t rows = 0, stride = 0, bytes = 0;  // stride and row size in bytes

    void prefetch(int64_t begin, int64_t end) const {
        for (int64_t r = begin; r < std::min(end, rows); ++r)
            for (int64_t x = 0; x < bytes; x += 64) __builtin_prefetch(base + r * stride + x, 0, 3);
    }
};

// S (keys × rows_pad) = K-tile · Qᵀ, in 6-key strips per 16-query panel; the first panel's strips
// prefetch the same rows of the next K tile.
template <class Ops>
inline void qk_tile(const float* qt, int64_t rows_pad, const float* k, int64_t ldk, int64_t keys, int64_t dk, float* s,
                    const NextRows& next_k) {
    for (int64_t i = 0; i < rows_pad; i += 16) {
        int64_t j = 0;
        for (; j + 6 <= keys; j += 6) {
            if (i == 0) next_k.prefetch(j, j + 6);
            qk_micro<Ops, 6>(qt + i, rows_pad, k + j * ldk, ldk, dk, s + j * rows_pad + i, rows_pad);
        }
        if (i == 0) next_k.prefetch(j, next_k.rows);
        switch (keys - j) {
            case 5: qk_micro<Ops, 5>(qt + i, rows_pad, k + j * ldk, ldk, dk, s + j * rows_pad + i, rows_pad); break;
            case 4: qk_micro<Ops, 4>(qt + i, rows_pad, k + j * ldk, ldk, dk, s + j * rows_pad + i, rows_pad); break;
            case 3: qk_micro<Ops, 3>(qt + i, rows_pad, k + j * ldk, ldk, dk, s + j * rows_pad + i, rows_pad); break;
            case 2: qk_micro<Ops, 2>(qt + i, rows_pad, k + j * ldk, ldk, dk, s + j * rows_pad + i, rows_pad); break;
            case 1: qk_micro<Ops, 1>(qt + i, rows_pad, k + j * ldk, ldk, dk, s + j * rows_pad + i, rows_pad); break;
            default: break;
        }
    }
}

// O (rows × dv) = O·α + P·V, in 6-query strips; each strip prefetches its share of the next V tile.
template <class Ops>
inline void pv_tile(const float* pt, int64_t rows_pad, const float* v, int64_t ldv, int64_t keys, int64_t rows,
                    int64_t dv, const float* alpha, float* o, const NextRows& next_v) {
    const int64_t share = (next_v.rows + (rows + 5) / 6 - 1) / ((rows + 5) / 6);
    int64_t i = 0;
    for (; i + 6 <= rows; i += 6) {
        next_v.prefetch(i / 6 * share, i / 6 * share + share);
        pv_rows<Ops, 6>(pt + i, rows_pad, v, ldv, keys, o + i * dv, dv, alpha + i);
    }
    next_v.prefetch(i / 6 * share, next_v.rows);
    switch (rows - i) {
        case 5: pv_rows<Ops, 5>(pt + i, rows_pad, v, ldv, keys, o + i * dv, dv, alpha + i); break;
        case 4: pv_rows<Ops, 4>(pt + i, rows_pad, v, ldv, keys, o + i * dv, dv, alpha + i); break;
        case 3: pv_rows<Ops, 3>(pt + i, rows_pad, v, ldv, keys, o + i * dv, dv, alpha + i); break;
        case 2: pv_rows<Ops, 2>(pt + i, rows_pad, v, ldv, keys, o + i * dv, dv, alpha + i); break;
        case 1: pv_rows<Ops, 1>(pt + i, rows_pad, v, ldv, keys, o + i * dv, dv, alpha + i); break;
        default: break;
    }
}

// Online-softmax step over one tile of log2-domain logits S (keys × rows_pad, queries in lanes):
// new running max m, rescale α = 2^(m_old − m), S ← 2^(S − m), l ← l·α + Σ S. A row with no visible
// key so far keeps m = −inf and subtracts 0 instead, so −inf − (−inf) never makes a NaN.
template <class Ops>
inline void softmax_tile(float* s, int64_t rows_pad, int64_t keys, float* m, float* l, float* alpha) {
    using V = typename Ops::V;
    const V neg_inf = Ops::set1(-INFINITY), zero = Ops::zero();
    for (int64_t i = 0; i < rows_pad; i += 8) {
        V mx = Ops::load(m + i);
        const V m_old = mx;
        for (int64_t j = 0; j < keys; ++j) mx = Ops::max(mx, Ops::load(s + j * rows_pad + i));
        V sub = Ops::select_eq(mx, neg_inf, zero, mx);
        V sum = Ops::zero();
        for (int64_t j = 0; j < keys; ++j) {
            V e = Ops::exp2(Ops::sub(Ops::load(s + j * rows_pad + i), sub));
            Ops::store(s + j * rows_pad + i, e);
            sum = Ops::add(sum, e);
        }
        V a = Ops::exp2(Ops::sub(m_old, sub));
        Ops::store(alpha + i, a);
        Ops::store(l + i, Ops::fma(Ops::load(l + i), a, sum));
        Ops::store(m + i, mx);
    }
}

template <class Ops>
void run_task(const Problem& p, const Blocking& bl, const Task& t, Workspace& w) {
    using V = typename Ops::V;
    const int64_t N = p.n, dk = p.dk, dv = p.dv, group = p.group();
    const int64_t rows = t.row_count, rows_pad = (rows + 15) / 16 * 16;
    const int64_t len = p.key_lengths ? p.key_lengths[t.b] : p.m;

    // Per-row visibility: keys [0, row_limit) (key lengths, causal bottom-right alignment).
    int64_t min_limit = INT64_MAX, max_limit = 0;
    for (int64_t r = 0; r < rows_pad; ++r) {
        int64_t lim = 0;
        w.mask_row[r] = nullptr;
        if (r < rows) {
            int64_t row = t.row_begin + r, h = t.hkv * group + row / N, n = row % N;
            lim = p.causal ? std::min(len, std::max<int64_t>(0, n + len - N + 1)) : len;
            if (p.mask) w.mask_row[r] = p.mask + t.b * p.mask_stride[0] + h * p.mask_stride[1] + n * p.mask_stride[2];
            min_limit = std::min(min_limit, lim);
            max_limit = std::max(max_limit, lim);
        }
        w.row_limit[r] = lim;
        w.m[r] = -INFINITY;
        w.l[r] = 0;
    }
    std::fill(w.o, w.o + rows * dv, 0.f);

    const int64_t key_end = std::min(t.key_end, max_limit);
    const int32_t dt = p.dtype;
    for (int si = 0; si < p.num_segments; ++si) {
        const Segment& g = p.seg[si];
        const int64_t seg_begin = std::max(t.key_begin, g.offset), seg_end = std::min(key_end, g.offset + g.m);
        if (seg_begin >= seg_end) continue;

        // Qᵀ of the block, scaled for this segment; padding rows are zero.
        const float qscale = g.scale * kLog2e;
        for (int64_t r = 0; r < rows_pad; ++r) {
            if (r < rows) {
                int64_t row = t.row_begin + r, h = t.hkv * group + row / N, n = row % N;
                int64_t base = t.b * p.q_stride[0] + h * p.q_stride[1] + n * p.q_stride[2];
                for (int64_t d = 0; d < dk; ++d) w.qt[d * rows_pad + r] = load_element(p.q, dt, base + d) * qscale;
            } else {
                for (int64_t d = 0; d < dk; ++d) w.qt[d * rows_pad + r] = 0.f;
            }
        }
        const size_t esize = dt == GK_F32 ? 4 : 2;
        const char* kseg = (const char*)g.k + esize * (t.b * g.k_stride[0] + t.hkv * g.k_stride[1]);
        const char* vseg = (const char*)g.v + esize * (t.b * g.v_stride[0] + t.hkv * g.v_stride[1]);
        const float* bias = g.bias ? g.bias + t.b * g.bias_stride[0] + t.hkv * g.bias_stride[1] : nullptr;

        for (int64_t j0 = seg_begin; j0 < seg_end; j0 += bl.keys) {
            const int64_t nk = std::min(bl.keys, seg_end - j0), jl = j0 - g.offset;
            int64_t ldk, ldv;
            const float* kt = tile_rows(kseg + esize * jl * g.k_stride[2], dt, g.k_stride[2], nk, dk, w.k, ldk);
            const float* vt = tile_rows(vseg + esize * jl * g.v_stride[2], dt, g.v_stride[2], nk, dv, w.v, ldv);

            NextRows next_k, next_v;
            if (j0 + nk < seg_end) {
                next_k.rows = next_v.rows = std::min(bl.keys, seg_end - j0 - nk);
                next_k.stride = esize * g.k_stride[2];
                next_v.stride = esize * g.v_stride[2];
                next_k.base = kseg + (jl + nk) * next_k.stride;
                next_v.base = vseg + (jl + nk) * next_v.stride;
                next_k.bytes = esize * dk;
                next_v.bytes = esize * dv;
            }

            qk_tile<Ops>(w.qt, rows_pad, kt, ldk, nk, dk, w.s, next_k);

            if (bias || g.bias_const != 0.f)
                for (int64_t j = 0; j < nk; ++j) {
                    V c = Ops::set1(((bias ? bias[(jl + j) * g.bias_stride[2]] : 0.f) + g.bias_const) * kLog2e);
                    float* sj = w.s + j * rows_pad;
                    for (int64_t i = 0; i < rows_pad; i += 8) Ops::store(sj + i, Ops::add(Ops::load(sj + i), c));
                }
            if (p.mask) {
                const int64_t ms = p.mask_stride[3];
                for (int64_t r = 0; r < rows; ++r) {
                    const float* mr = w.mask_row[r] + j0 * ms;
                    for (int64_t j = 0; j < nk; ++j) w.s[j * rows_pad + r] += mr[j * ms] * kLog2e;
                }
            }
            if (j0 + nk > min_limit) {  // some key of the tile is hidden from some row
                for (int64_t r = 0; r < rows_pad; ++r)
                    w.limit[r] = (float)std::clamp<int64_t>(w.row_limit[r] - j0, 0, nk);
                for (int64_t j = 0; j < nk; ++j) {
                    V jv = Ops::set1((float)j);
                    float* sj = w.s + j * rows_pad;
                    for (int64_t i = 0; i < rows_pad; i += 8)
                        Ops::store(sj + i, Ops::keep_below(Ops::load(sj + i), jv, Ops::load(w.limit + i)));
                }
            }
            softmax_tile<Ops>(w.s, rows_pad, nk, w.m, w.l, w.alpha);
            pv_tile<Ops>(w.s, rows_pad, vt, ldv, nk, rows, dv, w.alpha, w.o, next_v);
        }
    }

    // Normalise; a row with no visible key has l = 0 and yields zeros and lse = −inf.
    for (int64_t r = 0; r < rows; ++r) {
        const float l = w.l[r], inv = l > 0 ? 1.f / l : 0.f;
        const float lse = l > 0 ? (w.m[r] + std::log2(l)) * kLn2 : -INFINITY;
        const float* orow = w.o + r * dv;
        if (t.partial_out) {
            float* dst = t.partial_out + r * dv;
            for (int64_t c = 0; c < dv; ++c) dst[c] = orow[c] * inv;
            t.partial_lse[r] = lse;
            continue;
        }
        int64_t row = t.row_begin + r, h = t.hkv * group + row / N, n = row % N;
        int64_t base = t.b * p.out_stride[0] + h * p.out_stride[1] + n * p.out_stride[2];
        store_output_row(p, base, orow, inv);
        if (p.lse) p.lse[t.b * p.lse_stride[0] + h * p.lse_stride[1] + n * p.lse_stride[2]] = lse;
    }
}

}  // namespace
}  // namespace gk::attention::cpu
