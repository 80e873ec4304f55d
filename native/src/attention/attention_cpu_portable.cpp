// The CPU attention task kernel in portable C++: each 8-lane vector is a pair of 4-lane GCC/Clang
// vectors, which every baseline SIMD target (SSE2, NEON) holds natively in one register. Used when
// the CPU lacks AVX2+FMA or GENKERN_SIMD=scalar.
#include "attention/attention_cpu_task.h"

namespace gk::attention::cpu {

namespace {

typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));

struct Portable {
    struct V {
        f32x4 lo, hi;
    };
    template <class F>
    static V map(V a, F f) { return {f(a.lo), f(a.hi)}; }
    template <class F>
    static V map(V a, V b, F f) { return {f(a.lo, b.lo), f(a.hi, b.hi)}; }

    static V zero() { return {f32x4{}, f32x4{}}; }
    static V load(const float* p) {
        V v;
        std::memcpy(&v.lo, p, 16);
        std::memcpy(&v.hi, p + 4, 16);
        return v;
    }
    static void store(float* p, V v) {
        std::memcpy(p, &v.lo, 16);
        std::memcpy(p + 4, &v.hi, 16);
    }
    static V set1(float x) {
        const f32x4 h = {x, x, x, x};
        return {h, h};
    }
    static V bcast(const float* p) { return set1(*p); }
    static V fma(V a, V b, V c) { return {a.lo * b.lo + c.lo, a.hi * b.hi + c.hi}; }
    static V add(V a, V b) { return map(a, b, [](f32x4 x, f32x4 y) { return x + y; }); }
    static V sub(V a, V b) { return map(a, b, [](f32x4 x, f32x4 y) { return x - y; }); }
    static V max(V a, V b) { return map(a, b, [](f32x4 x, f32x4 y) { return x > y ? x : y; }); }
    static V select_eq(V a, V b, V x, V y) {
        return {a.lo == b.lo ? x.lo : y.lo, a.hi == b.hi ? x.hi : y.hi};
    }
    static V keep_below(V s, V j, V limit) {
        const f32x4 hidden = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
        return {j.lo < limit.lo ? s.lo : hidden, j.hi < limit.hi ? s.hi : hidden};
    }
    // Same polynomial and domain (x <= 0; x <= -127 gives exactly 0; NaN propagates) as the AVX2
    // version; rounding to nearest through the 1.5·2^23 shifter (exact for |x| <= 2^22).
    static f32x4 exp2_half(f32x4 x) {
        x = x < -127.f ? f32x4{} - 127.f : x;
        const f32x4 n = (x + 12582912.f) - 12582912.f;
        const f32x4 f = x - n;
        f32x4 poly = f32x4{} + 1.535336188319500e-4f;
        poly = poly * f + 1.339887440266574e-3f;
        poly = poly * f + 9.618437357674640e-3f;
        poly = poly * f + 5.550332471162809e-2f;
        poly = poly * f + 2.402264791363012e-1f;
        poly = poly * f + 6.931472028550421e-1f;
        poly = poly * f + 1.f;
        const i32x4 bits = (__builtin_convertvector(n, i32x4) + 127) << 23;
        f32x4 scale;
        std::memcpy(&scale, &bits, sizeof scale);
        return poly * scale;
    }
    static V exp2(V x) { return map(x, exp2_half); }
};

}  // namespace

void run_task_portable(const Problem& p, const Blocking& bl, const Task& t, Workspace& w) {
    run_task<Portable>(p, bl, t, w);
}

}  // namespace gk::attention::cpu
