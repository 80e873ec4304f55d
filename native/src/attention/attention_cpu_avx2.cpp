// The CPU attention task kernel for AVX2+FMA (compiled with -mavx2 -mfma; chosen at run time).
#include <immintrin.h>

#include "attention/attention_cpu_task.h"

namespace gk::attention::cpu {

namespace {

struct Avx2 {
    using V = __m256;
    static V zero() { return _mm256_setzero_ps(); }
    static V load(const float* p) { return _mm256_loadu_ps(p); }
    static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
    static V set1(float x) { return _mm256_set1_ps(x); }
    static V bcast(const float* p) { return _mm256_broadcast_ss(p); }
    static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    static V add(V a, V b) { return _mm256_add_ps(a, b); }
    static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
    static V max(V a, V b) { return _mm256_max_ps(a, b); }
    static V select_eq(V a, V b, V x, V y) { return _mm256_blendv_ps(y, x, _mm256_cmp_ps(a, b, _CMP_EQ_OQ)); }
    static V keep_below(V s, V j, V limit) {
        return _mm256_blendv_ps(_mm256_set1_ps(-INFINITY), s, _mm256_cmp_ps(j, limit, _CMP_LT_OQ));
    }
    // 2^x for x <= 0, all the online softmax needs (logits minus their running max), with relative
    // error ≈ 1e-7 (Cephes exp2f polynomial on [-0.5, 0.5]). x <= -127, −inf included, gives exactly
    // 0: the exponent field n + 127 is then 0. NaN propagates (max returns its second operand).
    static V exp2(V x) {
        x = _mm256_max_ps(_mm256_set1_ps(-127.f), x);
        const V n = _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        const V f = _mm256_sub_ps(x, n);
        V poly = _mm256_set1_ps(1.535336188319500e-4f);
        poly = _mm256_fmadd_ps(poly, f, _mm256_set1_ps(1.339887440266574e-3f));
        poly = _mm256_fmadd_ps(poly, f, _mm256_set1_ps(9.618437357674640e-3f));
        poly = _mm256_fmadd_ps(poly, f, _mm256_set1_ps(5.550332471162809e-2f));
        poly = _mm256_fmadd_ps(poly, f, _mm256_set1_ps(2.402264791363012e-1f));
        poly = _mm256_fmadd_ps(poly, f, _mm256_set1_ps(6.931472028550421e-1f));
        poly = _mm256_fmadd_ps(poly, f, _mm256_set1_ps(1.f));
        const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
        return _mm256_mul_ps(poly, _mm256_castsi256_ps(bits));
    }
};

}  // namespace

void run_task_avx2(const Problem& p, const Blocking& bl, const Task& t, Workspace& w) { run_task<Avx2>(p, bl, t, w); }

}  // namespace gk::attention::cpu
