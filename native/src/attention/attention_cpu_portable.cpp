// The CPU attention task kernel in portable C++ (8-lane GCC/Clang vectors; the compiler maps them
// to whatever the baseline target offers). Used when the CPU lacks AVX2+FMA or GENKERN_SIMD=scalar.
// Only inline functions take and return these vectors, so the ABI note GCC gives is moot.
#pragma GCC diagnostic ignored "-Wpsabi"

#include "attention/attention_cpu_task.h"

namespace gk::attention::cpu {

namespace {

typedef float f32x8 __attribute__((vector_size(32)));
typedef int32_t i32x8 __attribute__((vector_size(32)));

struct Portable {
    using V = f32x8;
    static V zero() { return V{}; }
    static V load(const float* p) {
        V v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }
    static void store(float* p, V v) { std::memcpy(p, &v, sizeof v); }
    static V set1(float x) { return V{} + x; }
    static V bcast(const float* p) { return V{} + *p; }
    static V fma(V a, V b, V c) { return a * b + c; }
    static V add(V a, V b) { return a + b; }
    static V sub(V a, V b) { return a - b; }
    static V max(V a, V b) { return a > b ? a : b; }
    static V select_eq(V a, V b, V x, V y) { return a == b ? x : y; }
    static V keep_below(V s, V j, V limit) { return j < limit ? s : set1(-INFINITY); }
    // Same polynomial and range handling as the AVX2 version; rounding to nearest through the
    // 1.5·2^23 shifter (exact for |x| ≤ 2^22).
    static V exp2(V x) {
        const i32x8 underflow = x < -126.f;
        x = x < 127.f ? x : set1(127.f);
        x = x > -126.f ? x : set1(-126.f);
        const V n = (x + 12582912.f) - 12582912.f;
        const V f = x - n;
        V poly = set1(1.535336188319500e-4f);
        poly = poly * f + 1.339887440266574e-3f;
        poly = poly * f + 9.618437357674640e-3f;
        poly = poly * f + 5.550332471162809e-2f;
        poly = poly * f + 2.402264791363012e-1f;
        poly = poly * f + 6.931472028550421e-1f;
        poly = poly * f + 1.f;
        const i32x8 bits = (__builtin_convertvector(n, i32x8) + 127) << 23;
        V scale;
        std::memcpy(&scale, &bits, sizeof scale);
        return underflow ? V{} : poly * scale;
    }
};

}  // namespace

void run_task_portable(const Problem& p, const Blocking& bl, const Task& t, Workspace& w) {
    run_task<Portable>(p, bl, t, w);
}

}  // namespace gk::attention::cpu
