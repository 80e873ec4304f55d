/*
 * Counter-based normal noise shared by the CPU and CUDA backends: Philox4x32-10 (Salmon et al.,
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11; Random123) followed by ONE Box–Muller
 * transform.
 *
 * Noise for element i of a tensor at sampler step s with seed k is a pure function of (k, s, i):
 *   counter = { (i/4) low 32 bits, (i/4) high 32 bits, s, subsequence },  key = { k low, k high }
 * and element i takes normal number i%4 of that Philox block. It never depends on threads or tiles.
 *
 * Bitwise CPU == CUDA: the transform uses only integer operations and correctly rounded IEEE
 * float +, -, *, /, sqrt. On the device each of those is spelled with its __f*_rn intrinsic, which
 * nvcc never contracts into an FMA; the host side is compiled in strict ISO mode (no contraction).
 * log and sin/cos are our own range reductions + polynomials, because libm and CUDA's versions
 * differ by ULPs.
 */
#ifndef GENKERN_PHILOX_H
#define GENKERN_PHILOX_H

#include <stdint.h>
#include <string.h>

#include "genkern/hd.h"

#ifdef __cplusplus
#include <cmath>

// nvcc's device pass spells each operation with its non-contracting intrinsic; the host compiler
// (including the CPU emulation of the kernels) uses plain operators under -ffp-contract=off.
#if defined(__CUDA_ARCH__) && !defined(GENKERN_EMULATION)
#define GK_PHILOX_DEVICE_INTRINSICS 1
#else
#define GK_PHILOX_DEVICE_INTRINSICS 0
#endif

namespace gk::rng {

struct Philox4 {
    uint32_t v[4];
};

GK_HD void mulhilo32(uint32_t a, uint32_t b, uint32_t* hi, uint32_t* lo) {
    uint64_t p = (uint64_t)a * (uint64_t)b;
    *hi = (uint32_t)(p >> 32);
    *lo = (uint32_t)p;
}

// Philox4x32 with 10 rounds, exactly as Random123's philox4x32_R(10, ctr, key).
GK_HD Philox4 philox4x32_10(Philox4 ctr, uint32_t k0, uint32_t k1) {
    const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        uint32_t hi0, lo0, hi1, lo1;
        mulhilo32(M0, ctr.v[0], &hi0, &lo0);
        mulhilo32(M1, ctr.v[2], &hi1, &lo1);
        Philox4 next = {{hi1 ^ ctr.v[1] ^ k0, lo1, hi0 ^ ctr.v[3] ^ k1, lo0}};
        ctr = next;
        k0 += W0;
        k1 += W1;
    }
    return ctr;
}

// ---- correctly rounded float operations that no compiler fuses -----------------------------------

GK_HD float mul_rn(float a, float b) {
#if GK_PHILOX_DEVICE_INTRINSICS
    return __fmul_rn(a, b);
#else
    return a * b;
#endif
}

GK_HD float add_rn(float a, float b) {
#if GK_PHILOX_DEVICE_INTRINSICS
    return __fadd_rn(a, b);
#else
    return a + b;
#endif
}

GK_HD float div_rn(float a, float b) {
#if GK_PHILOX_DEVICE_INTRINSICS
    return __fdiv_rn(a, b);
#else
    return a / b;
#endif
}

GK_HD float sqrt_rn(float a) {
#if GK_PHILOX_DEVICE_INTRINSICS
    return __fsqrt_rn(a);
#else
    return std::sqrt(a);
#endif
}

GK_HD uint32_t float_bits(float f) {
#if GK_PHILOX_DEVICE_INTRINSICS
    return __float_as_uint(f);
#else
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
#endif
}

GK_HD float bits_float(uint32_t u) {
#if GK_PHILOX_DEVICE_INTRINSICS
    return __uint_as_float(u);
#else
    float f;
    memcpy(&f, &u, 4);
    return f;
#endif
}

// ---- the transform ---------------------------------------------------------------------------

// Natural log of u in [2^-24, 1]: u = 2^e · m with m in [sqrt(1/2), sqrt(2)), ln m = 2·atanh(s) with
// s = (m − 1)/(m + 1), |s| <= 0.1716, series to s^9 (truncation < 3e-9 relative).
GK_HD float log_unit(float u) {
    uint32_t bits = float_bits(u);
    int32_t e = (int32_t)(bits >> 23) - 127;
    uint32_t mant = (bits & 0x007FFFFFu) | 0x3F800000u;  // m in [1, 2)
    uint32_t halve = mant > 0x3FB504F3u ? 1u : 0u;      // m > sqrt(2): use m/2, exactly
    mant -= halve << 23;
    e += (int32_t)halve;
    float f = add_rn(bits_float(mant), -1.0f);  // exact (Sterbenz)
    float s = div_rn(f, add_rn(f, 2.0f));
    float z = mul_rn(s, s);
    float p = add_rn(mul_rn(z, 0.111111111f), 0.142857143f);  // 1/9, 1/7
    p = add_rn(mul_rn(z, p), 0.2f);
    p = add_rn(mul_rn(z, p), 0.333333333f);
    p = add_rn(mul_rn(z, p), 1.0f);
    float ln_m = mul_rn(mul_rn(2.0f, s), p);
    // e·ln2 split so that e·LN2_HI is exact for |e| < 2^8.
    const float LN2_HI = 0.693145751953125f, LN2_LO = 1.42860682e-06f;
    float ef = (float)e;
    return add_rn(mul_rn(ef, LN2_HI), add_rn(mul_rn(ef, LN2_LO), ln_m));
}

// sin and cos of 2π·k/2^24 for a 24-bit k: the quadrant is reduced in integers (exact), then
// Taylor polynomials in the turn fraction r in [-1/8, 1/8] (truncation < 2e-9).
GK_HD void sincos_turns24(uint32_t k, float* sin_out, float* cos_out) {
    uint32_t q = (k + (1u << 21)) >> 22;                  // nearest quarter turn, 0..4
    int32_t r_int = (int32_t)k - (int32_t)(q << 22);       // in [-2^21, 2^21)
    float r = mul_rn((float)r_int, 5.9604644775390625e-08f);  // · 2^-24, exact
    float z = mul_rn(r, r);
    // sin(2πr) = r·(S1 + z·(S3 + ...)), cos(2πr) = 1 + z·(C2 + z·(C4 + ...)): coefficients (2π)^n/n!.
    const float S1 = 6.28318531f, S3 = -41.3417022f, S5 = 81.6052493f, S7 = -76.7058598f, S9 = 42.0586939f;
    float ps = add_rn(mul_rn(z, S9), S7);
    ps = add_rn(mul_rn(z, ps), S5);
    ps = add_rn(mul_rn(z, ps), S3);
    ps = add_rn(mul_rn(z, ps), S1);
    float sn = mul_rn(r, ps);
    const float C2 = -19.7392088f, C4 = 64.9393940f, C6 = -85.4568172f, C8 = 60.2446414f, C10 = -26.4262568f;
    float pc = add_rn(mul_rn(z, C10), C8);
    pc = add_rn(mul_rn(z, pc), C6);
    pc = add_rn(mul_rn(z, pc), C4);
    pc = add_rn(mul_rn(z, pc), C2);
    float cs = add_rn(mul_rn(z, pc), 1.0f);
    // Quadrant q: (sin, cos) = (sn, cs), (cs, −sn), (−sn, −cs), (−cs, sn). Selects, not branches,
    // so that loops over many values vectorise on the CPU.
    float s_val = (q & 1u) ? cs : sn, c_val = (q & 1u) ? sn : cs;
    *sin_out = (q & 2u) ? -s_val : s_val;
    *cos_out = ((q + 1u) & 2u) ? -c_val : c_val;
}

// Box–Muller on two Philox words: u1 = (a>>8 + 1)/2^24 in (0, 1] (never 0, so log is finite),
// angle = 2π·(b>>8)/2^24.
GK_HD void box_muller(uint32_t a, uint32_t b, float* z0, float* z1) {
    float u1 = mul_rn((float)((a >> 8) + 1u), 5.9604644775390625e-08f);
    float radius = sqrt_rn(mul_rn(-2.0f, log_unit(u1)));
    float sn, cs;
    sincos_turns24(b >> 8, &sn, &cs);
    *z0 = mul_rn(radius, cs);
    *z1 = mul_rn(radius, sn);
}

// The four standard normals for elements 4·group .. 4·group+3.
GK_HD void normal4(uint64_t seed, uint32_t step, uint32_t subsequence, uint64_t group, float out[4]) {
    Philox4 ctr = {{(uint32_t)group, (uint32_t)(group >> 32), step, subsequence}};
    Philox4 r = philox4x32_10(ctr, (uint32_t)seed, (uint32_t)(seed >> 32));
    box_muller(r.v[0], r.v[1], &out[0], &out[1]);
    box_muller(r.v[2], r.v[3], &out[2], &out[3]);
}

}  // namespace gk::rng
#endif  // __cplusplus

#endif
